"""Random points at which a typed expression is compared with an exercise's truth.

A trial draws fresh inputs for an exercise — sizes, vectors, matrices and scalars within
their slider ranges, inside the function's domain — and holds the symbol values an
expression sees there (vectors as n×1 columns, see `expr`) and the true derivative.

Sizes are drawn pairwise different where the ranges allow, so that an expression which is
only conformable for equal sizes (BᵀAᵀ in 5.6-g) shows itself; `equal_sizes=True` draws
them all equal instead, to evaluate such an expression anyway and recognise the mistake,
and `tie` draws only the named ones equal (to tell which sizes it needs equal).

The truth is the exercise's derivative, or what another check `Target` names (5.4's
Tₙ(x)), with the inputs it holds fixed at the `held` values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from explorer.core import params as P
from explorer.core.errors import InputError
from explorer.core.exercise import DERIVATIVE, Exercise, Target
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


def draw_sizes(exercise: Exercise, rng: np.random.Generator, equal: bool,
               tie: tuple[str, ...] = ()) -> dict[str, int]:
    """Sizes for the exercise's size names: all equal (`equal`), or pairwise different
    where the range allows, except the names in `tie`, which share one size."""
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
    groups = [n for n in names if n not in tie] + ([tie[0]] if tie else [])
    pool = list(range(lo, hi + 1))
    distinct = len(pool) >= len(groups)
    picks = {n: int(v) for n, v in
             zip(groups, rng.choice(pool, size=len(groups), replace=not distinct), strict=True)}
    return {n: picks[tie[0] if n in tie else n] for n in names}


def draw_inputs(exercise: Exercise, rng: np.random.Generator, equal_sizes: bool,
                tie: tuple[str, ...] = (), held: Inputs | None = None) -> Inputs:
    own = exercise.trial_inputs(rng)
    if own is not None:  # the exercise knows its domain (a workbench expression's)
        return exercise.inputs({**own, **(held or {})})
    given: Inputs = dict(draw_sizes(exercise, rng, equal_sizes, tie))
    for p in exercise.params:
        if p.kind == P.SCALAR and p.lo is not None and p.hi is not None:
            given[p.name] = float(np.round(rng.uniform(p.lo, p.hi), 6))
    for p in exercise.params:
        if p.kind in (P.VECTOR, P.MATRIX):
            shape = tuple(d if isinstance(d, int) else given.get(d, exercise.param(d).default)
                          for d in p.shape)
            given[p.name] = np.round(rng.normal(size=shape), 6)
    given.update(held or {})
    return exercise.inputs(given)


def truth_of(result: Mapping[str, Any], target: Target) -> np.ndarray:
    """What `target` checks against, from `compute`'s result, in the expressions' layout."""
    value = np.asarray(result[target.output])
    if target.row is not None:
        value = value[target.row]
    with np.errstate(all="ignore"):
        return truth_matrix(value)


def draw_trials(exercise: Exercise, derived: Mapping[str, Expression], count: int,
                seed: int = 0, equal_sizes: bool = False, *, tie: tuple[str, ...] = (),
                target: Target = DERIVATIVE, held: Inputs | None = None) -> list[Trial]:
    """`count` trials at random inputs where the function and its derivative (or the
    target's truth) are finite and every square matrix input is well conditioned; the
    inputs the target holds take the `held` values (the exercise's defaults if absent)."""
    held = {name: (held or {}).get(name, exercise.param(name).default) for name in target.hold}
    rng = np.random.default_rng(seed)
    trials: list[Trial] = []
    for _ in range(MAX_ATTEMPTS * count):
        if len(trials) == count:
            break
        try:
            inputs = draw_inputs(exercise, rng, equal_sizes, tie, held)
            result = exercise.compute(inputs)
        except InputError:
            continue  # outside the domain: draw again
        truth = truth_of(result, target)
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
