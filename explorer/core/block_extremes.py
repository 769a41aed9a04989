"""Big matrices shrunk for display: each block of f×f entries becomes the entry of
largest |value| in it, so that a single row or column of nonzeros (like row k of
e_k xᵀ + x e_kᵀ) stays visible instead of being dropped or averaged away by the screen's
scaling. Pure NumPy: the panes draw what this returns; 5.5-f3's slices have a structured
equivalent (tensors.OuterSlice.blocks) that must give the same numbers."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

MAX_IMAGE_SIDE = 250  # larger matrices are drawn block by block


def block_factor(rows: int, cols: int, max_side: int = MAX_IMAGE_SIDE) -> int:
    """The block side f that brings rows × cols to at most max_side cells a side."""
    return max(1, math.ceil(max(rows, cols) / max(1, max_side)))


def pick_extreme(high: np.ndarray, low: np.ndarray) -> np.ndarray:
    """Of each block's largest and smallest entry, the one of larger |value| (the
    largest on a tie)."""
    return np.where(-low > high, low, high)


def block_extremes(m: np.ndarray, max_side: int = MAX_IMAGE_SIDE) -> np.ndarray:
    """m shrunk to at most max_side cells a side, each cell the extreme of its f×f block
    (blocks past the last row or column are padded with zeros); m itself if it fits."""
    rows, cols = m.shape
    f = block_factor(rows, cols, max_side)
    if f <= 1:
        return m
    if not np.isfinite(m).all():
        m = np.nan_to_num(m)
    shape = (math.ceil(rows / f) * f, math.ceil(cols / f) * f)
    if shape != m.shape:
        padded = np.zeros(shape)
        padded[:rows, :cols] = m
        m = padded
    # the blocks' extremes as f element-wise passes over strided views, rows then
    # columns: the same numbers as a max over each f×f block, ~6× faster for n = 1000
    high, low = _fold(m, f, 0, np.maximum), _fold(m, f, 0, np.minimum)
    high, low = _fold(high, f, 1, np.maximum), _fold(low, f, 1, np.minimum)
    return pick_extreme(high, low)


def _fold(m: np.ndarray, f: int, axis: int, op: np.ufunc) -> np.ndarray:
    """op over every f consecutive entries along `axis` (0 rows, 1 columns)."""
    pick: Callable[[int], np.ndarray] = ((lambda i: m[i::f]) if axis == 0
                                         else (lambda i: m[:, i::f]))
    out = pick(0).copy()
    for i in range(1, f):
        op(out, pick(i), out=out)
    return out
