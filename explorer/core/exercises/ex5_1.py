"""5.1 — f(x) = log(x⁴)·sin(x³): the product rule with two chain rules inside."""

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike

from explorer.core.errors import InputError
from explorer.core.params import SCALAR, Inputs, Param
from explorer.core.scalar import ScalarExercise, X


class ProductChain(ScalarExercise):
    id = "5.1"
    title = "Product and chain rule: log(x⁴)·sin(x³)"
    group = "5.1"
    statement = "f(x) = log(x⁴) sin(x³); f′(x) = 4 sin(x³)/x + 3x² cos(x³) log(x⁴)"
    expr = sp.log(X**4) * sp.sin(X**3)
    x_range = (-2.2, 2.2)
    params = (Param("x", "x", SCALAR, 1.3, -2.2, 2.2, 0.01, "the point of the tangent"),)
    main_param = "x"

    # log(x⁴) as 4·log|x|: x⁴ underflows to 0 for |x| < 1e-81 (log → −∞) although f is
    # finite there. The SymPy form stays the one shown and checked.
    def f(self, x: ArrayLike, v: Inputs) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(4.0 * np.log(np.abs(x)) * np.sin(x**3))

    def df(self, x: ArrayLike, v: Inputs) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(4.0 * np.sin(x**3) / x
                              + 12.0 * x**2 * np.cos(x**3) * np.log(np.abs(x)))

    def check_domain(self, v: Inputs) -> None:
        if v["x"] == 0:
            raise InputError("x = 0 is outside the domain of log(x⁴)")

    def holes(self, v: Inputs) -> list[float]:
        return [0.0]


EXERCISE = ProductChain()
