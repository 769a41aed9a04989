"""Numeric helpers: cached lambdify, stable special functions, finite differences."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike


@cache
def lambdified(expr: sp.Expr, args: tuple[sp.Symbol, ...]) -> Callable[..., np.ndarray]:
    """NumPy function of `expr`, generated once per (expression, argument order)."""
    fn = sp.lambdify(args, expr, modules="numpy")

    def call(*values: Any) -> np.ndarray:
        # Poles (log 0, 1/0) become nan/inf silently; callers turn them into gaps.
        with np.errstate(all="ignore"):
            out = fn(*values)
        if np.iscomplexobj(out):  # e.g. sqrt(-x²) = i|x|: a gap where it is not real
            out = real_or_nan(out)
        return np.broadcast_to(np.asarray(out, dtype=float), np.broadcast(*values).shape)

    return call


def real_or_nan(values: ArrayLike) -> np.ndarray:
    """The real part where the imaginary part is zero (up to rounding), nan elsewhere."""
    a = np.asarray(values)
    real = np.abs(a.imag) <= 1e-12 * np.maximum(1.0, np.abs(a.real))
    return np.where(real, a.real, np.nan)


def finite_or_nan(values: ArrayLike) -> np.ndarray:
    out = np.array(values, dtype=float)
    out[~np.isfinite(out)] = np.nan
    return out


def sigmoid(x: ArrayLike) -> np.ndarray:
    """σ(x) = 1/(1+e^{-x}) without overflow: e^{-log(1+e^{-x})} via logaddexp."""
    return np.asarray(np.exp(-np.logaddexp(0.0, -np.asarray(x, dtype=float))))


def sigmoid_prime(x: ArrayLike) -> np.ndarray:
    """σ′(x) = σ(x)σ(−x) = σ(x)(1−σ(x)), finite for any x."""
    return np.asarray(sigmoid(x) * sigmoid(-np.asarray(x, dtype=float)))


def central_difference(fn: Callable[[np.ndarray], np.ndarray], x: np.ndarray,
                       h: float = 1e-6) -> np.ndarray:
    """Numerator-layout Jacobian of fn at x by central differences.
    fn maps an array of any shape to an array of any shape; the result has shape
    fn(x).shape + x.shape (for a scalar fn of a vector: shape x.shape)."""
    x = np.asarray(x, dtype=float)
    f0 = np.asarray(fn(x), dtype=float)
    jac = np.empty(f0.shape + x.shape)
    flat = x.reshape(-1)
    for i in range(flat.size):
        step = h * max(1.0, abs(flat[i]))
        up, down = flat.copy(), flat.copy()
        up[i] += step
        down[i] -= step
        diff = (np.asarray(fn(up.reshape(x.shape))) - np.asarray(fn(down.reshape(x.shape))))
        jac.reshape((*f0.shape, -1))[..., i] = diff / (2 * step)
    return jac


def central_difference_stacked(fn: Callable[[np.ndarray], np.ndarray], x: np.ndarray,
                               h: float = 1e-6) -> np.ndarray:
    """`central_difference` in one call of `fn`, for an fn vectorised over a leading axis:
    fn takes a stack of points, shape (k, *x.shape), and returns one result per point,
    shape (k, *out). The same steps and quotients, so the same numbers; one call instead
    of 2·x.size (the Python calls of a small function are most of its cost)."""
    x = np.asarray(x, dtype=float)
    flat = x.reshape(-1)
    n = flat.size
    steps = h * np.maximum(1.0, np.abs(flat))
    points = np.tile(flat, (2 * n, 1))
    points[np.arange(n), np.arange(n)] += steps  # up, one coordinate each
    points[np.arange(n, 2 * n), np.arange(n)] -= steps  # down
    values = np.asarray(fn(points.reshape((2 * n, *x.shape))), dtype=float)
    out_shape = values.shape[1:]
    quotients = (values[:n] - values[n:]) / (2 * steps).reshape((n,) + (1,) * len(out_shape))
    return np.asarray(np.moveaxis(quotients, 0, -1).reshape(out_shape + x.shape))
