"""Shared shape of 5.7b and 5.8c: f = φ(z) element-wise, z = Ax + b, x ∈ ℝᴰ, A ∈ ℝ^{E×D}.
Chain rule: ∂f/∂z = diag(φ′(z)) (E×E) · ∂z/∂x = A (E×D) = df/dx = diag(φ′(z))·A (E×D).
Subclasses name the sizes (D, E for 5.7b; N, M for 5.8c) and give φ and φ′."""

from __future__ import annotations

from typing import Any

import numpy as np

from explorer.core.chain import diagonal, factors_json, factors_view
from explorer.core.exercise import Exercise, Pane
from explorer.core.params import Inputs
from explorer.core.views import View
from explorer.core.views_matrix import HeatmapView, realspace, subscript


class ElementwiseLayer(Exercise):
    activation = "φ"
    derivative_text = "diag(φ′(z))"
    entry_text = "φ′(z{i})·A{ij}"  # entry (i, j) of df/dx
    panes = (
        Pane("factors", "chain rule: ∂f/∂z · ∂z/∂x = df/dx"),
        Pane("jacobian", "df/dx, the Jacobian"),
    )

    def phi(self, z: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def dphi(self, z: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    @staticmethod
    def pre_activation(v: Inputs) -> np.ndarray:
        a, x = np.asarray(v["A"], dtype=float), np.asarray(v["x"], dtype=float)
        return np.asarray(a @ x + v["b"])

    def factors(self, v: Inputs) -> list[tuple[str, np.ndarray]]:
        z = self.pre_activation(v)
        return [("∂f/∂z", diagonal(self.dphi(z))), ("∂z/∂x", np.asarray(v["A"], dtype=float))]

    def jacobian(self, v: Inputs) -> np.ndarray:
        """diag(φ′(z))·A without forming the diagonal matrix: scale the rows of A."""
        a = np.asarray(v["A"], dtype=float)
        return np.asarray(self.dphi(self.pre_activation(v))[:, None] * a)

    def compute(self, v: Inputs) -> dict[str, Any]:
        return {"value": self.phi(self.pre_activation(v)), "derivative": self.jacobian(v),
                "factors": factors_json(self.factors(v))}

    def views(self, v: Inputs) -> dict[str, View]:
        jac = self.jacobian(v)
        rows, cols = jac.shape
        return {
            "factors": factors_view(f"df/dx = {self.derivative_text} · A", self.factors(v),
                                    ("df/dx", jac)),
            "jacobian": HeatmapView(
                title=f"df/dx ∈ {realspace(jac.shape)}", matrix=jac,
                row_label="output i (fᵢ)", col_label="input j (xⱼ)",
                row_names=[f"f{subscript(i + 1)}" for i in range(rows)],
                col_names=[f"x{subscript(j + 1)}" for j in range(cols)],
                entry_formula=self.entry_text),
        }
