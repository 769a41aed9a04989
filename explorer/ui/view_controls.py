"""What the window adds to its panes for looking around: a "Reset view" button in the
bottom right corner of each pane that can be moved (beside the x axis's name: the title
keeps its room), and the x axes of the curve panes that share one (f and f′) linked, so
that zooming one zooms the other."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from explorer.ui.panes.curves import CurvesPane

MARGIN = 4  # px between the button and the pane's edges


class ResetViewButton(QtWidgets.QToolButton):
    """Over the bottom right corner of `pane`, as a child of `host` (an ancestor of the pane,
    not the pane: an export of the pane never shows it); it follows the pane's place and
    visibility."""

    def __init__(self, pane: QtWidgets.QWidget, host: QtWidgets.QWidget, on_click):
        super().__init__(host)
        self.pane = pane
        self.setText("⟲ Reset view")
        self.setToolTip("Back to the automatic view of this pane (Ctrl+0)")
        self.setAccessibleName(f"Reset view of {pane.accessibleName()}")
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # (Ctrl+0 from the keyboard)
        self.setAutoRaise(False)
        self.clicked.connect(on_click)
        pane.installEventFilter(self)
        pane.destroyed.connect(self.deleteLater)
        self.place()

    def eventFilter(self, obj, event):
        if event.type() in (QtCore.QEvent.Type.Move, QtCore.QEvent.Type.Resize,
                            QtCore.QEvent.Type.Show, QtCore.QEvent.Type.Hide):
            self.place()
        return False

    def place(self) -> None:
        host, pane = self.parentWidget(), self.pane
        shown = pane.isVisibleTo(host) and host.isAncestorOf(pane)
        self.setVisible(shown)
        if not shown:
            return
        corner = pane.mapTo(host, QtCore.QPoint(pane.width(), pane.height()))
        self.adjustSize()
        self.move(corner.x() - self.width() - MARGIN, corner.y() - self.height() - MARGIN)
        self.raise_()


def view_boxes(pane: QtWidgets.QWidget) -> list[pg.ViewBox]:
    """The view boxes of a pane (a plot widget itself, or a widget holding some)."""
    views = ([pane] if isinstance(pane, QtWidgets.QGraphicsView)
             else pane.findChildren(QtWidgets.QGraphicsView))
    return [item for view in views for item in view.scene().items()
            if isinstance(item, pg.ViewBox)]


def reset_view(window, name: str) -> None:
    """Pane `name` back to its automatic view (a view that fixes its range, as the Taylor
    pane's y, sets it again at the redraw)."""
    window.kept.forget_view(name)
    boxes = view_boxes(window.grid.panes[name])
    for box in boxes:
        box.enableAutoRange()
    window.grid.update_views(window.state.views())
    for box in boxes:  # fitted now, not at the next paint
        box.updateAutoRange()


def movable(pane) -> bool:
    """Whether the mouse can pan or zoom any of the pane's plots (else it needs no
    button: a product of matrices is shown as it is)."""
    return any(any(box.state["mouseEnabled"]) for box in view_boxes(pane))


def link_x_axes(grid) -> None:
    """Curve panes whose x axes have the same name zoom and pan together in x."""
    first: dict[str, CurvesPane] = {}
    for pane in grid.panes.values():
        if isinstance(pane, CurvesPane):
            label = pane.plot.getAxis("bottom").labelText
            leader = first.setdefault(label, pane)
            if leader is not pane and label:
                pane.plot.setXLink(leader.plot)


class ViewControls(QtCore.QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.buttons: dict[str, ResetViewButton] = {}
        window.exercise_changed.connect(self._decorate)

    def _decorate(self, *_args) -> None:
        w = self.window
        self.buttons = {name: ResetViewButton(pane, w.panes_host,
                                              lambda _=False, n=name: reset_view(w, n))
                        for name, pane in w.grid.panes.items() if movable(pane)}
        link_x_axes(w.grid)

    def reset_current(self) -> None:
        """Ctrl+0: the pane last clicked or reached by Tab."""
        if self.window.current_pane in self.window.grid.panes:
            reset_view(self.window, self.window.current_pane)
