"""From the differential df (linear in dX) to the derivative in numerator layout.

- X a scalar: the derivative is df with dX = 1.
- f a scalar: df is brought to tr(M dX) by trace cyclicity and transposes (tr(C A B) =
  tr(B C A), tr(C Aᵀ) = tr(A Cᵀ), tr(C (A ⊙ B)) = tr((C ⊙ Aᵀ) B), …): for a vector x
  the derivative is the row M, for a matrix X it is Mᵀ, of X's shape.
- f a column vector, x a vector: the same for uᵀf with a placeholder row uᵀ; every term
  of M then reads uᵀJ, and J is the Jacobian.
- otherwise the derivative is a tensor, given by its slice: df with dX = e_k (a vector
  X) or E_kl (a matrix X)."""

from __future__ import annotations

from dataclasses import dataclass

from explorer.core.workbench import tree as t
from explorer.core.workbench.names import Shape, kind
from explorer.core.workbench.simplify import collect, push_transposes, simplify
from explorer.core.workbench.tree import Node

SEED = "u"


class NotIdentified(Exception):
    """df has a form the rules do not bring to tr(M dX) (e.g. blocks holding dX)."""


@dataclass(frozen=True)
class Identified:
    formula: Node | None  # the derivative (2-D) or None for a tensor
    slice: Node | None  # the slice in terms of `unit` (tensors, and Jacobians by columns)
    unit: str | None  # e_k or E_kl
    how: str  # the identification, in words
    trace_form: Node | None = None  # M with df = tr(M dX), for a scalar f


def unit_name(shape: Shape) -> str:
    return "e_k" if kind(shape) == "vector" else "E_kl"


def identify(df: Node, f_shape: Shape, x: Node) -> Identified:
    """x: the variable (a var node)."""
    fk, xk = kind(f_shape), kind(x.shape)
    dx = t.dvar(x.data, x.shape)
    if xk == "scalar":
        formula = simplify(t.substitute(df, dx, t.const(1)))
        return Identified(formula, None, None, f"d{x.data} = 1 in df")
    if fk == "scalar":
        try:
            m = _sum(_peel(df, t.const(1), jacobian=False), (1, x.shape[0]) if xk == "vector"
                     else x.shape[::-1])
        except NotIdentified:
            pass
        else:
            m = simplify(m)
            if xk == "vector":
                return Identified(m, None, None, f"df = g d{x.data} ⇒ ∂f/∂{x.data} = g", m)
            g = simplify(_sum([t.transpose(p) for p in _summands(m)], x.shape))
            return Identified(g, None, None, f"df = tr(M d{x.data}) ⇒ ∂f/∂{x.data} = Mᵀ", m)
    unit = unit_name(x.shape)
    slice_ = simplify(t.substitute(df, dx, t.var(unit, x.shape)))
    if fk == "vector" and xk == "vector":
        try:
            jac = _jacobian(df, x)
        except NotIdentified:
            return Identified(None, slice_, unit, f"∂f/∂{x.data}_k = df with d{x.data} = e_k")
        return Identified(jac, slice_, unit, f"df = J d{x.data} ⇒ ∂f/∂{x.data} = J")
    return Identified(None, slice_, unit,
                      f"∂F/∂{x.data}_k = dF with d{x.data} = {unit}" if xk == "vector" else
                      f"∂F/∂{x.data}_kl = dF with d{x.data} = {unit}")


def _jacobian(df: Node, x: Node) -> Node:
    """J with df = J dx, for a column df: blocks stacked in df give J's blocks."""
    if df.op == "block" and all(count == 1 for count in df.data):
        return t.block([[_jacobian(part, x)] for part in df.args])
    if not df.has("dvar"):
        return t.zero((df.shape[0], x.shape[0]))
    if df.shape == (1, 1):  # a scalar block: its gradient row
        return simplify(_sum(_peel(df, t.const(1), jacobian=False), (1, x.shape[0])))
    u = t.seed(SEED, (1, df.shape[0]))
    parts = _peel(df, u, jacobian=True)
    return simplify(_sum([_strip(push_transposes(p)) for p in parts],
                         (df.shape[0], x.shape[0])))


def _summands(m: Node) -> list[Node]:
    """The terms of a sum (Mᵀ is taken term by term: (A + B)ᵀ = Aᵀ + Bᵀ)."""
    if m.op == "add":
        return _summands(m.args[0]) + _summands(m.args[1])
    if m.op == "neg" and m.args[0].op == "add":
        return [t.neg(p) for p in _summands(m.args[0])]
    return [m]


