"""Curves and markers that a pane sets on every update but that often stay the same (5.1's
f beside its moving tangent): given the numbers they already show they do nothing, and
they then paint from a pixmap (a blit) until their numbers change again."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from explorer.ui.panes.pixmap_cache import cache


def same_numbers(a, b) -> bool:
    """`a` holds the numbers of the float array `b` (NaN equal to NaN)."""
    if b is None:
        return False
    if _same_read_only_memory(a, b):
        return True
    try:
        return np.array_equal(np.asarray(a, dtype=float), b, equal_nan=True)
    except (TypeError, ValueError):
        return False


def _same_read_only_memory(a, b) -> bool:
    """`b` is a view of the very numbers `a` holds, and `a` cannot change (a core cache's
    read-only arrays): equal without comparing them."""
    return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and not a.flags.writeable
            and a.dtype == b.dtype and a.shape == b.shape and a.strides == b.strides
            and a.__array_interface__["data"][0] == b.__array_interface__["data"][0])


class Curve(pg.PlotDataItem):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None  # (x, y, options) as last shown

    def show_data(self, x, y, **options) -> bool:
        """setData(x, y, **options) unless that is what is shown. True if it was set."""
        shown = self._shown
        if (shown is not None and shown[2] == options and same_numbers(x, shown[0])
                and same_numbers(y, shown[1])):
            cache(self.curve)
            return False
        cache(self.curve, False)  # (a changing curve: drawn directly, no extra blit)
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        self.setData(x, y, **options)
        self._shown = (x, y, options)
        return True

    def show_pen(self, pen) -> None:
        """setPen(pen) unless the curve has that pen."""
        current = self.opts.get("pen")
        if not (current is pen or current == pen):
            self.setPen(pen)


class Scatter(pg.ScatterPlotItem):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None

    def show_points(self, x, y) -> bool:
        """setData(x, y) unless those are the points shown (a marker's paint in Python
        costs far more than its cached blit). True if they were set."""
        shown = self._shown
        if shown is not None and same_numbers(x, shown[0]) and same_numbers(y, shown[1]):
            cache(self)
            return False
        cache(self, False)
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        self.setData(x, y)
        self._shown = (x, y)
        return True
