"""5.5-f1 — f₁(x) = sin(x₁)cos(x₂), x ∈ ℝ²: df₁/dx = [cos x₁ cos x₂, −sin x₁ sin x₂] (1×2)."""

import numpy as np

from explorer.core.exercise import Pane
from explorer.core.gradient_exercise import GradientExercise
from explorer.core.params import VECTOR, Inputs, Param
from explorer.core.views import View


class SinCos(GradientExercise):
    id = "5.5-f1"
    title = "Jacobian of sin(x₁)cos(x₂)"
    group = "5.5"
    statement = "f₁(x) = sin(x₁)cos(x₂), x ∈ ℝ²; df₁/dx = [cos x₁ cos x₂, −sin x₁ sin x₂] ∈ ℝ¹ˣ²"
    function = "f₁"
    entry_text = "∂f₁/∂x{j}: cos x₁ cos x₂ (j = 1), −sin x₁ sin x₂ (j = 2)"
    params = (
        Param("x", "x", VECTOR, [0.6, -0.4], -np.pi, np.pi, 0.01,
              "the point (x₁, x₂); drag it on the map", shape=(2,)),
    )
    main_param = "x[0]"
    panes = (
        Pane("field", "f₁ over the plane, its gradient field and the point x"),
        Pane("jacobian", "df₁/dx at x: a 1×2 row"),
    )

    def f(self, pts: np.ndarray, v: Inputs) -> np.ndarray:
        pts = np.asarray(pts, dtype=float)
        return np.asarray(np.sin(pts[..., 0]) * np.cos(pts[..., 1]))

    def grad(self, pts: np.ndarray, v: Inputs) -> np.ndarray:
        pts = np.asarray(pts, dtype=float)
        x1, x2 = pts[..., 0], pts[..., 1]
        return np.stack([np.cos(x1) * np.cos(x2), -np.sin(x1) * np.sin(x2)], axis=-1)

    def views(self, v: Inputs) -> dict[str, View]:
        return {
            "field": self.field(v, "f₁(x) = sin(x₁)cos(x₂) with its gradient field"),
            "jacobian": self.gradient_strip(v),
        }


EXERCISE = SinCos()
