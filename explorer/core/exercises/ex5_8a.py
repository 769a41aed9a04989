"""5.8a — f(z) = exp(−z/2), z = yᵀS⁻¹y, y = x − μ; x, μ ∈ ℝᴰ, S ∈ ℝ^{D×D} invertible
(not necessarily symmetric). Chain rule:
∂f/∂z = −½e^{−z/2} (1×1) · ∂z/∂y = yᵀ(S⁻¹ + S⁻ᵀ) (1×D) · ∂y/∂x = I (D×D) = df/dx (1×D).

When S is not given it is built from four sliders that keep it usable: scales s₁, s₂, a
correlation ρ and an asymmetry κ,  S = [[s₁², ρs₁s₂ + κ], [ρs₁s₂ − κ, s₂²]] (padded with the
identity for D > 2). Its symmetric part is positive definite for s₁, s₂ > 0 and |ρ| < 1."""

from typing import Any

import numpy as np

from explorer.core import params as P
from explorer.core.chain import factors_json, factors_view
from explorer.core.errors import InputError
from explorer.core.exercise import Pane
from explorer.core.gradient_exercise import GradientExercise, row_text
from explorer.core.gradient_field import empty_field
from explorer.core.params import INT, MATRIX, SCALAR, VECTOR, Inputs, Param
from explorer.core.views import View
from explorer.core.views_matrix import FactorsView, FieldPoint

MAX_CONDITION = 1e12  # beyond this S counts as singular: S⁻¹ would be noise
NEAR_SINGULAR = 1e6  # beyond this the note warns that S is nearly singular
MIN_SCALE = 1e-100  # an S this small counts as 0: S⁻¹ (≥ 1e100) times y² would overflow


def s_from_sliders(d: int, s1: float, s2: float, rho: float, skew: float) -> np.ndarray:
    s = np.eye(d)
    if d == 1:
        s[0, 0] = s1 * s1
        return s
    s[:2, :2] = [[s1 * s1, rho * s1 * s2 + skew], [rho * s1 * s2 - skew, s2 * s2]]
    return s


def condition_text(s: np.ndarray) -> str:
    """'cond(S) = 12.3', with a warning when S is close to singular."""
    with np.errstate(all="ignore"):
        cond = float(np.linalg.cond(s))
    text = f"cond(S) = {cond:.3g}"
    if cond > NEAR_SINGULAR:
        text += " (nearly singular: S⁻¹ amplifies rounding errors)"
    return text


def singular_reason(s: np.ndarray) -> str:
    """'' if S is safely invertible, else a one-line reason."""
    with np.errstate(all="ignore"):
        cond, det = np.linalg.cond(s), np.linalg.det(s)
    if np.max(np.abs(s)) < MIN_SCALE:
        return (f"S is singular (all entries below {MIN_SCALE:g} in size, cond(S) = "
                f"{cond:.3g}): S⁻¹ overflows; move the scales away from 0")
    if not np.isfinite(cond) or cond > MAX_CONDITION:
        return (f"S is singular (det S = {det:.3g}, cond(S) = {cond:.3g}): "
                "S⁻¹ and f do not exist; "
                "move ρ away from ±1 or the scales away from 0")
    return ""


