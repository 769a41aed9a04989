"""What a wrong value is, compared with the truth at every trial point: the transpose,
a constant multiple (a factor), the truth plus one constant, or merely close to it. Each
finding is a verdict's fields (`verdict`, `kind`, `reason`, …), or None."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from explorer.core import derivations as Dv

WRONG = "wrong"
TOLERANCE = 1e-7  # relative to the larger entry of the truth


def all_close(got: list[np.ndarray], want: list[np.ndarray]) -> bool:
    return all(Dv.close(g, w, TOLERANCE) for g, w in zip(got, want, strict=True))


def compare_values(got: list[np.ndarray], truth: list[np.ndarray], label: str, *,
                   transpose: bool) -> dict[str, Any] | None:
    """Equal (only possible when transposed), or a constant multiple of `truth`."""
    what = "the transpose of the right answer (a layout mistake)"
    if transpose and all_close(got, truth):
        rows, cols = truth[0].shape
        if rows > 1 and cols == 1:
            what = ("a column instead of a row: in numerator layout the derivative of a "
                    f"scalar by a vector is a 1×{rows} row (the column is denominator "
                    "layout)")
        return {"verdict": WRONG, "kind": "transpose", "reason": what}
    factor = factor_of(got, truth)
    if factor is None:
        return None
    if factor == 0:
        return {"verdict": WRONG, "kind": "wrong", "reason": "the answer is zero"}
    reason = factor_reason(factor, label)
    if transpose:
        reason = f"{what}, and {reason}"
    return {"verdict": WRONG, "kind": "transpose" if transpose else "factor", "reason": reason,
            "factor": factor}


def factor_of(got: list[np.ndarray], truth: list[np.ndarray]) -> float | None:
    a = np.concatenate([g.ravel() for g in got])
    t = np.concatenate([x.ravel() for x in truth])
    tt = float(t @ t)
    if not np.all(np.isfinite(a)) or tt == 0:
        return None
    c = float(a @ t) / tt
    if not all_close([a], [c * t]):
        return None
    # Near 1 the fit above passes for any answer close to the truth: a factor must also
    # explain the difference itself (an added constant is no factor).
    if np.linalg.norm(a - c * t) > 1e-3 * np.linalg.norm(a - t):
        return None
    if abs(c) < 1e-12:
        return 0.0
    nice = Fraction(c).limit_denominator(24)
    return float(nice) if abs(float(nice) - c) <= 1e-9 * max(1.0, abs(c)) else c


def factor_reason(c: float, label: str) -> str:
    if c == 0.5:
        return f"half the true {label}: a factor 2 is missing"
    if c == 2:
        return f"twice the true {label}: an extra factor 2"
    if c == -1:
        return f"the sign is wrong: the answer is minus the true {label}"
    nice = Fraction(c).limit_denominator(24)
    shown = str(nice) if float(nice) == c else number_text(c, beside=float(nice))
    return f"off by a constant factor: the answer is {shown} times the true {label}"


def number_text(c: float, beside: float) -> str:
    """`c` with as many digits as it takes to tell it from `beside` (1.0000001, not 1)."""
    for digits in range(6, 18):
        text = f"{c:.{digits}g}"
        if abs(float(text) - c) <= 0.01 * abs(c - beside):
            return text
    return repr(c)


def offset(got: list[np.ndarray], truth: list[np.ndarray], label: str
           ) -> dict[str, Any] | None:
    """The answer is the truth plus one constant, in every entry at every point."""
    d = np.concatenate([(g - t).ravel() for g, t in zip(got, truth, strict=True)])
    if not np.all(np.isfinite(d)) or np.ptp(d) > 1e-3 * abs(float(np.mean(d))):
        return None
    constant = float(np.mean(d))
    return {"verdict": WRONG, "kind": "term",
            "reason": f"a constant is added: the answer is the true {label} plus "
            f"{number_text(constant, beside=0.0)}", "offset": constant}


def near(got: list[np.ndarray], truth: list[np.ndarray], label: str) -> dict[str, Any] | None:
    """Close to the truth, but beyond the check's tolerance."""
    worst = max(float(np.max(np.abs(g - t))) / max(1.0, float(np.max(np.abs(t))))
                for g, t in zip(got, truth, strict=True))
    if not worst < 1e-3:
        return None
    return {"verdict": WRONG, "kind": "wrong",
            "reason": f"close, but not equal: it differs from the true {label} by up to "
            f"{worst:.2g} of its size (the check allows {TOLERANCE:g})"}
