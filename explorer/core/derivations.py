"""Worked derivations, kept as data: the JSON file beside the module that defines the
exercise, named like it (explorer/core/exercises/ex5_7b.json for ex5_7b.py; a plugin's
beside its own module).

A derivation file holds (see `Derivation`): `id` (the exercise's);
- `statement`, `result` (LaTeX) and `result_shape` (list of size names or ints; [] for a
  scalar);
- `symbols`: derived names usable in checks and in typed answers, e.g. {"z": "A@x + b"};
- `partials`: every partial derivative the exercise asks about: `name`, `latex`, `value`
  (LaTeX), `shape`, and a checkable claim: `check` (answer syntax) must equal the numeric
  derivative of `of` with respect to `wrt` (numerator layout);
- `chain`: the chain-rule factorisation (LaTeX) where there is one;
- `steps`: each with `latex`, optionally `text`, and where it states a formula `check`
  (answer syntax, may use the partials' names) and `equals`: "derivative" (the
  exercise's true derivative) or another expression;
- `terms`: additive terms that sum to the derivative (to name a missing or extra term);
- `mistakes`: common mistakes with a `reason`, and an `answer` (answer syntax) when the
  mistake is a formula a user could type, so that a typed answer can be recognised;
  `target` names the check target it is a mistake for (default "derivative").
- `notes`: notes on the source the exercise comes from (a slip in its worked solution
  that is not a mistake a learner makes), as plain text.

Prose (`text`, `reason`, `notes`) is plain Unicode text: xᵢ, e⁻ˣ, f′, never LaTeX.

A step or partial with `"slice": true` states the k-th slice of a 3-D derivative
(∂f/∂x_k): its expressions may use `e_k`, the k-th unit column, and hold for every k.

`verify(derivation, exercise)` evaluates every check at random points; the panel marks the
verified steps with it and the tests require every check to pass."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from explorer.core.errors import InputError
from explorer.core.exercise import Exercise
from explorer.core.expr import Expression, parse
from explorer.core.params import Inputs

UNIT_NAME = "e_k"


@dataclass(frozen=True)
class Step:
    latex: str
    text: str = ""
    check: str | None = None
    equals: str | None = None  # "derivative", "output:KEY" or an expression
    slice: bool = False
    index: int | None = None  # with "output:KEY": which entry of that output
    at: dict[str, Any] | None = None  # inputs fixed for this step (e.g. the book's x₀ = 0)


@dataclass(frozen=True)
class Partial:
    name: str
    latex: str
    value: str
    shape: tuple[Any, ...]
    of: str
    wrt: str
    check: str
    slice: bool = False
    hold: tuple[str, ...] = ()  # derived symbols held fixed (∂ log q/∂m at fixed z)


@dataclass(frozen=True)
class Mistake:
    latex: str
    reason: str
    answer: str | None = None
    target: str = "derivative"  # the check target the answer is a mistake for


@dataclass(frozen=True)
class Derivation:
    id: str
    statement: str
    result: str
    result_shape: tuple[Any, ...]
    symbols: dict[str, Any] = field(default_factory=dict)
    partials: tuple[Partial, ...] = ()
    chain: str = ""
    steps: tuple[Step, ...] = ()
    terms: tuple[str, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    notes: tuple[str, ...] = ()

    def expressions(self) -> list[str]:
        """Every expression text in the file (for validation)."""
        out = list(self.symbols.values()) + list(self.terms)
        for p in self.partials:
            out += [p.of, p.check]
        for s in self.steps:
            out += [t for t in (s.check, s.equals) if t and not _special(t)]
        out += [m.answer for m in self.mistakes if m.answer]
        return out


def _special(equals: str) -> bool:
    return equals == "derivative" or equals.startswith("output:")


def path_of(exercise: Exercise) -> Path | None:
    """Where the exercise's derivation file is (it may not exist): beside the module that
    defines the exercise's class. None for a class without a module file."""
    module = sys.modules.get(type(exercise).__module__)
    where = getattr(module, "__file__", None)
    return Path(where).with_suffix(".json") if where else None


