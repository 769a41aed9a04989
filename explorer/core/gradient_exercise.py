"""Shared shape of the exercises f: ℝᴰ → ℝ (5.5-f1, 5.6-f, 5.7a, 5.8a, 5.8b): f and its
gradient as NumPy closed forms over arrays of points (…, D); the derivative is the 1×D row
df/dx (numerator layout). Gives the field view over the (x₁, x₂) plane with a draggable
point and its gradient arrow, and the gradient as a labelled heat strip."""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from explorer.core.exercise import Exercise
from explorer.core.gradient_field import extent_around, field_view
from explorer.core.last_result import reuse_last
from explorer.core.params import Inputs
from explorer.core.views_matrix import FieldPoint, FieldView, HeatmapView, realspace, subscript


def row_text(values: ArrayLike, limit: int = 4) -> str:
    """'[0.62, −0.16]' (at most `limit` entries, then …)."""
    values = np.asarray(values, dtype=float).ravel()
    shown = ", ".join(f"{v:.3g}" for v in values[:limit])
    return f"[{shown}{', …' if values.size > limit else ''}]"


class GradientExercise(Exercise):
    symbol = "x"  # how the variable is written on axes: x₁, t₁, …
    function = "f"  # how the function is written: df/dx, df₁/dx
    entry_text = ""  # formula of gradient component j ({j}: its subscript), shown on hover
    default_extent = (-3.0, 3.0)

    def f(self, pts: np.ndarray, v: Inputs) -> np.ndarray:
        raise NotImplementedError

    def grad(self, pts: np.ndarray, v: Inputs) -> np.ndarray:
        raise NotImplementedError

    def point(self, v: Inputs) -> np.ndarray:
        return np.asarray(v[self.variable], dtype=float)

    def compute(self, v: Inputs) -> dict[str, Any]:
        x = self.point(v)
        return {"value": float(self.f(x, v)), "derivative": self.grad(x, v).reshape(1, -1)}

    @property
    def derivative_name(self) -> str:
        return f"d{self.function}/d{self.symbol}"

    # --- views ------------------------------------------------------------------------
    def extent(self, v: Inputs, *points: np.ndarray
               ) -> tuple[tuple[float, float], tuple[float, float]]:
        p = self.param(self.variable)
        lo = p.lo if p.lo is not None else self.default_extent[0]
        hi = p.hi if p.hi is not None else self.default_extent[1]
        xs = [float(q[0]) for q in points if q.size >= 2]
        ys = [float(q[1]) for q in points if q.size >= 2]
        return extent_around(lo, hi, *xs), extent_around(lo, hi, *ys)

    def evaluation_point(self, v: Inputs) -> FieldPoint | None:
        x = self.point(v)
        if x.size < 2:
            return None
        with np.errstate(all="ignore"):
            g = np.asarray(self.grad(x, v), dtype=float)
        name = self.derivative_name
        label = f"{self.symbol} = {row_text(x[:2], 2)}, {name} = {row_text(g)}"
        arrow = (float(g[0]), float(g[1])) if np.all(np.isfinite(g[:2])) else None
        return FieldPoint(self.symbol, float(x[0]), float(x[1]), label,
                          drag=(f"{self.variable}[0]", f"{self.variable}[1]"), arrow=arrow)

    def field(self, v: Inputs, title: str, extra: list[FieldPoint] | None = None,
              note: str = "") -> FieldView:
        x = self.point(v)
        point = self.evaluation_point(v)
        points = ([point] if point else []) + list(extra or [])
        extent = self.extent(v, x, *[np.array([q.x, q.y]) for q in extra or []])
        # The plane does not depend on the point's own two coordinates (f is evaluated at
        # the plane's points), only on the extent, the other coordinates and the other
        # inputs: dragging the point within the plane reuses it and moves the point only.
        view = reuse_last(
            self, "_plane_cache", self._plane_key(v, x, extent, title, note),
            lambda: field_view(lambda pts: self.f(pts, v), lambda pts: self.grad(pts, v), x,
                               extent, title=title, symbol=self.symbol,
                               value_label=self.function, note=note),
            arrays=lambda f: (f.xs, f.ys, f.values, f.arrows_at, f.arrows))
        return dataclasses.replace(view, points=points)

    def _plane_key(self, v: Inputs, x: np.ndarray, extent: object, title: str, note: str
                   ) -> Hashable:
        try:
            others = tuple((k, np.shape(val), np.asarray(val, dtype=float).tobytes())
                           for k, val in sorted(v.items()) if k != self.variable)
        except (TypeError, ValueError):  # an input that is not numbers: no reuse
            return None
        return (extent, x.size, x[2:].tobytes(), others, title, note)

    def gradient_strip(self, v: Inputs, title: str | None = None, note: str = "") -> HeatmapView:
        with np.errstate(all="ignore"):
            g = np.asarray(self.grad(self.point(v), v), dtype=float).reshape(1, -1)
        g[~np.isfinite(g)] = np.nan  # beyond doubles (or undefined): a gap, not a wild scale
        sym = self.symbol
        return HeatmapView(
            title=title or f"{self.derivative_name} ∈ {realspace(g.shape)} (a row vector)",
            matrix=g, row_label="", col_label="component j",
            row_names=[self.derivative_name],
            col_names=[f"∂/∂{sym}{subscript(j + 1)}" for j in range(g.shape[1])],
            note=note, entry_formula=self.entry_text)
