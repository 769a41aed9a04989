"""Colours: tangent colours never repeat f's or f′'s (nor each other's), and every text
of every pane, and the tangent list's rows, reach WCAG's 4.5:1 contrast with what they
are drawn on, in the light and the dark theme."""

import pyqtgraph as pg
import pytest
from PySide6 import QtGui, QtWidgets

from explorer.core import registry
from explorer.ui import theme as themes
from explorer.ui.panes.label import Label
from explorer.ui.panes.point_label import PointLabel

THEMES = {"light": themes.LIGHT, "dark": themes.DARK}


def test_contrast_ratio_is_wcags():
    assert themes.contrast("#ffffff", "#000000") == pytest.approx(21.0)
    assert themes.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert themes.contrast("#E69F00", "#efefef") < 2.5  # the old tangent list's orange


@pytest.mark.parametrize("name", THEMES)
def test_tangent_colours_never_repeat_f_or_its_derivative(name):
    theme = THEMES[name]
    from explorer.ui.tangents_box import MAX_TANGENTS

    colours = [QtGui.QColor(theme.tangent(k)).name() for k in range(MAX_TANGENTS + 1)]
    assert len(set(colours)) == len(colours)
    for role in ("f", "df"):
        assert QtGui.QColor(theme.color(role)).name() not in colours


@pytest.mark.parametrize("colour", ["#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#0072B2"])
@pytest.mark.parametrize("background", ["#ffffff", "#efefef", "#1e1f22", "#2b2c30"])
def test_readable_keeps_the_hue_and_reaches_the_contrast(colour, background):
    text = themes.readable(colour, background)
    assert themes.contrast(text, background) >= themes.TEXT_CONTRAST
    hue = QtGui.QColor(colour).hslHue()
    assert abs(QtGui.QColor(text).hslHue() - hue) <= 3 or hue < 0


def _texts(pane):
    """(what, colour) of every text shown in a pane's scene."""
    for item in pane.scene().items():
        if not item.isVisible():
            continue
        if isinstance(item, Label) and item.text.strip():
            yield f"label {item.text[:30]!r}", item.opts.get("color")
        elif isinstance(item, PointLabel) and item.toPlainText().strip():
            yield f"point label {item.toPlainText()[:30]!r}", item.text_colour()
        elif isinstance(item, pg.TextItem) and item.toPlainText().strip():
            yield f"text {item.toPlainText()[:30]!r}", item.color
        elif isinstance(item, pg.AxisItem) and item.style.get("showValues", True):
            yield f"{item.orientation} axis", item.textPen().color()


@pytest.mark.parametrize("name", THEMES)
def test_every_text_in_every_pane_reads_on_its_background(qtbot, name):
    from explorer.ui.pane_grid import PaneGrid

    theme = THEMES[name]
    low = []
    for exercise_id in registry.ids():
        ex = registry.get(exercise_id)
        grid = PaneGrid(ex, ex.views(ex.inputs()), theme)
        qtbot.addWidget(grid)
        grid.resize(1200, 800)
        grid.show()
        QtWidgets.QApplication.processEvents()
        for pane_name, pane in grid.panes.items():
            if not hasattr(pane, "ci"):
                continue  # (the cube: plain widgets in the palette's colours)
            for what, colour in _texts(pane):
                ratio = themes.contrast(pg.mkColor(colour), theme.background)
                if ratio < themes.TEXT_CONTRAST:
                    low.append((exercise_id, pane_name, what, round(ratio, 2)))
        grid.close()
        grid.deleteLater()
    assert not low, "\n".join(map(str, low))


def test_the_tangent_list_reads_on_the_panel(make_window):
    window = make_window("5.1")
    for k in range(5):
        window.state.add_tangent(-2 + 0.8 * k)
    window.refresh()
    box = window.tangents_box
    background = box.palette().color(QtGui.QPalette.ColorRole.Window)
    for k, (_row, label) in enumerate(box.rows):
        shown = label.palette().color(QtGui.QPalette.ColorRole.WindowText)
        assert themes.contrast(shown, background) >= themes.TEXT_CONTRAST, (k, shown.name())
