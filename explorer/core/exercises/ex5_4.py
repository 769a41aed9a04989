"""5.4 — Taylor polynomials Tₙ of f(x) = sin x + cos x at an expansion point x₀.

Tₙ(x) = Σ_{k≤n} f⁽ᵏ⁾(x₀)/k! · (x − x₀)ᵏ. The book fixes x₀ = 0, where the coefficients are
1, 1, −1/2, −1/6, 1/24, 1/120, …; the explorer lets x₀ move."""

from collections.abc import Callable
from functools import cache
from math import factorial
from typing import Any

import numpy as np
import sympy as sp
from numpy.typing import ArrayLike

from explorer.core.exercise import Exercise, Pane, Target
from explorer.core.last_result import reuse_last
from explorer.core.numeric import finite_or_nan, lambdified
from explorer.core.params import INT, SCALAR, Inputs, Param
from explorer.core.scalar import X
from explorer.core.views import BarsView, Curve, CurvesView, Marker, View

F = sp.sin(X) + sp.cos(X)
MAX_ORDER = 30


@cache
def derivative_fn(k: int) -> Callable[..., np.ndarray]:
    """NumPy function of f⁽ᵏ⁾, derived by SymPy once per order."""
    return lambdified(sp.diff(F, X, k), (X,))


def coefficients(n: int, x0: float) -> np.ndarray:
    """[f⁽ᵏ⁾(x₀)/k! for k = 0…n]."""
    return np.array([float(derivative_fn(k)(x0)) / factorial(k) for k in range(n + 1)])


def partial_sums(coef: np.ndarray, x: ArrayLike, x0: float) -> np.ndarray:
    """Rows T₀(x), …, Tₙ(x): cumulative sums of the terms cₖ(x − x₀)ᵏ."""
    h = np.asarray(x, dtype=float) - x0
    powers = h[None, ...] ** np.arange(len(coef)).reshape((-1,) + (1,) * h.ndim)
    return np.cumsum(coef.reshape((-1,) + (1,) * h.ndim) * powers, axis=0)


class Taylor(Exercise):
    id = "5.4"
    title = "Taylor polynomials of sin x + cos x"
    group = "5.4"
    statement = "f(x) = sin x + cos x; Tₙ(x) = Σₖ₌₀ⁿ f⁽ᵏ⁾(x₀)(x − x₀)ᵏ/k!"
    params = (
        Param("x", "x", SCALAR, 1.0, -6.0, 6.0, 0.01, "where Tₙ(x) is evaluated"),
        Param("n", "n", INT, 5, 0, 20, 1, "the order of the polynomial"),
        Param("x0", "x_0", SCALAR, 0.0, -3.0, 3.0, 0.01, "the expansion point x₀"),
    )
    main_param = "x"
    # An answer is checked as f′(x) (the default) or as Tₙ(x) at the chosen n and x₀.
    targets = (
        Target("derivative", "f′(x)"),
        Target("taylor", "Tₙ(x)", output="taylor", row=-1, hold=("n", "x0")),
    )
    panes = (
        Pane("taylor", "f and its Taylor polynomials T₀…Tₙ"),
        Pane("error", "error |f − Tₙ| (log scale)"),
        Pane("coefficients", "coefficients f⁽ᵏ⁾(x₀)/k!"),
    )
    x_range = (-6.0, 6.0)
    samples = 1201

    # The function and its derivatives; a subclass expanding another f overrides these.
    def f_values(self, x: ArrayLike) -> np.ndarray:
        return F_fn()(x)

    def derivative_values(self, x: ArrayLike) -> np.ndarray:
        return derivative_fn(1)(x)

    def taylor_coefficients(self, n: int, x0: float) -> np.ndarray:
        return coefficients(n, x0)

    def compute(self, v: Inputs) -> dict[str, Any]:
        coef = self.taylor_coefficients(v["n"], v["x0"])
        taylor = partial_sums(coef, v["x"], v["x0"])
        return {
            "value": float(self.f_values(v["x"])),
            "derivative": float(self.derivative_values(v["x"])),
            "taylor": taylor,
            "coefficients": coef,
        }

    def _grid(self, n: int, x0: float) -> tuple[np.ndarray, ...]:
        """The grid with f, the coefficients, T₀…Tₙ and the errors |f − Tₖ| on it. They do
        not depend on x, so they are kept for the last (n, x₀): dragging x evaluates Tₙ at
        x alone. The arrays are shared and read-only."""
        def compute() -> tuple[np.ndarray, ...]:
            xs = np.linspace(*self.x_range, self.samples)
            fx = np.array(np.broadcast_to(self.f_values(xs), xs.shape), dtype=float)
            coef = np.array(self.taylor_coefficients(n, x0), dtype=float)
            sums = partial_sums(coef, xs, x0)
            with np.errstate(divide="ignore", invalid="ignore"):
                errors = _positive(np.abs(fx - sums))
            return xs, fx, coef, sums, errors

        key = (self.x_range, self.samples, int(n), float(x0))
        return reuse_last(self, "_taylor_grid", key, compute)

    def views(self, v: Inputs) -> dict[str, View]:
        n, x0, x = v["n"], v["x0"], v["x"]
        xs, fx, coef, sums, errs = self._grid(n, x0)
        tn_at_x = float(partial_sums(coef, x, x0)[-1])
        curves = [Curve("f(x)", xs, fx, "f")]
        curves += [Curve(f"T{_sub(k)}", xs, sums[k], "taylor", order=k, in_bounds=False,
                         legend=k in (0, n)) for k in range(n + 1)]
        errors = [Curve(f"|f − T{_sub(k)}|", xs, errs[k], "taylor", order=k,
                        legend=k in (0, n)) for k in range(n + 1)]
        err_x = abs(float(self.f_values(x)) - tn_at_x)
        return {
            "taylor": CurvesView(
                title=f"f and T₀…Tₙ  (n = {n}, x₀ = {x0:.3g})", xlabel="x",
                ylabel="y", curves=curves, y_range=(-3.0, 3.0),
                markers=[
                    Marker("x₀", x0, float(self.f_values(x0)), "x₀", role="feature"),
                    Marker("x", x, tn_at_x, f"T{_sub(n)}({x:.3g}) = {tn_at_x:.4g}", drag="x",
                           on=f"T{_sub(n)}"),
                ]),
            "error": CurvesView(
                title=self.panes[1].title, xlabel="x", ylabel="|f(x) − Tₖ(x)|",
                curves=errors, log_y=True,
                markers=[Marker("x", x, max(err_x, 1e-16), f"|f − T{_sub(n)}| = {err_x:.2e}",
                                drag="x", on=f"|f − T{_sub(n)}|")]),
            "coefficients": BarsView(
                title=self.panes[2].title, xlabel="k", ylabel="f⁽ᵏ⁾(x₀)/k!",
                labels=[str(k) for k in range(n + 1)], values=coef),
        }


    def result_latex(self, v: Inputs) -> str:
        """Tₙ at the current n and x₀."""
        return taylor_latex(self.taylor_coefficients(v["n"], v["x0"]), v["x0"])


