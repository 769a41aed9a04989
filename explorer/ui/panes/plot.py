"""The panes' plot: a PlotItem made of the project's own parts, through pyqtgraph's
public constructor arguments (`axisItems`, `viewBox`):

- axes that draw from a pixmap (axis.Axis);
- a view box that refits its automatic range only when an item that counts towards it
  changes (pyqtgraph refits when any item's bounds change, even one it was told to ignore:
  moving 5.1's tangent point recomputed the bounds of every curve);
- a title that wraps and keeps its width (label.Label), set again only when it changes,
  as are the axis labels (PlotItem.setLabel also shows the axis, which throws its drawing
  away);
- a legend whose frame and names draw from pixmaps (Legend; its swatches do not: they
  would keep a curve's old pen)."""

from __future__ import annotations

import pyqtgraph as pg
import shiboken6

from explorer.ui.panes.axis import Axis
from explorer.ui.panes.label import Label
from explorer.ui.panes.pixmap_cache import cache

SIDES = ("left", "bottom", "right", "top")


class View(pg.ViewBox):
    def itemBoundsChanged(self, item) -> None:
        if item in self.addedItems:  # (a curve's parts report through their PlotDataItem)
            super().itemBoundsChanged(item)
        else:
            self._itemBoundsCache.pop(item, None)


class Legend(pg.LegendItem):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cache(self)

    def addItem(self, item, name) -> None:
        super().addItem(item, name)
        cache(self.items[-1][1].item)  # the name's text


class Plot(pg.PlotItem):
    def __init__(self, **kwargs):
        super().__init__(viewBox=View(), axisItems={side: Axis(side) for side in SIDES},
                         **kwargs)
        # (made before the plot, they have no parent yet: hand them to the plot, as
        # pyqtgraph's own are, so that they go with it rather than with their wrappers)
        for item in (self.vb, *(self.getAxis(side) for side in SIDES)):
            item.setParentItem(self)
        for side in ("right", "top"):  # shown when given: hidden, as pyqtgraph's own are
            self.hideAxis(side)
        self._title: tuple | None = None  # (title, options) as last set
        # pyqtgraph's title label makes way for one of ours, in its place in the layout
        theirs = self.titleLabel
        self.layout.removeItem(theirs)
        shiboken6.delete(theirs)  # (left as a hidden child, it crashed the exit)
        self.titleLabel = Label("", parent=self, wraps=True, plot=self, size="11pt")
        self.layout.addItem(self.titleLabel, 0, 1)
        self.setTitle(None)

    def setTitle(self, title=None, **args) -> None:
        key = (title, tuple(sorted(args.items())))
        if title is not None and key == self._title:
            return
        super().setTitle(title, **args)
        self._title = key

    def setLabel(self, axis: str, *args, **kwargs) -> None:
        item = self.getAxis(axis)
        if not (item.isVisibleTo(self) and item.same_label(*args, **kwargs)):
            super().setLabel(axis, *args, **kwargs)

    def addLegend(self, offset=(30, 30), **kwargs) -> Legend:
        if self.legend is None:
            self.legend = Legend(offset=offset, **kwargs)
            self.legend.setParentItem(self.vb)
        return self.legend


def add_plot(layout: pg.GraphicsLayout, row=None, col=None, rowspan=1, colspan=1) -> Plot:
    """A Plot added to `layout` (what GraphicsLayout.addPlot does with a PlotItem)."""
    plot = Plot()
    layout.addItem(plot, row, col, rowspan, colspan)
    return plot
