"""The workbench's expression tree: immutable nodes that know their shape, built by
constructors that simplify as they go (zeros and ones dropped, double transposes undone,
constants folded), and the translation from the answer parser's tree, which checks that
shapes conform and names the operands when they do not.

Every value is a matrix: a scalar is 1×1 and a vector n×1. A 1×1 operand of an
element-wise operation (or of @) acts as a scalar."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from explorer.core import expr
from explorer.core.errors import InputError
from explorer.core.workbench.names import MAX_ENTRIES, Shape, shape_text

ELEMENTWISE = frozenset(expr.ELEMENTWISE)
SCALAR_VALUED = frozenset({"tr", "det", "logdet", "sum", "norm1", "norm2"})


class ShapeError(InputError):
    """Shapes that do not conform; the message names the operands and their shapes."""


class Node:
    """op: var (a name), dvar (the differential of a name), const (a 1×1 number), eye,
    ones, zero, add, neg, mul and div (element-wise, a 1×1 side broadcast), pow
    (element-wise), matmul, T (transpose), fn (a function, `data` its name), block
    (`data`: the number of blocks in each row), d (the differential of `args[0]`,
    shown in a derivation step) and seed (a row placeholder used in identification)."""

    __slots__ = ("_hash", "_leaves", "_names", "args", "data", "op", "shape")
    _hash: int
    _names: frozenset[str]
    _leaves: frozenset[str]

    def __init__(self, op: str, args: tuple[Node, ...] = (), shape: Shape = (1, 1),
                 data: Any = None) -> None:
        self.op, self.args, self.shape, self.data = op, args, shape, data
        self._hash = hash((op, data, shape, tuple(a._hash for a in args)))
        names = frozenset((data,)) if op in ("var", "dvar", "seed") else frozenset()
        self._names = names.union(*(a._names for a in args)) if args else names
        leaves = frozenset((op,)) if op in ("dvar", "seed") else frozenset()
        self._leaves = leaves.union(*(a._leaves for a in args)) if args else leaves

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Node) and self._hash == other._hash
                and self.op == other.op and self.data == other.data
                and self.shape == other.shape and self.args == other.args)

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        from explorer.core.workbench.printing import to_text

        return f"Node({to_text(self)!r}, {shape_text(self.shape)})"

    def has(self, op: str) -> bool:
        """Whether a dvar or a seed occurs in this node."""
        return op in self._leaves

    def depends_on(self, name: str) -> bool:
        return name in self._names

    @property
    def is_scalar(self) -> bool:
        return self.shape == (1, 1)

    def is_const(self, value: float | None = None) -> bool:
        return self.op == "const" and (value is None or self.data == value)


# --- leaves ------------------------------------------------------------------------------
def var(name: str, shape: Shape) -> Node:
    return Node("var", (), shape, name)


def dvar(name: str, shape: Shape) -> Node:
    return Node("dvar", (), shape, name)


def const(value: float) -> Node:
    return Node("const", (), (1, 1), float(value))


def eye(n: int) -> Node:
    return const(1.0) if n == 1 else Node("eye", (), (n, n), n)


def ones(shape: Shape) -> Node:
    return const(1.0) if shape == (1, 1) else Node("ones", (), shape)


def zero(shape: Shape) -> Node:
    return const(0.0) if shape == (1, 1) else Node("zero", (), shape)


def is_zero(a: Node) -> bool:
    return a.op == "zero" or a.is_const(0.0)


def is_one(a: Node) -> bool:
    return a.op == "ones" or a.is_const(1.0)


def _broadcast(a: Node, b: Node) -> Shape:
    return b.shape if a.is_scalar else a.shape


def _widen(a: Node, shape: Shape) -> Node:
    """`a`, a 1×1 standing for a scalar broadcast to `shape`, as a value of that shape."""
    return a if a.shape == shape else mul(a, ones(shape))


# --- operations (simplifying constructors) -------------------------------------------
def add(a: Node, b: Node) -> Node:
    shape = _broadcast(a, b)
    if is_zero(a):
        return _widen(b, shape)
    if is_zero(b):
        return _widen(a, shape)
    if a.op == "const" and b.op == "const":
        return const(a.data + b.data)
    return Node("add", (a, b), shape)


def neg(a: Node) -> Node:
    if a.op == "zero":
        return a
    if a.op == "const":
        return const(-a.data)
    if a.op == "neg":
        return a.args[0]
    return Node("neg", (a,), a.shape)


def sub(a: Node, b: Node) -> Node:
    return add(a, neg(b))


def mul(a: Node, b: Node) -> Node:
    shape = _broadcast(a, b)
    if is_zero(a) or is_zero(b):
        return zero(shape)
    if a.op == "const" and b.op == "const":
        return const(a.data * b.data)
    if b.op == "const" and a.op != "const":
        a, b = b, a  # a number goes in front
    if is_one(a) and b.shape == shape:
        return b
    if is_one(b) and a.shape == shape:
        return a
    if a.is_const(-1.0):
        return neg(b)
    if a.op == "const" and b.op == "mul" and b.args[0].op == "const":
        return mul(const(a.data * b.args[0].data), b.args[1])
    if a.op == "const" and b.op == "neg":
        return mul(const(-a.data), b.args[0])
    return Node("mul", (a, b), shape)


def div(a: Node, b: Node) -> Node:
    shape = _broadcast(a, b)
    if is_zero(a):
        return zero(shape)
    if is_one(b) and a.shape == shape:
        return a
    if a.op == "const" and b.op == "const" and b.data != 0:
        return const(a.data / b.data)
    if b.op == "const" and b.data != 0:
        return mul(const(1.0 / b.data), a)
    return Node("div", (a, b), shape)


def power(a: Node, b: Node) -> Node:
    if b.is_const(1.0):
        return a
    if a.op == "const" and b.op == "const" and a.data > 0:
        return const(a.data**b.data)
    return Node("pow", (a, b), _broadcast(a, b))


def matmul(a: Node, b: Node) -> Node:
    if a.is_scalar or b.is_scalar:
        return mul(a, b)
    shape = (a.shape[0], b.shape[1])
    if is_zero(a) or is_zero(b):
        return zero(shape)
    if a.op == "eye":
        return b
    if b.op == "eye":
        return a
    if a.op == "neg":
        return neg(matmul(a.args[0], b))
    if b.op == "neg":
        return neg(matmul(a, b.args[0]))
    if a.op == "mul" and a.args[0].is_scalar:  # (c A) B = c (A B)
        return mul(a.args[0], matmul(a.args[1], b))
    if b.op == "mul" and b.args[0].is_scalar:
        return mul(b.args[0], matmul(a, b.args[1]))
    return Node("matmul", (a, b), shape)


def transpose(a: Node) -> Node:
    if a.is_scalar or a.op == "eye":
        return a
    if a.op == "T":
        return a.args[0]
    if a.op in ("zero", "ones"):
        return Node(a.op, (), a.shape[::-1])
    return Node("T", (a,), a.shape[::-1])


def fn(name: str, *args: Node) -> Node:
    a = args[0]
    if name in ELEMENTWISE:
        if a.op == "const" and name in _FOLD:
            return const(_FOLD[name](a.data))
        return Node("fn", args, a.shape, name)
    if name in SCALAR_VALUED:
        if name == "tr" and a.is_scalar:
            return a
        if name in ("tr", "sum") and is_zero(a):
            return const(0.0)
        if name == "tr" and a.op == "eye":
            return const(float(a.data))
        return Node("fn", args, (1, 1), name)
    if name == "inv":
        if a.op == "const" and a.data != 0:
            return const(1.0 / a.data)
        return Node("fn", args, a.shape, name)
    if name == "diag":
        if a.is_scalar:
            return a
        n = a.shape[0] if a.shape[1] == 1 else a.shape[1] if a.shape[0] == 1 else 0
        shape = (n, n) if n else (a.shape[0], 1)
        if is_zero(a):
            return zero(shape)
        return Node("fn", args, shape, name)
    if name == "outer":
        b = args[1]
        shape = (math.prod(a.shape), math.prod(b.shape))
        if is_zero(a) or is_zero(b):
            return zero(shape)
        return Node("fn", args, shape, name)
    raise ValueError(f"unknown function {name}")


_FOLD: dict[str, Callable[[float], float]] = {  # constants folded by name
        "exp": math.exp, "sin": math.sin, "cos": math.cos, "tanh": math.tanh,
         "sqrt": lambda v: math.sqrt(v) if v >= 0 else math.nan,
         "log": lambda v: math.log(v) if v > 0 else math.nan, "abs": abs,
         "sign": lambda v: float((v > 0) - (v < 0)), "relu": lambda v: max(v, 0.0)}


def block(rows: list[list[Node]]) -> Node:
    heights = [row[0].shape[0] for row in rows]
    width = sum(b.shape[1] for b in rows[0])
    args = tuple(b for row in rows for b in row)
    return Node("block", args, (sum(heights), width), tuple(len(r) for r in rows))


def block_rows(node: Node) -> list[list[Node]]:
    rows, at = [], 0
    for count in node.data:
        rows.append(list(node.args[at:at + count]))
        at += count
    return rows


def d(a: Node) -> Node:
    """The differential of `a`, unexpanded (shown in a derivation step)."""
    return Node("d", (a,), a.shape)


def seed(name: str, shape: Shape) -> Node:
    return Node("seed", (), shape, name)


def substitute(node: Node, old: Node, new: Node, memo: dict[Node, Node] | None = None
               ) -> Node:
    """`node` with every `old` replaced by `new` (of the same shape, or 1×1), rebuilt
    through the simplifying constructors."""
    memo = {} if memo is None else memo
    if node == old:
        return new
    if not node.args:
        return node
    if node in memo:
        return memo[node]
    args = [substitute(a, old, new, memo) for a in node.args]
    out = rebuild(node, args)
    memo[node] = out
    return out


def rebuild(node: Node, args: list[Node]) -> Node:
    op = node.op
    if op == "fn":
        return fn(node.data, *args)
    if op == "block":
        return block(block_rows(Node("block", tuple(args), node.shape, node.data)))
    if op in ("d", "seed"):
        return Node(op, tuple(args), node.shape, node.data)
    return _BUILDERS[op](*args)


_BUILDERS: dict[str, Callable[..., Node]] = {
    "add": add, "neg": neg, "mul": mul, "div": div, "pow": power,
             "matmul": matmul, "T": transpose}


def size(node: Node, memo: dict[Node, int] | None = None) -> int:
    """The number of parts of `node` written out (a shared sub-tree counts each time)."""
    memo = {} if memo is None else memo
    if node not in memo:
        memo[node] = 1 + sum(size(a, memo) for a in node.args)
    return memo[node]


def walk(node: Node) -> list[Node]:
    """Every distinct node once, children before parents."""
    seen, order = set(), []

    def visit(n: Node) -> None:
        if n in seen:
            return
        for a in n.args:
            visit(a)
        seen.add(n)
        order.append(n)

    visit(node)
    return order


# --- from the answer parser's tree ----------------------------------------------------
def from_expr(root: expr.Node, shapes: dict[str, Shape]) -> Node:
    """The parsed expression as a workbench tree, every shape checked: ShapeError names
    the operation, its operands' shapes and where it stands in the text."""
    return _Translator(shapes).node(root)


