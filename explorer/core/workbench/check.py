"""The numerical check of a derivative: central differences of f, one entry of X at a time
(all entries in one stacked evaluation), against the derived numbers, at the inputs and
at random points. A point where f or a derivative is not finite is drawn again; the
result says how many points were compared and the largest error, and is `ok` only when
every point agreed within the tolerance."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from explorer.core.workbench import names as N
from explorer.core.workbench.names import Shape

if TYPE_CHECKING:
    from explorer.core.workbench.compile import Program
    from explorer.core.workbench.derivation import Derivation, Problem

RELATIVE_TOLERANCE = 1e-5  # of max(1, |derivative|): differences are good to ~1e-9
STEP = 6e-6  # central-difference step, relative to max(1, |X|)
STACK_ENTRIES = 4 * 10**6
REDRAWS = 20


@dataclass
class Check:
    max_abs_error: float
    tolerance: float
    points: int
    ok: bool
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"max_abs_error": self.max_abs_error, "points": self.points,
               "tolerance": self.tolerance, "ok": self.ok}
        if self.note:
            out["note"] = self.note
        return out


def central_difference(value_program: Program, inputs: dict[str, np.ndarray], wrt: str,
                       f_shape: Shape, shape: tuple[int, ...]) -> np.ndarray:
    """∂f/∂X at `inputs` by central differences, in the layout `shape`."""
    x = inputs[wrt]
    count = x.size
    h = STEP * max(1.0, float(np.max(np.abs(x))))
    chunk = max(1, STACK_ENTRIES // (2 * max(value_program.size, 1)))
    parts = []
    for start in range(0, count, chunk):
        stop = min(count, start + chunk)
        steps = np.zeros((stop - start, count))
        steps[np.arange(stop - start), np.arange(start, stop)] = h
        steps = steps.reshape((-1, *x.shape))
        stack = np.concatenate([x + steps, x - steps])
        f = np.broadcast_to(value_program({**inputs, wrt: stack})[0],
                            (2 * (stop - start), *f_shape))
        parts.append((f[: stop - start] - f[stop - start:]) / (2 * h))
    diff = np.concatenate(parts)  # (entries of X, F's rows, F's columns)
    return np.moveaxis(diff, 0, -1).reshape(shape)


def random_inputs(problem: Problem, rng: np.random.Generator) -> dict[str, np.ndarray]:
    from explorer.core.workbench.derivation import input_roles

    roles = input_roles(problem.tree)
    return {name: N.draw(name, shape, rng, roles.get(name, "plain"))
            for name, shape in problem.shapes.items()}


def check_derivative(derivation: Derivation, rng: np.random.Generator, points: int) -> Check:
    problem = derivation.problem
    worst, worst_scale, compared, skipped = 0.0, 1.0, 0, 0
    candidates = [problem.inputs]
    tries = 0
    failed = False
    while compared < points and tries <= REDRAWS + points:
        inputs = candidates.pop() if candidates else random_inputs(problem, rng)
        tries += 1
        symbolic = derivation.derivative(inputs)
        numeric = central_difference(derivation._value, inputs, derivation.wrt,
                                     derivation.f_shape, derivation.shape)
        value = derivation.value(inputs)
        if not (np.all(np.isfinite(symbolic)) and np.all(np.isfinite(numeric))
                and np.all(np.isfinite(value))):
            skipped += 1
            continue
        compared += 1
        scale = max(1.0, float(np.max(np.abs(numeric), initial=0.0)))
        error = float(np.max(np.abs(symbolic - numeric), initial=0.0))
        if error > RELATIVE_TOLERANCE * scale:
            failed = True
        if error / scale >= worst / worst_scale:
            worst, worst_scale = error, scale
    note = f"{skipped} point(s) with a value that is not finite were skipped" if skipped else ""
    if compared == 0:
        return Check(math.nan, math.nan, 0, False,
                     "no point was found where f and its derivative are finite")
    return Check(worst, RELATIVE_TOLERANCE * worst_scale, compared, not failed, note)
