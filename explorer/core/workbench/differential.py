"""Matrix differentials: d(node) as an expression linear in dX, by the rules

    d(A + B) = dA + dB            d(A B) = dA B + A dB          d(Aᵀ) = (dA)ᵀ
    d(A ⊙ B) = dA ⊙ B + A ⊙ dB    d f(A) = f′(A) ⊙ dA           d tr A = tr dA
    d det A = det A · tr(A⁻¹ dA)  d log det A = tr(A⁻¹ dA)      d A⁻¹ = −A⁻¹ dA A⁻¹
    d ‖A‖₂ = sum(A ⊙ dA)/‖A‖₂     d ‖A‖₁ = sum(sign(A) ⊙ dA)    d sum A = sum dA

`rule(node, dchild)` applies one rule with the children's differentials given by
`dchild` (placeholders in a derivation step, the full differentials otherwise)."""

from __future__ import annotations

from collections.abc import Callable

from explorer.core.workbench import tree as t
from explorer.core.workbench.tree import Node

RULE_NAMES = {
    "add": "sum rule", "neg": "sign", "mul": "product rule (element-wise)",
    "div": "quotient rule (element-wise)", "pow": "power rule (element-wise)",
    "matmul": "product rule: d(XY) = dX·Y + X·dY", "T": "transpose: d(Xᵀ) = (dX)ᵀ",
    "block": "blocks: d[X, Y] = [dX, dY]", "tr": "trace: d tr X = tr dX",
    "det": "d det X = det X · tr(X⁻¹dX)", "logdet": "d log det X = tr(X⁻¹dX)",
    "inv": "d X⁻¹ = −X⁻¹ dX X⁻¹", "sum": "d sum X = sum dX",
    "norm2": "d‖X‖₂ = sum(X ⊙ dX)/‖X‖₂", "norm1": "d‖X‖₁ = sum(sign(X) ⊙ dX)",
    "diag": "d diag X = diag dX", "outer": "d(u vᵀ) = du vᵀ + u dvᵀ",
}


def rule_name(node: Node) -> str:
    if node.op == "fn":
        if node.data in RULE_NAMES:
            return RULE_NAMES[node.data]
        return f"element-wise: d {node.data}(X) = {node.data}′(X) ⊙ dX"
    return RULE_NAMES[node.op]


class Differentials:
    """d(node) with respect to the name `wrt` for any node (dvar `wrt` stands for dX),
    each computed once."""

    def __init__(self, wrt: str):
        self.wrt = wrt
        self.memo: dict[Node, Node] = {}

    def of(self, n: Node) -> Node:
        if not n.depends_on(self.wrt):
            return t.zero(n.shape)
        if n.op == "var":
            return t.dvar(n.data, n.shape)
        if n not in self.memo:
            self.memo[n] = rule(n, self.of)
        return self.memo[n]


def differential(node: Node, wrt: str) -> Node:
    return Differentials(wrt).of(node)


def step(node: Node, wrt: str) -> Node:
    """One rule applied to `node`, its children's differentials left unexpanded."""
    def placeholder(n: Node) -> Node:
        return t.d(n) if n.depends_on(wrt) else t.zero(n.shape)

    return rule(node, placeholder)


def rule(n: Node, dchild: Callable[[Node], Node]) -> Node:
    op, args = n.op, n.args
    if op == "add":
        return t.add(dchild(args[0]), dchild(args[1]))
    if op == "neg":
        return t.neg(dchild(args[0]))
    if op == "mul":
        a, b = args
        return t.add(t.mul(dchild(a), b), t.mul(a, dchild(b)))
    if op == "div":
        a, b = args
        return t.sub(t.div(dchild(a), b), t.mul(t.div(a, t.power(b, t.const(2))), dchild(b)))
    if op == "pow":
        return _power(n, dchild)
    if op == "matmul":
        a, b = args
        return t.add(t.matmul(dchild(a), b), t.matmul(a, dchild(b)))
    if op == "T":
        return t.transpose(dchild(args[0]))
    if op == "block":
        rows = t.block_rows(t.Node("block", tuple(dchild(a) for a in args), n.shape, n.data))
        return t.block(rows)
    if op == "fn":
        return _function(n, dchild)
    raise ValueError(f"no differential for {op}")


def _power(n: Node, dchild: Callable[[Node], Node]) -> Node:
    a, b = n.args
    da = t.mul(_power_factor(a, b), dchild(a))
    db = dchild(b)
    if t.is_zero(db):
        return da
    return t.add(da, t.mul(t.mul(n, t.fn("log", a)), db))


def _power_factor(a: Node, b: Node) -> Node:
    """b·a^(b−1), the derivative of a^b in a."""
    if b.op == "const":
        return t.mul(b, t.power(a, t.const(b.data - 1)))
    return t.mul(b, t.power(a, t.sub(b, t.const(1))))


def _function(n: Node, dchild: Callable[[Node], Node]) -> Node:
    name, a = n.data, n.args[0]
    da = dchild(a)
    if name == "tr":
        return t.fn("tr", da)
    if name == "sum":
        return t.fn("sum", da)
    if name == "logdet":
        return t.fn("tr", t.matmul(t.fn("inv", a), da))
    if name == "det":
        return t.mul(n, t.fn("tr", t.matmul(t.fn("inv", a), da)))
    if name == "inv":
        return t.neg(t.matmul(t.matmul(n, da), n))
    if name == "norm2":
        return t.div(t.fn("sum", t.mul(a, da)), n)
    if name == "norm1":
        return t.fn("sum", t.mul(t.fn("sign", a), da))
    if name == "diag":
        return t.fn("diag", da)
    if name == "outer":
        b = n.args[1]
        return t.add(t.fn("outer", da, b), t.fn("outer", a, dchild(b)))
    if name == "log":
        return t.div(da, a)
    if name == "sqrt":
        return t.div(da, t.mul(t.const(2), n))
    return t.mul(derivative_of(name, a, n), da)


def derivative_of(name: str, a: Node, fa: Node) -> Node:
    """f′(a) for an element-wise f; `fa` is f(a), reused where f′ is written with it."""
    one = t.const(1)
    table = {
        "sin": lambda: t.fn("cos", a),
        "cos": lambda: t.neg(t.fn("sin", a)),
        "tan": lambda: t.add(one, t.power(fa, t.const(2))),
        "exp": lambda: fa,
        "tanh": lambda: t.sub(one, t.power(fa, t.const(2))),
        "sech": lambda: t.neg(t.mul(fa, t.fn("tanh", a))),
        "sigmoid": lambda: t.mul(fa, t.sub(one, fa)),
        "cosh": lambda: t.fn("sinh", a),
        "sinh": lambda: t.fn("cosh", a),
        "abs": lambda: t.fn("sign", a),
        "relu": lambda: t.mul(t.const(0.5), t.add(one, t.fn("sign", a))),
        "sign": lambda: t.zero(a.shape),
    }
    return table[name]()
