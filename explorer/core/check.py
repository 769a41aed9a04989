""""Check my answer": compare a typed derivative with the exercise's true derivative.

The answer is parsed by the project's safe parser (`expr`), evaluated at several random
inputs (`trials`) and compared with `exercise.compute(...)["derivative"]`. The verdict is
one of `correct`, `wrong` or `invalid`, with a `kind` saying why:

correct · shape (wrong shape or not conformable) · transpose (a layout mistake) ·
factor (off by a constant factor) · term (a term missing, doubled or of the wrong sign) ·
known_mistake (a common mistake listed in the exercise's derivation file) · wrong ·
parse (cannot be read; `position` says where) · budget (it would take more than the
evaluator's budget: `expr.MAX_ENTRIES` entries in a value, or `expr.MAX_OPERATIONS`
operations for the whole check, all its points together) · unavailable (no such
exercise).

Names an answer may use: the exercise's inputs (vectors are columns) and the derived
symbols of its derivation file (e.g. `z` = A@x + b in 5.7b, `s` = exp(omega) in 5.9)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from explorer.core import derivations as Dv
from explorer.core import params as P
from explorer.core import trials as T
from explorer.core.diagnose import WRONG, all_close, compare_values, near, offset
from explorer.core.errors import Cancelled, InputError
from explorer.core.exercise import Exercise, Target
from explorer.core.expr import (
    MAX_OPERATIONS,
    EvalError,
    Expression,
    ParseError,
    TooLarge,
    count_text,
    parse,
)
from explorer.core.params import Inputs

if TYPE_CHECKING:
    from explorer.core.views import CurvesView

CORRECT, INVALID = "correct", "invalid"
EXIT_CODES = {CORRECT: 0, WRONG: 1, INVALID: 2}


def check_answer(exercise: Exercise | str, text: str, *, target: str | None = None,
                 held: Inputs | None = None, trials: int = 4, seed: int = 0,
                 cancelled: Callable[[], bool] = lambda: False) -> dict[str, Any]:
    """The verdict on `text` as the derivative of `exercise` (an Exercise or an id), or as
    another of its check targets (`target`, e.g. "taylor" for 5.4's Tₙ(x)) with the
    inputs that target holds at the `held` values (its defaults where not given).
    `cancelled` is asked between evaluations; when it says True, `Cancelled` is raised."""
    exercise_id = exercise if isinstance(exercise, str) else exercise.id
    try:
        parse(text)  # the structure first, before anything is loaded for the exercise
    except ParseError as exc:
        return _parse_error(exc, exercise_id)
    try:
        exercise = _exercise(exercise)
        aim = exercise.target(target)
        held = held_inputs(exercise, aim, held or {})
        # Without a derivation file the answer is still checked, with no derived symbols
        # and no known mistakes to name.
        derivation = exercise.worked or (Dv.load(exercise) if Dv.exists(exercise)
                                          else Dv.Derivation(exercise.id, "", "", ()))
        derived = T.parse_derived(exercise, derivation.symbols)
        draws = T.draw_trials(exercise, derived, trials, seed, target=aim, held=held)
    except InputError as exc:
        return {"verdict": INVALID, "kind": "unavailable", "reason": str(exc),
                "exercise": exercise_id}
    unit = _unit_of(draws[0], exercise.variable)
    tensor = unit is not None
    names = [*T.base_symbols(exercise), *derived, *([unit] if unit else [])]
    try:
        answer = parse(text, names)
    except ParseError as exc:
        return _parse_error(exc, exercise.id)
    base = {"exercise": exercise.id, "target": aim.name, "answer": text,
            "expected_shape": list(draws[0].truth.shape)}
    shape = derivation.result_shape if aim.output == "derivative" else ()
    if tensor:
        # A tensor derivative is checked slice by slice: the answer is ∂f/∂x_k, written
        # with e_k, the k-th unit column (or ∂f/∂X_kl, with E_kl, for a matrix X).
        full = draws[0].truth.shape
        draws = _slices(draws, exercise.variable)
        base["expected_shape"] = list(draws[0].truth.shape)
        shape = shape[:-(2 if unit == MATRIX_UNIT else 1)] if shape else shape
        if unit not in answer.names:
            what = (f"∂f/∂x_k using {unit}, the k-th unit column" if unit == Dv.UNIT_NAME
                    else f"∂f/∂X_kl using {unit}, the matrix with a 1 at entry (k, l)")
            return {**base, "verdict": WRONG, "kind": "shape", "got_shape": None,
                    "reason": f"the derivative of {exercise.id} is a "
                    f"{'×'.join(map(str, full))} tensor: type its "
                    f"{'×'.join(map(str, base['expected_shape']))} slice {what}"}
    context = _Context(exercise, derivation, derived, names, tensor, seed, cancelled, aim,
                       held, shape)
    try:
        return {**base, **_judge(context, answer, draws)}
    except TooLarge as exc:
        return {**base, "verdict": INVALID, "kind": "budget", "reason": f"too large: {exc}",
                "position": exc.position}


def held_inputs(exercise: Exercise, target: Target, held: Inputs) -> Inputs:
    """The values of the inputs `target` holds, checked; InputError for an input it
    does not hold (the check draws those at random)."""
    out = {name: exercise.param(name).default for name in target.hold}
    for name, value in held.items():
        if name not in target.hold:
            holds = ", ".join(target.hold) or "no input"
            raise InputError(f"{name} cannot be set for target {target.name!r}: the check "
                             f"chooses it (this target holds {holds})")
        out[name] = P.coerce(exercise.param(name), value)
    return out


@dataclass
class _Context:
    exercise: Exercise
    derivation: Dv.Derivation
    derived: dict[str, Expression]
    names: list[str]  # the symbols an expression may use
    tensor: bool  # checked slice by slice
    seed: int
    cancelled: Callable[[], bool]
    target: Target
    held: Inputs
    shape: tuple[Any, ...]  # the expected shape in size names, () if none is declared


MATRIX_UNIT = "E_kl"


def _unit_of(trial: T.Trial, variable: str) -> str | None:
    """How a tensor derivative is typed: its slice with e_k (along the last axis, x a
    vector) or with E_kl (along the last two, X a matrix); None for a matrix or less."""
    x = np.shape(trial.inputs.get(variable, ()))
    if trial.truth.ndim >= 3 and len(x) == 2 and trial.truth.shape[-2:] == x:
        return MATRIX_UNIT
    return Dv.UNIT_NAME if trial.truth.ndim == 3 else None


def _slices(draws: list[T.Trial], variable: str) -> list[T.Trial]:
    """Each trial as one trial per slice ∂f/∂x_k (unit e_k) or ∂f/∂X_kl (unit E_kl)."""
    if draws and _unit_of(draws[0], variable) == MATRIX_UNIT:
        out = []
        for t in draws:
            rows, cols = t.truth.shape[-2:]
            for k in range(rows):
                for j in range(cols):
                    unit = np.zeros((rows, cols))
                    unit[k, j] = 1.0
                    part = t.truth[..., k, j]
                    part = part.reshape(-1, 1) if part.ndim == 1 else part
                    out.append(T.Trial(t.inputs, {**t.env, MATRIX_UNIT: unit}, part))
        return out
    out = []
    for t in draws:
        n = t.truth.shape[-1]
        for k in range(n):
            unit = np.zeros((n, 1))
            unit[k, 0] = 1.0
            out.append(T.Trial(t.inputs, {**t.env, Dv.UNIT_NAME: unit}, t.truth[..., k]))
    return out


def _exercise(exercise: Exercise | str) -> Exercise:
    if isinstance(exercise, str):
        from explorer.core import registry

        return registry.get(exercise)
    return exercise


def _parse_error(exc: ParseError, exercise_id: str) -> dict[str, Any]:
    return {"verdict": INVALID, "kind": "parse", "exercise": exercise_id,
            "reason": f"cannot parse: {exc.reason}", "position": exc.position}


def _judge(c: _Context, answer: Expression, draws: list[T.Trial]) -> dict[str, Any]:
    shape_name = _shape_text(c.shape, draws[0].truth.shape)
    try:
        got = _evaluate_all(c, answer, draws)
    except EvalError as exc:
        return _not_conformable(c, answer, exc, shape_name)
    truth = [t.truth for t in draws]
    out = {"got_shape": list(got[0].shape)}
    if all_close(got, truth):
        held = ", ".join(f"{k} = {v:g}" for k, v in c.held.items())
        return {**out, "verdict": CORRECT, "kind": "correct",
                "reason": f"it equals the true {c.target.label} at {len(draws)} random points"
                + (f", with {held}" if held else "")}
    mistake = _known_mistake(c, got, draws)
    if mistake:
        return {**out, "verdict": WRONG, "kind": "known_mistake", "reason": mistake}
    if got[0].shape != truth[0].shape:
        transposed = [t.T for t in truth]
        if got[0].shape == transposed[0].shape:
            verdict = compare_values(got, transposed, c.target.label, transpose=True)
            if verdict:
                return {**out, **verdict}
        return {**out, "verdict": WRONG, "kind": "shape",
                "reason": f"the shape differs: expected {shape_name}, "
                f"got {'×'.join(map(str, got[0].shape))}"}
    verdict = compare_values(got, truth, c.target.label, transpose=False)
    if not verdict and truth[0].shape[0] == truth[0].shape[1] > 1:
        verdict = compare_values(got, [t.T for t in truth], c.target.label,
                                  transpose=True)
    verdict = (verdict or _term(c, got, draws) or offset(got, truth, c.target.label)
               or near(got, truth, c.target.label))
    if verdict:
        return {**out, **verdict}
    return {**out, "verdict": WRONG, "kind": "wrong",
            "reason": f"the values differ from the true {c.target.label}"}


def _evaluate_all(c: _Context, answer: Expression, draws: list[T.Trial]
                  ) -> list[np.ndarray]:
    """The answer at every trial point, after its cost at all of them together was found
    within the budget (TooLarge otherwise, before anything is computed)."""
    plans = [answer.plan(t.env) for t in draws]
    total = sum(p.operations for p in plans)
    if total > MAX_OPERATIONS:
        raise TooLarge(f"checking it at {len(draws)} points would take {count_text(total)} "
                       f"operations (the limit is {count_text(MAX_OPERATIONS)})")
    got = []
    for t, plan in zip(draws, plans, strict=True):
        if c.cancelled():
            raise Cancelled
        got.append(answer.evaluate(t.env, plan))
    return got


def _not_conformable(c: _Context, answer: Expression, exc: EvalError, shape_name: str
                     ) -> dict[str, Any]:
    """The answer cannot be evaluated at general sizes. At equal sizes it may be: then it
    can still be recognised as a known mistake (BᵀAᵀ)."""
    reason = f"cannot be evaluated: {exc}"
    out = {"got_shape": None}
    try:
        square = _draws(c, 3, c.seed + 1, equal_sizes=True)
        got = _evaluate_all(c, answer, square)
    except EvalError:
        return {**out, "verdict": WRONG, "kind": "shape", "reason": reason}
    mistake = _known_mistake(c, got, square)
    if mistake:
        return {**out, "verdict": WRONG, "kind": "known_mistake",
                "reason": f"{mistake} (it is not even conformable unless "
                f"{_sizes_it_needs_equal(c, answer)})"}
    if all_close(got, [t.truth for t in square]):
        reason += f"; it matches only when the sizes are equal (expected {shape_name})"
    return {**out, "verdict": WRONG, "kind": "shape", "reason": reason}


def _draws(c: _Context, count: int, seed: int, equal_sizes: bool = False,
           tie: tuple[str, ...] = ()) -> list[T.Trial]:
    """Fresh trial points for the context's target (sliced for a tensor)."""
    draws = T.draw_trials(c.exercise, c.derived, count, seed, equal_sizes, tie=tie,
                          target=c.target, held=c.held)
    return _slices(draws, c.exercise.variable) if c.tensor else draws


def _sizes_it_needs_equal(c: _Context, answer: Expression) -> str:
    """Which sizes the answer needs equal to be evaluated: 'E = F' when one pair is
    enough (5.6-g's BᵀAᵀ), else all of them."""
    names = T.size_names(c.exercise)
    enough = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            try:
                _evaluate_all(c, answer, _draws(c, 1, c.seed + 2, tie=(a, b)))
            except EvalError:
                continue
            enough.append(f"{a} = {b}")
    return " or ".join(enough) if enough else " = ".join(names)


def _known_mistake(c: _Context, got: list[np.ndarray], draws: list[T.Trial]) -> str | None:
    for m in c.derivation.mistakes:
        if not m.answer or m.target != c.target.name:
            continue
        try:
            wrong = [parse(m.answer, c.names).evaluate(t.env) for t in draws]
        except EvalError:
            continue
        if all_close(got, wrong):
            return m.reason
    return None


def _term(c: _Context, got: list[np.ndarray], draws: list[T.Trial]) -> dict[str, Any] | None:
    """The answer is the truth with one of its listed terms missing, doubled or negated."""
    for text in c.derivation.terms if c.target.output == "derivative" else ():
        try:
            term = [parse(text, c.names).evaluate(t.env) for t in draws]
        except EvalError:
            continue
        for k, what in ((-1, "is missing"), (1, "is counted twice"),
                        (-2, "has the wrong sign")):
            if all_close(got, [t.truth + k * x for t, x in zip(draws, term, strict=True)]):
                return {"verdict": WRONG, "kind": "term",
                        "reason": f"the term {text} {what}"}
    return None


def _shape_text(symbolic: tuple[Any, ...], actual: tuple[int, ...]) -> str:
    """'1×D (here 1×3)' from the derivation's shape and the drawn one."""
    here = "×".join(map(str, actual))
    if not symbolic:
        return "a scalar" if int(np.prod(actual)) == 1 else here
    names = "×".join(map(str, symbolic))
    return here if names == here else f"{names} (here {here})"


def answer_prompt(exercise: Exercise, target: Target) -> tuple[str, str]:
    """What the answer box asks for: (placeholder, tooltip line). The placeholder names
    what to type and the inputs it may use, e.g. "derivative in x, A, b, z"; the tooltip
    line defines the derived names ("z = A@x + b")."""
    derivation = exercise.worked or (Dv.load(exercise) if Dv.exists(exercise) else None)
    symbols = derivation.symbols if derivation else {}
    names = [p.name for p in exercise.params
             if p.kind != P.INT and p.name not in T.NOT_SYMBOLS] + list(symbols)
    what = target.label
    if derivation and len(derivation.result_shape) >= 3 and target.output == "derivative":
        matrix = exercise.param(exercise.variable).kind == P.MATRIX
        what = "slice ∂f/∂X_kl" if matrix else "slice ∂f/∂x_k"
        names = [*names, MATRIX_UNIT if matrix else Dv.UNIT_NAME]
    defined = "; ".join(f"{name} = {text}" for name, text in symbols.items())
    if target.hold:
        held = ", ".join(exercise.param(n).name for n in target.hold)
        defined = "; ".join(filter(None, [defined, f"{held} as set"]))
    return f"{what} in {', '.join(names)}", defined


# --------------------------------------------------------------------------------------
# A typed answer plotted against the true derivative (scalar exercises)
# --------------------------------------------------------------------------------------


def answer_curves(exercise: Exercise, text: str, inputs: Inputs) -> CurvesView | None:
    """For a scalar exercise (a ScalarExercise, f: ℝ → ℝ), a CurvesView with the true f′
    and the typed answer over the exercise's x range; None for other exercises.
    Raises ParseError for text that cannot be parsed."""
    from explorer.core.scalar import ScalarExercise

    if not isinstance(exercise, ScalarExercise):
        return None
    import sympy as sp

    from explorer.core.numeric import finite_or_nan, lambdified
    from explorer.core.views import Curve, CurvesView

    names = T.base_symbols(exercise)
    answer = parse(text, names)
    symbols = {n: sp.Symbol(n, real=True) for n in names}
    try:
        expr = answer.to_sympy(symbols)
    except EvalError as exc:
        raise ParseError(str(exc), exc.position) from None
    xs = exercise.grid(inputs)
    args = tuple(symbols.values())
    values = [xs if n == "x" else float(inputs[n]) for n in names]
    expr = sp.Float(expr) if isinstance(expr, int | float) else expr  # a constant answer
    yours = finite_or_nan(lambdified(expr, args)(*values))
    true = finite_or_nan(exercise.df(xs, inputs))
    return CurvesView(title="your answer and the true f′(x)", xlabel="x", ylabel="f′(x)",
                      curves=[Curve("true f′(x)", xs, true, "df"),
                              Curve("your answer", xs, yours, "aux")])
