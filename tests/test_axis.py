"""The panes' axis (explorer.ui.panes.axis.Axis): drawn from a pixmap that exports bypass,
kept while setters change nothing, redrawn when something changes."""

import pyqtgraph as pg
from pane_widgets import shown_plot
from PySide6 import QtWidgets

from explorer.ui.panes.axis import Axis
from explorer.ui.panes.matrix_plot import colour_bar
from explorer.ui.panes.pixmap_cache import CACHE, NO_CACHE, uncache_until_idle, uncached
from explorer.ui.theme import LIGHT


def test_plots_get_the_projects_axes_drawn_from_a_pixmap(qtbot):
    _widget, plot = shown_plot(qtbot)
    axis = plot.getAxis("bottom")
    assert isinstance(axis, Axis) and axis.cacheMode() == CACHE
    assert axis.parentItem() is plot  # owned by the plot, as pyqtgraph's own axes are


def test_exports_bypass_the_pixmaps(qtbot):
    widget, plot = shown_plot(qtbot)
    axis = plot.getAxis("bottom")
    with uncached(widget):
        assert axis.cacheMode() == NO_CACHE
    assert axis.cacheMode() == CACHE
    uncache_until_idle(widget)
    assert axis.cacheMode() == NO_CACHE
    QtWidgets.QApplication.processEvents()
    assert axis.cacheMode() == CACHE


def test_same_label_keeps_the_axis_drawing_a_new_one_replaces_it(qtbot):
    widget, plot = shown_plot(qtbot)
    plot.setLabel("left", "f(x)", color="#202020")
    plot.setTitle("title", size="11pt")
    QtWidgets.QApplication.processEvents()  # the new title's layout
    widget.grab()
    axis = plot.getAxis("left")
    drawn = axis.picture
    assert drawn is not None
    plot.setLabel("left", "f(x)", color="#202020")
    plot.setTitle("title", size="11pt")
    QtWidgets.QApplication.processEvents()
    widget.grab()
    assert axis.picture is drawn
    plot.setLabel("left", "g(x)", color="#202020")
    assert axis.picture is None
    assert "g(x)" in axis.labelString()


def test_same_ticks_and_range_keep_the_drawing(qtbot):
    widget, plot = shown_plot(qtbot)
    axis = plot.getAxis("bottom")
    axis.setTicks([[(0.5, "a")]])
    widget.grab()
    axis.picture = drawn = object()  # stands for the axis's drawing
    axis.setTicks([[(0.5, "a")]])
    axis.setRange(*axis.range)
    assert axis.picture is drawn
    axis.setTicks([[(0.5, "b")]])
    assert axis.picture is None


def test_a_range_change_typesets_the_label_only_when_it_changes(qtbot, monkeypatch):
    _widget, plot = shown_plot(qtbot)
    axis = plot.getAxis("left")
    axis.setLabel("y")
    typeset = []
    real = axis.label.setHtml
    monkeypatch.setattr(axis.label, "setHtml", lambda html: typeset.append(html) or real(html))
    plot.setYRange(0.0, 3.0, padding=0)
    QtWidgets.QApplication.processEvents()
    assert typeset == []
    axis.setLabel("z")
    assert len(typeset) == 1 and "z" in typeset[0]


def test_a_colour_bar_set_to_its_levels_keeps_its_drawing(qtbot):
    widget, _plot = shown_plot(qtbot)
    bar = colour_bar(LIGHT)
    widget.addItem(bar)
    widget.grab()
    axis = bar.axis
    assert axis.cacheMode() == CACHE
    axis.picture = drawn = object()
    bar.setLevels((-1, 1))
    assert axis.picture is drawn
    bar.setLevels((-2, 2))
    assert axis.picture is None and axis.range == [-2, 2]


def test_a_held_axis_grows_for_wide_tick_labels_but_does_not_shrink_back(qtbot):
    widget, plot = shown_plot(qtbot)
    axis = plot.getAxis("left")
    axis.hold_width()
    plot.setYRange(-123456.0, 123456.0, padding=0)
    widget.grab()
    QtWidgets.QApplication.processEvents()
    wide = axis.width()
    plot.setYRange(0.0, 1.0, padding=0)  # short labels now
    widget.grab()
    QtWidgets.QApplication.processEvents()
    assert axis.width() == wide
    axis.release_width()  # (a pane does this when it refits the range)
    plot.setYRange(0.0, 2.0, padding=0)
    widget.grab()
    QtWidgets.QApplication.processEvents()
    assert axis.width() < wide


def test_axes_redraw_when_their_plot_is_resized_at_the_same_range(qtbot):
    """An axis that gets wider keeps its range and, with the plot beside it, its bounds
    (the grid spans the plot): the pixmap must still be redrawn (a stale one once lost
    5.9's tick labels)."""
    widget, plot = shown_plot(qtbot)
    plot.setYRange(0.0, 1.0, padding=0)
    widget.grab()
    plot.getAxis("left").setWidth(80)
    QtWidgets.QApplication.processEvents()
    widget.grab()
    cached = widget.grab().toImage()
    with uncached(widget):
        direct = widget.grab().toImage()
    assert cached == direct


def test_pyqtgraphs_own_axis_is_left_as_published(qtbot):
    """The caching is the project's item's, not every AxisItem's."""
    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    plot = widget.addPlot()
    assert not isinstance(plot.getAxis("left"), Axis)
    assert plot.getAxis("left").cacheMode() == NO_CACHE


def test_a_log_axis_labels_the_numbers_between_powers_of_ten_that_fit(qtbot):
    import numpy as np
    from pane_widgets import shown_plot

    def labels(width):
        widget, plot = shown_plot(qtbot, width=width)
        plot.setLogMode(x=True, y=False)
        plot.plot(np.arange(1, 1001), np.ones(1000))
        plot.setXRange(0, 2, padding=0.02)
        widget.grab()
        return [text for _rect, text in plot.getAxis("bottom").tick_labels]

    assert labels(2000)[:9] == ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
    narrow = labels(400)  # 2, 5 and the powers of ten
    assert narrow[:6] == ["1", "2", "5", "10¹", "2·10¹", "5·10¹"]
