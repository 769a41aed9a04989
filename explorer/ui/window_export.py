"""What the window exports (File → Export pane/all panes, Ctrl+Shift+C): a fresh copy of
the pane or panes, made off-screen from the window's state at their on-screen sizes and
view ranges, under the header the command line gives. A copy has no hover readout,
cursor, drag highlight or pane mark, whatever the mouse is doing in the window."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from explorer.ui.export import build_export_widget

CLIPBOARD_SCALE = 2  # a copied pane has twice its on-screen size in pixels
ZOOMED = "zoomed_by_user"  # a view's property: the user zoomed or panned it


def export_frame(window, all_panes: bool) -> QtWidgets.QWidget:
    """The header and the current pane (or all panes) as the window shows them: the panes
    at their on-screen size. The caller deletes it (deleteLater)."""
    state = window.state
    name = None if all_panes else window.current_pane
    frame, grid = build_export_widget(state.exercise, state.inputs, name, theme=window.theme,
                                      views=state.views())
    frame.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen)
    shown = window.grid if all_panes else window.grid.panes[name]
    frame.show()
    for _ in range(3):  # the header's height depends on the width it wraps to
        QtWidgets.QApplication.processEvents()
        extra = shown.size() - grid.size()
        if extra.isNull():
            break
        frame.resize(frame.size() + extra)
    panes = window.grid.panes if all_panes else {name: shown}
    for pane_name, pane in panes.items():
        _copy_view_ranges(pane, grid.panes[pane_name])
    return frame


def _view_boxes(pane) -> list[pg.ViewBox]:
    """The views drawn in a pane (a plot widget, or a widget holding some)."""
    views = [pane] if isinstance(pane, pg.GraphicsView) else []
    views += pane.findChildren(pg.GraphicsView)
    return [item for view in views for item in view.scene().items()
            if isinstance(item, pg.ViewBox)]


def watch_zooms(grid) -> None:
    """Mark each view of the grid's panes that the user zooms or pans (property
    ZOOMED): the exports show those views as they are (other views are drawn afresh:
    a hover readout that resizes a plot must not change its export)."""
    for pane in grid.panes.values():
        for box in _view_boxes(pane):
            box.sigRangeChangedManually.connect(lambda *_a, b=box: b.setProperty(ZOOMED, True))


def _copy_view_ranges(source, target) -> None:
    """Zoomed or panned views are exported as they are shown (made alike, the two panes
    list their views in the same order; a pane that grew more views is left as drawn)."""
    boxes = _view_boxes(source)
    theirs = _view_boxes(target)
    if len(boxes) != len(theirs):
        return
    for box, copy in zip(boxes, theirs, strict=True):
        if box.property(ZOOMED):
            x, y = box.viewRange()
            copy.setRange(xRange=x, yRange=y, padding=0)


def copy_to_clipboard(window) -> QtCore.QSize:
    """The current pane, as exported, on the clipboard as an image; returns its size."""
    from explorer.ui.export import render_image

    frame = export_frame(window, all_panes=False)
    try:
        image = render_image(frame, frame.width() * CLIPBOARD_SCALE)
    finally:
        frame.close()
        frame.deleteLater()
    QtWidgets.QApplication.clipboard().setImage(image)
    return image.size()
