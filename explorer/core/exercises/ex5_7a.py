"""5.7a — f(z) = log(1 + z), z = xᵀx, x ∈ ℝᴰ. Chain rule:
∂f/∂z = 1/(1+z) (1×1) · ∂z/∂x = 2xᵀ (1×D)  =  df/dx = 2xᵀ/(1 + xᵀx) (1×D)."""

from typing import Any

import numpy as np

from explorer.core.chain import factors_json, factors_view
from explorer.core.exercise import Pane
from explorer.core.gradient_exercise import GradientExercise
from explorer.core.params import INT, VECTOR, Inputs, Param
from explorer.core.views import View


class LogOnePlusNorm(GradientExercise):
    entry_text = "∂f/∂x{j} = 2x{j} / (1 + xᵀx)"
    id = "5.7a"
    title = "Chain rule: log(1 + xᵀx)"
    group = "5.7"
    statement = ("f(z) = log(1 + z), z = xᵀx; ∂f/∂z = 1/(1+z) ∈ ℝ¹ˣ¹, ∂z/∂x = 2xᵀ ∈ ℝ¹ˣᴰ, "
                 "df/dx = 2xᵀ/(1 + xᵀx) ∈ ℝ¹ˣᴰ")
    params = (
        Param("x", "x", VECTOR, [1.0, -0.6], -3.0, 3.0, 0.01,
              "the point x; drag it on the map", shape=("D",)),
        Param("D", "D", INT, 2, 1, 64, 1, "the dimension of x"),
        Param("seed", "seed", INT, 0, 0, 99999, 1, "draws x when D changes"),
    )
    main_param = "x[0]"
    panes = (
        Pane("field", "f over the (x₁, x₂) plane with its gradient field"),
        Pane("factors", "chain rule: ∂f/∂z · ∂z/∂x = df/dx"),
    )

    def f(self, pts: np.ndarray, v: Inputs) -> np.ndarray:
        pts = np.asarray(pts, dtype=float)
        return np.asarray(np.log1p(np.sum(pts * pts, axis=-1)))

    def grad(self, pts: np.ndarray, v: Inputs) -> np.ndarray:
        pts = np.asarray(pts, dtype=float)
        return np.asarray(2 * pts / (1 + np.sum(pts * pts, axis=-1, keepdims=True)))

    def factors(self, v: Inputs) -> list[tuple[str, np.ndarray]]:
        x = self.point(v)
        z = float(x @ x)
        return [("∂f/∂z", np.array([[1 / (1 + z)]])), ("∂z/∂x", 2 * x.reshape(1, -1))]

    def compute(self, v: Inputs) -> dict[str, Any]:
        out = super().compute(v)
        out["factors"] = factors_json(self.factors(v))
        return out

    def views(self, v: Inputs) -> dict[str, View]:
        return {
            "field": self.field(v, "f(x) = log(1 + xᵀx) with its gradient field"),
            "factors": factors_view("df/dx = ∂f/∂z · ∂z/∂x", self.factors(v),
                                    ("df/dx", self.grad(self.point(v), v))),
        }


EXERCISE = LogOnePlusNorm()
