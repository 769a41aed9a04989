"""Pixmap caches of the panes' items, and how exports get around them.

Items that change far less often than they are repainted (axes with their grid lines,
titles, legends, an unchanged curve) keep their drawing in a device-coordinate pixmap:
a repaint is then a blit. Each item is given its cache where it is made (`cache`). An
export must not use the pixmaps (an SVG would get bitmaps instead of lines and text, a
wide PNG blurred ticks): `uncached(widget)` switches every cache under the widget off for
a block, `uncache_until_idle(widget)` until the event loop next runs."""

from __future__ import annotations

import contextlib

import pyqtgraph as pg
import shiboken6
from PySide6 import QtCore, QtWidgets

CACHE = QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache
NO_CACHE = QtWidgets.QGraphicsItem.CacheMode.NoCache


def cache(item: QtWidgets.QGraphicsItem, cached: bool = True) -> None:
    """Paint `item` from a pixmap (or, with cached=False, directly)."""
    mode = CACHE if cached else NO_CACHE
    if item.cacheMode() != mode:  # setting even the same mode throws the pixmap away
        item.setCacheMode(mode)


def _cached_items(widget: QtWidgets.QWidget) -> list:
    views = widget.findChildren(pg.GraphicsView)
    if isinstance(widget, pg.GraphicsView):
        views.append(widget)
    return [(item, item.cacheMode()) for view in views for item in view.scene().items()
            if item.cacheMode() != NO_CACHE]


def _restore(switched) -> None:
    for item, mode in switched:
        if shiboken6.isValid(item):  # the export's widget may be gone by then
            item.setCacheMode(mode)


@contextlib.contextmanager
def uncached(widget: QtWidgets.QWidget):
    """Within the block, every cached item under `widget` paints directly."""
    switched = _cached_items(widget)
    for item, _mode in switched:
        item.setCacheMode(NO_CACHE)
    try:
        yield
    finally:
        _restore(switched)


def uncache_until_idle(widget: QtWidgets.QWidget) -> None:
    """Switch the caches under `widget` off now and back on when the event loop next runs:
    for an export that renders right after this call."""
    switched = _cached_items(widget)
    for item, _mode in switched:
        item.setCacheMode(NO_CACHE)
    if switched:
        QtCore.QTimer.singleShot(0, widget, lambda: _restore(switched))
