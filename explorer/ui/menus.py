"""The main window's menu bar: its actions and their shortcuts."""

from __future__ import annotations

from PySide6 import QtCore, QtGui

from explorer.ui.view_menu import build_view_menu


def _action(menu, text: str, keys: str, slot) -> QtGui.QAction:
    action = menu.addAction(text)
    action.setShortcut(QtGui.QKeySequence(keys))
    action.triggered.connect(slot)
    return action

def build_menus(window) -> None:
    """The menu bar of `window` (a MainWindow): File, Exercise, Help, with shortcuts."""
    file_menu = window.menuBar().addMenu("&File")
    _action(file_menu, "&Open session…", "Ctrl+O", window.open_session_dialog)
    _action(file_menu, "&Save session…", "Ctrl+S", window.save_session_dialog)
    file_menu.addSeparator()
    window.export_pane_action = _action(
        file_menu, "Export &pane…", "Ctrl+E", lambda: window.export_dialog(all_panes=False))
    window.export_all_action = _action(
        file_menu, "Export &all panes…", "Ctrl+Shift+E",
        lambda: window.export_dialog(all_panes=True))
    window.copy_pane_action = _action(
        file_menu, "&Copy pane as image", "Ctrl+Shift+C", window.copy_pane_image)
    window.export_animation_action = _action(
        file_menu, "Export a&nimation…", "Ctrl+Shift+A", window.export_animation_dialog)
    file_menu.addSeparator()
    _action(file_menu, "&Quit", "Ctrl+Q", window.close)
    edit_menu = window.menuBar().addMenu("&Edit")
    _action(edit_menu, "&Undo", "Ctrl+Z", window.history.undo)
    _action(edit_menu, "&Redo", "Ctrl+Shift+Z", window.history.redo)
    _action(edit_menu, "Reset &view of the pane", "Ctrl+0", window.view_controls.reset_current)
    view_menu = window.menuBar().addMenu("&Exercise")
    _action(view_menu, "&Next exercise", "Ctrl+]", lambda: window.step_exercise(+1))
    _action(view_menu, "&Previous exercise", "Ctrl+[", lambda: window.step_exercise(-1))
    _action(view_menu, "&Play/pause", "Ctrl+P", lambda: window.params_panel.toggle_play())
    _action(view_menu, "&Your own function…", "Ctrl+Shift+F", window.custom_dialog)
    _action(view_menu, "&Matrix calculus workbench…", "Ctrl+Shift+M", window.workbench_dialog)
    _action(view_menu, "&Reset parameters", "Ctrl+R", window.reset_parameters)
    build_view_menu(window)
    help_menu = window.menuBar().addMenu("&Help")
    help_menu.addAction("&About", lambda: show_about(window))


def show_about(window):
    from explorer.ui.about import AboutDialog

    dialog = AboutDialog(window)
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()  # window-modal, does not block
    return dialog