# How many terms of Tₙ a line holds (the first line, the others), so that the lines fit
# the math panel: fractions (x₀ = 0) are narrow, decimal coefficients times (x − x₀)ᵏ wide.
TERMS_A_LINE = {True: (6, 5), False: (2, 2)}


def taylor_latex(coef: np.ndarray, x0: float) -> str:
    """'T_n(x) = …' in LaTeX. A coefficient that is ±1/k! is written as a fraction
    (as at x₀ = 0, in the book), others with 3 significant digits; an aligned block of
    lines when the terms do not fit one."""
    n = len(coef) - 1
    exact = all(_is_integer(c * factorial(k)) for k, c in enumerate(coef))
    h = "x" if x0 == 0 else rf"(x {'-' if x0 > 0 else '+'} {abs(x0):g})"
    terms = [t for k, c in enumerate(coef) if (t := _term(float(c), k, h, exact))] or ["+ 0"]
    head = f"T_{_index(n)}(x)"
    terms[0] = terms[0].removeprefix("+ ").replace("- ", "-", 1)
    first, rest = TERMS_A_LINE[exact]
    lines = [" ".join(terms[:first])]
    lines += [" ".join(terms[i:i + rest]) for i in range(first, len(terms), rest)]
    if len(lines) == 1:
        return f"{head} = {lines[0]}"
    body = r" \\ &".join(lines)
    return rf"\begin{{aligned}} {head} ={{}}& {body} \end{{aligned}}"


def _term(c: float, k: int, h: str, exact: bool) -> str:
    """'+ \\frac{x^2}{2}', '- 0.678(x - 0.5)^2', … ('' for a zero coefficient)."""
    if c == 0:
        return ""
    sign = "-" if c < 0 else "+"
    power = "" if k == 0 else h if k == 1 else f"{h}^{_index(k)}"
    if exact:
        d, k_fact = abs(round(c * factorial(k))), factorial(k)
        top = (str(d) if d != 1 or k == 0 else "") + power
        if k_fact == 1:
            return f"{sign} {top}"
        bottom = str(k_fact) if k <= 5 else f"{k}!"
        return rf"{sign} \frac{{{top}}}{{{bottom}}}"
    mantissa, _, exponent = f"{abs(c):.3g}".partition("e")
    number = mantissa if not exponent else rf"{mantissa} \cdot 10^{{{int(exponent)}}}"
    return f"{sign} {number}{power}"


def _is_integer(value: float) -> bool:
    return abs(value - round(value)) < 1e-9


def _index(k: int) -> str:
    return str(k) if k < 10 else f"{{{k}}}"


@cache
def F_fn() -> Callable[..., np.ndarray]:
    return lambdified(F, (X,))


def _positive(err: np.ndarray) -> np.ndarray:
    """Log axes cannot show 0: exact zeros (at x₀) become gaps."""
    out = finite_or_nan(err)
    out[out <= 0] = np.nan
    return out


def _sub(k: int) -> str:
    return "".join("₀₁₂₃₄₅₆₇₈₉"[int(d)] for d in str(k))


EXERCISE = Taylor()
