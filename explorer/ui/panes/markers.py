"""A few marked points, each in its own style, drawn by one item.

5.9 marks three points on each of its sample plots (the exact gradient, the sample mean
and the chosen sample). Three one-point ScatterPlotItems would each pay pyqtgraph's
per-item bookkeeping, bounds and paint on every update; one item for all three pays it
once. Each point takes its symbol, size, pen and brush from a style: a
ScatterPlotItem that is never drawn itself, shared by every plot and shown in the legend,
whose point is left out while the style is hidden (a click on its legend entry)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6 import QtCore, QtGui

from explorer.ui.panes.view_pixels import paint_in_view_pixels


class Markers(pg.GraphicsObject):
    def __init__(self, styles: list[pg.ScatterPlotItem]):
        super().__init__()
        self.styles = list(styles)
        self.points = np.full((len(self.styles), 2), np.nan)
        self._extent = QtCore.QRectF()  # of the finite points, in data units
        # the widest symbol's reach beyond its point, in pixels (its outline included)
        self._reach = max(s.opts["size"] / 2 + pg.mkPen(s.opts["pen"]).widthF()
                          for s in self.styles)

    def set_points(self, points) -> None:
        """One (x, y) per style, in order; a point with a NaN is not drawn."""
        points = np.array(points, dtype=float).reshape(len(self.styles), 2)
        if np.array_equal(points, self.points, equal_nan=True):
            return
        self.points = points
        finite = points[np.isfinite(points).all(axis=1)]
        self.prepareGeometryChange()
        if finite.size:
            (x0, y0), (x1, y1) = finite.min(axis=0), finite.max(axis=0)
            self._extent = QtCore.QRectF(x0, y0, x1 - x0, y1 - y0)
        else:
            self._extent = QtCore.QRectF()
        self.update()

    def boundingRect(self) -> QtCore.QRectF:
        if not np.isfinite(self.points).all(axis=1).any():
            return QtCore.QRectF()
        px, py = self.pixelWidth() or 0.0, self.pixelHeight() or 0.0
        r = self._reach
        return self._extent.adjusted(-r * px, -r * py, r * px, r * py)

    def viewTransformChanged(self) -> None:
        super().viewTransformChanged()
        self.prepareGeometryChange()  # the pixel padding of boundingRect changed

    def paint(self, painter: QtGui.QPainter, *args) -> None:
        to_scene = paint_in_view_pixels(self, painter)  # symbols round in a scaled view
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        for (x, y), style in zip(self.points, self.styles, strict=True):
            if not (np.isfinite(x) and np.isfinite(y) and style.isVisible()):
                continue
            painter.save()
            painter.translate(to_scene.map(QtCore.QPointF(x, y)))
            drawSymbol(painter, style.opts["symbol"], style.opts["size"],
                       pg.mkPen(style.opts["pen"]), pg.mkBrush(style.opts["brush"]))
            painter.restore()
