"""A curve item whose bounds cost a few calls, not a hundred.

Qt asks an item for its bounds whenever its data or the view's transform changes, and
pyqtgraph's PlotCurveItem answers in Python with a general computation (NaN-aware minima
under a warnings filter, pen checks, pixel vectors of any rotation): about a hundred
Python calls each time, for every curve of a 5.9 update. This curve keeps the extent of
its finite coordinates from its last setData and pads it by its pen in pixels, read off
the device transform of an unrotated view (a plot's): all that a plot's curve with a
cosmetic pen needs (anything else gets pyqtgraph's answer)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

SCALE_ONLY = QtGui.QTransform.TransformationType.TxScale



class BoundedCurve(pg.PlotCurveItem):
    _extent: QtCore.QRectF | None = None  # of the finite points, in data units

    def updateData(self, *args, **kwargs) -> None:
        super().updateData(*args, **kwargs)
        x, y = self.xData, self.yData
        self._extent = None
        if x is None or y is None or not len(x) or not len(y):
            return
        fx, fy = x[np.isfinite(x)], y[np.isfinite(y)]  # (each on its own, as pyqtgraph)
        if fx.size and fy.size:
            x0, x1, y0, y1 = float(fx.min()), float(fx.max()), float(fy.min()), float(fy.max())
            self._extent = QtCore.QRectF(x0, y0, x1 - x0, y1 - y0)

    def boundingRect(self) -> QtCore.QRectF:
        if self._boundingRect is None:
            extent = self._extent
            if extent is None:
                return QtCore.QRectF()
            pen = self.opts["pen"]
            if pen is not None and not pen.isCosmetic():  # (padded in data units)
                return super().boundingRect()
            view = self.getViewWidget()
            pad = self.pixelPadding()
            px = py = 0.0
            if view is not None and pad > 0:
                transform = self.deviceTransform(view.viewportTransform())
                if transform.type().value > SCALE_ONLY.value or transform.determinant() == 0:
                    return super().boundingRect()  # (rotated, or not shown yet)
                px, py = pad / abs(transform.m11()), pad / abs(transform.m22())
            self._boundingRect = extent.adjusted(-px, -py, px, py)
        return self._boundingRect
