"""The Jacobian of f(x) = xxᵀ (ℝⁿ → ℝ^{n×n}) as an n×n×n tensor
J[i, j, k] = ∂(x_i x_j)/∂x_k = δ_ik x_j + x_i δ_jk, sliced on demand.

Every slice is an n×n matrix built in O(n²) memory, so n = 1000 costs 8 MB per slice and
the n³ tensor (8 GB) never exists. `OuterSlice` keeps a slice as (x, axis, index): what
the window draws of it comes from its structure in O(n), its n² entries only on request.
`outer_jacobian` builds the whole tensor, for small n."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing

from explorer.core.block_extremes import MAX_IMAGE_SIDE, block_factor, pick_extreme

AXIS_ROW, AXIS_COLUMN, AXIS_DERIVATIVE = 0, 1, 2

# What fixing each tensor axis means, and the (rows, columns) of the resulting slice.
AXIS_NAMES = ("row i of xxᵀ", "column j of xxᵀ", "∂/∂xₖ")
SLICE_AXES = {
    AXIS_ROW: ("column j", "derivative index k"),
    AXIS_COLUMN: ("row i", "derivative index k"),
    AXIS_DERIVATIVE: ("row i", "column j"),
}


def outer_jacobian_slice(x: np.ndarray, axis: int, index: int) -> np.ndarray:
    """J with tensor axis `axis` fixed at `index` (0-based), as an n×n matrix.

    axis 2 (fix k): e_k xᵀ + x e_kᵀ — row k and column k hold x, entry (k, k) is 2x_k.
    axis 0 (fix i): entry (j, k) = δ_ik x_j + x_i δ_jk, i.e. x e_iᵀ + x_i I.
    axis 1 (fix j): entry (i, k) = δ_ik x_j + x_i δ_jk, i.e. x_j I + x e_jᵀ."""
    x = np.asarray(x, dtype=float)
    n = x.size
    if not 0 <= index < n:
        raise IndexError(f"slice index {index} outside 0..{n - 1}")
    out = np.zeros((n, n))
    if axis == AXIS_DERIVATIVE:
        out[index, :] += x
        out[:, index] += x
    elif axis == AXIS_ROW:
        out[:, index] += x
        out[np.diag_indices(n)] += x[index]
    elif axis == AXIS_COLUMN:
        out[np.diag_indices(n)] += x[index]
        out[:, index] += x
    else:
        raise ValueError(f"axis must be 0, 1 or 2, got {axis}")
    return out


def outer_jacobian(x: np.ndarray) -> np.ndarray:
    """The whole n×n×n tensor (only for small n: it holds n³ numbers)."""
    x = np.asarray(x, dtype=float)
    eye = np.eye(x.size)
    return np.asarray(np.einsum("ik,j->ijk", eye, x) + np.einsum("i,jk->ijk", x, eye))


@dataclass(frozen=True, eq=False)
class OuterSlice:
    """The slice of J at `index` along `axis` without its n² entries: nonzero are only
    row and column `index` (axis 2: e_k xᵀ + x e_kᵀ) or column `index` and the diagonal
    (axes 0, 1: x e_kᵀ + x_k I). `np.asarray(s)` gives the n×n matrix."""

    x: np.ndarray
    axis: int
    index: int

    @property
    def shape(self) -> tuple[int, int]:
        return (self.x.size, self.x.size)

    def full(self) -> np.ndarray:
        return outer_jacobian_slice(self.x, self.axis, self.index)

    def __array__(self, dtype: np.typing.DTypeLike | None = None,
                  copy: bool | None = None) -> np.ndarray:
        out = self.full()
        return out if dtype is None else out.astype(dtype)

    def entry(self, row: int, col: int) -> float:
        """Entry (row, col), 0-based, added up as `full` adds it."""
        x, k = self.x, self.index
        value = 0.0
        if self.axis == AXIS_DERIVATIVE:
            value += x[col] if row == k else 0.0
            value += x[row] if col == k else 0.0
        else:
            value += x[row] if col == k else 0.0
            value += x[k] if row == col else 0.0
        return float(value)

    @property
    def carriers(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """(rows, columns) that hold x: row and column k, or column k (the diagonal
        holds x_k alone)."""
        k = self.index
        return ((k,), (k,)) if self.axis == AXIS_DERIVATIVE else ((), (k,))

    def blocks(self, max_side: int = MAX_IMAGE_SIDE) -> np.ndarray:
        """block_extremes(full(), max_side), from the structure: O(n) work and a
        (n/f)² result instead of n² entries."""
        n, k = self.x.size, self.index
        f = block_factor(n, n, max_side)
        if f == 1:
            return self.full()
        count = -(-n // f)
        padded = np.zeros(count * f)
        padded[:n] = self.x
        per_block = padded.reshape(count, f)  # x block by block, zeros past x_n
        # every block of f ≥ 2 rows and columns holds zeros besides its share of x
        line = pick_extreme(np.maximum(per_block.max(axis=1), 0.0),
                            np.minimum(per_block.min(axis=1), 0.0))
        out = np.zeros((count, count))
        home = k // f  # the block holding entry (k, k)
        out[:, home] = line
        if self.axis == AXIS_DERIVATIVE:
            out[home, :] = line
        else:  # the diagonal holds x_k
            x_k = float(self.x[k])
            out[np.diag_indices(count)] = pick_extreme(np.maximum(x_k, 0.0),
                                                      np.minimum(x_k, 0.0))
        # (k, k) holds 2x_k (it outweighs the diagonal's x_k), beside x's other entries
        near = per_block[home].copy()
        near[k % f] = self.x[k] + self.x[k]
        out[home, home] = pick_extreme(np.maximum(near.max(), 0.0),
                                       np.minimum(near.min(), 0.0))
        return out
