"""Curves and markers of the panes (explorer.ui.panes.data_items): given the numbers they
show they do nothing and paint from a pixmap; new numbers are set and drawn directly."""

import numpy as np
import pyqtgraph as pg
from pane_widgets import shown_plot

from explorer.ui.panes import data_items
from explorer.ui.panes.data_items import Curve, Scatter
from explorer.ui.panes.pixmap_cache import CACHE, NO_CACHE


def test_unchanged_curve_data_is_not_set_again_and_paints_from_a_pixmap(qtbot):
    _widget, plot = shown_plot(qtbot)
    item = Curve()
    plot.addItem(item)
    xs = np.linspace(0, 1, 50)
    assert item.show_data(xs, xs**2, connect="finite")
    assert item.curve.cacheMode() == NO_CACHE
    assert not item.show_data(xs.copy(), xs**2, connect="finite")  # the same numbers
    assert item.curve.cacheMode() == CACHE
    assert item.show_data(xs, xs**2, connect="all")  # other options: set
    assert item.show_data(xs, xs**3, connect="all")
    assert item.curve.cacheMode() == NO_CACHE
    assert np.array_equal(item.getOriginalDataset()[1], xs**3)
    nan = np.where(xs > 0.5, np.nan, xs)
    assert item.show_data(xs, nan, connect="all")
    assert not item.show_data(xs, nan.copy(), connect="all")  # NaN equals NaN here


def test_a_curve_keeps_an_equal_pen(qtbot, monkeypatch):
    item = Curve()
    item.show_pen(pg.mkPen("#ff0000", width=2))
    set_pens = []
    monkeypatch.setattr(item, "setPen", lambda pen: set_pens.append(pen))
    item.show_pen(pg.mkPen("#ff0000", width=2))
    assert set_pens == []
    item.show_pen(pg.mkPen("#00ff00", width=2))
    assert len(set_pens) == 1


def test_scatter_points_change_only_when_given_new_ones(qtbot):
    _widget, plot = shown_plot(qtbot)
    scatter = Scatter()
    plot.addItem(scatter)
    assert scatter.show_points([1.0, 2.0], [3.0, 4.0])
    first = scatter.data
    assert scatter.cacheMode() == NO_CACHE
    assert not scatter.show_points([1.0, 2.0], [3.0, 4.0])
    assert scatter.data is first and scatter.cacheMode() == CACHE
    assert scatter.show_points([1.0, 2.5], [3.0, 4.0])
    assert list(scatter.data["x"]) == [1.0, 2.5] and scatter.cacheMode() == NO_CACHE


def test_a_view_of_the_same_read_only_numbers_is_not_compared_again(qtbot, monkeypatch):
    item = Curve()
    x = np.linspace(0, 1, 50)
    y = x**3
    y.setflags(write=False)
    item.show_data(x, y)
    compared = []
    real = np.array_equal
    monkeypatch.setattr(data_items.np, "array_equal",
                        lambda *a, **k: compared.append(1) or real(*a, **k))
    assert not item.show_data(x, y)  # x compared by value, y recognised at once
    assert len(compared) == 1
    z = y.copy()  # writable: could have changed in place, so compared by value
    assert not item.show_data(x, z)
    assert len(compared) == 3
