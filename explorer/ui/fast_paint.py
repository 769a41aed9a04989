"""Two things that keep a pane's update + repaint within a frame (measured with
`python -m explorer bench`):

1. pyqtgraph's text setters (LabelItem.setText, PlotItem.setTitle, PlotItem.setLabel,
   AxisItem.setLabel, AxisItem.setTicks) redo the HTML layout, resize the layout row and
   throw away the axis's drawing on every call, even when nothing changes. Panes set
   titles and labels on every update, so `install()` makes these return early when the
   call would change nothing. Calls that change something behave exactly as before.
2. An axis with a grid draws its grid lines (semi-transparent, across the whole plot) on
   every repaint: most of a curve pane's paint time. `install()` gives every AxisItem a
   device-coordinate pixmap cache, redrawn only when the axis changes (range, size, ticks,
   label). Exports must not use the pixmaps (an SVG would get bitmaps instead of lines and
   text, a wide PNG blurred ticks): `uncached(widget)` switches the caches off for a
   block, `uncache_until_idle(widget)` until the event loop next runs (what export's
   `_prepare` calls before every render).
"""

from __future__ import annotations

import contextlib
import functools

import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

_CACHE = QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache
_NO_CACHE = QtWidgets.QGraphicsItem.CacheMode.NoCache
_installed = False


def _label_set_text(original):
    @functools.wraps(original)
    def setText(self, text, **args):
        opts = dict(getattr(self, "opts", {}), **args)
        key = (text, tuple(sorted(opts.items(), key=lambda kv: kv[0])))
        if getattr(self, "_fp_shown", None) == key:
            return
        original(self, text, **args)
        self._fp_shown = key

    return setText


def _plot_set_title(original):
    @functools.wraps(original)
    def setTitle(self, title=None, **args):
        key = (title, tuple(sorted(args.items())))
        if title is not None and getattr(self, "_fp_title", None) == key and (
                self.titleLabel.text == title):
            return
        original(self, title, **args)
        self._fp_title = key

    return setTitle


def _same_axis_label(axis, text=None, units=None, unitPrefix=None,
                     siPrefixEnableRanges=None, unitPower=1, **kwargs) -> bool:
    return (axis.labelText == (text or "") and axis.labelUnits == (units or "")
            and axis.labelUnitPrefix == (unitPrefix or "") and axis.unitPower == unitPower
            and (not kwargs or axis.labelStyle == kwargs)
            and axis._siPrefixEnableRanges == siPrefixEnableRanges
            and axis.label.isVisibleTo(axis) == bool(text or units))


def _axis_set_label(original):
    @functools.wraps(original)
    def setLabel(self, *args, **kwargs):
        if not _same_axis_label(self, *args, **kwargs):
            original(self, *args, **kwargs)

    return setLabel


def _plot_set_label(original):
    """PlotItem.setLabel also shows the axis, which throws its drawing away."""

    @functools.wraps(original)
    def setLabel(self, axis, *args, **kwargs):
        item = self.getAxis(axis)
        if not (item.isVisibleTo(self) and _same_axis_label(item, *args, **kwargs)):
            original(self, axis, *args, **kwargs)

    return setLabel


def _axis_set_ticks(original):
    @functools.wraps(original)
    def setTicks(self, ticks):
        try:
            unchanged = ticks is not None and ticks == self._tickLevels
        except ValueError:  # arrays inside: compare nothing, just set
            unchanged = False
        if not unchanged:
            original(self, ticks)

    return setTicks


def _axis_init(original):
    @functools.wraps(original)
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.setCacheMode(_CACHE)

    return __init__


def install() -> None:
    """Patch pyqtgraph's classes once per process (idempotent)."""
    global _installed
    if _installed:
        return
    _installed = True
    pg.LabelItem.setText = _label_set_text(pg.LabelItem.setText)
    pg.PlotItem.setTitle = _plot_set_title(pg.PlotItem.setTitle)
    pg.AxisItem.setLabel = _axis_set_label(pg.AxisItem.setLabel)
    pg.PlotItem.setLabel = _plot_set_label(pg.PlotItem.setLabel)
    pg.AxisItem.setTicks = _axis_set_ticks(pg.AxisItem.setTicks)
    pg.AxisItem.__init__ = _axis_init(pg.AxisItem.__init__)


def _cached_items(widget: QtWidgets.QWidget) -> list:
    views = widget.findChildren(pg.GraphicsView)
    if isinstance(widget, pg.GraphicsView):
        views.append(widget)
    return [(item, item.cacheMode()) for view in views for item in view.scene().items()
            if item.cacheMode() != _NO_CACHE]


def _restore(switched) -> None:
    for item, mode in switched:
        with contextlib.suppress(RuntimeError):  # the item may be gone by then
            item.setCacheMode(mode)


@contextlib.contextmanager
def uncached(widget: QtWidgets.QWidget):
    """Within the block, every cached item under `widget` paints directly (for exports)."""
    switched = _cached_items(widget)
    for item, _mode in switched:
        item.setCacheMode(_NO_CACHE)
    try:
        yield
    finally:
        _restore(switched)


def uncache_until_idle(widget: QtWidgets.QWidget) -> None:
    """Switch the caches under `widget` off now and back on when the event loop next runs:
    for an export that renders right after this call."""
    switched = _cached_items(widget)
    for item, _mode in switched:
        item.setCacheMode(_NO_CACHE)
    if switched:
        QtCore.QTimer.singleShot(0, lambda: _restore(switched))
