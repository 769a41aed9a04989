"""Pane for SampleCloudView: many single-sample estimates as a histogram (one component)
or a scatter (two components), with the exact value, the sample mean and one chosen sample
marked. Plot items are made once per panel and updated in place."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore

from explorer.core.views import SampleCloudView
from explorer.ui.panes.base import Pane
from explorer.ui.panes.data_items import Curve
from explorer.ui.panes.level_lines import LevelLine
from explorer.ui.panes.markers import Markers
from explorer.ui.panes.plot import Legend
from explorer.ui.panes.point_cloud import PointCloud
from explorer.ui.panes.steady_range import SteadyRange, zoomed
from explorer.ui.panes.view_range import ShownRange

# px a histogram's y range reaches below 0: the markers sitting on its axis need half
# their size (the largest is 18 px) and their outline
MARKER_ROOM = 10.0
# px: a panel's plot area keeps this height, its ticks apart (the pane asks for the
# height its title, legend, panels and note then need: a shorter grid scrolls)
MIN_PLOT_HEIGHT = 90


class _PanelItems:
    """The items of one panel: both modes exist, the unused one is hidden."""

    def __init__(self, plot: pg.PlotItem, theme, marker_styles):
        self.plot = plot
        plot.showGrid(x=True, y=True, alpha=theme.grid_alpha)
        plot.getAxis("left").enableAutoSIPrefix(False)
        plot.getAxis("bottom").enableAutoSIPrefix(False)
        plot.getAxis("left").hold_width()  # its range follows the data
        cloud = pg.mkColor(theme.color("f"))
        fill = pg.mkColor(cloud)
        fill.setAlpha(90)
        self.hist = Curve(stepMode="center", fillLevel=0, brush=fill,
                                    pen=pg.mkPen(cloud, width=1.5))
        dots = pg.mkColor(cloud)
        dots.setAlpha(70)
        self.scatter = PointCloud(4, dots)
        exact_pen = pg.mkPen(theme.color("tangent"), width=2.5,
                             style=QtCore.Qt.PenStyle.DashLine)
        self.exact_v = LevelLine(plot, vertical=True, pen=exact_pen)
        self.exact_h = LevelLine(plot, vertical=False, pen=exact_pen)
        # the exact value, the sample mean and the chosen sample, drawn in that order
        self.markers = Markers(marker_styles)
        for item, z in ((self.hist, 0), (self.scatter, 0), (self.markers, 10)):
            item.setZValue(z)
            plot.addItem(item)
        self.exact_v.setZValue(5)
        self.exact_h.setZValue(5)
        self.mode = ""
        plot.vb.setMinimumHeight(MIN_PLOT_HEIGHT)
        self.x_range, self.y_range = SteadyRange(), SteadyRange()
        self._fitted = None  # (x range, y range, histogram or not) as last fitted
        self.shown_range = ShownRange(plot.vb)
        plot.vb.sigResized.connect(self._show_ranges)

    def update(self, panel, theme) -> None:
        fg = theme.foreground
        self.plot.setTitle(panel.title.replace("\n", "<br>"), color=fg, size="10pt")
        self.plot.setLabel("bottom", panel.xlabel, color=fg)
        self.plot.setLabel("left", panel.ylabel, color=fg)
        is_hist = panel.mode == "histogram"
        self.hist.setVisible(is_hist)
        self.scatter.setVisible(not is_hist)
        self.exact_h.set_shown(not is_hist)
        if is_hist:
            self.hist.show_data(panel.x, panel.y)
            self.scatter.setData([], [])
        else:
            self.scatter.setData(np.asarray(panel.x, dtype=float),
                                 np.asarray(panel.y, dtype=float))
            self.hist.show_data([], [])
            self.exact_h.setPos(panel.exact[1])
        self.exact_v.setPos(panel.exact[0])
        # on a histogram the markers sit on the axis; on a scatter at their point
        self.markers.set_points([(value[0], 0.0 if is_hist else value[1])
                                 for value in (panel.exact, panel.mean, panel.single)])
        self._fit_ranges(panel, is_hist)

    def _fit_ranges(self, panel, is_hist: bool) -> None:
        if panel.mode != self.mode:  # a histogram's range means nothing to a scatter
            self.mode = panel.mode
            self.x_range, self.y_range = SteadyRange(), SteadyRange()
        marks = (panel.exact, panel.mean, panel.single)
        x = self.x_range.fit_values(panel.x, *(m[0] for m in marks))
        held = self.y_range.shown
        if is_hist:
            y = self.y_range.fit_values(panel.y, floor=0.0)
        else:
            y = self.y_range.fit_values(panel.y, *(m[1] for m in marks))
        if y is not held and zoomed(held, y):
            self.plot.getAxis("left").release_width()  # a zoom: its labels may narrow
        self._fitted = (x, y, is_hist)
        self._show_ranges()

    def _show_ranges(self, *_) -> None:
        """The fitted ranges; a histogram's with room below its axis for the lower half of
        the markers sitting on it (in pixels: again when the plot is resized)."""
        if self._fitted is None:
            return
        x, y, is_hist = self._fitted
        if is_hist:
            height = self.plot.vb.height()
            room = min(MARKER_ROOM, height / 4)  # (a plot squeezed tiny keeps most of it)
            if height > 0:
                y = (y[0] - room / (height - room) * (y[1] - y[0]), y[1])
        self.shown_range.show(x=x, y=y)


class GradientSamplesPane(Pane):
    def __init__(self, theme, parent=None):
        super().__init__(theme, parent)
        self.title = self.add_label("", row=0, col=0, colspan=2, color=theme.foreground,
                                   size="11pt")
        # One legend for all panels, in its own row so that it never covers the data.
        self.legend = Legend(colCount=2, labelTextColor=theme.foreground)
        self.addItem(self.legend, row=1, col=0, colspan=2)
        self._panels: list[_PanelItems] = []
        self.readout = self.add_note(row=3, colspan=2, color=theme.foreground, size="9pt")
        # The markers' styles, shared by every panel's markers and named in the legend
        # (never drawn themselves; a click on a legend entry hides that marker).
        self.marker_styles = {
            "exact ∇E[g]": pg.ScatterPlotItem(size=18, symbol="x",
                                              pen=pg.mkPen(theme.background),
                                              brush=pg.mkBrush(theme.color("tangent"))),
            "mean of N": pg.ScatterPlotItem(size=13, symbol="d", pen=pg.mkPen(theme.background),
                                            brush=pg.mkBrush(theme.color("feature"))),
            "sample at ε": pg.ScatterPlotItem(size=12, symbol="o",
                                              pen=pg.mkPen(theme.foreground, width=1.5),
                                              brush=pg.mkBrush(theme.color("df"))),
        }
        for _ in range(2):  # the usual two panels (dg/dm and dg/dω), made up front
            self._add_panel()
        self._cloud_entry = self._panels[0].hist
        self._fill_legend(self._cloud_entry)

    def _add_panel(self) -> _PanelItems:
        plot = self.add_plot(row=2, col=len(self._panels), plain=False,
                             equal_share=True)
        items = _PanelItems(plot, self.theme, list(self.marker_styles.values()))
        self._panels.append(items)
        return items

    def _fill_legend(self, cloud) -> None:
        self.legend.clear()
        self.legend.addItem(cloud, "N samples")
        for name, style in self.marker_styles.items():
            self.legend.addItem(style, name)
        for sample, _label in self.legend.items[1:]:
            sample.sigClicked.connect(self._redraw_markers)

    def _redraw_markers(self, *_) -> None:
        for items in self._panels:
            items.markers.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        legend = getattr(self, "legend", None)  # (pyqtgraph resizes before __init__ ends)
        if legend is not None:  # four entries in one row when they fit: the plots get room
            for columns in (4, 2, 1):
                legend.setColumnCount(columns)
                if legend.layout.preferredWidth() + 24 <= self.width():
                    break

    def _show_cloud_in_legend(self, mode: str) -> None:
        """The legend's first entry shows the histogram's or the scatter's symbol."""
        first = self._panels[0]
        item = first.hist if mode == "histogram" else first.scatter
        if item is not self._cloud_entry:
            self._fill_legend(item)
            self._cloud_entry = item

    def update_view(self, view: SampleCloudView) -> None:
        self.title.setText(view.title)
        if view.panels:
            self._show_cloud_in_legend(view.panels[0].mode)
        while len(self._panels) < len(view.panels):
            self._add_panel()
        for items, panel in zip(self._panels, view.panels, strict=False):
            items.update(panel, self.theme)
        for i, items in enumerate(self._panels):
            items.plot.setVisible(i < len(view.panels))
        self.readout.setText(view.note or " ")

    def export_item(self):
        return self.scene()
