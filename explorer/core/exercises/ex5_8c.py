"""5.8c — f = tanh(z) ∈ ℝᴹ, z = Ax + b, x ∈ ℝᴺ, A ∈ ℝ^{M×N}.
∂f/∂z = diag(1 − tanh²z) = diag(sech²z) (M×M), ∂z/∂x = A (M×N), df/dx = diag(sech²z)·A
(M×N). (The worked solution swaps the two factors' shapes: ∂f/∂z is M×M, ∂z/∂x is M×N.)"""

import numpy as np

from explorer.core.layer_exercise import ElementwiseLayer
from explorer.core.params import INT, MATRIX, VECTOR, Param


class TanhLayer(ElementwiseLayer):
    id = "5.8c"
    title = "Chain rule: tanh(Ax + b)"
    group = "5.8"
    statement = ("f = tanh(z), z = Ax + b; ∂f/∂z = diag(sech²z) ∈ ℝᴹˣᴹ, ∂z/∂x = A ∈ ℝᴹˣᴺ, "
                 "df/dx = diag(sech²z)·A ∈ ℝᴹˣᴺ")
    derivative_text = "diag(sech²z)"
    entry_text = "sech²(z{i})·A{ij}"
    params = (
        Param("x", "x", VECTOR, None, -3.0, 3.0, 0.01, "the input x", shape=("N",)),
        Param("A", "A", MATRIX, None, help="M×N", shape=("M", "N")),
        Param("b", "b", VECTOR, None, -3.0, 3.0, 0.01, "the offset b", shape=("M",)),
        Param("M", "M", INT, 3, 1, 16, 1, "the dimension of z and f"),
        Param("N", "N", INT, 2, 1, 16, 1, "the dimension of x"),
        Param("seed", "seed", INT, 0, 0, 99999, 1, "draws x, A and b"),
    )
    main_param = "x[0]"

    def phi(self, z: np.ndarray) -> np.ndarray:
        return np.asarray(np.tanh(z))

    def dphi(self, z: np.ndarray) -> np.ndarray:
        # sech²z = 1 − tanh²z, but that cancels to 0 once tanh rounds to ±1 (|z| ≳ 19).
        # 4e^{−2|z|}/(1 + e^{−2|z|})² keeps full precision and underflows to 0, never
        # overflows.
        q = np.exp(-2.0 * np.abs(np.asarray(z, dtype=float)))
        return np.asarray(4.0 * q / (1.0 + q) ** 2)


EXERCISE = TanhLayer()
