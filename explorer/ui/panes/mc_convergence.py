"""Pane for ConvergenceView: running Monte-Carlo averages against N on a log axis, each
with a shaded ±1 standard-error band and a dashed line at the value it estimates.
Panels sit side by side; curves, bands and lines are pooled and reused across updates."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from explorer.core.views import ConvergenceView
from explorer.ui.panes.base import Pane
from explorer.ui.panes.bounded_curve import BoundedCurve
from explorer.ui.panes.data_items import same_numbers
from explorer.ui.panes.level_lines import LevelLine
from explorer.ui.panes.pixmap_cache import cache
from explorer.ui.panes.steady_range import SteadyRange, zoomed
from explorer.ui.panes.view_range import ShownRange
from explorer.ui.theme import OKABE_ITO

# One colour per component, in a fixed order (colour-blind safe).
COMPONENT_COLORS = ("blue", "vermillion", "green", "orange", "purple", "sky", "yellow")


def component_color(theme, k: int):
    name = COMPONENT_COLORS[k % len(COMPONENT_COLORS)]
    if name == "blue" and theme.dark:
        name = "sky"
    return pg.mkColor(OKABE_ITO[name])


class _SeriesItems:
    def __init__(self, plot: pg.PlotItem):
        # Items live in log10(N) units (the x axis is logarithmic). A bare curve item:
        # a PlotDataItem would redo the log mapping and bounds of every series each update.
        self.mean = BoundedCurve(connect="finite")
        # The band is one closed polygon (upper edge forward, lower edge back), a single
        # path item: much cheaper to update than a FillBetweenItem on two curves.
        self.band = QtWidgets.QGraphicsPathItem()
        self.band.setPen(pg.mkPen(None))
        self.exact = LevelLine(plot, vertical=False, pen=pg.mkPen(None))
        self.band.setZValue(0)
        self.exact.setZValue(5)
        self.mean.setZValue(10)
        for item in (self.band, self.mean):
            plot.addItem(item)
        self.edges = (np.empty(0), np.empty(0), np.empty(0))  # n, lower, upper
        self.styled = None  # (colour index, theme) the pens were made for
        self.shown: tuple | None = None  # (log N, mean, se) as drawn
        self.in_legend = ""

    def set_visible(self, visible: bool) -> None:
        for item in (self.mean, self.band):
            item.setVisible(visible)
        self.exact.set_shown(visible)

    def update(self, n: np.ndarray, log_n: np.ndarray, series, theme) -> None:
        if self.styled != (series.color, theme):  # pens and brush only when they change
            self.styled = (series.color, theme)
            self.shown = None
            color = component_color(theme, series.color)
            fill = pg.mkColor(color)
            fill.setAlpha(60)
            self.mean.setPen(pg.mkPen(color, width=2))
            self.band.setBrush(pg.mkBrush(fill))
            self.exact.setPen(pg.mkPen(color, width=1.5, style=QtCore.Qt.PenStyle.DashLine))
        self.exact.setPos(series.exact)
        self.set_visible(True)
        shown = self.shown
        if (shown is not None and same_numbers(log_n, shown[0])
                and same_numbers(series.mean, shown[1]) and same_numbers(series.se, shown[2])):
            for item in (self.mean, self.band):  # unchanged (a component that the moved
                cache(item)  # parameter leaves alone): painted from a pixmap
            return
        for item in (self.mean, self.band):  # changing: drawn directly, no extra blit
            cache(item, False)
        mean = np.array(series.mean, dtype=float)  # (copies: kept to compare with)
        se = np.array(series.se, dtype=float)
        self.shown = (log_n, mean, se)
        self.mean.setData(log_n, mean)
        band = np.isfinite(se)  # no band where a single sample has no standard error
        self.edges = (n[band], (mean - se)[band], (mean + se)[band])
        x = log_n[band]
        path = QtGui.QPainterPath()
        if x.size >= 2:
            _, lower, upper = self.edges
            path = pg.arrayToQPath(np.concatenate([x, x[::-1]]),
                                   np.concatenate([upper, lower[::-1]]), connect="all")
            path.closeSubpath()
        self.band.setPath(path)


class _PanelItems:
    def __init__(self, plot: pg.PlotItem, theme):
        self.plot = plot
        plot.setLogMode(x=True, y=False)
        plot.showGrid(x=True, y=True, alpha=theme.grid_alpha)
        plot.getAxis("left").hold_width()  # its range follows the data
        self.legend = plot.addLegend(offset=(-10, 10), labelTextColor=theme.foreground,
                                     brush=pg.mkBrush(theme.background + "cc"))
        self.series: list[_SeriesItems] = []
        self.y_range = SteadyRange()
        self.shown_range = ShownRange(plot.vb)

    def update(self, panel, xlabel: str, theme) -> None:
        fg = theme.foreground
        self.plot.setTitle(panel.title.replace("\n", "<br>"), color=fg, size="10pt")
        self.plot.setLabel("bottom", xlabel, color=fg)
        self.plot.setLabel("left", panel.ylabel, color=fg)
        n = np.asarray(panel.n, dtype=float)
        log_n = np.log10(n)
        while len(self.series) < len(panel.series):
            self.series.append(_SeriesItems(self.plot))
        for i, items in enumerate(self.series):
            if i < len(panel.series):
                s = panel.series[i]
                items.update(n, log_n, s, theme)
                if items.in_legend != s.name:
                    if items.in_legend:
                        self.legend.removeItem(items.mean)
                    self.legend.addItem(items.mean, s.name)
                    items.in_legend = s.name
            else:
                items.set_visible(False)
                if items.in_legend:
                    self.legend.removeItem(items.mean)
                    items.in_legend = ""
        # one series is named by the axis already; a legend would only cover the data,
        # and four (E = 2: m₁ m₂ ω₁ ω₂) go in two columns to cover half as much height
        self.legend.setVisible(len(panel.series) > 1)
        self.legend.setColumnCount(2 if len(panel.series) > 2 else 1)
        held = self.y_range.shown
        if panel.y_range is not None:
            shown = self.y_range.fit(*panel.y_range)
        else:  # everything drawn: means, bands and exact values
            shown = self.y_range.fit_values(
                *(a for s in panel.series for a in (s.mean, np.subtract(s.mean, s.se),
                                                    np.add(s.mean, s.se), s.exact)))
        if shown is not held and zoomed(held, shown):
            self.plot.getAxis("left").release_width()  # a zoom: its labels may narrow
        log_end = float(np.log10(max(n[-1], 10.0)))
        self.shown_range.show(x=(-0.02 * log_end, 1.02 * log_end), y=shown)


class ConvergencePane(Pane):
    def __init__(self, theme, parent=None):
        super().__init__(theme, parent)
        self.title = self.add_label("", row=0, col=0, colspan=2, color=theme.foreground,
                                   size="11pt")
        self.readout = self.add_note(row=2, colspan=2, color=theme.foreground, size="9pt")
        self._panels: list[_PanelItems] = []
        for _ in range(2):
            self._add_panel()

    def _add_panel(self) -> None:
        plot = self.add_plot(row=1, col=len(self._panels), plain=False,
                             equal_share=True)
        self._panels.append(_PanelItems(plot, self.theme))

    def update_view(self, view: ConvergenceView) -> None:
        self.title.setText(view.title)
        while len(self._panels) < len(view.panels):
            self._add_panel()
        for i, items in enumerate(self._panels):
            items.plot.setVisible(i < len(view.panels))
            if i < len(view.panels):
                items.update(view.panels[i], view.xlabel, self.theme)
        self.readout.setText(view.note or " ")

    def export_item(self):
        return self.scene()
