"""View → Theme: System, Light or Dark, remembered between runs; and the window following
a change of the application's palette (the system switching between light and dark
while the app runs, or a choice here): plots and typeset formulas are drawn again in
colours that read on the new background."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from explorer.ui import theme as themes

CHOICES = ("System", "Light", "Dark")
SETTINGS_KEY = "theme"

_R = QtGui.QPalette.ColorRole
# role → (light, dark): what Qt's Fusion style draws with, for the two fixed themes
_ROLES = {
    _R.Window: ("#efefef", "#2b2c30"), _R.WindowText: ("#202020", "#e6e6e6"),
    _R.Base: ("#ffffff", "#1e1f22"), _R.AlternateBase: ("#f5f5f5", "#26272b"),
    _R.Text: ("#202020", "#e6e6e6"), _R.PlaceholderText: ("#6b6b6b", "#a0a0a0"),
    _R.Button: ("#e6e6e6", "#3a3b40"), _R.ButtonText: ("#202020", "#e6e6e6"),
    _R.ToolTipBase: ("#ffffdc", "#3a3b40"), _R.ToolTipText: ("#202020", "#e6e6e6"),
    _R.Highlight: ("#2f65ca", "#3d7bd9"), _R.HighlightedText: ("#ffffff", "#ffffff"),
    _R.Link: ("#0b57d0", "#8ab4f8"), _R.BrightText: ("#ffffff", "#ffffff"),
    _R.Light: ("#ffffff", "#4a4b50"), _R.Midlight: ("#e3e3e3", "#3f4045"),
    _R.Mid: ("#b8b8b8", "#2f3034"), _R.Dark: ("#9f9f9f", "#1a1b1d"),
    _R.Shadow: ("#767676", "#000000"),
}
_DISABLED = {_R.WindowText: ("#8a8a8a", "#7a7a7a"), _R.Text: ("#8a8a8a", "#7a7a7a"),
             _R.ButtonText: ("#8a8a8a", "#7a7a7a")}


def palette(dark: bool) -> QtGui.QPalette:
    """A complete light or dark palette (every role set, so nothing of the system's
    palette shows through)."""
    pal = QtGui.QPalette()
    for role, colours in _ROLES.items():
        pal.setColor(role, QtGui.QColor(colours[dark]))
    for role, colours in _DISABLED.items():
        pal.setColor(QtGui.QPalette.ColorGroup.Disabled, role, QtGui.QColor(colours[dark]))
    return pal


def apply_choice(choice: str) -> None:
    """Give the application the chosen theme: System follows the platform (its palette
    and colour scheme), Light and Dark set both."""
    app = QtWidgets.QApplication.instance()
    hints = app.styleHints()
    if choice == "System":
        hints.unsetColorScheme()
        app.setPalette(QtGui.QPalette())  # (no role set: the platform's palette again)
        return
    dark = choice == "Dark"
    hints.setColorScheme(QtCore.Qt.ColorScheme.Dark if dark else QtCore.Qt.ColorScheme.Light)
    app.setPalette(palette(dark))


def retheme(window, theme: themes.Theme) -> None:
    """Draw `window`'s panes in `theme`: made anew from its state, which stays as it is.
    (Its typeset formulas follow the palette themselves: see math_view.FormulaView.)"""
    if theme == window.theme:
        return
    window.theme = theme
    if window.state is not None:
        from explorer.ui.pane_grid import PaneGrid

        window._place_grid(PaneGrid(window.state.exercise, window.state.views(), theme))
        if window.current_pane in window.grid.panes:  # (its frame, on the new grid)
            window.set_current_pane(window.current_pane)
        if getattr(window, "tangents_box", None) is not None:
            window.tangents_box.set_theme(theme)
            window.tangents_box.show_state(window.state)


class ThemeFollower(QtCore.QObject):
    """Redraws `window` (a MainWindow) in the theme of its palette whenever that
    changes."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        window.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.window and event.type() == QtCore.QEvent.Type.PaletteChange:
            retheme(self.window, themes.from_palette())
        return False


def build_theme_menu(window, menu: QtWidgets.QMenu) -> QtWidgets.QMenu:
    """Theme ▸ System / Light / Dark in `menu`; the choice is remembered in the window's
    settings (if any) and applied now."""
    sub = menu.addMenu("&Theme")
    group = QtGui.QActionGroup(sub)
    group.setExclusive(True)
    chosen = _stored_choice(window.settings)
    for name in CHOICES:
        action = sub.addAction(name)
        action.setCheckable(True)
        action.setChecked(name == chosen)
        action.setObjectName(f"theme-{name.lower()}")
        group.addAction(action)
        action.triggered.connect(lambda _=False, n=name: choose(window, n))
    window.theme_follower = ThemeFollower(window)
    if chosen != "System":
        apply_choice(chosen)
        retheme(window, themes.from_palette())
    return sub


def choose(window, choice: str) -> None:
    apply_choice(choice)
    if window.settings is not None:
        window.settings.setValue(SETTINGS_KEY, choice)
    retheme(window, themes.from_palette())  # (also when the palette did not change)


def _stored_choice(settings) -> str:
    value = settings.value(SETTINGS_KEY, "System") if settings is not None else "System"
    return value if value in CHOICES else "System"