def load(exercise: Exercise | str) -> Derivation:
    """The derivation of this exercise (or exercise id); InputError if there is none or
    it is malformed."""
    if isinstance(exercise, str):
        from explorer.core import registry

        exercise = registry.get(exercise)
    return _load(exercise)


@cache
def _load(exercise: Exercise) -> Derivation:
    path = path_of(exercise)
    try:
        if path is None:
            raise FileNotFoundError
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"no worked derivation for {exercise.id!r}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"derivation {exercise.id}: cannot be read: {exc}") from None
    return from_dict(raw, exercise.id)


def exists(exercise: Exercise) -> bool:
    path = path_of(exercise)
    return path is not None and path.is_file()


def from_dict(raw: dict[str, Any], exercise_id: str) -> Derivation:
    where = f"derivation {exercise_id}"
    if not isinstance(raw, dict) or raw.get("id") != exercise_id:
        raise InputError(f"{where}: 'id' must be {exercise_id!r}")
    allowed = {"id", "statement", "result", "result_shape", "symbols", "partials",
               "chain", "steps", "terms", "mistakes", "notes"}
    unknown = set(raw) - allowed
    if unknown:
        raise InputError(f"{where}: unknown keys {sorted(unknown)}")
    try:
        d = Derivation(
            id=exercise_id,
            statement=_text(raw, "statement"),
            result=_text(raw, "result"),
            result_shape=tuple(raw["result_shape"]),
            symbols=dict(raw.get("symbols", {})),
            partials=tuple(Partial(**{**p, "shape": tuple[Any, ...](p["shape"]),
                                      "hold": tuple[Any, ...](p.get("hold", ()))})
                           for p in raw.get("partials", [])),
            chain=raw.get("chain", ""),
            steps=tuple(Step(**s) for s in raw.get("steps", [])),
            terms=tuple(raw.get("terms", [])),
            mistakes=tuple(Mistake(**m) for m in raw.get("mistakes", [])),
            notes=tuple(str(n) for n in raw.get("notes", [])),
        )
    except (KeyError, TypeError) as exc:
        raise InputError(f"{where}: malformed entry ({exc})") from None
    for step in d.steps:
        if bool(step.check) != bool(step.equals):
            raise InputError(f"{where}: a step needs both 'check' and 'equals', or neither")
    for text in d.expressions():
        parse(text)  # structure only; names are checked against the exercise by `verify`
    return d


