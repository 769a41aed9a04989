"""Light, dark, and switching: View → Theme offers System / Light / Dark; a change of the
application's palette while the window runs (the system going dark, or a choice in the
menu) re-themes the plots and the typeset formulas."""

import numpy as np
import pytest
from PySide6 import QtGui, QtWidgets

from explorer.ui import theme as themes
from explorer.ui.math_view import FormulaView


@pytest.fixture
def system_palette_after():
    """The application's palette is shared by every test: give it back."""
    yield
    from explorer.ui.theming import apply_choice

    apply_choice("System")
    QtWidgets.QApplication.processEvents()


def _theme_actions(window) -> dict[str, QtGui.QAction]:
    # (found by title: QAction.menu() of PySide6 6.9 hands back menus that get deleted)
    theme = next(m for m in window.findChildren(QtWidgets.QMenu) if m.title() == "&Theme")
    return {a.text(): a for a in theme.actions()}


def _ink(widget: QtWidgets.QWidget) -> float:
    """Mean lightness (0–255) of the pixels that differ most from the widget's corner:
    its text or formula's ink."""
    image = widget.grab().toImage().convertToFormat(QtGui.QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.bytesPerLine() // 4, 4)[:, : image.width(), :3].astype(float)
    grey = pixels.mean(axis=2)
    far = np.abs(grey - grey[0, 0])
    return float(grey[far >= np.percentile(far, 97)].mean())


def _background(pane) -> QtGui.QColor:
    return pane.backgroundBrush().color()


def test_view_theme_offers_system_light_dark(make_window):
    actions = _theme_actions(make_window("5.1"))
    assert list(actions) == ["System", "Light", "Dark"]
    assert all(a.isCheckable() for a in actions.values())
    assert actions["System"].isChecked()  # nothing chosen yet: the system's
    assert actions["System"].actionGroup().isExclusive()


def test_choosing_dark_then_light_rethemes_plots_and_formulas(make_window, qtbot,
                                                              system_palette_after):
    window = make_window("5.1")
    window.state.add_tangent(0.5)
    window.refresh()
    actions = _theme_actions(window)
    actions["Dark"].trigger()
    qtbot.waitUntil(lambda: window.theme.dark)
    QtWidgets.QApplication.processEvents()
    pane = window.grid.panes["f"]
    assert _background(pane) == QtGui.QColor(themes.DARK.background)
    assert len(window.state.tangents) == 1  # the state stays as it was
    formula = window.math_panel.findChildren(FormulaView)[0]
    assert _ink(formula) > 150  # light formulas on the dark panel
    actions["Light"].trigger()
    qtbot.waitUntil(lambda: not window.theme.dark)
    QtWidgets.QApplication.processEvents()
    assert _background(window.grid.panes["f"]) == QtGui.QColor(themes.LIGHT.background)
    assert _ink(window.math_panel.findChildren(FormulaView)[0]) < 100  # dark on light


def test_a_system_palette_change_while_running_rethemes(make_window, qtbot,
                                                        system_palette_after):
    from explorer.ui.theming import palette

    window = make_window("5.7a")
    assert not window.theme.dark
    QtWidgets.QApplication.setPalette(palette(dark=True))  # the system goes dark
    qtbot.waitUntil(lambda: window.theme.dark)
    QtWidgets.QApplication.processEvents()
    for pane in window.grid.panes.values():
        assert _background(pane) == QtGui.QColor(themes.DARK.background)
    for formula in window.math_panel.findChildren(FormulaView)[:3]:
        assert formula.color == themes.DARK.foreground or _ink(formula) > 150


def test_the_choice_is_remembered(make_window, qtbot, tmp_path, system_palette_after):
    from PySide6 import QtCore

    from explorer.ui.main_window import MainWindow

    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    first = MainWindow("5.1", settings=settings)
    qtbot.addWidget(first)
    _theme_actions(first)["Dark"].trigger()
    assert settings.value("theme") == "Dark"
    from explorer.ui.theming import apply_choice

    apply_choice("System")  # (as at the next start)
    second = MainWindow("5.1", settings=settings)
    qtbot.addWidget(second)
    assert _theme_actions(second)["Dark"].isChecked() and second.theme.dark
