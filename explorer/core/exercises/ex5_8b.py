"""5.8b — f(x) = tr(xxᵀ + σ²I) = ‖x‖² + Dσ², x ∈ ℝᴰ: df/dx = 2xᵀ (1×D).
The trace only reads the diagonal of xxᵀ + σ²I, whose entries are x_i² + σ²."""

import numpy as np

from explorer.core.exercise import Pane
from explorer.core.gradient_exercise import GradientExercise
from explorer.core.params import INT, SCALAR, VECTOR, Inputs, Param
from explorer.core.views import View
from explorer.core.views_matrix import HeatmapView, realspace, subscript


class TraceOuter(GradientExercise):
    entry_text = "∂f/∂x{j} = 2x{j}"
    id = "5.8b"
    title = "Gradient of tr(xxᵀ + σ²I)"
    group = "5.8"
    statement = "f(x) = tr(xxᵀ + σ²I) = xᵀx + Dσ²; df/dx = 2xᵀ ∈ ℝ¹ˣᴰ"
    params = (
        Param("x", "x", VECTOR, [1.0, -0.5], -3.0, 3.0, 0.01,
              "the point x; drag it on the map", shape=("D",)),
        Param("sigma", r"\sigma", SCALAR, 0.5, 0.0, 3.0, 0.01, "the constant σ"),
        Param("D", "D", INT, 2, 1, 64, 1, "the dimension of x"),
        Param("seed", "seed", INT, 0, 0, 99999, 1, "draws x when D changes"),
    )
    main_param = "x[0]"
    panes = (
        Pane("field", "f over the (x₁, x₂) plane with its gradient field"),
        Pane("outer", "xxᵀ + σ²I: the trace adds up its diagonal"),
        Pane("gradient", "df/dx = 2xᵀ: a 1×D row"),
    )

    def f(self, pts: np.ndarray, v: Inputs) -> np.ndarray:
        pts = np.asarray(pts, dtype=float)
        return np.asarray(np.sum(pts * pts, axis=-1) + pts.shape[-1] * v["sigma"] ** 2)

    def grad(self, pts: np.ndarray, v: Inputs) -> np.ndarray:
        return 2 * np.asarray(pts, dtype=float)

    def views(self, v: Inputs) -> dict[str, View]:
        x = self.point(v)
        m = np.outer(x, x) + v["sigma"] ** 2 * np.eye(x.size)
        names = [subscript(i + 1) for i in range(x.size)]
        return {
            "field": self.field(v, "f(x) = tr(xxᵀ + σ²I) = xᵀx + Dσ²"),
            "outer": HeatmapView(
                title=f"xxᵀ + σ²I ∈ {realspace(m.shape)}, trace = {np.trace(m):.4g}",
                matrix=m, row_label="row i", col_label="column j",
                row_names=names, col_names=names, highlight_diagonal=True,
                entry_formula="x{i} x{j} + σ²·δ{ij}",
                note="outlined: the diagonal xᵢ² + σ², whose sum is f"),
            "gradient": self.gradient_strip(v),
        }


EXERCISE = TraceOuter()
