"""Your own function: f(x) typed in the answer syntax, shown like 5.1 and 5.4.

`CustomFunction(text)` parses f with the safe parser (`expr`), builds the SymPy
expression itself (no `sympify` of the text), differentiates it with SymPy, and offers
the panes of 5.1 (`f` with the tangent at x, `df`) and of 5.4 (`taylor`, `error`,
`coefficients`). It behaves like an Exercise (params, inputs, compute, views) with the id
"custom", but is not one of the fifteen registry entries: the GUI creates it from the text
the user types, and a bad text raises `ParseError` (an InputError) with a position."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike

from explorer.core import jets
from explorer.core.errors import Cancelled, InputError
from explorer.core.exercise import Exercise
from explorer.core.exercises.ex5_4 import Taylor
from explorer.core.expr import EvalError, ParseError, parse
from explorer.core.numeric import lambdified
from explorer.core.params import INT, SCALAR, Inputs, Param
from explorer.core.scalar import ScalarExercise, X
from explorer.core.views import CurvesView, View

MAX_ORDER = 20
SEARCH = 10.0  # the fitted x range lies within ±SEARCH
DEFAULT_RANGE = (-3.0, 3.0)  # an f with nothing to show in particular (exp x)


class _Curves(ScalarExercise):
    """The 5.1 panes for a given expression."""

    def __init__(self, expr: sp.Expr, derivative: sp.Expr, x_range: tuple[float, float]):
        self.expr, self._derivative, self.x_range = expr, derivative, x_range

    @property
    def derivative_expr(self) -> sp.Expr:
        return self._derivative


class _Taylor(Taylor):
    """The 5.4 panes for a given expression (coefficients by truncated series)."""

    def __init__(self, owner: CustomFunction):
        self.owner = owner
        self.x_range = owner.x_range

    def f_values(self, x: ArrayLike) -> np.ndarray:
        return lambdified(self.owner.expr, (X,))(np.asarray(x, dtype=float))

    def derivative_values(self, x: ArrayLike) -> np.ndarray:
        return lambdified(self.owner.derivative, (X,))(np.asarray(x, dtype=float))

    def taylor_coefficients(self, n: int, x0: float) -> np.ndarray:
        coef = jets.taylor_coefficients(self.owner.expression, "x", x0, n)
        if not np.all(np.isfinite(coef)):  # x₀ is outside the domain: no polynomial
            coef[:] = np.nan
        return coef

    def views(self, v: Inputs) -> dict[str, View]:
        """As for 5.4, with a point where f or Tₙ is undefined (x₀ = 0 for log x) drawn
        on the axis, as the 5.1 panes do, instead of at a nan or infinite height."""
        out = super().views(v)
        for name in ("taylor", "error"):
            view = out[name]
            assert isinstance(view, CurvesView)
            markers = [m if np.isfinite(m.y) else replace(m, y=0.0 if name == "taylor" else
                                                          1e-16)
                       for m in view.markers]
            out[name] = replace(view, markers=markers)
        return out


class CustomFunction(Exercise):
    id = "custom"
    variable = "x"

    def __init__(self, text: str, x_range: tuple[float, float] = (-3.0, 3.0)):
        self.text = text
        self.fitted = False  # whether x_range was fitted to f (make_custom)
        self.expression = parse(text, ["x"])
        try:
            expr = self.expression.to_sympy({"x": X})
        except EvalError as exc:
            raise ParseError(f"f must be a scalar function of x: {exc}", exc.position) from None
        expr = sp.Integer(expr) if isinstance(expr, int) else expr
        if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            raise InputError(f"f(x) = {text} is undefined everywhere (division by zero?)")
        self.expr: sp.Expr = expr
        self.x_range = (float(x_range[0]), float(x_range[1]))
        # Where f is complex (log(-1), sqrt(-1-x²)) or undefined it is drawn as a gap;
        # an f with no real value at all on the range is refused.
        lo, hi = self.x_range
        values = lambdified(expr, (X,))(np.linspace(lo, hi, ScalarExercise.samples))
        if not np.isfinite(values).any():
            raise InputError(f"f(x) = {text} has no real value for {lo:g} ≤ x ≤ {hi:g} "
                             "(its values are complex or undefined there)")
        self.title = f"Your function: f(x) = {text}"
        self.statement = f"f(x) = {text}"
        x = self._defined_near((lo + hi) / 2 + (hi - lo) / 6)
        self.params = (
            Param("x", "x", SCALAR, x, lo, hi, 0.01,
                  "the point of the tangent, where Tₙ(x) is evaluated"),
            Param("n", "n", INT, 5, 0, MAX_ORDER, 1, "the order of the Taylor polynomial"),
            Param("x0", "x_0", SCALAR, self._defined_near((lo + hi) / 2, x), lo, hi, 0.01,
                  "the expansion point x₀"),
        )
        self._curves = _Curves(expr, self.derivative, self.x_range)
        self._taylor = _Taylor(self)
        self.panes = self._curves.panes + self._taylor.panes

    def _defined_near(self, target: float, *instead: float) -> float:
        """`target`, else the first of `instead`, where f and f′ are finite; else the
        point of the slider's grid (steps of 0.01) nearest to `target` where they are:
        log x opens with x₀ = x = 1, not in its gap at 0."""
        lo, hi = self.x_range
        wanted = np.round([target, *instead], 2)
        xs = np.concatenate([wanted, np.round(np.linspace(lo, hi, ScalarExercise.samples), 2)])
        ok = (np.isfinite(lambdified(self.expr, (X,))(xs))
              & np.isfinite(lambdified(self.derivative, (X,))(xs)))
        if ok[: len(wanted)].any():
            return float(wanted[np.argmax(ok[: len(wanted)])])
        if not ok.any():
            return float(wanted[0])
        candidates = xs[ok]
        return float(candidates[np.argmin(np.abs(candidates - target))])

    @cached_property
    def derivative(self) -> sp.Expr:
        """f′ by SymPy, from the expression built out of the parsed tree."""
        return sp.diff(self.expr, X)

    @cached_property
    def latex(self) -> str:
        return str(sp.latex(self.expr))

    @cached_property
    def derivative_latex(self) -> str:
        return str(sp.latex(self.derivative))

    def compute(self, v: Inputs) -> dict[str, Any]:
        return self._taylor.compute(v)

    def views(self, v: Inputs) -> dict[str, View]:
        return {**self._curves.views(v), **self._taylor.views(v)}

    def describe(self) -> dict[str, Any]:
        return {**super().describe(), "available": True, "text": self.text,
                "latex": self.latex, "derivative_latex": self.derivative_latex}


def fit_x_range(expr: sp.Expr) -> tuple[float, float]:
    """Where f is interesting, within ±SEARCH: its zeros, extrema, inflection points and
    the ends of its domain, with room around them (at least 4 wide, ends on halves);
    DEFAULT_RANGE when there are none. Not where f is a thousand times smaller than at
    the others (the zeros of sin x·e^(−x²/4) far out), nor sign changes of rounding
    noise (the slope on the flat of a sigmoid)."""
    xs = np.linspace(-SEARCH, SEARCH, 4001)
    with np.errstate(all="ignore"):
        f = np.broadcast_to(np.asarray(lambdified(expr, (X,))(xs), dtype=float), xs.shape)
        f = np.where(np.isfinite(f), f, np.nan)
        slope = np.gradient(f, xs)
        bend = np.gradient(slope, xs)
    defined = np.isfinite(f)
    defined &= np.roll(defined, 1) | np.roll(defined, -1)  # (not x^x at x = −2 alone)
    if not defined.any():
        return DEFAULT_RANGE
    f_scale = float(np.nanpercentile(np.abs(f[defined]), 90))
    where = [np.flatnonzero(defined[1:] != defined[:-1])]  # the domain's ends
    for order, g in enumerate((f, slope, bend)):
        g = np.where(defined, g, np.nan)
        size = np.abs(g)
        scale = float(np.nanpercentile(size, 90))
        if scale <= 1e-9 * (f_scale + 1) / SEARCH**order:
            continue  # rounding noise: the bend of a straight line
        sign = np.sign(np.where(g == 0, 1e-300, g))  # (a zero on the grid: a crossing)
        crossing = np.flatnonzero((sign[1:] * sign[:-1] < 0) & np.isfinite(g[1:] + g[:-1]))
        near = np.array([np.nanmax(size[max(k - 25, 0): k + 27], initial=0.0)
                         for k in crossing])
        # (a slope or bend that rounding alone can make: a sign change of noise)
        noise = 1e-9 * _height(f, crossing) / (xs[1] - xs[0]) ** order
        where.append(crossing[near >= noise] if crossing.size else crossing)
    at = np.unique(np.concatenate(where))
    # the features where f itself is within a thousandth of the largest of them
    height = _height(f, at)
    at = at[height >= 1e-3 * height.max()] if at.size and height.max() > 0 else at
    if at.size == 0:
        return DEFAULT_RANGE
    middles = (xs[at] + xs[at + 1]) / 2
    lo, hi = float(middles.min()), float(middles.max())
    pad = max(0.25 * (hi - lo), 1.0)
    lo, hi = lo - pad, hi + pad
    if hi - lo < 4.0:
        middle = (lo + hi) / 2
        lo, hi = middle - 2.0, middle + 2.0
    # (halves, not widened by the grid's own rounding)
    lo, hi = np.floor(2 * lo + 0.01) / 2, np.ceil(2 * hi - 0.01) / 2
    return float(max(lo, -SEARCH)), float(min(hi, SEARCH))


def _height(f: np.ndarray, at: np.ndarray) -> np.ndarray:
    """The largest |f| near each of the grid's intervals `at`."""
    return np.array([np.nanmax(np.abs(f[max(k - 25, 0): k + 27]), initial=0.0) for k in at])


def make_custom(text: str, cancelled: Callable[[], bool] = lambda: False,
                x_range: tuple[float, float] | None = None) -> CustomFunction:
    """f(x) = text made, and drawn once at its defaults with its formulas typeset: the
    whole work of opening it, so that a function that cannot be shown is refused here
    (an InputError), before a window switches to it. `x_range` None: fitted to f
    (`fit_x_range`). `cancelled` is asked between the steps (SymPy's own steps cannot be
    interrupted); when it says True, `Cancelled`."""
    try:
        fitted = x_range is None
        if x_range is None:
            x_range = fit_x_range(CustomFunction(text, (-SEARCH, SEARCH)).expr)
            if cancelled():
                raise Cancelled
        custom = CustomFunction(text, x_range)
        custom.fitted = fitted
        for step in (lambda: custom.views(custom.inputs({})), lambda: custom.latex,
                     lambda: custom.derivative_latex):  # (cached for the math panel)
            if cancelled():
                raise Cancelled
            step()
    except RecursionError:  # SymPy recurses per level: a tower x^x^…^x of 150 is too deep
        raise InputError(f"f(x) = {text[:60]} is nested too deeply to differentiate") \
            from None
    return custom
