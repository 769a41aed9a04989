"""The parameter state of one exercise in the window: what the user set, and the full
inputs resolved from it. Pure Python; it tells its subscribers what changed, once per
change (the window's panes, parameter panel and status bar follow it that way)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from explorer.core import params as P
from explorer.core.errors import InputError
from explorer.core.exercise import Exercise
from explorer.core.params import Inputs
from explorer.core.views import View

if TYPE_CHECKING:
    from explorer.core.scalar import ScalarExercise

_COMPONENT = re.compile(r"^(\w+)\[(\d+)\]$")

# What a change event says changed
INPUTS = "inputs"  # a parameter, and so the inputs resolved from it
TANGENTS = "tangents"  # the extra tangent points
RESET = "reset"  # everything back to the defaults


class ParamState:
    def __init__(self, exercise: Exercise, given: Inputs | None = None):
        self.exercise = exercise
        self.given: Inputs = {}
        self.inputs: Inputs = {}
        self.problem: str = ""  # why the current inputs are outside the domain, if they are
        self.tangents: list[float] = []  # extra tangent points (scalar exercises)
        self._subscribers: list[Callable[[str], None]] = []
        for name, value in (given or {}).items():
            self.given[name] = P.coerce(exercise.param(name), value)
        self._resolve()

    def subscribe(self, callback: Callable[[str], None]) -> None:
        """Call `callback(what)` after each change; `what` is INPUTS, TANGENTS or RESET."""
        self._subscribers.append(callback)

    def unsubscribe(self, callback: Callable[[str], None]) -> None:
        self._subscribers.remove(callback)

    def _changed(self, what: str) -> None:
        for callback in list(self._subscribers):
            callback(what)

    def _resolve(self) -> None:
        self.inputs = self.exercise.resolve(self.given)
        try:
            self.exercise.check_domain(self.inputs)
            self.problem = ""
        except InputError as exc:
            self.problem = str(exc)

    def set(self, name: str, value: Any) -> bool:
        """Set a parameter (or a vector component, 'x[1]'). Returns True if anything
        changed. Raises InputError for an unknown name or an invalid value."""
        match = _COMPONENT.match(name)
        if match and match.group(1) == "tangent" and self.exercise.supports_tangents:
            index = int(match.group(2))
            if index >= len(self.tangents):
                raise InputError(f"there is no tangent {index + 2}")
            value = P.coerce(self.exercise.param("x"), value)
            if self.tangents[index] == value:
                return False
            self.tangents[index] = value
            self._changed(TANGENTS)
            return True
        if match:
            base, index = match.group(1), int(match.group(2))
            vector = np.array(self.inputs[self.exercise.param(base).name], dtype=float)
            if index >= vector.size:
                raise InputError(f"{base} has no component {index}")
            try:
                vector[index] = float(value)
            except (TypeError, ValueError):
                raise InputError(f"{base}[{index}] must be a number, got {value!r}") from None
            name, value = base, vector
        param = self.exercise.param(name)
        value = P.coerce(param, value)
        old = self.inputs.get(name)
        if _same(old, value):
            return False
        before = dict(self.given)
        self.given[name] = value
        if param.kind == P.INT:
            self._drop_dependents(name)
        try:
            self._resolve()
        except BaseException:  # a set that cannot be resolved leaves the state as it was
            self.given = before
            raise
        self._changed(INPUTS)
        return True

    def _drop_dependents(self, name: str) -> None:
        """A new size redraws the arrays it sizes; a new seed redraws the arrays drawn
        from it (those without a fixed default), keeping what the user set by hand on
        arrays that have one."""
        for p in self.exercise.params:
            if p.kind not in (P.VECTOR, P.MATRIX):
                continue
            if name in p.shape or (name == "seed" and p.default is None):
                self.given.pop(p.name, None)

    def add_tangent(self, x: float) -> int:
        """Add a tangent point at x; returns its index (for 'tangent[k]')."""
        self.tangents.append(float(x))
        self._changed(TANGENTS)
        return len(self.tangents) - 1

    def remove_tangent(self, index: int) -> None:
        del self.tangents[index]
        self._changed(TANGENTS)

    def views(self) -> dict[str, View]:
        if self.exercise.supports_tangents:  # a ScalarExercise: extra tangent points
            scalar = cast("ScalarExercise", self.exercise)
            return scalar.views(self.inputs, tangents=tuple(self.tangents))
        return self.exercise.views(self.inputs)

    def restore(self, given: Inputs, tangents: list[float]) -> None:
        """Put back what the user had set (undo, redo): the given values and tangents."""
        before = (self.given, self.tangents)
        self.given, self.tangents = dict(given), [float(t) for t in tangents]
        try:
            self._resolve()
        except BaseException:
            self.given, self.tangents = before
            raise
        self._changed(INPUTS)

    def reset(self) -> None:
        self.given = {}
        self.tangents = []
        self._resolve()
        self._changed(RESET)


def _same(a: object, b: object) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.shape == b.shape
            and bool(np.all(a == b))
        )
    return bool(a == b)
