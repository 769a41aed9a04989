"""5.3 — the Gaussian bump f(x) = exp(−(x−μ)²/(2σ²)); f′(x) = −(x−μ)/σ² · f(x)."""

import math

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike

from explorer.core.errors import InputError
from explorer.core.params import SCALAR, Inputs, Param
from explorer.core.scalar import ScalarExercise, X
from explorer.core.views import Marker

MU, SIGMA = sp.Symbol("mu", real=True), sp.Symbol("sigma", positive=True)


class GaussianBump(ScalarExercise):
    id = "5.3"
    title = "Gaussian bump"
    group = "5.3"
    statement = "f(x) = exp(−(x−μ)²/(2σ²)); f′(x) = −(x−μ)/σ² · f(x)"
    expr = sp.exp(-((X - MU) ** 2) / (2 * SIGMA**2))
    constants = (("mu", MU), ("sigma", SIGMA))
    x_range = (-5.0, 5.0)
    params = (
        Param("x", "x", SCALAR, 0.5, -5.0, 5.0, 0.01, "the point of the tangent"),
        Param("mu", r"\mu", SCALAR, 0.0, -3.0, 3.0, 0.01, "the centre μ"),
        Param("sigma", r"\sigma", SCALAR, 1.0, 0.1, 3.0, 0.01, "the width σ (σ > 0)"),
    )
    main_param = "x"

    def check_domain(self, v: Inputs) -> None:
        if v["sigma"] == 0:
            raise InputError("sigma = 0 is outside the domain (division by σ²)")
        if v["sigma"] < 0:  # a width is positive: μ − σ would lie right of μ
            raise InputError(f"sigma = {v['sigma']:g} is outside the domain: the width σ "
                             "must be positive")

    # The SymPy forms give 0·∞ = nan for a tiny σ far from μ ((x−μ)/σ² overflows while f
    # underflows); these compute f′ in logs, so it underflows to 0 instead.
    def f(self, x: ArrayLike, v: Inputs) -> np.ndarray:
        d, s = _offset_and_width(x, v)
        with np.errstate(all="ignore"):
            return np.exp(-0.5 * (d / s) ** 2)

    def df(self, x: ArrayLike, v: Inputs) -> np.ndarray:
        d, s = _offset_and_width(x, v)
        with np.errstate(all="ignore"):
            log_mag = np.log(np.abs(d)) - 2 * np.log(s) - 0.5 * (d / s) ** 2
            return np.asarray(-np.sign(d) * np.exp(log_mag) + 0.0)  # + 0.0: no "−0" at x = μ

    def grid(self, v: Inputs) -> np.ndarray:
        """The plot's grid, with extra samples across μ ± 6σ so a narrow bump is drawn."""
        lo, hi = self.x_range
        s = abs(float(v["sigma"]))
        local = v["mu"] + s * np.linspace(-6.0, 6.0, 241)
        local = local[(local > lo) & (local < hi)]
        return np.unique(np.concatenate([super().grid(v), local]))

    def f_features(self, v: Inputs) -> list[Marker]:
        mu, s = v["mu"], abs(v["sigma"])
        at = math.exp(-0.5)  # f(μ ± σ)
        return [
            Marker("maximum", mu, 1.0, "max at μ", role="feature"),
            Marker("inflection −", mu - s, at, "μ − σ", role="feature"),
            Marker("inflection +", mu + s, at, "μ + σ", role="feature"),
        ]

    def df_features(self, v: Inputs) -> list[Marker]:
        mu, s = v["mu"], abs(v["sigma"])
        if s == 0 or mu - s == mu + s:  # no inflection points the axis can tell apart
            return []
        peak = math.exp(-0.5) / s  # |f′| is largest at the inflection points
        if not math.isfinite(peak):  # σ is a denormal: f′ there is beyond floats
            return []
        return [
            Marker("extremum −", mu - s, peak, "f′ max at μ − σ", role="feature"),
            Marker("extremum +", mu + s, -peak, "f′ min at μ + σ", role="feature"),
        ]


def _offset_and_width(x: ArrayLike, v: Inputs) -> tuple[np.ndarray, float]:
    return np.asarray(x, dtype=float) - v["mu"], abs(float(v["sigma"]))


EXERCISE = GaussianBump()
