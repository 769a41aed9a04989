"""A parameter sweep for animations: one scalar or int parameter of an exercise running
from START to STOP in FRAMES steps. Pure Python; the CLI and the dialog both build one."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from explorer.core import params as P
from explorer.core.errors import InputError
from explorer.core.exercise import Exercise

MIN_FRAMES, MAX_FRAMES = 2, 600


@dataclass(frozen=True)
class Sweep:
    name: str
    start: float
    stop: float
    frames: int
    integer: bool = False

    def values(self) -> list[Any]:
        """The parameter's value in each frame, START and STOP included."""
        raw = np.linspace(self.start, self.stop, self.frames)
        if self.integer:
            return [round(float(v)) for v in raw]
        return [float(v) for v in raw]


def sweepable(exercise: Exercise) -> list[P.Param]:
    """The parameters an animation can sweep: the scalars and ints."""
    return [p for p in exercise.params if p.kind in (P.SCALAR, P.INT)]


def make_sweep(exercise: Exercise, name: str, start: float, stop: float, frames: int) -> Sweep:
    """Check a sweep against the exercise's parameters; InputError names what is wrong."""
    names = [p.name for p in sweepable(exercise)]
    if name not in names:
        if name in {p.name for p in exercise.params}:
            raise InputError(f"{exercise.id}: only scalar or integer parameters can be swept, "
                             f"not {name!r} (sweepable: {', '.join(names) or 'none'})")
        raise InputError(f"{exercise.id} has no parameter {name!r} "
                         f"(sweepable: {', '.join(names) or 'none'})")
    if not (math.isfinite(start) and math.isfinite(stop)):
        raise InputError(f"the sweep of {name} needs finite START and STOP")
    if start == stop:
        raise InputError(f"the sweep of {name} needs START ≠ STOP")
    if isinstance(frames, bool) or not isinstance(frames, int) or not (
            MIN_FRAMES <= frames <= MAX_FRAMES):
        raise InputError(f"FRAMES must be an integer from {MIN_FRAMES} to {MAX_FRAMES}, "
                         f"got {frames}")
    param = exercise.param(name)
    if param.kind == P.INT:
        for value in (start, stop):
            P.coerce(param, value)  # an integer inside the parameter's range
        distinct = abs(int(stop) - int(start)) + 1
        if frames > distinct:
            raise InputError(f"{name} takes only {distinct} integer values from {int(start)} "
                             f"to {int(stop)}: use at most {distinct} frames")
        return Sweep(name, int(start), int(stop), frames, integer=True)
    return Sweep(name, float(start), float(stop), frames)


def parse_sweep(exercise: Exercise, text: str) -> Sweep:
    """Parse `NAME=START:STOP:FRAMES`, e.g. `x=-2:2:40`."""
    name, sep, rest = text.partition("=")
    parts = rest.split(":")
    if not sep or not name.strip() or len(parts) != 3:
        raise InputError(f"--sweep expects NAME=START:STOP:FRAMES, got {text[:40]!r}")
    try:
        start, stop = float(parts[0]), float(parts[1])
    except ValueError:
        raise InputError(f"--sweep: START and STOP must be numbers, got "
                         f"{parts[0][:20]!r} and {parts[1][:20]!r}") from None
    try:
        frames = int(parts[2])
    except ValueError:
        raise InputError(f"--sweep: FRAMES must be an integer, got {parts[2][:20]!r}") from None
    return make_sweep(exercise, name.strip(), start, stop, frames)


def check_frames(exercise: Exercise, given: dict[str, Any], sweep: Sweep) -> None:
    """Every frame's inputs valid and inside the exercise's domain, checked before anything
    is rendered; InputError names the first frame that is not. `given` holds the fixed
    inputs, already checked (as ParamState.given)."""
    param = exercise.param(sweep.name)
    for value in sweep.values():
        try:
            inputs = exercise.resolve({**given, sweep.name: P.coerce(param, value)})
            exercise.check_domain(inputs)
            exercise.check_given(inputs)  # (the swept value is given, as by --set)
        except InputError as exc:
            raise InputError(f"at {sweep.name} = {value:g}: {exc}") from None
