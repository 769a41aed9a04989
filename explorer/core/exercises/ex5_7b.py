"""5.7b — f(z) = sin(z) element-wise, z = Ax + b, A ∈ ℝ^{E×D}, b ∈ ℝᴱ.
∂f/∂z = diag(cos z) (E×E), ∂z/∂x = A (E×D), df/dx = diag(cos z)·A (E×D)."""

import numpy as np

from explorer.core.layer_exercise import ElementwiseLayer
from explorer.core.params import INT, MATRIX, VECTOR, Param


class SinLayer(ElementwiseLayer):
    id = "5.7b"
    title = "Chain rule: sin(Ax + b)"
    group = "5.7"
    statement = ("f = sin(z), z = Ax + b; ∂f/∂z = diag(cos z) ∈ ℝᴱˣᴱ, ∂z/∂x = A ∈ ℝᴱˣᴰ, "
                 "df/dx = diag(cos z)·A ∈ ℝᴱˣᴰ")
    derivative_text = "diag(cos z)"
    entry_text = "cos(z{i})·A{ij}"
    params = (
        Param("x", "x", VECTOR, None, -3.0, 3.0, 0.01, "the input x", shape=("D",)),
        Param("A", "A", MATRIX, None, help="E×D", shape=("E", "D")),
        Param("b", "b", VECTOR, None, -3.0, 3.0, 0.01, "the offset b", shape=("E",)),
        Param("D", "D", INT, 2, 1, 16, 1, "the dimension of x"),
        Param("E", "E", INT, 3, 1, 16, 1, "the dimension of z and f"),
        Param("seed", "seed", INT, 0, 0, 99999, 1, "draws x, A and b"),
    )
    main_param = "x[0]"

    def phi(self, z: np.ndarray) -> np.ndarray:
        return np.asarray(np.sin(z))

    def dphi(self, z: np.ndarray) -> np.ndarray:
        return np.asarray(np.cos(z))


EXERCISE = SinLayer()
