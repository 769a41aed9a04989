"""5.5-f2 — f₂(x, y) = xᵀy, x, y ∈ ℝⁿ: ∂f₂/∂x = yᵀ, ∂f₂/∂y = xᵀ, and w.r.t. (x, y)
stacked the 1×2n row [yᵀ, xᵀ]."""

from typing import Any

import numpy as np

from explorer.core.exercise import Exercise, Pane
from explorer.core.params import INT, VECTOR, Inputs, Param
from explorer.core.views import View
from explorer.core.views_matrix import FactorsView, HeatmapView, Term, realspace, subscript


def jacobian(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """d(xᵀy)/d(x, y) = [yᵀ, xᵀ] (1×2n)."""
    return np.concatenate([y, x]).reshape(1, -1)


class InnerProduct(Exercise):
    id = "5.5-f2"
    title = "Jacobian of xᵀy"
    group = "5.5"
    statement = "f₂(x, y) = xᵀy, x, y ∈ ℝⁿ; df₂/d(x, y) = [yᵀ, xᵀ] ∈ ℝ¹ˣ²ⁿ"
    variable = "(x, y)"
    params = (
        Param("x", "x", VECTOR, [1.0, -0.5, 0.8], -3.0, 3.0, 0.01, "the vector x",
              shape=("n",)),
        Param("y", "y", VECTOR, [0.4, 1.2, -0.7], -3.0, 3.0, 0.01, "the vector y",
              shape=("n",)),
        Param("n", "n", INT, 3, 1, 64, 1, "the length of x and y"),
        Param("seed", "seed", INT, 0, 0, 99999, 1, "draws x and y when n changes"),
    )
    main_param = "x[0]"
    panes = (
        Pane("inputs", "xᵀ · y = f₂"),
        Pane("jacobian", "df₂/d(x, y) = [yᵀ, xᵀ]: a 1×2n row"),
    )

    def compute(self, v: Inputs) -> dict[str, Any]:
        x, y = np.asarray(v["x"], dtype=float), np.asarray(v["y"], dtype=float)
        return {"value": float(x @ y), "derivative": jacobian(x, y),
                "d_dx": y.reshape(1, -1), "d_dy": x.reshape(1, -1)}

    def views(self, v: Inputs) -> dict[str, View]:
        x, y = np.asarray(v["x"], dtype=float), np.asarray(v["y"], dtype=float)
        n = x.size
        jac = jacobian(x, y)
        names = [f"∂/∂x{subscript(i + 1)}" for i in range(n)]
        names += [f"∂/∂y{subscript(i + 1)}" for i in range(n)]
        return {
            "inputs": FactorsView(
                "f₂ = xᵀy", [Term("xᵀ", x.reshape(1, -1), "input"),
                             Term("y", y.reshape(-1, 1), "input"),
                             Term("f₂", np.array([[x @ y]]), "result")],
                ["·", "="], f"f₂ = xᵀy = {x @ y:.4g}"),
            "jacobian": HeatmapView(
                title=f"df₂/d(x, y) = [yᵀ, xᵀ] ∈ {realspace(jac.shape)}",
                matrix=jac, row_label="", col_label="component",
                row_names=["df₂"], col_names=names,
                col_blocks=[("∂f₂/∂x = yᵀ", 0, n), ("∂f₂/∂y = xᵀ", n, 2 * n)],
                entry_formula="yⱼ (j ≤ n) or xⱼ₋ₙ (j > n)"),
        }


EXERCISE = InnerProduct()
