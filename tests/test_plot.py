"""The panes' plot (explorer.ui.panes.plot): its view refits only for items that count
towards its range, its legend draws from pixmaps, and exports draw vectors."""

import numpy as np
import pyqtgraph as pg
from pane_widgets import shown_plot

from explorer.ui.panes.pixmap_cache import CACHE, NO_CACHE, uncached


def test_auto_range_follows_data_but_not_ignored_items(qtbot, monkeypatch):
    widget, plot = shown_plot(qtbot)
    plot.enableAutoRange(axis="y", enable=True)
    vb = plot.vb
    point = pg.TargetItem(pos=(0.5, 0.5))
    plot.addItem(point, ignoreBounds=True)
    widget.grab()
    refits = []
    original = vb.updateAutoRange
    monkeypatch.setattr(vb, "updateAutoRange", lambda: refits.append(1) or original())
    point.setPos(0.7, 50.0)  # ignored: no refit, and the range does not reach it
    widget.grab()
    assert refits == [] and vb.viewRange()[1][1] < 10
    curve = plot.listDataItems()[0]
    curve.setData(np.linspace(0, 1, 50), 5 * np.linspace(0, 1, 50))  # counted: refit
    widget.grab()
    assert refits and vb.viewRange()[1][1] >= 5


def test_legends_draw_from_pixmaps_and_exports_bypass_them(qtbot):
    widget, plot = shown_plot(qtbot)
    legend = plot.addLegend()
    legend.addItem(plot.listDataItems()[0], "x²")
    sample, name = legend.items[0]
    items = [legend, name.item, plot.titleLabel.item]
    assert all(item.cacheMode() == CACHE for item in items)
    assert sample.cacheMode() == NO_CACHE  # a swatch follows its curve's pen at once
    with uncached(widget):
        assert all(item.cacheMode() == NO_CACHE for item in items)
    assert all(item.cacheMode() == CACHE for item in items)


def test_svg_export_has_axis_text_not_bitmaps(qtbot, tmp_path):
    from explorer.core import registry
    from explorer.ui.export import build_export_widget, render_svg

    ex = registry.get("5.1")
    frame, _grid = build_export_widget(ex, ex.inputs(), None)
    qtbot.addWidget(frame)
    frame.show()
    qtbot.waitExposed(frame)
    frame.repaint()  # fills the pixmaps
    out = tmp_path / "f.svg"
    render_svg(frame, out, "5.1")
    text = out.read_text()
    # tick labels are text; the only images are the two plots' curves-free backgrounds
    assert text.count("<text") >= 20
    assert text.count("<image") <= 4
