"""The window's ways around: tangents and views kept per exercise, the file dialogs'
last folder, undo/redo of parameter changes, Reset view and linked x axes on the
panes, the Tab order with its focus ring. Installed in one call, before the
menus (which name their actions)."""

from __future__ import annotations

from explorer.ui.kept import Kept
from explorer.ui.keyboard import Keyboard
from explorer.ui.last_folder import LastFolder
from explorer.ui.undo import UndoRedo
from explorer.ui.view_controls import ViewControls


def install_navigation(window) -> None:
    # (in this order: the x axes are linked before the kept views are set, and tangents
    # are put back before the history follows the new state)
    window.view_controls = ViewControls(window)  # Reset view (Ctrl+0), linked x axes
    window.kept = Kept(window)  # tangents and moved views
    window.last_folder = LastFolder(window.settings)  # where file dialogs open
    window.history = UndoRedo(window)  # Ctrl+Z, Ctrl+Shift+Z
    window.keyboard = Keyboard(window)  # Tab order, focus ring
