"""The window's ways around: undo/redo of parameter changes, Reset view and linked x
axes on the panes, the Tab order with its focus ring. Installed in one call, before the
menus (which name their actions)."""

from __future__ import annotations

from explorer.ui.keyboard import Keyboard
from explorer.ui.undo import UndoRedo
from explorer.ui.view_controls import ViewControls


def install_navigation(window) -> None:
    window.history = UndoRedo(window)  # Ctrl+Z, Ctrl+Shift+Z
    window.view_controls = ViewControls(window)  # Reset view (Ctrl+0), linked x axes
    window.keyboard = Keyboard(window)  # Tab order, focus ring
