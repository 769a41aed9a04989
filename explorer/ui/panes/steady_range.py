"""An axis range that holds still while the data moves a little.

Auto-ranging refits an axis on every update, so while a slider is dragged the ticks and
grid jitter and every axis is redrawn, the bulk of a multi-plot update. A
SteadyRange keeps what is shown as long as the data stays inside it and fills at least
`min_fill` of it; otherwise it refits with `margin` of room on each side — LEAD times as
much on a side the data just crossed, since a drag tends to keep going that way (5.9's
curves drift by several times their spread over a slider's range). Each refit redraws the
axis and every item of its plot: in a 5.9 drag the refits were the slowest updates."""

from __future__ import annotations

import math

import numpy as np

LEAD = 8.0  # the margin on the side the data just crossed, in margins
FILL_AFTER = 0.5  # the data fills at least this much of a range refitted with a lead
ZOOM = 2.0  # a refit that changes the span by this factor or more is a zoom, not a pan


def finite_span(*arrays) -> tuple[float, float] | None:
    """(min, max) of the finite values of all `arrays`; None when none is finite (such a
    range must never reach a plot: pyqtgraph raises on it)."""
    values = np.concatenate([np.ravel(np.asarray(a, dtype=float)) for a in arrays])
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return None
    return float(finite.min()), float(finite.max())


class SteadyRange:
    def __init__(self, *, margin: float = 0.1, min_fill: float = 0.4):
        self.margin, self.min_fill = margin, min_fill
        self.shown: tuple[float, float] | None = None
        self._led = (False, False)  # the ends the last refit crossed

    def fit(self, lo: float, hi: float, *, floor: float | None = None) -> tuple[float, float]:
        """The range to show for data spanning [lo, hi] — while it holds, the very tuple
        `shown` (so `is` tells a refit). `floor` pins the lower end (e.g. 0 for a
        density) instead of padding below it."""
        if not (math.isfinite(lo) and math.isfinite(hi)):
            lo, hi = (0.0, 1.0) if self.shown is None else self.shown
        if hi < lo:
            lo, hi = hi, lo
        if floor is not None:
            lo = min(lo, floor)
        span = hi - lo
        below = above = 1.0
        if self.shown is not None:
            a, b = self.shown
            # (a single value fills no span: it is held while it stays inside)
            fill = self.min_fill * (b - a) * (1 - 1e-9)  # (rounding in a refit's pads)
            if a <= lo and hi <= b and (span == 0 or span >= fill):
                return self.shown
            side = (lo < a, hi > b)  # the ends the data crossed
            if side in ((True, False), (False, True)) and side[::-1] == self._led:
                side = (True, True)  # it swings from side to side: room on both
            below, above = (LEAD if side[0] else 1.0), (LEAD if side[1] else 1.0)
            self._led = side
            # the boost leaves the data filling at least FILL_AFTER (> min_fill: a refit
            # is not followed by a refit for filling too little); crossed at both ends, a
            # spread growing on both sides gets room on both
            most = (1.0 / FILL_AFTER - 1.0) / self.margin if self.margin > 0 else math.inf
            scale = min(1.0, most / (below + above))
            below, above = max(1.0, below * scale), max(1.0, above * scale)
        pad = self.margin * span if span > 0 else max(abs(hi), 1.0) * 0.5
        new = (lo if floor is not None and lo == floor else lo - below * pad, hi + above * pad)
        self.shown = new
        return new

    def fit_values(self, *arrays, floor: float | None = None) -> tuple[float, float]:
        """`fit` to the finite values of all `arrays` (numbers or array-likes)."""
        span = finite_span(*arrays)
        return self.fit(*(span or (math.nan, math.nan)), floor=floor)


def zoomed(old: tuple[float, float] | None, new: tuple[float, float]) -> bool:
    """Whether showing `new` instead of `old` rescales the axis (its span changes by ZOOM
    or more) rather than moves along it. A held axis narrows for new tick labels only
    after a zoom: while a drag pans the range, narrowing would shift the plot and the
    plots beside it (and redraw them all) at every refit."""
    if old is None:
        return True
    before, after = old[1] - old[0], new[1] - new[0]
    return not (before / ZOOM < after < before * ZOOM)
