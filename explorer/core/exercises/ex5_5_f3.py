"""5.5-f3 — f₃(x) = xxᵀ, x ∈ ℝⁿ → ℝ^{n×n}. The Jacobian is the n×n×n tensor
J[i, j, k] = ∂(x_i x_j)/∂x_k, whose slice ∂(xxᵀ)/∂x_k = e_k xᵀ + x e_kᵀ.

The views compute only the slice shown (and all slices when n ≤ 8): never the n³ tensor.
`evaluate` prints the whole tensor, so it is limited to n ≤ 100 (10⁶ numbers)."""

from typing import Any

import numpy as np

from explorer.core.errors import InputError
from explorer.core.exercise import Exercise, Pane
from explorer.core.params import INT, VECTOR, Inputs, Param
from explorer.core.tensors import (
    AXIS_DERIVATIVE,
    AXIS_NAMES,
    SLICE_AXES,
    OuterSlice,
    outer_jacobian,
    outer_jacobian_slice,
)
from explorer.core.views import View
from explorer.core.views_matrix import CubeView, HeatmapView, realspace, subscript

MAX_EVALUATE_N = 100
MAX_MULTIPLES_N = 8
_INDEX_NAME = ("i", "j", "k")


class OuterProduct(Exercise):
    id = "5.5-f3"
    title = "Jacobian of xxᵀ: an n×n×n tensor"
    group = "5.5"
    statement = "f₃(x) = xxᵀ ∈ ℝⁿˣⁿ; J[i,j,k] = ∂(xᵢxⱼ)/∂xₖ, ∂(xxᵀ)/∂xₖ = eₖxᵀ + xeₖᵀ"
    params = (
        Param("x", "x", VECTOR, [1.0, -0.6, 0.4, 0.8], -2.0, 2.0, 0.01, "the vector x",
              shape=("n",)),
        Param("n", "n", INT, 4, 1, 1000, 1, "the length of x (the tensor is n×n×n)"),
        Param("seed", "seed", INT, 0, 0, 99999, 1, "draws x when n changes"),
        # (set with the cube pane's own controls, not the parameter panel's)
        Param("k", "k", INT, 1, 1, 1000, 1,
              "which slice is shown, counted from 1 as in x₁ … xₙ (at most n)",
              in_panel=False),
        Param("axis", "axis", INT, AXIS_DERIVATIVE, 0, 2, 1,
              "the sliced tensor axis: 0 row i, 1 column j, 2 ∂/∂xₖ", in_panel=False),
    )
    main_param = "x[0]"
    panes = (
        Pane("cube", "the n×n×n Jacobian, slice by slice"),
        Pane("value", "f₃(x) = xxᵀ"),
    )

    def check_given(self, v: Inputs) -> None:
        n = np.asarray(v["x"]).size
        if v["k"] > n:  # the window shows the last slice, with a note
            raise InputError(f"k = {v['k']} is not a slice of the n×n×n Jacobian: k must be "
                             f"between 1 and n = {n}")

    def compute(self, v: Inputs) -> dict[str, Any]:
        x = np.asarray(v["x"], dtype=float)
        if x.size > MAX_EVALUATE_N:
            raise InputError(
                f"n = {x.size}: the whole Jacobian would be {x.size}³ numbers; evaluate "
                f"prints it for n ≤ {MAX_EVALUATE_N} (the window and export show any n ≤ 1000)")
        axis, k = _slice_choice(v)
        return {"value": np.outer(x, x), "derivative": outer_jacobian(x),
                "slice": outer_jacobian_slice(x, axis, k)}

    def headline(self, v: Inputs) -> tuple[Any, ...]:
        """xxᵀ and its derivative for the status bar, which past n = 100 says why the
        window shows the derivative one slice at a time instead."""
        x = np.asarray(v["x"], dtype=float)
        n = x.size
        if n > MAX_EVALUATE_N:
            raise InputError(f"dxxᵀ/dx is {n}×{n}×{n}: the cube pane shows it one "
                             f"{n}×{n} slice at a time")
        return self._outer(x), outer_jacobian(x)

    def views(self, v: Inputs) -> dict[str, View]:
        x = np.asarray(v["x"], dtype=float)
        n = x.size
        axis, k = _slice_choice(v)
        note = f"k = {v['k']} > n: showing the last slice" if v["k"] > n else ""
        rows, cols = SLICE_AXES[axis]
        name = _INDEX_NAME[axis]
        what = {0: f"J[{k + 1}, :, :] = ∂(row {k + 1} of xxᵀ)/∂x",
                1: f"J[:, {k + 1}, :] = ∂(column {k + 1} of xxᵀ)/∂x",
                2: f"J[:, :, {k + 1}] = ∂(xxᵀ)/∂x{subscript(k + 1)} = eₖxᵀ + xeₖᵀ"}[axis]
        multiples = ([outer_jacobian_slice(x, axis, i) for i in range(n)]
                     if n <= MAX_MULTIPLES_N else [])
        if axis != AXIS_DERIVATIVE:
            sym = "xxᵀ is symmetric, so row and column slices are equal"
            note = f"{note} · {sym}" if note else sym
        limit = 2 * float(np.max(np.abs(x))) or 1.0  # the largest entry of any slice
        value = self._outer(x)
        return {
            "cube": CubeView(
                title=f"dxxᵀ/dx ∈ {realspace((n, n, n))}: slice {name} = {k + 1} of {n}",
                n=n, axis=axis, index=k, slice=OuterSlice(x, axis, k),
                slice_title=f"{what} ∈ {realspace((n, n))}", row_label=rows, col_label=cols,
                axis_names=AXIS_NAMES, multiples=multiples, limit=limit, note=note),
            "value": HeatmapView(title=f"f₃(x) = xxᵀ ∈ {realspace(value.shape)}",
                                 matrix=value, row_label="row i", col_label="column j",
                                 entry_formula="x{i} x{j}"),
        }

    def _outer(self, x: np.ndarray) -> np.ndarray:
        """xxᵀ, kept for the last x (read-only): moving through the slices (k, axis)
        does not recompute n² numbers, and the heat map sees the same array."""
        last = getattr(self, "_last_outer", None)
        if last is not None and np.array_equal(last[0], x):
            return np.asarray(last[1])
        value = np.outer(x, x)
        value.setflags(write=False)
        self._last_outer = (x.copy(), value)
        return value


def _slice_choice(v: Inputs) -> tuple[int, int]:
    """(axis, 0-based index) of the slice to show; k beyond n shows the last slice."""
    n = np.asarray(v["x"]).size
    return int(v["axis"]), min(max(int(v["k"]), 1), n) - 1


EXERCISE = OuterProduct()
