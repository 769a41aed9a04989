"""Simplification for readable formulas: transposes pushed through products
((AB)ᵀ = BᵀAᵀ) but kept outside sums and element-wise expressions (Aᵀ ⊙ Bᵀ = (A ⊙ B)ᵀ), a
scalar's transpose dropped, element-wise products gathered (numbers and scalars in front,
a factor over itself cancelled), matrix products written as one chain with X⁻¹X = I
cancelled, like terms collected (x + x = 2x) and a factor common to every term taken out
(A B + A C = A (B + C), s X + s Y = s (X + Y) for a scalar s). Every rule keeps the
value: the numerical checks see to that."""

from __future__ import annotations

from explorer.core.workbench import tree as t
from explorer.core.workbench.names import Shape
from explorer.core.workbench.tree import ELEMENTWISE, Node


def simplify(node: Node) -> Node:
    return collect(tidy(push_transposes(node)))


def tidy(node: Node, memo: dict[Node, Node] | None = None) -> Node:
    """Bottom-up: transposes out of element-wise nodes, products gathered, chains."""
    memo = {} if memo is None else memo
    if not node.args:
        return node
    if node in memo:
        return memo[node]
    args = [tidy(a, memo) for a in node.args]
    if node.op == "fn" and node.data == "outer" and all(a.shape[1] == 1 for a in args):
        out = t.matmul(args[0], t.transpose(args[1]))  # u vᵀ
    elif node.op == "fn" and node.data == "inv" and args[0].op == "fn" \
            and args[0].data == "inv":
        out = args[0].args[0]
    elif node.op in ("mul", "div", "pow") or (node.op == "fn" and node.data in ELEMENTWISE):
        out = _untransposed(node, args)
    else:
        out = t.rebuild(node, args)
    if out.op in ("mul", "div"):
        out = _gather(out)
    elif out.op == "matmul":
        out = _rechain(out)
    memo[node] = out
    return out


def _untransposed(node: Node, args: list[Node]) -> Node:
    """op(Aᵀ, Bᵀ) = op(A, B)ᵀ for an element-wise op (1×1 arguments need no transpose)."""
    wide = [a for a in args if not a.is_scalar]
    alone = node.op in ("mul", "div") and len(wide) == 1  # c·Aᵀ reads well as it is
    if wide and not alone and all(_inner(a) is not None for a in wide):
        inner = [a if a.is_scalar else _inner(a) or a for a in args]
        out = t.rebuild(node, inner)
        return t.transpose(_gather(out) if out.op in ("mul", "div") else out)
    return t.rebuild(node, args)


def _inner(a: Node) -> Node | None:
    """A for Aᵀ or −A for −Aᵀ; None otherwise."""
    if a.op == "T":
        return a.args[0]
    if a.op == "neg" and a.args[0].op == "T":
        return t.neg(a.args[0].args[0])
    return None


def _factors(node: Node, up: bool, out: list[tuple[bool, Node]]) -> float:
    """The factors of an element-wise product (numerator if `up`); returns the number."""
    if node.op == "mul":
        return _factors(node.args[0], up, out) * _factors(node.args[1], up, out)
    if node.op == "div":  # each call gives its number already inverted below the line
        return _factors(node.args[0], up, out) * _factors(node.args[1], not up, out)
    if node.op == "neg":
        return -_factors(node.args[0], up, out)
    if node.op == "const" and node.data != 0:
        return float(node.data) if up else 1.0 / float(node.data)
    if node.op == "ones":
        out.append((up, node))
        return 1.0
    out.append((up, node))
    return 1.0


