"""A frame around the current pane: the one Export pane (Ctrl+E) and Copy pane
(Ctrl+Shift+C) take. Drawn by a widget over the pane's edge only (its mask is the frame),
so the pane's own repaints never repaint the mark."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

WIDTH = 3  # px of the frame


class PaneMarker(QtWidgets.QWidget):
    def __init__(self, grid: QtWidgets.QWidget, colour: QtGui.QColor):
        super().__init__(grid)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setObjectName("pane-marker")
        self.colour = QtGui.QColor(colour)
        self._pane: QtWidgets.QWidget | None = None
        self.hide()

    def follow(self, pane: QtWidgets.QWidget | None) -> None:
        """Mark `pane` (None: no pane)."""
        if self._pane is not None:
            self._pane.removeEventFilter(self)
        self._pane = pane
        if pane is not None:
            pane.installEventFilter(self)
        self._place()

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QtCore.QEvent.Type.Resize, QtCore.QEvent.Type.Move,
                            QtCore.QEvent.Type.Show, QtCore.QEvent.Type.Hide):
            self._place()
        return False

    def _place(self) -> None:
        pane = self._pane
        if pane is None or not pane.isVisibleTo(self.parentWidget()):
            self.hide()
            return
        rect = pane.geometry()
        self.setGeometry(rect)
        outer = QtGui.QRegion(0, 0, rect.width(), rect.height())
        inner = QtGui.QRegion(WIDTH, WIDTH, rect.width() - 2 * WIDTH, rect.height() - 2 * WIDTH)
        self.setMask(outer.subtracted(inner))
        self.raise_()
        self.show()

    def paintEvent(self, _event) -> None:
        QtGui.QPainter(self).fillRect(self.rect(), self.colour)
