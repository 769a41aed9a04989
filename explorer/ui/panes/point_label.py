"""Text pinned to a point of a plot: a light stand-in for pyqtgraph's TextItem.

The labels beside a dragged point read it out, so their text changes on every update. A
TextItem lays new text out in a QTextDocument and redraws its pixmap cache on every
change; this item only shapes the new text, which any label must do. It keeps each line as a
QStaticText and draws the lines upright and at their pixel size whatever the view's
scale. The point is the item's origin (`setPos` in the plot's units); the anchor places
the text box around it as a fraction of the box's size, as TextItem's does: (0, 0) puts
the box's top left at the point, (0.5, 1) centres the box above it."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from explorer.ui.panes.view_pixels import paint_in_view_pixels

MARGIN = 4.0  # px between the text and its box's edge (a TextItem's document margin)


class PointLabel(pg.GraphicsObject):
    wanted = True  # whether its pane means to show it (when there is room for it)

    def __init__(self, color="k", anchor=(0.0, 0.0), fill=None):
        super().__init__()
        self._font = QtGui.QFont()
        self._line_height = QtGui.QFontMetricsF(self._font).height()
        self._text = ""
        self._lines: list[QtGui.QStaticText] = []
        self._width = -1.0  # the box's width to wrap the text in; -1: no wrapping
        self._size = QtCore.QSizeF(2 * MARGIN, 2 * MARGIN)
        self._colour = pg.mkColor(color)
        self._anchor = (float(anchor[0]), float(anchor[1]))
        self._fill = pg.mkBrush(fill) if fill is not None else None
        self._bounds: QtCore.QRectF | None = None  # boundingRect, until the next change

    # --- what TextItem offered ---------------------------------------------------------
    def setText(self, text: str, color=None) -> None:
        if color is not None:
            self.setColor(color)
        if text != self._text:
            self._text = text
            self._lay_out()

    def toPlainText(self) -> str:
        return self._text

    def text_colour(self) -> QtGui.QColor:
        return QtGui.QColor(self._colour)

    def setColor(self, color) -> None:
        colour = pg.mkColor(color)
        if colour != self._colour:
            self._colour = colour
            self.update()

    @property
    def anchor(self) -> tuple[float, float]:
        return self._anchor

    def setAnchor(self, anchor) -> None:
        anchor = (float(anchor[0]), float(anchor[1]))
        if anchor != self._anchor:
            self._geometry_changes()
            self._anchor = anchor
            self.update()

    def textWidth(self) -> float:
        return self._width

    def setTextWidth(self, width: float) -> None:
        """Wrap the text at its spaces to keep the box within `width` px (-1: never)."""
        if width != self._width:
            self._width = float(width)
            self._lay_out()

    # --- geometry ----------------------------------------------------------------------
    def text_size(self) -> QtCore.QSizeF:
        """The box's size in pixels (the text and its margin)."""
        return QtCore.QSizeF(self._size)

    def text_scene_rect(self) -> QtCore.QRectF:
        """The box in scene coordinates, where it is drawn."""
        at = self.sceneTransform().map(QtCore.QPointF(0.0, 0.0))
        return self._box(at)

    def _box(self, at: QtCore.QPointF) -> QtCore.QRectF:
        w, h = self._size.width(), self._size.height()
        return QtCore.QRectF(at.x() - self._anchor[0] * w, at.y() - self._anchor[1] * h, w, h)

    def _lay_out(self) -> None:
        wrap = self._width - 2 * MARGIN if self._width > 0 else -1.0
        self._lines = []
        width = height = 0.0
        for line in self._text.split("\n") if self._text else []:
            static = QtGui.QStaticText(line)
            static.setTextFormat(QtCore.Qt.TextFormat.PlainText)
            if wrap > 0:
                static.setTextWidth(wrap)
            static.prepare(QtGui.QTransform(), self._font)
            size = static.size()
            width = max(width, size.width())
            height += max(size.height(), self._line_height)
            self._lines.append(static)
        self._geometry_changes()
        self._size = QtCore.QSizeF(width + 2 * MARGIN, height + 2 * MARGIN)
        self.update()

    def _geometry_changes(self) -> None:
        self.prepareGeometryChange()
        self._bounds = None

    def boundingRect(self) -> QtCore.QRectF:
        if self._bounds is None:
            self._bounds = self._bounding_rect()
        return QtCore.QRectF(self._bounds)

    def _bounding_rect(self) -> QtCore.QRectF:
        # The box in the plot's units, made symmetric about the point: the view may be
        # flipped, and a slightly larger rectangle only widens the repainted region.
        px, py = self.pixelWidth() or 0.0, self.pixelHeight() or 0.0
        if not self._lines or px <= 0 or py <= 0:
            return QtCore.QRectF()
        ax, ay = self._anchor  # (and a pixel for the edge's antialiasing)
        rx = (max(abs(ax), abs(1 - ax)) * self._size.width() + 1) * px
        ry = (max(abs(ay), abs(1 - ay)) * self._size.height() + 1) * py
        return QtCore.QRectF(-rx, -ry, 2 * rx, 2 * ry)

    def viewTransformChanged(self) -> None:
        super().viewTransformChanged()
        self._geometry_changes()  # the box's size in the plot's units changed

    def paint(self, painter: QtGui.QPainter, *args) -> None:
        if not self._lines:
            return
        to_scene = paint_in_view_pixels(self, painter)
        box = self._box(to_scene.map(QtCore.QPointF(0.0, 0.0)))
        if self._fill is not None:
            painter.fillRect(box, self._fill)
        painter.setFont(self._font)
        painter.setPen(self._colour)
        y = box.top() + MARGIN
        for line in self._lines:
            painter.drawStaticText(QtCore.QPointF(box.left() + MARGIN, y), line)
            y += max(line.size().height(), self._line_height)