def _gather(node: Node) -> Node:
    """An element-wise product as number · scalars · the rest / denominators, with a
    factor that is both above and below cancelled."""
    parts: list[tuple[bool, Node]] = []
    number = _factors(node, True, parts)
    above = [n for up, n in parts if up]
    below = [n for up, n in parts if not up]
    for n in list(below):
        if n in above:
            above.remove(n)
            below.remove(n)
    wide = [n for n in above if not n.is_scalar and n.op != "ones"]
    above = [n for n in above if n.is_scalar] + wide
    if not wide and any(n.op == "ones" for n, in ((x,) for _, x in parts)):
        above.append(t.ones(node.shape))
    out = t.const(abs(number))
    for n in above:
        out = t.mul(out, n)
    for n in below:
        out = t.div(out, n)
    if out.shape != node.shape:
        out = t.mul(out, t.ones(node.shape))
    return t.neg(out) if number < 0 else out


def _inverse_pair(a: Node, b: Node) -> bool:
    def inv_of(x: Node, y: Node) -> bool:  # x = y⁻¹
        if x.op == "fn" and x.data == "inv" and x.args[0] == y:
            return True
        return x.op == "T" and y.op == "T" and inv_of(x.args[0], y.args[0])

    return inv_of(a, b) or inv_of(b, a)


def _cancel(chain: list[Node]) -> list[Node]:
    out: list[Node] = []
    for f in chain:
        if out and _inverse_pair(out[-1], f):
            out.pop()
        else:
            out.append(f)
    return out or [t.eye(chain[0].shape[0])]


def _rechain(node: Node) -> Node:
    """A product whose left factor is already a chain a@b@c: only its end may cancel."""
    a, b = node.args
    if b.op == "matmul":
        return _chain_product(_cancel(_chain(node)))
    last = a.args[1] if a.op == "matmul" else a
    if not _inverse_pair(last, b):
        return node
    return a.args[0] if a.op == "matmul" else t.eye(a.shape[0])


def _chain_product(factors: list[Node]) -> Node:
    """Left to right: printed as one chain a@b@c."""
    out = factors[0]
    for f in factors[1:]:
        out = t.matmul(out, f)
    return out


def push_transposes(node: Node, memo: dict[Node, Node] | None = None) -> Node:
    memo = {} if memo is None else memo
    if not node.args:
        return node
    if node in memo:
        return memo[node]
    if node.op == "T":
        out = _transposed(push_transposes(node.args[0], memo))
    else:
        out = t.rebuild(node, [push_transposes(a, memo) for a in node.args])
    memo[node] = out
    return out


def _transposed(a: Node) -> Node:
    """aᵀ for an `a` whose transposes are already pushed down."""
    op = a.op
    if a.is_scalar:
        return a
    if op == "matmul":
        return t.matmul(_transposed(a.args[1]), _transposed(a.args[0]))
    if op == "mul" and a.args[0].is_scalar:
        return t.mul(a.args[0], _transposed(a.args[1]))
    if op == "mul" and a.args[1].is_scalar:
        return t.mul(a.args[1], _transposed(a.args[0]))
    if op == "div" and a.args[1].is_scalar:
        return t.div(_transposed(a.args[0]), a.args[1])
    if op == "neg":
        return t.neg(_transposed(a.args[0]))
    if op == "fn" and a.data == "diag" and a.shape[0] == a.shape[1]:
        return a
    if op == "fn" and a.data == "outer":
        return t.fn("outer", a.args[1], a.args[0])
    return t.transpose(a)


# --- terms ------------------------------------------------------------------------------------
def terms(node: Node) -> list[tuple[float, Node]]:
    """node = Σ coefficient · term, each term without a number in front."""
    if node.op == "add":
        return terms(node.args[0]) + terms(node.args[1])
    if node.op == "neg":
        return [(-c, x) for c, x in terms(node.args[0])]
    if node.op == "mul" and node.args[0].op == "const":
        k = node.args[0].data
        return [(k * c, x) for c, x in terms(node.args[1])]
    if node.op == "const":
        return [(node.data, t.const(1))]
    return [(1.0, node)]


