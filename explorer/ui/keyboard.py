"""The window from the keyboard: Tab goes picker → parameters → panes → math panel, and
the widget that Tab (or a shortcut) reached wears a ring that can be seen on any widget,
a pane included (the style's own focus marks are faint or missing on sliders and plots)."""

from __future__ import annotations

from itertools import pairwise

import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets

Reason = QtCore.Qt.FocusReason
# focus that came from the keyboard: shown with the ring (a click needs none)
KEYBOARD = (Reason.TabFocusReason, Reason.BacktabFocusReason, Reason.ShortcutFocusReason)
RING_PX = 3


class FocusRing(QtWidgets.QWidget):
    """A frame drawn inside the edge of the widget it is laid over: as the widget's child
    (so it moves and scrolls with it), or over a pane as a child of the panes' host (an
    export of the pane never shows it). It takes no clicks and no focus."""

    def __init__(self, colour: QtGui.QColor, parent=None):
        super().__init__(parent)
        self.colour = colour
        self.worn: QtWidgets.QWidget | None = None
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.hide()

    def wear(self, widget: QtWidgets.QWidget, host: QtWidgets.QWidget | None = None) -> None:
        host = host or widget
        self.worn = widget
        if self.parentWidget() is not host:
            self.setParent(host)
        self.setGeometry(QtCore.QRect(widget.mapTo(host, QtCore.QPoint(0, 0)), widget.size()))
        self.raise_()
        self.show()

    def paintEvent(self, _event) -> None:
        painter = QtGui.QPainter(self)
        pen = QtGui.QPen(self.colour, RING_PX)
        pen.setJoinStyle(QtCore.Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = RING_PX // 2
        painter.drawRect(self.rect().adjusted(half, half, -half - 1, -half - 1))


def focusable(root: QtWidgets.QWidget | None) -> list[QtWidgets.QWidget]:
    """The widgets under `root` that Tab stops at, in the order they were made (the
    order of the rows they are in)."""
    if root is None:
        return []
    window = root.window()
    return [w for w in root.findChildren(QtWidgets.QWidget)
            if w.focusPolicy() & QtCore.Qt.FocusPolicy.TabFocus and not w.isHidden()
            and w.window() is window]  # (not a combo box's list: a popup of its own)


class Keyboard(QtCore.QObject):
    """Keeps the window's Tab order, and the ring on the widget that Tab reached."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.ring_colour = QtWidgets.QApplication.palette().color(
            QtGui.QPalette.ColorRole.Highlight)
        self._ring: FocusRing | None = None
        window.params_area.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # (its controls do)
        window.exercise_changed.connect(self.chain)

    def chain(self, *_args) -> None:
        """Set the Tab order: the picker, the parameter column (sliders, then the tangent
        rows), the panes in the grid's order, the math panel. Called again when controls
        are added (a vector's sliders rebuilt, a tangent row added)."""
        w = self.window
        for part in (w.params_panel, w.tangents_box):
            if part is not None and not part.property("chained"):
                part.controls_changed.connect(self.chain)
                part.setProperty("chained", True)
                if part is w.tangents_box:  # its x boxes move the tangents
                    part.move_requested.connect(
                        lambda k, x: w.set_param(f"tangent[{k}]", x))
        order = [w.picker, *focusable(w.params_area.widget()), *w.grid.panes.values(),
                 *focusable(w.math_host)]
        for a, b in pairwise(order):
            QtWidgets.QWidget.setTabOrder(a, b)
        for widget in order:
            widget.installEventFilter(self)  # (a filter installed twice runs once)

    def ring(self) -> FocusRing:
        if self._ring is None or not shiboken6.isValid(self._ring):  # (gone with a pane)
            self._ring = FocusRing(self.ring_colour, self.window)
        return self._ring

    def eventFilter(self, obj, event):
        kind = event.type()
        if kind == QtCore.QEvent.Type.FocusIn:
            if event.reason() in KEYBOARD:
                self.ring().wear(obj, self._host(obj))
            else:
                self.ring().hide()
        elif kind == QtCore.QEvent.Type.FocusOut:
            self.ring().hide()
        elif kind in (QtCore.QEvent.Type.Resize, QtCore.QEvent.Type.Move):
            ring = self.ring()
            if ring.isVisible() and ring.worn is obj:
                ring.wear(obj, self._host(obj))
        return False

    def _host(self, widget) -> QtWidgets.QWidget | None:
        host = self.window.panes_host
        return host if host.isAncestorOf(widget) else None