class _Translator:
    def __init__(self, shapes: dict[str, Shape]):
        self.shapes = shapes

    def node(self, n: expr.Node) -> Node:
        out = self._node(n)
        if out.shape[0] * out.shape[1] > MAX_ENTRIES:
            raise ShapeError(f"{_text(out)} would have {shape_text(out.shape)} entries, "
                             f"more than {MAX_ENTRIES}")
        return out

    def _node(self, n: expr.Node) -> Node:
        if isinstance(n, expr.Num):
            return const(n.value)
        if isinstance(n, expr.Sym):
            return var(n.name, self.shapes[n.name])
        if isinstance(n, expr.Neg):
            return neg(self.node(n.arg))
        if isinstance(n, expr.Transpose):
            return transpose(self.node(n.arg))
        if isinstance(n, expr.BinOp):
            return self.binop(n)
        if isinstance(n, expr.Call):
            return self.call(n)
        if isinstance(n, expr.Block):
            return self.block(n)
        raise ShapeError(f"cannot read {type(n).__name__}")

    def binop(self, n: expr.BinOp) -> Node:
        a, b = self.node(n.left), self.node(n.right)
        if n.op == "@":
            if a.shape[1] != b.shape[0] and not (a.is_scalar or b.is_scalar):
                raise ShapeError(f"{_text(a)}@{_text(b)}: {shape_text(a.shape)} times "
                                 f"{shape_text(b.shape)} (at character {n.position + 1})")
            return matmul(a, b)
        if a.shape != b.shape and not (a.is_scalar or b.is_scalar):
            raise ShapeError(
                f"{_text(a)} {n.op} {_text(b)}: {n.op} is element-wise, but the shapes "
                f"{shape_text(a.shape)} and {shape_text(b.shape)} differ "
                f"(at character {n.position + 1})")
        build = {"+": add, "-": sub, "*": mul, "/": div, "^": power}[n.op]
        return build(a, b)

    def call(self, n: expr.Call) -> Node:
        if n.name == "eye":
            size = expr.constant_value(n.args[0])
            if size is None or not float(size).is_integer() or not 1 <= size <= 1000:
                raise ShapeError(f"eye(n) needs a whole number n from 1 to 1000 "
                                 f"(at character {n.position + 1})")
            return eye(int(size))
        args = [self.node(a) for a in n.args]
        a = args[0]
        where = f"(at character {n.position + 1})"
        square = a.shape[0] == a.shape[1]
        if n.name in ("tr", "inv", "det", "logdet") and not square:
            raise ShapeError(f"{n.name}({_text(a)}): {n.name} needs a square matrix, got "
                             f"{shape_text(a.shape)} {where}")
        if n.name == "diag" and not (square or 1 in a.shape):
            raise ShapeError(f"diag({_text(a)}): diag needs a vector or a square matrix, "
                             f"got {shape_text(a.shape)} {where}")
        return fn(n.name, *args)

    def block(self, n: expr.Block) -> Node:
        rows = [[self.node(b) for b in row] for row in n.rows]
        widths = []
        for row in rows:
            if len({b.shape[0] for b in row}) > 1:
                shapes = ", ".join(shape_text(b.shape) for b in row)
                raise ShapeError(f"the blocks side by side need as many rows: {shapes} "
                                 f"(at character {n.position + 1})")
            widths.append(sum(b.shape[1] for b in row))
        if len(set(widths)) > 1:
            raise ShapeError(f"the rows of blocks need as many columns: "
                             f"{', '.join(map(str, widths))} (at character {n.position + 1})")
        return block(rows)


def _text(node: Node) -> str:
    from explorer.core.workbench.printing import to_text

    return to_text(node)
