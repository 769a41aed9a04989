"""Many equal dots, drawn as one pre-rendered dot stamped at every point.

pyqtgraph's ScatterPlotItem styles every spot separately: for the 2000 drawn samples of
5.9 (E = 2) that per-spot bookkeeping costs more than the rest of the pane's update.
Here all dots share one style, so new points are just kept as arrays. On a raster device
(a screen, high-DPI or not, or a PNG) one drawPixmapFragments call stamps a dot rendered
at the device's pixel ratio (cheaper than antialiasing each wide point); an SVG gets real
round points, so that it stays vector graphics."""

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
        self._sprites: dict[float, QtGui.QPixmap] = {}  # pixel ratio → the dot
        self._fragments = pg.Qt.internals.PrimitiveArray(QtGui.QPainter.PixmapFragment, 10)

    def _sprite(self, ratio: float) -> QtGui.QPixmap:
        """The dot, `size` logical pixels wide, drawn at `ratio` device pixels per pixel."""
        if ratio not in self._sprites:
            size = self.opts["size"]
            side = np.ceil(size) + 2  # one pixel of antialiasing room around the dot
            pixmap = QtGui.QPixmap(int(np.ceil(side * ratio)), int(np.ceil(side * ratio)))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(QtCore.Qt.GlobalColor.transparent)
            painter = QtGui.QPainter(pixmap)
            painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            painter.setPen(QtCore.Qt.PenStyle.NoPen)
            painter.setBrush(self.opts["brush"])
            painter.drawEllipse(QtCore.QRectF((side - size) / 2, (side - size) / 2, size, size))
            painter.end()
            self._sprites[ratio] = pixmap
        return self._sprites[ratio]

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
        super().viewTransformChanged()
        self.prepareGeometryChange()  # the pixel padding of boundingRect changed

    def paint(self, painter, *args) -> None:
        if self.x.size == 0:
            return
        ratio = _pixel_ratio(painter)
        # the points in the painter's (logical) pixels: a wide point drawn under the data
        # transform would be stretched into a dash along the more zoomed axis
        xy = pg.functions.transformCoordinates(painter.transform(),
                                               np.vstack([self.x, self.y]))
        xy = np.clip(xy, -2.0 ** 30, 2.0 ** 30)  # far off-screen points: no overflow in Qt
        painter.resetTransform()
        if ratio is None:
            points = pg.functions.create_qpolygonf(self.x.size)
            pg.functions.ndarray_from_qpolygonf(points)[:] = xy.T
            painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
            painter.setPen(self._pen)
            painter.drawPoints(points)
            return
        sprite = self._sprite(ratio)
        self._fragments.resize(self.x.size)
        frags = self._fragments.ndarray()
        frags[:, 0:2] = xy.T  # centre of each stamp, in logical pixels
        frags[:, 2:6] = (0, 0, sprite.width(), sprite.height())  # the whole sprite
        frags[:, 6:10] = (1 / ratio, 1 / ratio, 0.0, 1.0)  # scale x, y, rotation, opacity
        painter.drawPixmapFragments(*self._fragments.drawargs(), sprite)


def _pixel_ratio(painter) -> float | None:
    """Device pixels per logical pixel when the painter draws onto a raster device with a
    uniform scale beyond its world transform (a screen, high-DPI or not, or a PNG rendered
    larger); None otherwise (an SVG, a rotated or sheared view)."""
    if painter.paintEngine().type() != QtGui.QPaintEngine.Type.Raster:
        return None
    device, world = painter.deviceTransform(), painter.transform()
    if device.m12() or device.m21() or world.m12() or world.m21():
        return None
    if not (world.m11() and world.m22()):
        return None
    rx, ry = device.m11() / world.m11(), device.m22() / world.m22()
    return round(rx, 6) if rx > 0 and abs(rx - ry) <= 1e-9 * rx else None
