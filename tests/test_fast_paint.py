"""fast_paint: pyqtgraph setters skip calls that change nothing, axes paint from a cache
that exports bypass, and the field pane redraws its plane only when the plane changes."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from explorer.ui import fast_paint

CACHED = QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache
NO_CACHE = QtWidgets.QGraphicsItem.CacheMode.NoCache


@pytest.fixture
def plot_widget(qtbot):
    fast_paint.install()
    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    plot = widget.addPlot()
    plot.showGrid(x=True, y=True, alpha=0.25)
    plot.plot(np.linspace(0, 1, 50), np.linspace(0, 1, 50) ** 2)
    widget.show()
    qtbot.waitExposed(widget)
    widget.viewport().repaint()
    return widget, plot


def test_same_label_keeps_the_axis_drawing_a_new_one_replaces_it(plot_widget):
    widget, plot = plot_widget
    plot.setLabel("left", "f(x)", color="#202020")
    plot.setTitle("title", size="11pt")
    QtWidgets.QApplication.processEvents()  # the new title's layout
    widget.viewport().repaint()
    axis = plot.getAxis("left")
    drawn = axis.picture
    assert drawn is not None
    plot.setLabel("left", "f(x)", color="#202020")
    plot.setTitle("title", size="11pt")
    QtWidgets.QApplication.processEvents()
    widget.viewport().repaint()
    assert axis.picture is drawn
    plot.setLabel("left", "g(x)", color="#202020")
    assert axis.picture is None
    assert "g(x)" in axis.labelString()


def test_label_text_changes_still_apply(plot_widget):
    widget, _plot = plot_widget
    label = widget.addLabel("one", row=1, col=0)
    label.setText("one")
    label.setText("two", color="#ff0000")
    assert label.text == "two" and "two" in label.item.toHtml()
    label.setAttr("size", "20pt")  # an option changed behind setText's back
    label.setText("two")
    assert "20pt" in label.item.toHtml()


def test_axes_cache_their_drawing_and_exports_bypass_it(plot_widget):
    widget, plot = plot_widget
    axis = plot.getAxis("bottom")
    assert axis.cacheMode() == CACHED
    with fast_paint.uncached(widget):
        assert axis.cacheMode() == NO_CACHE
    assert axis.cacheMode() == CACHED
    fast_paint.uncache_until_idle(widget)
    assert axis.cacheMode() == NO_CACHE
    QtWidgets.QApplication.processEvents()
    assert axis.cacheMode() == CACHED


def test_svg_export_has_axis_text_not_bitmaps(qtbot, tmp_path):
    from explorer.core import registry
    from explorer.ui.export import build_export_widget, render_svg

    ex = registry.get("5.1")
    frame, _grid = build_export_widget(ex, ex.inputs(), None)
    qtbot.addWidget(frame)
    frame.show()
    qtbot.waitExposed(frame)
    frame.repaint()  # fills the axis caches
    out = tmp_path / "f.svg"
    render_svg(frame, out, "5.1")
    text = out.read_text()
    # tick labels are text; the only images are the two plots' curves-free backgrounds
    assert text.count("<text") >= 20
    assert text.count("<image") <= 4


def test_field_pane_redraws_the_plane_only_when_it_changes(qtbot):
    from explorer.core import registry
    from explorer.ui.panes.field import FieldPane
    from explorer.ui.theme import LIGHT

    ex = registry.get("5.8a")
    inputs = ex.inputs()
    pane = FieldPane(LIGHT)
    qtbot.addWidget(pane)
    pane.update_view(ex.views(inputs)["field"])
    image, contour = pane.image.image, pane.contours[0].data
    moved = dict(inputs, x=inputs["x"] + 0.3)  # the point moves; the plane stays
    pane.update_view(ex.views(moved)["field"])
    assert pane.image.image is image and pane.contours[0].data is contour
    assert pane.targets["point"].pos().x() == pytest.approx(moved["x"][0])
    shifted = dict(inputs, mu=inputs["mu"] + 0.5)  # a new centre: a new plane
    pane.update_view(ex.views(shifted)["field"])
    assert pane.image.image is not image
    assert not np.array_equal(pane.contours[0].data, contour)


def test_unchanged_curve_data_is_not_set_again_and_paints_from_a_cache(plot_widget):
    _widget, plot = plot_widget
    xs = np.linspace(0, 1, 50)
    item = plot.listDataItems()[0]
    item.setData(xs, xs**2, connect="finite")  # connect changes: set
    assert item.curve.cacheMode() == NO_CACHE
    item.setData(xs.copy(), xs**2, connect="finite")  # the same numbers again
    assert item.curve.cacheMode() == CACHED
    item.setData(xs, xs**3, connect="finite")
    assert item.curve.cacheMode() == NO_CACHE
    assert np.array_equal(item.getOriginalDataset()[1], xs**3)
    item.setPen(pg.mkPen("#ff0000", width=2))
    item.setPen(pg.mkPen("#ff0000", width=2))
    assert item.opts["pen"].color().name() == "#ff0000"


def test_scatter_points_change_only_when_given_new_ones(plot_widget):
    _widget, plot = plot_widget
    scatter = pg.ScatterPlotItem()
    plot.addItem(scatter)
    scatter.setData([1.0, 2.0], [3.0, 4.0])
    first = scatter.data
    scatter.setData([1.0, 2.0], [3.0, 4.0])
    assert scatter.data is first
    scatter.setData([1.0, 2.5], [3.0, 4.0])
    assert list(scatter.data["x"]) == [1.0, 2.5]


def test_math_panel_typesets_after_its_first_paint(qtbot, monkeypatch):
    from explorer.core import registry
    from explorer.ui.math_panel import MathPanel
    from explorer.ui.theme import LIGHT

    monkeypatch.setattr(MathPanel, "fill_after_paint", True)
    ex = registry.get("5.1")
    panel = MathPanel(ex, LIGHT, ex.inputs)
    qtbot.addWidget(panel)
    assert panel.latex_sources == []  # nothing typeset before the panel is painted
    panel.show()
    qtbot.waitUntil(lambda: bool(panel.latex_sources), timeout=10000)
    assert panel.latex_sources[0] == panel.derivation.statement


def test_matrix_plot_skips_an_unchanged_matrix(qtbot):
    from explorer.ui.panes.matrix_plot import MatrixPlot
    from explorer.ui.theme import LIGHT

    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    mp = MatrixPlot(widget.addPlot(), LIGHT)
    m = np.array([[1.0, -2.0], [0.5, 3.0]])
    mp.set_matrix(m)
    image = mp.image.image
    mp.set_matrix(m.copy())
    assert mp.image.image is image
    mp.set_matrix(m, limit=10.0)  # same numbers, another colour scale: redrawn
    assert mp.image.image is not image and mp.limit == 10.0
    mp.set_matrix(m * 2, limit=10.0)
    assert mp.matrix[1, 1] == 6.0 and mp.numbers.texts()[3] == "6"


def test_matrix_plot_sets_its_frame_only_when_the_shape_or_names_change(qtbot):
    from explorer.ui.panes.matrix_plot import MatrixPlot
    from explorer.ui.theme import LIGHT

    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    mp = MatrixPlot(widget.addPlot(), LIGHT)
    ranges = []  # each call of the plot's setRange (the frame: range, ticks, outline)
    set_range = mp.plot.setRange
    mp.plot.setRange = lambda **kw: (ranges.append(kw), set_range(**kw))
    mp.set_matrix(np.ones((2, 3)))
    assert ranges[-1]["xRange"] == (0, 3) and ranges[-1]["yRange"] == (0, 2)
    mp.set_matrix(np.full((2, 3), -4.0))  # new values only: colours and numbers
    assert len(ranges) == 1
    assert mp.numbers.texts() == ["-4"] * 6 and mp.image.image.min() < 0
    mp.set_matrix(np.ones((2, 3)), col_names=["a", "b", "c"])  # new names: new ticks
    assert [t[1] for t in mp.plot.getAxis("bottom")._tickLevels[0]] == ["a", "b", "c"]
    mp.set_matrix(np.ones((4, 3)), col_names=["a", "b", "c"])  # new shape: new range
    assert len(ranges) == 3 and ranges[-1]["yRange"] == (0, 4)
    mp.set_matrix(np.eye(3))
    assert mp.outline.xData is None or len(mp.outline.xData) == 0
    mp.set_matrix(np.eye(3), outline_diagonal=True)  # same shape, now outlined
    assert len(mp.outline.xData) == 3 * 8
    mp.set_matrix(2 * np.eye(3))  # and not any more
    assert mp.outline.xData is None or len(mp.outline.xData) == 0
    mp.set_matrix(2 * np.eye(3), room_above=1.0)  # same shape, room above it
    assert ranges[-1]["yRange"] == (-1.0, 3)


def test_setting_an_axis_to_its_range_keeps_its_drawing(plot_widget):
    widget, _plot = plot_widget
    bar = pg.ColorBarItem(values=(-1, 1), interactive=False)
    widget.addItem(bar)
    widget.viewport().repaint()
    axis = bar.axis
    axis.picture = drawn = object()  # stands for the axis's drawing
    bar.setLevels((-1, 1))
    assert axis.picture is drawn
    bar.setLevels((-2, 2))
    assert axis.picture is None and axis.range == [-2, 2]


def test_unchanged_markers_paint_from_a_cache(plot_widget):
    _widget, plot = plot_widget
    scatter = pg.ScatterPlotItem()
    plot.addItem(scatter)
    scatter.setData([1.0, 2.0], [3.0, 4.0])
    assert scatter.cacheMode() == NO_CACHE
    scatter.setData([1.0, 2.0], [3.0, 4.0])
    assert scatter.cacheMode() == CACHED
    scatter.setData([1.0, 2.5], [3.0, 4.0])
    assert scatter.cacheMode() == NO_CACHE


def test_text_and_legends_are_cached_and_exports_bypass_them(plot_widget):
    widget, plot = plot_widget
    label = pg.TextItem("f(x)")
    plot.addItem(label)
    legend = plot.addLegend()
    legend.addItem(plot.listDataItems()[0], "x²")
    sample, _text = legend.items[0]
    items = [label.textItem, legend, plot.titleLabel.item]
    assert all(item.cacheMode() == CACHED for item in items)
    assert sample.cacheMode() == NO_CACHE  # a swatch follows its curve's pen at once
    with fast_paint.uncached(widget):
        assert all(item.cacheMode() == NO_CACHE for item in items)
    assert all(item.cacheMode() == CACHED for item in items)


def _asked_width(label) -> float:
    return label.effectiveSizeHint(QtCore.Qt.SizeHint.PreferredSize).width()


def test_labels_keep_their_width_while_numbers_change(plot_widget):
    widget, _plot = plot_widget
    label = widget.addLabel("Var m: 1.38", row=1, col=0)
    first = _asked_width(label)
    assert first == label.item.boundingRect().width()  # a new text asks for what it needs
    label.setText("Var m: 1.4")  # a little narrower: the label keeps its width
    assert label.item.boundingRect().width() < first and _asked_width(label) == first
    label.setText("Var m: 1.38 · Var ω: 3.09")  # wider: the label grows
    wide = _asked_width(label)
    assert wide == label.item.boundingRect().width() > first
    label.setText("m")  # much narrower: the label shrinks to it
    assert _asked_width(label) == label.item.boundingRect().width() < first


def test_a_long_title_wraps_instead_of_widening_its_plot(plot_widget):
    """A title wider than its pane takes more lines; the plot (and a colour bar beside
    it) stays inside the view instead of being cut off at its edge."""
    widget, plot = plot_widget
    bar = pg.ColorBarItem(values=(-1, 1), interactive=False)
    widget.addItem(bar, row=0, col=1)
    words = "a title far longer than the two hundred pixels this pane has room for"
    plot.setTitle(words, size="11pt")
    widget.resize(260, 300)
    for _ in range(3):
        QtWidgets.QApplication.processEvents()
    room = widget.viewport().width()
    need = widget.ci.effectiveSizeHint(QtCore.Qt.SizeHint.MinimumSize).width()
    assert need <= room
    title = plot.titleLabel
    assert 0 < title.item.textWidth() <= title.width() + 0.5  # wrapped to its room
    lines = title.item.boundingRect().height() / title.item.document().firstBlock() \
        .layout().lineAt(0).height()
    assert lines >= 2
    # the title row grew to hold the lines (pyqtgraph fixes it at 30 px), and the view
    # box starts below them
    assert title.geometry().height() >= title.item.boundingRect().height() - 0.5 > 30
    assert plot.vb.geometry().top() >= title.geometry().bottom() - 0.5
    assert bar.mapRectToScene(bar.boundingRect()).right() <= room + 0.5
    for width in (250, 235):  # narrower, with as many lines: the lines stay centred
        widget.resize(width, 300)
        for _ in range(3):
            QtWidgets.QApplication.processEvents()
        assert abs(title.itemRect().center().x() - title.rect().center().x()) < 0.5
    widget.resize(900, 300)  # room again: one line
    for _ in range(3):
        QtWidgets.QApplication.processEvents()
    assert title.item.textWidth() == -1


def test_a_held_axis_grows_for_wide_tick_labels_but_does_not_shrink_back(plot_widget):
    widget, plot = plot_widget
    axis = plot.getAxis("left")
    fast_paint.hold_axis_width(axis)
    plot.setYRange(-123456.0, 123456.0, padding=0)
    widget.viewport().repaint()
    QtWidgets.QApplication.processEvents()
    wide = axis.width()
    plot.setYRange(0.0, 1.0, padding=0)  # short labels now
    widget.viewport().repaint()
    QtWidgets.QApplication.processEvents()
    assert axis.width() == wide
    fast_paint.release_axis_width(axis)  # (a pane does this when it refits the range)
    plot.setYRange(0.0, 2.0, padding=0)
    widget.viewport().repaint()
    QtWidgets.QApplication.processEvents()
    assert axis.width() < wide


def test_axes_redraw_when_their_plot_is_resized_at_the_same_range(plot_widget):
    """An axis that gets wider keeps its range and, with the plot beside it, its bounds
    (the grid spans the plot): the cached drawing must still be redone (a stale one
    once lost 5.9's tick labels)."""
    widget, plot = plot_widget
    plot.setYRange(0.0, 1.0, padding=0)
    widget.viewport().repaint()
    plot.getAxis("left").setWidth(80)
    QtWidgets.QApplication.processEvents()
    widget.viewport().repaint()
    cached = widget.grab().toImage()
    with fast_paint.uncached(widget):
        direct = widget.grab().toImage()
    assert cached == direct


@pytest.mark.parametrize("channels", [3, 4])
def test_heat_map_images_match_pyqtgraphs_own(qtbot, channels):
    """The cached colour table gives the same pixels as pyqtgraph's own path."""
    from pyqtgraph import functions_qimage

    fast_paint.install()
    original = functions_qimage.try_make_qimage.__wrapped__
    rng = np.random.default_rng(channels)
    lut = pg.colormap.get("CET-D1").getLookupTable(nPts=256, alpha=channels == 4)
    assert lut.shape == (256, channels)
    big = (300, 300)  # above DIRECT_COLOUR_MAX_PIXELS: stays indexed
    for shape, levels in (((2, 4), (-1.0, 1.0)), ((30, 7), (-0.3, 2.5)), ((1, 1), (0.0, 1.0)),
                          ((200, 200), (-1.0, 1.0)), (big, (-1.0, 1.0))):
        image = rng.normal(size=shape) * 2.0  # values beyond the levels too
        ours = functions_qimage.try_make_qimage(image, levels=levels, lut=lut)
        theirs = original(image, levels=levels, lut=lut)
        argb = QtGui.QImage.Format.Format_ARGB32
        assert ours.convertToFormat(argb) == theirs.convertToFormat(argb)
        # small heat maps are drawn from direct colour (Qt scales indexed images slowly)
        indexed = ours.format() == QtGui.QImage.Format.Format_Indexed8
        assert indexed == (image.size > fast_paint.DIRECT_COLOUR_MAX_PIXELS)
    # values on the levels and on the colour bins' edges, a transposed (strided) view, and
    # levels of no span
    edges = np.linspace(-1.0, 1.0, 257).reshape(1, -1)
    for image, levels in ((edges, (-1.0, 1.0)), (rng.normal(size=(5, 3)).T, (-1.0, 1.0)),
                          (np.array([[-np.inf, 0.5, np.inf]]), (0.0, 1.0)),
                          (np.array([[0.2, 0.5, 0.9]]), (0.5, 0.5)),
                          (np.array([[1.5e308, -1.5e308, 0.0]]), (-1.5e308, 1.5e308)),
                          (np.array([[0.2, np.inf]]), (0.0, np.inf)),
                          (np.linspace(-1, 1, 401, dtype=np.float16)[None, :], (-0.3, 0.7))):
        with np.errstate(over="ignore", invalid="ignore"):  # (a span beyond the doubles)
            ours = functions_qimage.try_make_qimage(image, levels=levels, lut=lut)
            theirs = original(image, levels=levels, lut=lut)
        argb = QtGui.QImage.Format.Format_ARGB32
        assert ours.convertToFormat(argb) == theirs.convertToFormat(argb)
    # other images (here a float image with a hole, and bytes) take pyqtgraph's own path
    image = rng.normal(size=(3, 3))
    image[1, 1] = np.nan
    hole = np.isnan(image).nonzero()
    ours = functions_qimage.try_make_qimage(image, levels=(-1, 1), lut=lut,
                                            transparentLocations=hole)
    assert ours == original(image, levels=(-1, 1), lut=lut, transparentLocations=hole)
    grey = rng.integers(0, 255, size=(4, 4), dtype=np.ubyte)
    assert functions_qimage.try_make_qimage(grey, levels=None, lut=None) == original(
        grey, levels=None, lut=None)


def test_auto_range_follows_data_but_not_ignored_items(plot_widget):
    widget, plot = plot_widget
    plot.enableAutoRange(axis="y", enable=True)
    vb = plot.vb
    point = pg.TargetItem(pos=(0.5, 0.5))
    plot.addItem(point, ignoreBounds=True)
    widget.viewport().repaint()
    refits = []
    original = vb.updateAutoRange
    vb.updateAutoRange = lambda: refits.append(1) or original()
    point.setPos(0.7, 50.0)  # ignored: no refit, and the range does not reach it
    widget.viewport().repaint()
    assert refits == [] and vb.viewRange()[1][1] < 10
    curve = plot.listDataItems()[0]
    curve.setData(np.linspace(0, 1, 50), 5 * np.linspace(0, 1, 50))  # counted: refit
    widget.viewport().repaint()
    assert refits and vb.viewRange()[1][1] >= 5


def test_a_view_of_the_same_read_only_numbers_is_not_compared_again(plot_widget, monkeypatch):
    _widget, plot = plot_widget
    curve = plot.listDataItems()[0]
    y = np.linspace(0, 1, 50) ** 3
    y.setflags(write=False)
    curve.setData(np.linspace(0, 1, 50), y)
    compared = []
    real = np.array_equal
    monkeypatch.setattr(np, "array_equal", lambda *a, **k: compared.append(1) or real(*a, **k))
    curve.setData(np.linspace(0, 1, 50), y)  # x compared by value, y recognised at once
    assert len(compared) == 1
    shown = curve.getOriginalDataset()[1]
    z = y.copy()  # writable: could have changed in place, so compared by value
    curve.setData(np.linspace(0, 1, 50), z)
    assert len(compared) == 3 and curve.getOriginalDataset()[1] is shown


@pytest.mark.parametrize("width", [420, 150])  # 150: the label wraps onto more lines
@pytest.mark.parametrize("style", [{"size": "10pt", "color": "#335577"},
                                   {"size": "11pt", "color": "#202020", "bold": True}])
def test_new_plain_label_text_looks_as_if_typeset_again(qtbot, monkeypatch, width, style):
    """New plain text replaces the old in the label's document (keeping its format): the
    label must look, measure and read exactly as when pyqtgraph typesets the HTML."""
    fast_paint.install()

    def labelled(texts):
        widget = pg.GraphicsLayoutWidget()
        qtbot.addWidget(widget)
        widget.resize(width, 160)
        label = widget.addLabel(" ", row=0, col=0)
        widget.addPlot(row=1, col=0)
        widget.show()
        qtbot.waitExposed(widget)
        for text in texts:
            label.setText(text, **style)
            QtWidgets.QApplication.processEvents()
        return widget, label

    cases = (["x = 1", "x = 2"],  # the same width: the old text's pixmap must go
             ["Var m: 1.38<br>Var ω: 3.09", "Var m: 1.39<br>Var ω: 3.08"],
             ["g(X) = tr(AXB) = -0.7037", "g(X) = tr(AXB) = 12.5"],
             ["Var m: 1.38 · Var ω: 3.09", "∂f/∂z ∈ ℝ²ˣ², trace = 0.7501 and more words",
              "short"],
             ["finite diff. ✓<br>error &lt; 1e-09", "finite diff. ✗<br>error 2.5e-3 &amp; more"])
    updated = [labelled(texts) for texts in cases]
    monkeypatch.setattr(fast_paint, "shown_text", lambda html: None)
    typeset = [labelled(texts) for texts in cases]
    for (widget, label), (widget_t, label_t) in zip(updated, typeset, strict=True):
        assert label.item.toPlainText() == label_t.item.toPlainText()
        assert label.item.toHtml() == label_t.item.toHtml()
        assert label._sizeHint == label_t._sizeHint
        assert label.item.pos() == label_t.item.pos()
        assert widget.grab().toImage() == widget_t.grab().toImage()
        assert label.item.document().availableUndoSteps() == 0  # no edit history kept


def test_only_text_html_would_show_unchanged_skips_typesetting():
    """Markup, unknown entities and whitespace HTML collapses go through pyqtgraph's own
    path; line breaks and the three escaped characters are text."""
    assert fast_paint.shown_text("x = 1.5, y = 2") == "x = 1.5, y = 2"
    assert fast_paint.shown_text("finite diff. ✓<br>error &lt; 1e-09") == \
        "finite diff. ✓\u2028error < 1e-09"
    assert fast_paint.shown_text("a &amp;lt; b") == "a &lt; b"
    for html in ("<b>a</b>", "a &nbsp; b", "a & b", "two  spaces", " lead", "", "a\nb",
                 "a<br><br>b", "a <br>b", None):
        assert fast_paint.shown_text(html) is None
