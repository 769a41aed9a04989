"""BoundedCurve: the bounds of pyqtgraph's curve, from a few calls."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pyqtgraph as pg
import pytest

from explorer.ui.panes.bounded_curve import BoundedCurve


def rect_tuple(rect):
    return (rect.left(), rect.top(), rect.width(), rect.height())


@pytest.mark.parametrize("y", [np.sin(np.linspace(0, 6, 240)) * 3 + 1,
                               np.array([np.nan, 2.0, 5.0, np.inf, -1.0]),
                               np.array([4.0])])
def test_bounds_equal_pyqtgraphs_and_follow_data_and_view(qtbot, y):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.show()
    qtbot.waitExposed(widget)
    x = np.log10(np.arange(1, len(y) + 1, dtype=float))
    ours = BoundedCurve(pen=pg.mkPen("b", width=2), connect="finite")
    theirs = pg.PlotCurveItem(pen=pg.mkPen("b", width=2), connect="finite")
    for item in (ours, theirs):
        widget.addItem(item)
        item.setData(x, y)
    widget.setRange(xRange=(-0.1, 3), yRange=(-3, 6), padding=0)
    assert rect_tuple(ours.boundingRect()) == pytest.approx(rect_tuple(theirs.boundingRect()))
    for item in (ours, theirs):  # new data, and a zoom that changes the pixel padding
        item.setData(x, 2 * y)
    widget.setRange(xRange=(0, 1), yRange=(-20, 20), padding=0)
    assert rect_tuple(ours.boundingRect()) == pytest.approx(rect_tuple(theirs.boundingRect()))


def test_a_curve_without_finite_points_has_empty_bounds(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    curve = BoundedCurve(connect="finite")
    widget.addItem(curve)
    curve.setData([1.0, 2.0], [np.nan, np.nan])
    assert curve.boundingRect().isEmpty()
    curve.setData([], [])
    assert curve.boundingRect().isEmpty()
