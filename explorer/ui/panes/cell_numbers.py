"""The numbers written into a small matrix's cells, as one item.

A text item per cell is laid out and painted separately on every update, a large share of
a small matrix's update. This item keeps each number's laid-out text and draws them all in
one paint, upright and at their pixel size whatever the view's scale, centred in the
cells of a matrix whose cell (i, j) spans [j, j + 1] × [i, i + 1] in the item's
coordinates (as the heat maps' images do). When the cells are too small for the largest
number and a gap beside it, none is drawn (the colours and the hover readout still give
the values)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from explorer.ui.panes.view_pixels import paint_in_view_pixels

# px a cell keeps free beside its number: neighbours' numbers never run together
# ("-0.620.041"), they are left out instead
GAP = 4.0
# px a number's box may exceed its cell's height by (its line spacing is not ink)
OVERHANG = 3.0


class CellNumbers(pg.GraphicsObject):
    def __init__(self):
        super().__init__()
        self.setZValue(4)  # above the image and a diagonal's outline
        self._font = QtGui.QFont()
        self._shown: tuple = ((), (), (0, 0))
        self._cells: list[tuple[QtCore.QPointF, QtGui.QStaticText, QtGui.QColor]] = []
        self._laid_out: dict[str, QtGui.QStaticText] = {}
        self._rect = QtCore.QRectF()

    def set_cells(self, texts: list[str], colours: list[str], shape: tuple[int, int]) -> None:
        """`texts` and `colours` row by row for the first len(texts) cells of a
        rows × cols matrix; an empty list clears the numbers."""
        shown = (tuple(texts), tuple(colours), tuple(shape))
        if shown == self._shown:
            return
        self._shown = shown
        rows, cols = shape
        laid_out = {text: self._laid_out.get(text) or self._lay_out(text) for text in texts}
        self._laid_out = laid_out  # (keeps the texts of the numbers now shown)
        self._cells = [(QtCore.QPointF(k % cols + 0.5, k // cols + 0.5), laid_out[text],
                        QtGui.QColor(colour))
                       for k, (text, colour) in enumerate(zip(texts, colours, strict=True))]
        rect = QtCore.QRectF(0.0, 0.0, cols, rows) if texts else QtCore.QRectF()
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect
        self.update()

    def texts(self) -> list[str]:
        return list(self._shown[0])

    def pixel_size(self) -> int:
        return self._font.pixelSize()

    def set_pixel_size(self, pixels: int) -> None:
        if self._font.pixelSize() == pixels:
            return
        self._font.setPixelSize(pixels)
        self._laid_out = {text: self._lay_out(text) for text in self._laid_out}
        self._cells = [(centre, self._laid_out[text.text()], colour)
                       for centre, text, colour in self._cells]
        self.update()

    def largest(self) -> tuple[float, float]:
        """Width and height in pixels of the widest and of the tallest number shown."""
        sizes = [text.size() for _, text, _ in self._cells]
        return (max((size.width() for size in sizes), default=0.0),
                max((size.height() for size in sizes), default=0.0))

    def fits(self, cell_width: float, cell_height: float) -> bool:
        """Whether the numbers are drawn in cells this many pixels wide and high."""
        width, height = self.largest()
        return width + GAP <= cell_width and height <= cell_height + OVERHANG

    def _lay_out(self, text: str) -> QtGui.QStaticText:
        static = QtGui.QStaticText(text)
        static.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        static.prepare(QtGui.QTransform(), self._font)
        return static

    def boundingRect(self) -> QtCore.QRectF:
        return QtCore.QRectF(self._rect)

    def paint(self, painter: QtGui.QPainter, *args) -> None:
        if not self._cells:
            return
        # (in the view's pixels: the numbers keep their size, upright in a y-inverted view)
        to_scene = self.sceneTransform()
        cell = to_scene.map(QtCore.QPointF(1.0, 1.0)) - to_scene.map(QtCore.QPointF(0.0, 0.0))
        if not self.fits(abs(cell.x()), abs(cell.y())):
            return  # numbers bigger than their cells would run into each other
        paint_in_view_pixels(self, painter)
        painter.setFont(self._font)
        for centre, text, colour in self._cells:
            at = to_scene.map(centre)
            size = text.size()
            painter.setPen(colour)
            painter.drawStaticText(QtCore.QPointF(at.x() - size.width() / 2,
                                                  at.y() - size.height() / 2), text)
