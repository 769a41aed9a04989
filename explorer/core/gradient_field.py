"""A function f: ℝᴰ → ℝ seen on a plane: the values of f over the plane through a point p
spanned by the first two coordinate axes (for D = 2, the whole plane), and its gradient
sampled on a coarser grid (the first two components: the gradient of f restricted to the
plane). f and its gradient are given as NumPy functions over arrays of points (…, D)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from explorer.core.views_matrix import FieldPoint, FieldView

Batch = Callable[[np.ndarray], np.ndarray]


def plane_points(p: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Points (len(ys), len(xs), D): p with coordinates 0 and 1 replaced by the grid."""
    p = np.asarray(p, dtype=float)
    gx, gy = np.meshgrid(xs, ys)
    pts = np.broadcast_to(p, gx.shape + p.shape).copy()
    pts[..., 0] = gx
    pts[..., 1] = gy
    return pts


def extent_around(lo: float, hi: float, *coords: float,
                  margin: float = 0.5) -> tuple[float, float]:
    """The interval lo..hi, widened so that every coordinate lies inside with a margin."""
    return (min([lo, *(c - margin for c in coords)]),
            max([hi, *(c + margin for c in coords)]))


def field_view(
    f: Batch,
    grad: Batch,
    p: np.ndarray,
    extent: tuple[tuple[float, float], tuple[float, float]],
    *,
    title: str,
    symbol: str = "x",
    value_label: str = "f",
    points: list[FieldPoint] | None = None,
    samples: int = 81,
    arrows: int = 15,
    note: str = "",
) -> FieldView:
    """FieldView of f around p. Non-finite values (outside the domain) become NaN gaps."""
    p = np.asarray(p, dtype=float)
    xlabel, ylabel = f"{symbol}₁", f"{symbol}₂"
    if p.size < 2:
        return empty_field(title, note or "the map over a plane needs D ≥ 2 coordinates",
                           symbol, value_label)
    (x0, x1), (y0, y1) = extent
    xs, ys = np.linspace(x0, x1, samples), np.linspace(y0, y1, samples)
    with np.errstate(all="ignore"):
        values = np.asarray(f(plane_points(p, xs, ys)), dtype=float)
        ax, ay = _arrow_grid(x0, x1, arrows), _arrow_grid(y0, y1, arrows)
        at = plane_points(p, ax, ay)
        g = np.asarray(grad(at), dtype=float)[..., :2]
    values[~np.isfinite(values)] = np.nan
    keep = np.all(np.isfinite(g), axis=-1)
    arrows_at = at[..., :2][keep]
    if p.size > 2:
        rest = ", ".join(f"{v:.3g}" for v in p[2:6]) + (", …" if p.size > 6 else "")
        plane = (f"the plane through {symbol} along {xlabel}, {ylabel} "
                 f"(other coordinates fixed: {rest})")
        note = f"{note} · {plane}" if note else plane
    return FieldView(title, xlabel, ylabel, xs, ys, values, arrows_at, g[keep],
                     list(points or []), value_label, note)


def _arrow_grid(lo: float, hi: float, count: int) -> np.ndarray:
    """Arrow positions: cell centres, so that no arrow sits on the border."""
    step = (hi - lo) / count
    return lo + step * (np.arange(count) + 0.5)


def empty_field(title: str, note: str, symbol: str = "x", value_label: str = "f") -> FieldView:
    """A field view with nothing to draw but its note (e.g. f undefined for these inputs)."""
    empty = np.zeros(0)
    return FieldView(title, f"{symbol}₁", f"{symbol}₂", empty, empty, np.zeros((0, 0)),
                     np.zeros((0, 2)), np.zeros((0, 2)), [], value_label, note)
