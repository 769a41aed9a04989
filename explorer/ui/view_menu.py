"""The View menu: the side panels shown or collapsed (their room goes to the panes), and
the theme (see theming)."""

from __future__ import annotations

from PySide6 import QtGui

from explorer.ui.theming import build_theme_menu

# splitter index → (menu text, shortcut, object name)
PANELS = {0: ("Exercises and &parameters", "Ctrl+Shift+L", "show-left"),
          2: ("&Math panel", "Ctrl+Shift+R", "show-math")}


def build_view_menu(window) -> None:
    menu = window.menuBar().addMenu("&View")
    splitter = window.splitter
    splitter.setCollapsible(1, False)  # the panes never go; the side panels may
    for index, (text, keys, name) in PANELS.items():
        action = menu.addAction(text)
        action.setObjectName(name)
        action.setCheckable(True)
        action.setChecked(True)
        action.setShortcut(QtGui.QKeySequence(keys))
        action.toggled.connect(lambda shown, i=index: show_panel(window, i, shown))
        # (a panel dragged shut with the splitter reads as hidden in the menu)
        menu.aboutToShow.connect(
            lambda a=action, i=index: a.setChecked(splitter.sizes()[i] > 0))
    menu.addSeparator()
    build_theme_menu(window, menu)


def show_panel(window, index: int, shown: bool) -> None:
    """Show or collapse the splitter's panel `index` (0 the left column, 2 the math
    panel); a panel shown again gets back at least its least width."""
    splitter = window.splitter
    sizes = splitter.sizes()
    if (sizes[index] > 0) == shown:
        return
    panel = splitter.widget(index)
    if shown:
        width = max(panel.minimumSizeHint().width(), panel.minimumWidth(), 1)
        sizes[1] = max(sizes[1] - width, 0)
        sizes[index] = width
    else:
        sizes[1] += sizes[index]
        sizes[index] = 0
    splitter.setSizes(sizes)
