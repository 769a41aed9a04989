"""5.6-f — f(t) = sin(log(tᵀt)), t ∈ ℝᴰ: df/dt = 2cos(log(tᵀt))/(tᵀt) · tᵀ (1×D).
t = 0 is outside the domain (log 0)."""

import numpy as np

from explorer.core.errors import InputError
from explorer.core.exercise import Pane
from explorer.core.gradient_exercise import GradientExercise
from explorer.core.params import INT, VECTOR, Inputs, Param
from explorer.core.views import View


class SinLogNorm(GradientExercise):
    id = "5.6-f"
    title = "Gradient of sin(log(tᵀt))"
    group = "5.6"
    statement = "f(t) = sin(log(tᵀt)), t ∈ ℝᴰ; df/dt = 2cos(log(tᵀt))/(tᵀt) · tᵀ ∈ ℝ¹ˣᴰ"
    variable = "t"
    symbol = "t"
    entry_text = "∂f/∂t{j} = 2 cos(log tᵀt) t{j} / tᵀt"
    params = (
        Param("t", "t", VECTOR, [1.2, 0.5], -3.0, 3.0, 0.01,
              "the point t (t ≠ 0); drag it on the map", shape=("D",)),
        Param("D", "D", INT, 2, 1, 64, 1, "the dimension of t"),
        Param("seed", "seed", INT, 0, 0, 99999, 1, "draws t when D changes"),
    )
    main_param = "t[0]"
    panes = (
        Pane("field", "f over the (t₁, t₂) plane with its gradient field"),
        Pane("gradient", "df/dt at t: a 1×D row"),
    )

    def check_domain(self, v: Inputs) -> None:
        if not np.any(np.asarray(v["t"]) != 0):
            raise InputError("t = 0 is outside the domain of log(tᵀt)")

    def f(self, pts: np.ndarray, v: Inputs) -> np.ndarray:
        log_tt, _, _ = _scaled(pts)
        return np.asarray(np.sin(log_tt)[..., 0])

    def grad(self, pts: np.ndarray, v: Inputs) -> np.ndarray:
        log_tt, unit, r = _scaled(pts)
        with np.errstate(all="ignore"):  # beyond doubles only for |t| ≲ 1e-308: inf
            return np.asarray(2 * np.cos(log_tt) * unit / r)

    def views(self, v: Inputs) -> dict[str, View]:
        note = "t = 0 is outside the domain" if not np.any(v["t"] != 0) else ""
        return {
            "field": self.field(v, "f(t) = sin(log(tᵀt)): rings where log(tᵀt) = kπ",
                                note=note),
            "gradient": self.gradient_strip(v, note=note),
        }


def _scaled(pts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(log tᵀt, t/tᵀt·r, r) with r = max|tᵢ|, computed on t/r: tᵀt itself underflows for
    |t| < 1e-154 and 1/tᵀt overflows, though f and df/dt are finite there."""
    pts = np.asarray(pts, dtype=float)
    r = np.max(np.abs(pts), axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        u = pts / r
        uu = np.sum(u * u, axis=-1, keepdims=True)
        return 2 * np.log(r) + np.log(uu), u / uu, r


EXERCISE = SinLogNorm()
