"""A level line runs across the whole view at its value, follows the view's range, and is
hidden while not shown or at a value that is not finite."""

from __future__ import annotations

import math

import pyqtgraph as pg
import pytest

from explorer.ui.panes.level_lines import LevelLine


@pytest.fixture
def plot(qtbot):
    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    widget.resize(300, 200)
    plot = widget.addPlot()
    plot.setRange(xRange=(0, 10), yRange=(-1, 1), padding=0)
    widget.show()
    qtbot.waitExposed(widget)
    yield plot
    del widget  # (kept alive until the test ends: the plot is its child)


def test_a_line_spans_the_view_and_follows_its_range(plot):
    across, up = LevelLine(plot, vertical=False, pen=pg.mkPen("r")), \
        LevelLine(plot, vertical=True, pen=pg.mkPen("b"))
    assert not across.isVisible()  # no value yet
    across.setPos(0.25)
    up.setPos(4.0)
    (x0, x1), (y0, y1) = plot.vb.viewRange()
    assert across.isVisible() and across.value() == 0.25
    assert across.line().toTuple() == pytest.approx((x0, 0.25, x1, 0.25))
    assert up.line().toTuple() == pytest.approx((4.0, y0, 4.0, y1))
    plot.setRange(xRange=(-50, 50), yRange=(-3, 7), padding=0)
    (x0, x1), (y0, y1) = plot.vb.viewRange()
    assert across.line().toTuple() == pytest.approx((x0, 0.25, x1, 0.25))
    assert up.line().toTuple() == pytest.approx((4.0, y0, 4.0, y1))
    bounds = plot.vb.childrenBounds()  # the lines do not count towards auto-range
    assert bounds == [None, None]


def test_a_line_is_hidden_when_not_shown_or_not_finite(plot):
    line = LevelLine(plot, vertical=False, pen=pg.mkPen("r"))
    line.setPos(0.5)
    line.set_shown(False)
    assert not line.isVisible()
    plot.setRange(yRange=(-2, 2))  # a range change does not bring it back
    assert not line.isVisible()
    line.set_shown(True)
    assert line.isVisible()
    line.setPos(math.inf)
    assert not line.isVisible() and line.value() == math.inf
    line.setPos(-0.5)
    assert line.isVisible() and line.line().y1() == -0.5
