"""The Jacobian of f(x) = xxᵀ (ℝⁿ → ℝ^{n×n}) as an n×n×n tensor
J[i, j, k] = ∂(x_i x_j)/∂x_k = δ_ik x_j + x_i δ_jk, sliced on demand.

Every slice is an n×n matrix built in O(n²) memory, so n = 1000 costs 8 MB per slice and
the n³ tensor (8 GB) never exists. `outer_jacobian` builds the whole tensor, for small n."""

from __future__ import annotations

import numpy as np

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
