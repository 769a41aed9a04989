"""The Qt user interface. Depends on explorer.core; the core never imports this."""