def _text(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise KeyError(key)
    return value


# --------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------


@dataclass
class Verified:
    """Outcome of one claim of a derivation: `what` names it, `ok` whether it held at
    every random point, `detail` says why not."""

    what: str
    ok: bool
    detail: str = ""


def verify(derivation: Derivation, exercise: Exercise, *, points: int = 3, seed: int = 0
           ) -> list[Verified]:
    """Check every partial and every step that states a formula at random points.
    Returns one `Verified` per partial (named 'partial NAME') and per checked step
    (named 'step N', N counting all steps from 1)."""
    from explorer.core import trials as T

    derived = T.parse_derived(exercise, derivation.symbols)
    names = [*T.base_symbols(exercise), *derived]
    draws = T.draw_trials(exercise, derived, points, seed)
    out: list[Verified] = []
    partial_values: list[dict[str, np.ndarray]] = [{} for _ in draws]
    for p in derivation.partials:
        extra = [UNIT_NAME] if p.slice else []
        of, claim = parse(p.of, names + extra), parse(p.check, names + extra)
        ok = True
        for trial, values in zip(draws, partial_values, strict=True):
            for k, unit in _slices(p.slice, trial.env.get(p.wrt)):
                env = {**trial.env, **unit}
                numeric = numeric_partial(of, trial.inputs, derived, p.wrt, env, hold=p.hold)
                if k is not None:
                    numeric = numeric[..., k]
                ok = ok and close(claim.evaluate(env), numeric, tol=1e-5)
            if not p.slice:
                values[p.name] = claim.evaluate(trial.env)
        out.append(Verified(f"partial {p.name}", ok,
                            "" if ok else f"{p.check} ≠ ∂({p.of})/∂{p.wrt}"))
    names += [p.name for p in derivation.partials]
    for i, step in enumerate(derivation.steps):
        if not step.check or not step.equals:
            continue
        extra = [UNIT_NAME] if step.slice else []
        claim = parse(step.check, names + extra)
        target = None if _special(step.equals) else parse(step.equals, names + extra)
        ok = True
        for trial, values in zip(draws, partial_values, strict=True):
            truth, env0 = trial.truth, trial.env
            if step.at or step.equals.startswith("output:"):
                inputs = exercise.inputs({**trial.inputs, **(step.at or {})})
                env0 = T.environment(inputs, derived)
                if step.equals.startswith("output:"):
                    output = exercise.compute(inputs)[step.equals.split(":", 1)[1]]
                    truth = T.truth_matrix(output if step.index is None
                                           else output[step.index])
            for k, unit in _slices(step.slice, env0.get(exercise.variable)):
                env = {**env0, **values, **unit}
                want = truth if target is None else target.evaluate(env)
                if k is not None and target is None:
                    want = want[..., k]
                ok = ok and close(claim.evaluate(env), want)
        out.append(Verified(f"step {i + 1}", ok, "" if ok else f"{step.check} ≠ {step.equals}"))
    return out


def _slices(enabled: bool, variable: np.ndarray | None
            ) -> Iterator[tuple[int | None, dict[str, np.ndarray]]]:
    """(k, {e_k: unit column}) for every k when slicing, else one (None, {})."""
    if not enabled or variable is None:
        yield None, {}
        return
    n = variable.shape[0]
    for k in range(n):
        unit = np.zeros((n, 1))
        unit[k, 0] = 1.0
        yield k, {UNIT_NAME: unit}


def numeric_partial(of: Expression, inputs: Inputs, derived: dict[str, Expression], wrt: str,
                    env: dict[str, np.ndarray],
                    h: float = 1e-6, hold: tuple[str, ...] = ()) -> np.ndarray:
    """Numerator-layout derivative of `of` w.r.t. the symbol `wrt` by central differences.
    Derived symbols are recomputed from the perturbed inputs (except those in `hold`),
    unless `wrt` is itself a derived symbol (then it is perturbed on its own, the others
    held fixed)."""
    from explorer.core import trials as T

    base = env[wrt]
    is_input = wrt in inputs

    def value_at(x: np.ndarray) -> np.ndarray:
        if is_input:
            local = T.environment({**inputs, wrt: x}, derived,
                                  hold={k: env[k] for k in hold})
        else:
            local = {**env, wrt: x}
        local.update({k: v for k, v in env.items() if k not in local})
        return of.evaluate(local)

    f0 = value_at(base)
    jac = np.empty(f0.shape + base.shape)
    for idx in np.ndindex(base.shape):
        step = h * max(1.0, float(abs(base[idx])))
        up, down = base.copy(), base.copy()
        up[idx] += step
        down[idx] -= step
        jac[(..., *idx)] = (value_at(up) - value_at(down)) / (2 * step)
    return _numerator_layout(jac, f0.shape, base.shape)


def _numerator_layout(jac: np.ndarray, out_shape: tuple[int, ...], in_shape: tuple[int, ...]
                      ) -> np.ndarray:
    """Arrange d(out)/d(in), computed with shape out_shape + in_shape, by the book's
    conventions: scalar by vector → 1×n row; vector by vector → m×n; scalar by matrix →
    the matrix's shape; matrix by vector → m×n×k (slice k = ∂/∂x_k)."""
    out_vec = out_shape[1] == 1
    in_vec = in_shape[1] == 1
    if out_shape == (1, 1):
        if in_vec:
            return jac.reshape(1, in_shape[0])
        return jac.reshape(in_shape)
    if out_vec and in_vec:
        return jac.reshape(out_shape[0], in_shape[0])
    if in_vec:
        return jac.reshape(*out_shape, in_shape[0])
    return jac


def close(a: np.ndarray, b: np.ndarray, tol: float = 1e-7) -> bool:
    """Same shape and equal within a relative tolerance (scaled by the larger entry)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape or not np.all(np.isfinite(a)):
        return False
    scale = max(1.0, float(np.max(np.abs(b))) if b.size else 1.0)
    return bool(np.all(np.abs(a - b) <= tol * scale))