def from_terms(parts: list[tuple[float, Node]], shape: Shape | None) -> Node:
    out = None
    for c, x in parts:
        if c == 0:
            continue
        term = t.mul(t.const(abs(c)), x)
        if out is None:
            out = t.neg(term) if c < 0 else term
        else:
            out = t.sub(out, term) if c < 0 else t.add(out, term)
    if out is None:
        if shape is None:
            raise ValueError("every term is zero and the zero's shape is not given")
        return t.zero(shape)
    return out


def collect(node: Node) -> Node:
    """Like terms added up, then a left or right factor common to all terms taken out."""
    if node.op not in ("add", "neg", "mul"):
        return node
    merged: dict[Node, float] = {}
    for c, x in terms(node):
        merged[x] = merged.get(x, 0.0) + c
    parts = [(c, x) for x, c in merged.items() if abs(c) > 1e-15]
    common = abs(parts[0][0]) if parts else 1.0
    if parts and all(c < 0 for c, _ in parts):
        common = -common  # −a − b = −(a + b)
    if len(parts) > 1 and common != 1 and all(abs(c) == abs(common) for c, _ in parts):
        inner = collect(from_terms([(c / common, x) for c, x in parts], node.shape))
        return t.mul(t.const(common), inner)
    if len(parts) > 1:
        scalar = _common_scalar(parts)
        if scalar is not None:  # s·X + s·Y = s·(X + Y)
            rest = [(c, x.args[1]) for c, x in parts]
            return t.mul(scalar, collect(from_terms(rest, rest[0][1].shape)))
        factored = _factor(parts, node.shape)
        if factored is None:
            factored = _group(parts, node.shape)
        if factored is not None:
            return factored
    return from_terms(parts, node.shape)


def _common_scalar(parts: list[tuple[float, Node]]) -> Node | None:
    """The 1×1 factor s in front of every term s·X, if there is one."""
    first = parts[0][1]
    if first.op != "mul" or not first.args[0].is_scalar or first.args[1].is_scalar:
        return None
    s = first.args[0]
    same = all(x.op == "mul" and x.args[0] == s and not x.args[1].is_scalar for _, x in parts)
    return s if same else None


def _chain(node: Node) -> list[Node]:
    if node.op == "matmul":
        return _chain(node.args[0]) + _chain(node.args[1])
    return [node]


_product = _chain_product


def _factor(parts: list[tuple[float, Node]], shape: Shape) -> Node | None:
    chains = [_chain(x) for _, x in parts]
    if any(len(c) < 2 for c in chains):
        return None
    coefficients = [k for k, _ in parts]
    if all(c[0] == chains[0][0] for c in chains):
        rest = [(k, _product(c[1:])) for k, c in zip(coefficients, chains, strict=True)]
        return t.matmul(chains[0][0], collect(from_terms(rest, None)))
    if all(c[-1] == chains[0][-1] for c in chains):
        rest = [(k, _product(c[:-1])) for k, c in zip(coefficients, chains, strict=True)]
        return t.matmul(collect(from_terms(rest, None)), chains[0][-1])
    return None


def _group(parts: list[tuple[float, Node]], shape: Shape) -> Node | None:
    """Terms that share their first factor grouped: A B + D + A C = A (B + C) + D."""
    chains = [_chain(x) for _, x in parts]
    groups: dict[Node, list[int]] = {}
    for i, c in enumerate(chains):
        if len(c) >= 2:
            groups.setdefault(c[0], []).append(i)
    if all(len(members) < 2 for members in groups.values()):
        return None
    placed: dict[int, tuple[float, Node]] = {}  # at the place of the group's first term
    for head, members in groups.items():
        if len(members) >= 2:
            rest = [(parts[i][0], _product(chains[i][1:])) for i in members]
            placed[members[0]] = (1.0, t.matmul(head, collect(from_terms(rest, None))))
            placed.update({i: (0.0, x) for i, (_, x) in enumerate(parts) if i in members[1:]})
    out = [placed.get(i, part) for i, part in enumerate(parts)]
    return from_terms(out, shape)
