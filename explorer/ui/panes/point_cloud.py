"""Many equal dots, drawn as one pre-rendered dot stamped at every point.

pyqtgraph's ScatterPlotItem styles every spot separately: for the 2000 drawn samples of
5.9 (E = 2) that per-spot bookkeeping took longer than the rest of the pane's update.
Here all dots share one style, so new points are just kept as arrays. On screen one
drawPixmapFragments call stamps the dot (antialiased wide points took 2 ms per 2000);
exports (SVG, or a PNG rendered larger than the screen) and high-DPI screens draw real
round points instead, so that they stay vector graphics and sharp."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui


class PointCloud(pg.GraphicsObject):
    def __init__(self, size: float, colour: QtGui.QColor):
        super().__init__()
        brush = pg.mkBrush(colour)
        # what a LegendItem's sample reads to draw this item's symbol
        self.opts = {"pen": None, "symbol": "o", "size": size, "brush": brush,
                     "antialias": True}
        # drawn after resetTransform (logical pixels), so a PNG rendered at twice the
        # size gets dots twice as wide, like everything else in it
        self._pen = QtGui.QPen(brush.color(), size)
        self._pen.setCapStyle(QtCore.Qt.PenCapStyle.RoundCap)
        self._data = QtCore.QRectF()
        self.x = self.y = np.empty(0)
        self._sprite = self._dot_pixmap(brush.color(), size)
        self._fragments = pg.Qt.internals.PrimitiveArray(QtGui.QPainter.PixmapFragment, 10)

    @staticmethod
    def _dot_pixmap(colour: QtGui.QColor, size: float) -> QtGui.QPixmap:
        side = int(np.ceil(size)) + 2  # one pixel of antialiasing room around the dot
        pixmap = QtGui.QPixmap(side, side)
        pixmap.fill(QtCore.Qt.GlobalColor.transparent)
        painter = QtGui.QPainter(pixmap)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QtCore.QRectF((side - size) / 2, (side - size) / 2, size, size))
        painter.end()
        return pixmap

    def setData(self, x, y) -> None:
        x, y = np.asarray(x, dtype=float).ravel(), np.asarray(y, dtype=float).ravel()
        keep = np.isfinite(x) & np.isfinite(y)
        x, y = x[keep], y[keep]
        if x.size == 0 and self.x.size == 0:
            return  # hidden and empty stays so: no repaint
        self.x, self.y = x, y
        self.prepareGeometryChange()
        self._data = (QtCore.QRectF(x.min(), y.min(), x.max() - x.min(), y.max() - y.min())
                      if x.size else QtCore.QRectF())
        self.update()

    def boundingRect(self) -> QtCore.QRectF:
        if self.x.size == 0:
            return QtCore.QRectF()
        # room for a dot's radius (in pixels) around the data, in data units
        px, py = self.pixelWidth() or 0.0, self.pixelHeight() or 0.0
        r = self._pen.widthF()
        return self._data.adjusted(-r * px, -r * py, r * px, r * py)

    def viewTransformChanged(self) -> None:
        self.prepareGeometryChange()  # the pixel padding of boundingRect changed

    def paint(self, painter, *args) -> None:
        if self.x.size == 0:
            return
        # on screen: a raster device that the world transform maps onto without further
        # scaling (the two transforms differ only by the widget's offset in its window)
        device, world = painter.deviceTransform(), painter.transform()
        on_screen = (painter.paintEngine().type() == QtGui.QPaintEngine.Type.Raster
                     and (device.m11(), device.m12(), device.m21(), device.m22())
                     == (world.m11(), world.m12(), world.m21(), world.m22()))
        # the points in the painter's (logical) pixels: a wide point drawn under the data
        # transform would be stretched into a dash along the more zoomed axis
        xy = pg.functions.transformCoordinates(painter.transform(),
                                               np.vstack([self.x, self.y]))
        xy = np.clip(xy, -2.0 ** 30, 2.0 ** 30)  # far off-screen points: no overflow in Qt
        painter.resetTransform()
        if not on_screen:
            points = pg.functions.create_qpolygonf(self.x.size)
            pg.functions.ndarray_from_qpolygonf(points)[:] = xy.T
            painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
            painter.setPen(self._pen)
            painter.drawPoints(points)
            return
        self._fragments.resize(self.x.size)
        frags = self._fragments.ndarray()
        side = self._sprite.width()
        frags[:, 0:2] = xy.T  # centre of each stamp, in device pixels
        frags[:, 2:6] = (0, 0, side, side)  # the whole sprite
        frags[:, 6:10] = (1.0, 1.0, 0.0, 1.0)  # scale x, scale y, rotation, opacity
        painter.drawPixmapFragments(*self._fragments.drawargs(), self._sprite)