def _sum(parts: list[Node], shape: Shape) -> Node:
    out = t.zero(shape)
    for p in parts:
        out = t.add(out, p)
    return collect(out)


def _peel(z: Node, c: Node, jacobian: bool) -> list[Node]:
    """The M of every term of tr(C z), z linear in the one dvar: tr(C z) = Σ tr(M dX)."""
    if z.op == "dvar":
        return [c]
    if not z.has("dvar"):
        return []
    op, args = z.op, z.args
    if op == "add":
        return _peel(args[0], c, jacobian) + _peel(args[1], c, jacobian)
    if op == "neg":
        return _peel(args[0], t.neg(c), jacobian)
    if op == "T":
        return _peel(args[0], t.transpose(c), jacobian)
    if op == "matmul":
        a, b = args
        if b.has("dvar"):
            return _peel(b, t.matmul(c, a), jacobian)
        return _peel(a, t.matmul(b, c), jacobian)
    if op in ("mul", "div"):
        return _peel_elementwise(z, c, jacobian)
    if op == "fn":
        return _peel_function(z, c, jacobian)
    raise NotIdentified(op)


def _peel_elementwise(z: Node, c: Node, jacobian: bool) -> list[Node]:
    a, b = z.args
    if z.op == "div":
        if a.has("dvar") and not b.has("dvar"):
            return _peel(a, _times(c, t.div(t.const(1), b), z, a, jacobian), jacobian)
        raise NotIdentified("dX in a denominator")
    if a.has("dvar"):
        a, b = b, a  # b holds dX, a does not
    return _peel(b, _times(c, a, z, b, jacobian), jacobian)


def _times(c: Node, a: Node, z: Node, b: Node, jacobian: bool) -> Node:
    """The C′ with tr(C z) = tr(C′ b), z = a ⊙ b (a 1×1 side broadcast)."""
    if a.is_scalar:
        return t.mul(a, c)
    if b.is_scalar:  # b broadcast over a: tr(C (a b)) = b tr(C a)
        return t.fn("tr", t.matmul(c, a))
    if jacobian and c.shape[0] == 1:  # a row: C ⊙ aᵀ = C diag(a)
        return t.matmul(c, t.fn("diag", a))
    return t.mul(c, t.transpose(a))


def _peel_function(z: Node, c: Node, jacobian: bool) -> list[Node]:
    name, a = z.data, z.args[0]
    if name == "tr":
        return _peel(a, t.mul(c, t.eye(a.shape[0])), jacobian)
    if name == "sum":
        return _peel(a, t.mul(c, t.ones(a.shape[::-1])), jacobian)
    if name == "diag":
        if a.shape[1] == 1 and a.shape[0] > 1:  # a vector → diag(a): tr(C diag a) = diag(C)ᵀ a
            return _peel(a, t.transpose(t.fn("diag", c)), jacobian)
        if a.shape[0] == 1:
            return _peel(a, t.fn("diag", c), jacobian)
        return _peel(a, t.fn("diag", c), jacobian)  # a square → its diagonal
    if name == "outer":
        u, v = (x if x.shape[1] == 1 else t.transpose(x) for x in z.args)
        if u.has("dvar"):
            return _peel(u, t.matmul(t.transpose(v), c), jacobian)
        return _peel(v, t.matmul(t.transpose(u), t.transpose(c)), jacobian)
    raise NotIdentified(name)


def _strip(m: Node) -> Node:
    """J with m = uᵀ J, for an m in which the seed row uᵀ stands first in every term."""
    op = m.op
    if op == "seed":
        return t.eye(m.shape[1])
    if op == "add":
        return t.add(_strip(m.args[0]), _strip(m.args[1]))
    if op == "neg":
        return t.neg(_strip(m.args[0]))
    if op == "matmul":
        a, b = m.args
        if a.has("seed") and not b.has("seed"):
            return t.matmul(_strip(a), b)
    if op in ("mul", "div"):
        a, b = m.args
        if a.is_scalar and a.has("seed") and not b.has("seed") and op == "mul":
            return t.matmul(_strip(a), b)  # (uᵀk) b = uᵀ (k b) for a row b
        if b.is_scalar and a.has("seed") and not b.has("seed"):
            return t.rebuild(m, [_strip(a), b])
        if a.is_scalar and b.has("seed") and not a.has("seed") and op == "mul":
            return t.mul(a, _strip(b))
        if b.is_scalar and b.has("seed") and op == "mul":
            return t.matmul(_strip(b), a)
    if not m.has("seed"):
        raise NotIdentified("a term without uᵀ")
    raise NotIdentified(f"uᵀ inside {op}")
