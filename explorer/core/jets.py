"""Taylor coefficients of a parsed scalar expression by truncated power series.

Repeated symbolic differentiation swells quickly (the 20th derivative of tan x is huge),
so the Taylor panes of a typed function get their coefficients f⁽ᵏ⁾(x₀)/k! by propagating
truncated series ("jets") c₀ + c₁h + … + cₙhⁿ through the expression tree instead: the
variable is x₀ + h, and every operation has a recurrence on coefficients (products are
convolutions; exp, log, sin, cos and powers follow from their differential equations,
e.g. e = exp(a) ⇒ e′ = a′e ⇒ k eₖ = Σ j aⱼ eₖ₋ⱼ)."""

from __future__ import annotations

from typing import Any

import numpy as np

from explorer.core import expr as E


def taylor_coefficients(expression: E.Expression, variable: str, x0: float, n: int,
                        constants: dict[str, Any] | None = None) -> np.ndarray:
    """[f⁽ᵏ⁾(x₀)/k! for k = 0…n] of a scalar expression of `variable`."""
    env = {variable: _variable(x0, n)}
    for name, value in (constants or {}).items():
        env[name] = _constant(float(value), n)
    with np.errstate(all="ignore"):
        return _jet(expression.root, env, n)


def _constant(c: float, n: int) -> np.ndarray:
    out = np.zeros(n + 1)
    out[0] = c
    return out


def _variable(x0: float, n: int) -> np.ndarray:
    out = _constant(x0, n)
    if n >= 1:
        out[1] = 1.0
    return out


def _jet(node: E.Node, env: dict[str, Any], n: int) -> np.ndarray:
    if isinstance(node, E.Num):
        return _constant(node.value, n)
    if isinstance(node, E.Sym):
        if node.name not in env:
            raise E.EvalError(f"no value for {node.name!r}", node.position)
        return np.asarray(env[node.name])
    if isinstance(node, E.Neg):
        return -_jet(node.arg, env, n)
    if isinstance(node, E.Transpose):  # scalars: a no-op
        return _jet(node.arg, env, n)
    if isinstance(node, E.Block) and len(node.rows) == 1 and len(node.rows[0]) == 1:
        return _jet(node.rows[0][0], env, n)
    if isinstance(node, E.BinOp):
        a, b = _jet(node.left, env, n), _jet(node.right, env, n)
        if node.op == "+":
            return np.asarray(a + b)
        if node.op == "-":
            return np.asarray(a - b)
        if node.op in ("*", "@"):
            return mul(a, b)
        if node.op == "/":
            return div(a, b)
        exponent = E.constant_value(node.right)
        if exponent is not None:
            return power(a, exponent)
        return exp(mul(b, log(a)))
    if isinstance(node, E.Call):
        return _call(node, env, n)
    raise E.EvalError("this expression is not a scalar function", node.position)


def _call(node: E.Call, env: dict[str, Any], n: int) -> np.ndarray:
    if node.name == "eye":
        return _constant(1.0, n)
    args = [_jet(a, env, n) for a in node.args]
    a = args[0]
    name = node.name
    if name in ("diag", "tr"):
        return a
    if name == "inv":
        return div(_constant(1.0, n), a)
    if name == "outer":
        return mul(a, args[1])
    if name == "exp":
        return exp(a)
    if name == "log":
        return log(a)
    if name == "sqrt":
        return power(a, 0.5)
    if name in ("sin", "cos", "tan"):
        s, c = sin_cos(a)
        return s if name == "sin" else c if name == "cos" else div(s, c)
    if name in ("sinh", "cosh", "tanh", "sech"):
        s, c = sinh_cosh(a)
        if name == "sinh":
            return s
        if name == "cosh":
            return c
        return div(s, c) if name == "tanh" else div(_constant(1.0, n), c)
    if name == "sigmoid":
        one = _constant(1.0, n)
        return div(one, one + exp(-a))
    if name == "abs":
        return np.sign(a[0]) * a if a[0] != 0 else np.full_like(a, np.nan)
    raise E.EvalError(f"{name} has no Taylor series here", node.position)


def mul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.convolve(a, b)[: len(a)]


def div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    q = np.zeros_like(a)
    for k in range(len(a)):
        q[k] = (a[k] - np.dot(b[1 : k + 1], q[k - 1 :: -1][:k])) / b[0]
    return q


def exp(a: np.ndarray) -> np.ndarray:
    e = np.zeros_like(a)
    e[0] = np.exp(a[0])
    j = np.arange(len(a))
    for k in range(1, len(a)):
        e[k] = np.dot(j[1 : k + 1] * a[1 : k + 1], e[k - 1 :: -1][:k]) / k
    return e


def log(a: np.ndarray) -> np.ndarray:
    out = np.zeros_like(a)
    out[0] = np.log(a[0]) if a[0] > 0 else np.nan
    j = np.arange(len(a))
    for k in range(1, len(a)):
        inner = np.dot(j[1:k] * out[1:k], a[k - 1 : 0 : -1][: k - 1]) if k > 1 else 0.0
        out[k] = (a[k] - inner / k) / a[0]
    return out


def power(a: np.ndarray, r: float) -> np.ndarray:
    """a^r for a constant r; integer r by repeated products (valid for a₀ ≤ 0 too)."""
    if float(r).is_integer() and abs(r) <= 100:
        base = a if r >= 0 else div(_constant(1.0, len(a) - 1), a)
        out, k = _constant(1.0, len(a) - 1), int(abs(r))
        while k:  # binary powering
            if k & 1:
                out = mul(out, base)
            base, k = mul(base, base), k >> 1
        return out
    if a[0] <= 0:
        return np.full_like(a, np.nan)
    p = np.zeros_like(a)
    p[0] = a[0] ** r
    for k in range(1, len(a)):
        j = np.arange(1, k + 1)
        p[k] = np.dot(((r + 1) * j - k) * a[1 : k + 1], p[k - 1 :: -1][:k]) / (k * a[0])
    return p


def _coupled(a: np.ndarray, s0: float, c0: float, sign: float
             ) -> tuple[np.ndarray, np.ndarray]:
    """Jets of the pair (s, c) with s′ = c·a′ and c′ = sign·s·a′: sin/cos (sign −1) and
    sinh/cosh (sign +1)."""
    s, c = np.zeros_like(a), np.zeros_like(a)
    s[0], c[0] = s0, c0
    j = np.arange(len(a))
    for k in range(1, len(a)):
        ja = j[1 : k + 1] * a[1 : k + 1]
        s[k] = np.dot(ja, c[k - 1 :: -1][:k]) / k
        c[k] = sign * np.dot(ja, s[k - 1 :: -1][:k]) / k
    return s, c


def sin_cos(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return _coupled(a, float(np.sin(a[0])), float(np.cos(a[0])), -1.0)


def sinh_cosh(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return _coupled(a, float(np.sinh(a[0])), float(np.cosh(a[0])), 1.0)