class GaussianChain(GradientExercise):
    entry_text = "∂f/∂x{j} = −½ exp(−z/2) ((S⁻¹ + S⁻ᵀ)(x − μ)){j}"
    id = "5.8a"
    title = "Chain rule: exp(−½(x−μ)ᵀS⁻¹(x−μ))"
    group = "5.8"
    statement = ("f = exp(−z/2), z = yᵀS⁻¹y, y = x − μ; "
                 "df/dx = −½exp(−z/2)·(x−μ)ᵀ(S⁻¹ + S⁻ᵀ) ∈ ℝ¹ˣᴰ")
    params = (
        Param("x", "x", VECTOR, [1.0, 0.6], -4.0, 4.0, 0.01,
              "the point x; drag it on the map", shape=("D",)),
        Param("mu", r"\mu", VECTOR, [0.0, 0.0], -3.0, 3.0, 0.01,
              "the centre μ; drag it on the map", shape=("D",)),
        Param("s1", "s_1", SCALAR, 1.2, 0.0, 3.0, 0.01, "scale of S along x₁ (S not given)"),
        Param("s2", "s_2", SCALAR, 0.8, 0.0, 3.0, 0.01, "scale of S along x₂ (S not given)"),
        Param("rho", r"\rho", SCALAR, 0.4, -1.0, 1.0, 0.01,
              "correlation in S (S not given); ±1 with κ = 0 makes S singular"),
        Param("skew", r"\kappa", SCALAR, 0.3, -2.0, 2.0, 0.01,
              "asymmetry κ: S₁₂ − S₂₁ = 2κ (S not given)"),
        Param("S", "S", MATRIX, None, help="D×D, invertible, need not be symmetric; "
              "built from s₁, s₂, ρ and κ when not given", shape=("D", "D")),
        Param("D", "D", INT, 2, 1, 64, 1, "the dimension of x and μ"),
        Param("seed", "seed", INT, 0, 0, 99999, 1, "draws x and μ when D changes"),
    )
    main_param = "x[0]"
    panes = (
        Pane("field", "f over the (x₁, x₂) plane, its gradient field, x and μ"),
        Pane("factors", "chain rule: ∂f/∂z · ∂z/∂y · ∂y/∂x = df/dx"),
    )

    def resolve(self, given: Inputs) -> Inputs:
        values = P.resolve(self.params, given)
        if "S" not in given:  # S is drawn after x and μ, so their draws are unaffected
            values["S"] = s_from_sliders(int(values["D"]), values["s1"], values["s2"],
                                         values["rho"], values["skew"])
        return values

    def check_domain(self, v: Inputs) -> None:
        reason = singular_reason(np.asarray(v["S"], dtype=float))
        if reason:
            raise InputError(reason.split(";")[0] + ": outside the domain")

    # --- mathematics ------------------------------------------------------------------
    def _inverse(self, v: Inputs) -> np.ndarray:
        return np.linalg.inv(np.asarray(v["S"], dtype=float))

    def _z(self, pts: np.ndarray, v: Inputs) -> np.ndarray:
        y = np.asarray(pts, dtype=float) - np.asarray(v["mu"], dtype=float)
        return np.asarray(np.einsum("...i,ij,...j->...", y, self._inverse(v), y))

    def f(self, pts: np.ndarray, v: Inputs) -> np.ndarray:
        with np.errstate(over="ignore"):
            return np.exp(-self._z(pts, v) / 2)

    def grad(self, pts: np.ndarray, v: Inputs) -> np.ndarray:
        inv = self._inverse(v)
        y = np.asarray(pts, dtype=float) - np.asarray(v["mu"], dtype=float)
        # For an indefinite S, z can be hugely negative and f overflow: inf (refused by
        # evaluate, a gap in the views) rather than a warning.
        with np.errstate(over="ignore", invalid="ignore"):
            scale = -0.5 * np.exp(-self._z(pts, v) / 2)
            return np.asarray(scale[..., None] * (y @ (inv + inv.T)))

    def factors(self, v: Inputs) -> list[tuple[str, np.ndarray]]:
        inv = self._inverse(v)
        y = self.point(v) - np.asarray(v["mu"], dtype=float)
        z = float(self._z(self.point(v), v))  # the same z (and rounding) as f's
        with np.errstate(over="ignore"):
            dfdz = -0.5 * np.exp(-z / 2)
        return [("∂f/∂z", np.array([[dfdz]])),
                ("∂z/∂y", (y @ (inv + inv.T)).reshape(1, -1)),
                ("∂y/∂x", np.eye(y.size))]

    def compute(self, v: Inputs) -> dict[str, Any]:
        out = super().compute(v)
        out["factors"] = factors_json(self.factors(v))
        return out

    # --- views ------------------------------------------------------------------------
    def views(self, v: Inputs) -> dict[str, View]:
        s = np.asarray(v["S"], dtype=float)
        reason = singular_reason(s)
        title = "f(x) = exp(−½(x−μ)ᵀS⁻¹(x−μ)) with its gradient field"
        if reason:
            return {"field": empty_field(title, reason),
                    "factors": FactorsView("df/dx = ∂f/∂z · ∂z/∂y · ∂y/∂x", [], [], "",
                                           reason)}
        note = f"S = {row_text(s[0], 2)}, {row_text(s[1], 2)}" if s.shape[0] >= 2 else ""
        note = f"{note} · {condition_text(s)}" if note else condition_text(s)
        built = s_from_sliders(s.shape[0], v["s1"], v["s2"], v["rho"], v["skew"])
        if not np.allclose(s, built):
            note += " (S given explicitly: the sliders s₁ s₂ ρ κ are not used)"
        mu = np.asarray(v["mu"], dtype=float)
        extra = []
        if mu.size >= 2:
            extra.append(FieldPoint("μ", float(mu[0]), float(mu[1]), "μ",
                                    drag=("mu[0]", "mu[1]"), role="centre"))
        factors, grad = self.factors(v), self.grad(self.point(v), v)
        product_title = "df/dx = ∂f/∂z · ∂z/∂y · ∂y/∂x"
        if not all(np.all(np.isfinite(m)) for _, m in [*factors, ("df/dx", grad)]):
            product = FactorsView(product_title, [], [], "",
                                  "f overflows at this x: z = yᵀS⁻¹y is hugely negative "
                                  "(S is not positive definite)")
        else:
            product = factors_view(product_title, factors, ("df/dx", grad))
        return {"field": self.field(v, title, extra=extra, note=note), "factors": product}


EXERCISE = GaussianChain()
