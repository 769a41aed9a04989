"""5.2 — the logistic sigmoid σ(x) = 1/(1 + e^{−x}) and σ′ = σ(1 − σ)."""

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike

from explorer.core.numeric import sigmoid, sigmoid_prime
from explorer.core.params import SCALAR, Inputs, Param
from explorer.core.scalar import ScalarExercise, X
from explorer.core.views import Marker


class Sigmoid(ScalarExercise):
    id = "5.2"
    title = "Logistic sigmoid"
    group = "5.2"
    statement = "f(x) = 1/(1 + e⁻ˣ); f′(x) = e⁻ˣ/(1 + e⁻ˣ)² = f(x)(1 − f(x))"
    expr = 1 / (1 + sp.exp(-X))
    x_range = (-8.0, 8.0)
    params = (Param("x", "x", SCALAR, 1.0, -8.0, 8.0, 0.01, "the point of the tangent"),)
    main_param = "x"

    # The symbolic forms overflow in exp(−x) for x ≲ −710; these stay finite for any x.
    def f(self, x: ArrayLike, v: Inputs) -> np.ndarray:
        return sigmoid(x)

    def df(self, x: ArrayLike, v: Inputs) -> np.ndarray:
        return sigmoid_prime(x)

    def df_features(self, v: Inputs) -> list[Marker]:
        return [Marker("max slope", 0.0, 0.25, "max slope ¼ at x = 0", role="feature")]

    def f_features(self, v: Inputs) -> list[Marker]:
        return [Marker("σ(0) = ½", 0.0, float(np.float64(0.5)), "", role="feature")]


EXERCISE = Sigmoid()
