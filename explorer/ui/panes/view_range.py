"""A view box's range, set again only when it would change.

pyqtgraph's `ViewBox.setRange` recomputes the view range and announces a state change on
every call, even one that changes nothing: a pane that sets the same (steady) range on
every update paid for that on every update. A `ShownRange` remembers what its last call
asked for and left in place, and skips a call that asks for the same while the view
still shows it (a user's pan or zoom in between is undone as before)."""

from __future__ import annotations

import pyqtgraph as pg


class ShownRange:
    def __init__(self, view: pg.ViewBox):
        self.view = view
        self._last: tuple | None = None  # (request, target range it left)

    def show(self, x=None, y=None, padding: float = 0.0) -> bool:
        """view.setRange(xRange=x, yRange=y, padding=padding) unless it would change
        nothing. True if it was set."""
        request = (None if x is None else tuple(x), None if y is None else tuple(y), padding)
        state = self.view.state
        if (self._last is not None and self._last[0] == request
                and self._last[1] == state["targetRange"]
                and not any(state["autoRange"][axis] is not False
                            for axis, given in enumerate(request[:2]) if given is not None)):
            return False
        self.view.setRange(xRange=x, yRange=y, padding=padding)
        self._last = (request, [list(r) for r in state["targetRange"]])
        return True
