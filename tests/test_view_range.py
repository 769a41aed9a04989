"""ShownRange: a view box's range is set again only when that would change it."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pyqtgraph as pg
import pytest

from explorer.ui.panes.view_range import ShownRange


def test_the_same_range_is_set_once_and_a_pan_in_between_is_undone(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    view = widget.getPlotItem().vb
    changes = []
    view.sigStateChanged.connect(lambda *_: changes.append(1))
    shown = ShownRange(view)

    assert shown.show(x=(0.0, 2.0), y=(-1.0, 1.0))
    assert view.targetRange() == [[0.0, 2.0], [-1.0, 1.0]]
    changes.clear()
    assert not shown.show(x=(0.0, 2.0), y=(-1.0, 1.0))  # nothing to change
    assert changes == []

    view.translateBy(x=0.5)  # the user pans: the next update shows the range again
    assert shown.show(x=(0.0, 2.0), y=(-1.0, 1.0))
    assert view.targetRange() == [[0.0, 2.0], [-1.0, 1.0]]

    assert shown.show(x=(0.0, 3.0), y=(-1.0, 1.0), padding=0.1)  # a new range is set
    assert view.targetRange()[0] == pytest.approx([-0.3, 3.3])


def test_a_range_is_set_again_when_auto_range_took_over(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    view = widget.getPlotItem().vb
    shown = ShownRange(view)
    shown.show(y=(0.0, 1.0))
    view.enableAutoRange(y=True)
    assert shown.show(y=(0.0, 1.0))
    assert view.state["autoRange"][1] is False
