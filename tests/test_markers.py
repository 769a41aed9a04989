"""The markers item: each point drawn at its place in its own style, left out while its
style is hidden or the point is not finite, scaled with an export; 5.9's legend entries
hide a marker in every panel."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from white_plot import ink, white_plot

from explorer.ui.export import render_image
from explorer.ui.panes.markers import Markers

COLOURS = ("#ff0000", "#0000ff", "#00c000")


@pytest.fixture
def marked(qtbot):
    styles = [pg.ScatterPlotItem(size=size, symbol=symbol, pen=pg.mkPen(None),
                                 brush=pg.mkBrush(colour))
              for size, symbol, colour in zip((18, 13, 12), "xdo", COLOURS, strict=True)]
    markers = Markers(styles)
    # x and y at very different scales
    widget, _plot = white_plot(qtbot, 400, 300, markers, xRange=(0, 10), yRange=(-1, 1),
                               padding=0)
    return widget, markers, styles


def _ink(image: QtGui.QImage, colour: str) -> np.ndarray:
    return ink(image, colour, tolerance=60)


def _centre_and_size(mask: np.ndarray) -> tuple[float, float, float]:
    ys, xs = np.nonzero(mask)
    assert xs.size, "marker not drawn"
    return (xs.min() + xs.max()) / 2, (ys.min() + ys.max()) / 2, xs.max() - xs.min() + 1


def _on_widget(widget, markers, x: float, y: float) -> QtCore.QPointF:
    return QtCore.QPointF(widget.mapFromScene(markers.mapToScene(QtCore.QPointF(x, y))))


def test_each_marker_is_drawn_at_its_point_in_its_style(marked):
    widget, markers, _styles = marked
    points = [(2.0, 0.5), (5.0, -0.5), (8.0, 0.0)]
    markers.set_points(points)
    image = widget.grab().toImage()
    sizes = []
    for (x, y), colour in zip(points, COLOURS, strict=True):
        cx, cy, size = _centre_and_size(_ink(image, colour))
        at = _on_widget(widget, markers, x, y)
        assert abs(cx - at.x()) <= 1.5 and abs(cy - at.y()) <= 1.5, colour
        ys, xs = np.nonzero(_ink(image, colour))
        # its symbol's own proportions (the diamond is 0.8 as wide as tall), although x
        # and y have very different scales (drawn in data units it would be stretched)
        assert 0.7 <= (xs.max() - xs.min() + 1) / (ys.max() - ys.min() + 1) <= 1.3
        sizes.append(size)
    from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols

    for width, (size, symbol) in zip(sizes, ((18, "x"), (13, "d"), (12, "o")), strict=True):
        assert abs(width - size * Symbols[symbol].boundingRect().width()) <= 2.5, symbol


def test_hidden_styles_and_missing_points_are_left_out(marked):
    widget, markers, styles = marked
    markers.set_points([(2.0, 0.5), (5.0, -0.5), (np.nan, 0.0)])
    image = widget.grab().toImage()
    assert _ink(image, COLOURS[0]).any() and not _ink(image, COLOURS[2]).any()
    styles[0].setVisible(False)
    markers.update()
    image = widget.grab().toImage()
    assert not _ink(image, COLOURS[0]).any() and _ink(image, COLOURS[1]).any()
    markers.set_points([(9.0, 0.9), (1.0, -0.9), (5.0, 0.0)])  # moved: old places cleared
    image = widget.grab().toImage()
    cx, cy, _size = _centre_and_size(_ink(image, COLOURS[1]))
    at = _on_widget(widget, markers, 1.0, -0.9)
    assert abs(cx - at.x()) <= 1.5 and abs(cy - at.y()) <= 1.5


def test_an_export_scales_the_markers_with_everything_else(marked):
    widget, markers, _styles = marked
    markers.set_points([(5.0, 0.0), (np.nan, np.nan), (np.nan, np.nan)])
    _x, _y, size = _centre_and_size(_ink(widget.grab().toImage(), COLOURS[0]))
    wide = render_image(widget, 2 * widget.width())
    x2, y2, size2 = _centre_and_size(_ink(wide, COLOURS[0]))
    at = _on_widget(widget, markers, 5.0, 0.0)
    assert abs(x2 - 2 * at.x()) <= 3 and abs(y2 - 2 * at.y()) <= 3
    assert 1.6 * size < size2 < 2.4 * size


class _CountedMarkers(Markers):
    """Markers that count their paints (a subclass: Qt calls its paint like any item's)."""

    painted: ClassVar[list[int]] = []

    def paint(self, painter, *args) -> None:
        self.painted.append(id(self))
        super().paint(painter, *args)


def test_a_legend_entry_hides_its_marker_in_every_panel(qtbot, monkeypatch):
    from explorer.core import registry
    from explorer.core.views import SampleCloudView
    from explorer.ui.pane_grid import pane_class
    from explorer.ui.panes import gradient_samples
    from explorer.ui.theme import LIGHT

    monkeypatch.setattr(gradient_samples, "Markers", _CountedMarkers)
    pane = pane_class(SampleCloudView)(LIGHT)
    qtbot.addWidget(pane)
    pane.resize(760, 420)
    pane.show()
    qtbot.waitExposed(pane)
    ex = registry.get("5.9")
    pane.update_view(ex.views(ex.resolve({}))["samples"])
    mean_style = pane.marker_styles["mean of N"]
    sample = next(s for s, label in pane.legend.items if label.text == "mean of N")
    assert sample.item is mean_style
    assert all(p.markers.styles[1] is mean_style for p in pane._panels)
    purple = QtGui.QColor(LIGHT.color("feature")).name()

    def marked_in_each_plot() -> list[int]:
        mask = _ink(pane.grab().toImage(), purple)
        counts = []
        for panel in pane._panels:
            box = pane.mapFromScene(panel.plot.vb.sceneBoundingRect()).boundingRect()
            counts.append(int(mask[box.top():box.bottom(), box.left():box.right()].sum()))
        return counts

    assert all(count > 0 for count in marked_in_each_plot())
    for _ in range(10):  # let the first layout's repaints settle
        _CountedMarkers.painted.clear()
        QtWidgets.QApplication.processEvents()
        if not _CountedMarkers.painted:
            break
    assert not _CountedMarkers.painted
    sample.item.setVisible(False)  # what a click on the entry does, then it signals
    sample.sigClicked.emit(sample.item)
    QtWidgets.QApplication.processEvents()  # the screen's repaint: both markers redrawn
    assert sorted(_CountedMarkers.painted) == sorted(id(p.markers) for p in pane._panels)
    assert marked_in_each_plot() == [0, 0]
