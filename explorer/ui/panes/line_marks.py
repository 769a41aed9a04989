"""Whole rows and columns of a matrix plot outlined, at least MIN_PX pixels across on
screen: a row of a 1000 × 1000 matrix is a pixel high (or less), so its outline is
widened around it and the row itself stays visible between the two lines. Cell (i, j)
spans [j, j + 1] × [i, i + 1] in the item's coordinates, as the heat maps' images do;
everything is drawn inside the matrix's rectangle (its bounds need no pixel sizes)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from explorer.ui.panes.view_pixels import paint_in_view_pixels

MIN_PX = 9.0  # px an outlined row or column spans at least
PEN_PX = 2.0


class LineMarks(pg.GraphicsObject):
    def __init__(self, colour):
        super().__init__()
        self._pen = QtGui.QPen(pg.mkColor(colour), PEN_PX)
        self._pen.setJoinStyle(QtCore.Qt.PenJoinStyle.MiterJoin)
        self._shown: tuple = ((), (), (0, 0))

    def set_lines(self, rows, cols, shape: tuple[int, int]) -> None:
        """Outline these rows and columns (0-based) of a rows × cols matrix."""
        shown = (tuple(rows), tuple(cols), tuple(shape))
        if shown == self._shown:
            return
        if shown[2] != self._shown[2]:
            self.prepareGeometryChange()
        self._shown = shown
        self.update()

    def boundingRect(self) -> QtCore.QRectF:
        rows, cols = self._shown[2]
        return QtCore.QRectF(0.0, 0.0, cols, rows)  # (the lines are drawn inside it)

    def paint(self, painter: QtGui.QPainter, *args) -> None:
        marked_rows, marked_cols, (rows, cols) = self._shown
        if not (marked_rows or marked_cols):
            return
        to_scene = paint_in_view_pixels(self, painter)
        inset = PEN_PX / 2  # the lines' outer edges stay inside the matrix
        whole = to_scene.mapRect(QtCore.QRectF(0.0, 0.0, cols, rows)).adjusted(
            inset, inset, -inset, -inset)
        painter.setPen(self._pen)
        painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        for i in marked_rows:
            band = to_scene.mapRect(QtCore.QRectF(0.0, i, cols, 1.0))
            top, bottom = _span(band.top(), band.bottom(), whole.top(), whole.bottom())
            painter.drawRect(QtCore.QRectF(whole.left(), top, whole.width(), bottom - top))
        for j in marked_cols:
            band = to_scene.mapRect(QtCore.QRectF(j, 0.0, 1.0, rows))
            left, right = _span(band.left(), band.right(), whole.left(), whole.right())
            painter.drawRect(QtCore.QRectF(left, whole.top(), right - left, whole.height()))


def _span(start: float, stop: float, lo: float, hi: float) -> tuple[float, float]:
    """[start, stop] widened to MIN_PX around its middle, kept inside [lo, hi]."""
    if stop - start >= MIN_PX:
        return max(start, lo), min(stop, hi)
    middle = (start + stop) / 2
    start, stop = middle - MIN_PX / 2, middle + MIN_PX / 2
    shift = max(lo - start, 0.0) - max(stop - hi, 0.0)
    return start + shift, stop + shift
