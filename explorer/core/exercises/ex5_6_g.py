"""5.6-g — g(X) = tr(AXB), A ∈ ℝ^{D×E}, X ∈ ℝ^{E×F}, B ∈ ℝ^{F×D}: dg/dX = AᵀBᵀ (E×F),
reported with the shape of X. g is linear in X, so its gradient does not depend on X.
(BᵀAᵀ, a common slip, is F×E — not even the shape of X.)"""

from typing import Any

import numpy as np

from explorer.core.exercise import Exercise, Pane
from explorer.core.params import INT, MATRIX, Inputs, Param
from explorer.core.views import View
from explorer.core.views_matrix import FactorsView, HeatmapView, Term, realspace


def gradient(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """dg/dX = AᵀBᵀ: entry (k, l) = Σ_i A_ik B_li."""
    return np.asarray(a.T @ b.T)


class TraceGradient(Exercise):
    id = "5.6-g"
    title = "Gradient of tr(AXB) w.r.t. X"
    group = "5.6"
    statement = "g(X) = tr(AXB), A ∈ ℝᴰˣᴱ, X ∈ ℝᴱˣᶠ, B ∈ ℝᶠˣᴰ; dg/dX = AᵀBᵀ ∈ ℝᴱˣᶠ"
    variable = "X"
    params = (
        Param("A", "A", MATRIX, None, help="D×E", shape=("D", "E")),
        Param("X", "X", MATRIX, None, help="E×F; the gradient does not depend on it",
              shape=("E", "F")),
        Param("B", "B", MATRIX, None, help="F×D", shape=("F", "D")),
        Param("D", "D", INT, 2, 1, 12, 1, "rows of A, columns of B"),
        Param("E", "E", INT, 3, 1, 12, 1, "columns of A, rows of X"),
        Param("F", "F", INT, 2, 1, 12, 1, "columns of X, rows of B"),
        Param("seed", "seed", INT, 0, 0, 99999, 1, "draws A, X and B"),
    )
    main_param = "A[0,0]"
    panes = (
        Pane("matrices", "A, X and B in g = tr(AXB)"),
        Pane("gradient", "dg/dX = AᵀBᵀ, the shape of X"),
    )

    def compute(self, v: Inputs) -> dict[str, Any]:
        a, x, b = (np.asarray(v[k], dtype=float) for k in "AXB")
        return {"value": float(np.trace(a @ x @ b)), "derivative": gradient(a, b)}

    def views(self, v: Inputs) -> dict[str, View]:
        a, x, b = (np.asarray(v[k], dtype=float) for k in "AXB")
        g = float(np.trace(a @ x @ b))
        grad = gradient(a, b)
        e, f = grad.shape
        return {
            "matrices": FactorsView(
                f"g(X) = tr(AXB) = {g:.4g}",
                [Term("A", a, "input"), Term("X", x, "input"), Term("B", b, "input"),
                 Term("AXB", a @ x @ b, "result", outline_diagonal=True)],
                ["·", "·", "="],
                f"g = tr(AXB) = {g:.4g}, the sum of the outlined diagonal: "
                "moving X changes g, not its gradient AᵀBᵀ"),
            "gradient": HeatmapView(
                title=f"dg/dX = AᵀBᵀ ∈ {realspace(grad.shape)} (independent of X)",
                matrix=grad, row_label="row k of X", col_label="column l of X",
                row_names=[f"k = {k + 1}" for k in range(e)],
                col_names=[f"l = {j + 1}" for j in range(f)],
                note=f"‖AᵀBᵀ‖ = {np.linalg.norm(grad):.4g}, the same for every X",
                entry_formula="∂g/∂X{ij} = Σᵢ Aᵢ{i} B{j}ᵢ"),
        }


EXERCISE = TraceGradient()
