"""Undo and redo of one exercise's parameter changes (and its extra tangents).

A `History` follows a ParamState's change events and keeps what the state was before
each step. Changes of the same parameter close together in time (a slider dragged, an
arrow key held), or made while `holding()` says a mouse button is down, are one step:
undo goes back to where the drag began, not one pixel. Pure Python; the clock and the
"holding" test are given, so that tests drive them."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from explorer.core.params import Inputs
from explorer.core.state import ParamState, _same

PAUSE_S = 1.0  # changes of the same parameter closer together than this are one step
LIMIT = 200  # steps kept


@dataclass(frozen=True)
class Snapshot:
    given: Inputs
    tangents: tuple[float, ...]


def snapshot(state: ParamState) -> Snapshot:
    return Snapshot(dict(state.given), tuple(state.tangents))


def changed_keys(a: Snapshot, b: Snapshot) -> frozenset[str]:
    """The names that differ between two snapshots ('tangents' when one was added or
    removed, 'tangent[k]' when one moved)."""
    keys = {k for k in a.given.keys() | b.given.keys()
            if k not in a.given or k not in b.given or not _same(a.given[k], b.given[k])}
    if len(a.tangents) != len(b.tangents):
        keys.add("tangents")
    else:
        keys |= {f"tangent[{k}]" for k, (s, t) in enumerate(zip(a.tangents, b.tangents,
                                                                 strict=True)) if s != t}
    return frozenset(keys)


class History:
    def __init__(self, state: ParamState, clock: Callable[[], float] = time.monotonic,
                 holding: Callable[[], bool] = lambda: False):
        self.clock, self.holding = clock, holding
        self._undo: list[Snapshot] = []
        self._redo: list[Snapshot] = []
        self._restoring = False
        self._keys: frozenset[str] = frozenset()  # what the last step changed
        self._when = -float("inf")  # and when it last changed it
        self.state: ParamState | None = None
        self.attach(state)

    def attach(self, state: ParamState) -> None:
        """Follow `state` (a new state of the same exercise, when it is opened again)."""
        if self.state is not None:
            self.state.unsubscribe(self._changed)
        self.state = state
        self._now = snapshot(state)
        self._keys = frozenset()
        state.subscribe(self._changed)

    def _changed(self, _what: str) -> None:
        if self._restoring or self.state is None:
            return
        now = snapshot(self.state)
        keys = changed_keys(self._now, now)
        if not keys:
            return
        t = self.clock()
        # (a tangent added or removed, or a reset, is a step of its own)
        same_gesture = (keys == self._keys and "tangents" not in keys
                        and (self.holding() or t - self._when < PAUSE_S))
        if not (same_gesture and self._undo):
            self._undo.append(self._now)
            del self._undo[:-LIMIT]
        self._redo.clear()
        self._now, self._keys, self._when = now, keys, t

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> bool:
        """Back one step; False if there is none."""
        if not self._undo:
            return False
        self._redo.append(self._now)
        self._restore(self._undo.pop())
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        self._undo.append(self._now)
        self._restore(self._redo.pop())
        return True

    def _restore(self, snap: Snapshot) -> None:
        assert self.state is not None
        self._restoring = True
        try:
            self.state.restore(dict(snap.given), list(snap.tangents))
        finally:
            self._restoring = False
        self._now, self._keys = snap, frozenset()
