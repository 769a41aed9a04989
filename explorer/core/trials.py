"""Random points at which a typed expression is compared with an exercise's truth.

A trial draws fresh inputs for an exercise — sizes, vectors, matrices and scalars within
their slider ranges, inside the function's domain — and holds the symbol values an
expression sees there (vectors as n×1 columns, see `expr`) and the true derivative.

Sizes are drawn pairwise different where the ranges allow, so that an expression which is
only conformable for equal sizes (BᵀAᵀ in 5.6-g) shows itself; `equal_sizes=True` draws
them all equal instead, to evaluate such an expression anyway and recognise the mistake."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from explorer.core import params as P
from explorer.core.errors import InputError
from explorer.core.exercise import Exercise
from explorer.core.expr import Expression, as_matrix, parse
from explorer.core.params import Inputs
from explorer.core.views_matrix import as_matrix as _row_layout

NOT_SYMBOLS = frozenset({"seed"})
SIZE_RANGE = (2, 5)  # sizes drawn for checking: small, but more than 1
MAX_ATTEMPTS = 50


@dataclass
class Trial:
    inputs: Inputs  # the exercise's inputs, as `Exercise.inputs` returns them
    env: dict[str, np.ndarray]  # symbol name → 2-D value, derived symbols included
    truth: np.ndarray  # the true derivative: 2-D (a scalar is 1×1, a gradient 1×D) or 3-D


def base_symbols(exercise: Exercise) -> list[str]:
    """Names of the exercise's inputs that an expression may use."""
    return [p.name for p in exercise.params if p.name not in NOT_SYMBOLS]


def size_names(exercise: Exercise) -> list[str]:
    names: list[str] = []
    for p in exercise.params:
        for d in p.shape:
            if isinstance(d, str) and d not in names:
                names.append(d)
    return names


def parse_derived(exercise: Exercise, derived: Mapping[str, str]) -> dict[str, Expression]:
    """Derived symbols (e.g. z = A@x + b), each may use the inputs and earlier ones."""
    known = base_symbols(exercise)
    out: dict[str, Expression] = {}
    for name, text in derived.items():
        out[name] = parse(text, known)
        known.append(name)
    return out


def environment(inputs: Mapping[str, Any], derived: Mapping[str, Expression],
                hold: Mapping[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Symbol values at these inputs. `hold` fixes some values (a derived symbol held
    fixed while it is perturbed on its own, for a partial derivative)."""
    env = {k: as_matrix(v) for k, v in inputs.items() if k not in NOT_SYMBOLS}
    env.update(hold or {})
    for name, e in derived.items():
        if not hold or name not in hold:
            env[name] = e.evaluate(env)
    return env


# The derivative in the layout expressions produce: scalar → 1×1, a 1-D gradient → 1×D
# row (numerator layout), 2-D and 3-D unchanged — the same rule the heat maps use.
truth_matrix = _row_layout


def draw_sizes(exercise: Exercise, rng: np.random.Generator, equal: bool) -> dict[str, int]:
    sizes: dict[str, int] = {}
    names = size_names(exercise)
    if not names:
        return sizes
    lo = max(SIZE_RANGE[0], *(int(exercise.param(n).lo or 1) for n in names))
    hi = min(SIZE_RANGE[1], *(int(exercise.param(n).hi or SIZE_RANGE[1]) for n in names))
    hi = max(hi, lo)
    if equal:
        common = int(rng.integers(lo, hi + 1))
        return dict.fromkeys(names, common)
    pool = list(range(lo, hi + 1))
    distinct = len(pool) >= len(names)
    picks = rng.choice(pool, size=len(names), replace=not distinct)
    return {n: int(v) for n, v in zip(names, picks, strict=True)}


def draw_inputs(exercise: Exercise, rng: np.random.Generator, equal_sizes: bool) -> Inputs:
    given: Inputs = dict(draw_sizes(exercise, rng, equal_sizes))
    for p in exercise.params:
        if p.kind == P.SCALAR and p.lo is not None and p.hi is not None:
            given[p.name] = float(np.round(rng.uniform(p.lo, p.hi), 6))
    for p in exercise.params:
        if p.kind in (P.VECTOR, P.MATRIX):
            shape = tuple(d if isinstance(d, int) else given.get(d, exercise.param(d).default)
                          for d in p.shape)
            given[p.name] = np.round(rng.normal(size=shape), 6)
    return exercise.inputs(given)


def draw_trials(exercise: Exercise, derived: Mapping[str, Expression], count: int,
                seed: int = 0, equal_sizes: bool = False) -> list[Trial]:
    """`count` trials at random inputs where the function and its derivative are finite
    and every square matrix input is well conditioned."""
    rng = np.random.default_rng(seed)
    trials: list[Trial] = []
    for _ in range(MAX_ATTEMPTS * count):
        if len(trials) == count:
            break
        try:
            inputs = draw_inputs(exercise, rng, equal_sizes)
            result = exercise.compute(inputs)
        except InputError:
            continue  # outside the domain: draw again
        with np.errstate(all="ignore"):
            truth = truth_matrix(result["derivative"])
        if not np.all(np.isfinite(truth)) or not _well_conditioned(inputs):
            continue
        env = environment(inputs, derived)
        trials.append(Trial(inputs, env, truth))
    if len(trials) < count:
        raise InputError(f"could not draw {count} points inside the domain of {exercise.id}")
    return trials


def _well_conditioned(inputs: Mapping[str, Any]) -> bool:
    for v in inputs.values():
        a = np.asarray(v)
        if a.ndim == 2 and a.shape[0] == a.shape[1] and np.linalg.cond(a) > 1e4:
            return False
    return True
