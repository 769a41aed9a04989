"""Shared shape of the scalar exercises f: ℝ → ℝ (5.1–5.3): a SymPy expression in x
(and constant parameters), its derivative by SymPy, and the two panes: f with the tangent
at x, and f′ with the slope at x marked."""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike

from explorer.core.exercise import Exercise, Pane, Target
from explorer.core.last_result import reuse_last
from explorer.core.numeric import finite_or_nan, lambdified
from explorer.core.params import Inputs
from explorer.core.views import Curve, CurvesView, Marker, View

X = sp.Symbol("x", real=True)


@cache
def _derivative(expr: sp.Expr) -> sp.Expr:
    """d expr/dx, differentiated once per expression (not on every redraw)."""
    return sp.diff(expr, X)


class ScalarExercise(Exercise):
    expr: sp.Expr = X
    constants: tuple[tuple[str, sp.Symbol], ...] = ()  # (parameter name, symbol)
    x_range: tuple[float, float] = (-3.0, 3.0)
    samples: int = 801  # odd, so that the grid holds the centre exactly
    panes = (Pane("f", "f(x) with its tangent at x"), Pane("df", "f′(x), the slope"))
    targets = (Target("derivative", "f′(x)"),)

    @property
    def derivative_expr(self) -> sp.Expr:
        return _derivative(self.expr)

    def _args(self) -> tuple[sp.Symbol, ...]:
        return (X, *(sym for _, sym in self.constants))

    def _consts(self, v: Inputs) -> list[float]:
        return [v[name] for name, _ in self.constants]

    def f(self, x: ArrayLike, v: Inputs) -> np.ndarray:
        return lambdified(self.expr, self._args())(np.asarray(x, dtype=float), *self._consts(v))

    def df(self, x: ArrayLike, v: Inputs) -> np.ndarray:
        return lambdified(self.derivative_expr, self._args())(
            np.asarray(x, dtype=float), *self._consts(v)
        )

    def grid(self, v: Inputs) -> np.ndarray:
        return np.linspace(*self.x_range, self.samples)

    def compute(self, v: Inputs) -> dict[str, Any]:
        return {"value": float(self.f(v["x"], v)), "derivative": float(self.df(v["x"], v))}

    # Extra markers (maximum, inflection points, …) for the f and f′ panes.
    def f_features(self, v: Inputs) -> list[Marker]:
        return []

    def df_features(self, v: Inputs) -> list[Marker]:
        return []

    def holes(self, v: Inputs) -> list[float]:
        """x values where f is undefined; drawn as hollow circles over the gap."""
        return []

    supports_tangents = True  # the window may add more tangent points

    def tangent(self, x0: float, v: Inputs) -> tuple[np.ndarray, np.ndarray, float, float]:
        """A short tangent segment at x0: (xs, ys, f(x0), f′(x0)); nan where undefined."""
        f0, slope = float(self.f(x0, v)), float(self.df(x0, v))
        half = 0.12 * (self.x_range[1] - self.x_range[0])
        tx = np.array([x0 - half, x0 + half])
        if not (np.isfinite(f0) and np.isfinite(slope)):
            return tx, np.full(2, np.nan), f0, slope
        return tx, f0 + slope * (tx - x0), f0, slope

    def _grid_curves(self, v: Inputs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The grid with f and f′ on it. They do not depend on the point x, so they are
        kept for the last values of the other parameters: dragging x (the common case)
        evaluates f and f′ at x only. The arrays are shared and must not be modified."""
        try:
            key = (self.x_range, self.samples,
                   tuple(sorted((k, float(val)) for k, val in v.items() if k != "x")))
        except (TypeError, ValueError):  # a non-scalar parameter: no cache
            key = None

        def compute() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            xs = self.grid(v)
            fy, dfy = finite_or_nan(self.f(xs, v)), finite_or_nan(self.df(xs, v))
            dfy[np.isnan(fy)] = np.nan  # no slope where f is undefined (1/x of log x at x < 0)
            return xs, fy, dfy

        return reuse_last(self, "_grid_cache", key, compute)

    def views(self, v: Inputs, tangents: tuple[float, ...] = ()) -> dict[str, View]:
        """The f and f′ panes; `tangents` are extra points (beyond x) with their own
        tangent, dragged as parameters 'tangent[k]'."""
        xs, fy, dfy = self._grid_curves(v)
        x0 = float(v["x"])
        f0, slope = float(self.f(x0, v)), float(self.df(x0, v))
        defined = np.isfinite(f0) and np.isfinite(slope)
        half = 0.12 * (self.x_range[1] - self.x_range[0])
        tx = np.array([x0 - half, x0 + half])
        ty = f0 + slope * (tx - x0) if defined else np.full(2, np.nan)
        note = "" if defined else f"x = {x0:g} is outside the domain of f"
        f_markers = [
            Marker("x", x0, f0 if defined else 0.0,
                   f"x = {x0:.3g}, f(x) = {f0:.4g}" if defined else f"x = {x0:.3g}",
                   drag="x", on="f(x)")
        ]
        df_markers = [Marker("x", x0, slope if defined else 0.0,
                             f"f′({x0:.3g}) = {slope:.4g}" if defined else "", drag="x",
                             on="f′(x)")]
        for hole in self.holes(v):
            f_markers.append(Marker("undefined", hole, _limit(xs, fy, hole), "", role="hole"))
            df_markers.append(Marker("undefined", hole, _limit(xs, dfy, hole), "", role="hole"))
        f_markers += self.f_features(v)
        df_markers += self.df_features(v)
        f_curves = [Curve("f(x)", xs, fy, "f"),
                    Curve("tangent at x", tx, ty, "tangent", in_bounds=False)]
        for k, at in enumerate(tangents):
            kx, ky, kf, ks = self.tangent(at, v)
            name = f"tangent {k + 2}"
            # (not in the legend: its point's label names it, in its colour)
            f_curves.append(Curve(name, kx, ky, "tangent", order=k + 1, in_bounds=False,
                                  legend=False))
            ok = np.isfinite(kf) and np.isfinite(ks)
            f_markers.append(Marker(name, at, kf if ok else 0.0,
                                    f"{name}: x = {at:.3g}, f′ = {ks:.4g}" if ok
                                    else f"{name}: undefined", drag=f"tangent[{k}]",
                                    order=k + 1, on="f(x)"))
            df_markers.append(Marker(name, at, ks if ok else 0.0, "", drag=f"tangent[{k}]",
                                     order=k + 1, on="f′(x)"))
        return {
            "f": CurvesView(
                title=self.panes[0].title, xlabel="x", ylabel="f(x)",
                curves=f_curves, markers=f_markers, note=note,
                readouts=[Curve("f′(x)", xs, dfy, "df")]),
            "df": CurvesView(
                title=self.panes[1].title, xlabel="x", ylabel="f′(x)",
                curves=[Curve("f′(x)", xs, dfy, "df")], markers=df_markers, note=note,
                readouts=[Curve("f(x)", xs, fy, "f")]),
        }


def _limit(xs: np.ndarray, ys: np.ndarray, at: float) -> float:
    """Where to draw a hole: the mean of the nearest finite neighbours (0 if none)."""
    i = int(np.searchsorted(xs, at))
    near = [ys[j] for j in (i - 1, i + 1) if 0 <= j < len(ys) and np.isfinite(ys[j])]
    return float(np.mean(near)) if near else 0.0
