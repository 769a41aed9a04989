"""The sizes of an expression that can change together: in tr(A@X.T@B@X@C) the rows of X
must equal the rows and columns of B, so one size control sets all three.

Each dimension of each name is a slot (name, axis); walking the expression with its
current shapes, every product, element-wise operation and square-matrix function ties
slots together (union-find). A class tied to a fixed number (a vector's one column, the
n of eye(n), 1×1 operands) cannot change. Blocks (sizes that add up) are not followed:
an expression with blocks offers no linked sizes."""

from __future__ import annotations

from dataclasses import dataclass

from explorer.core import expr
from explorer.core import expr_tree as E
from explorer.core.workbench import names as N

Slot = tuple[str, int]  # (name, axis)
Dim = tuple[int, Slot | None]  # (current value, slot or None for a fixed size)
MAX_SIZE = 64  # the largest size a control offers


@dataclass(frozen=True)
class Size:
    slots: tuple[Slot, ...]
    value: int

    @property
    def label(self) -> str:
        """'rows of X, rows and columns of B'."""
        by_name: dict[str, list[int]] = {}
        for name, axis in self.slots:
            by_name.setdefault(name, []).append(axis)
        parts = []
        for name, axes in by_name.items():
            if N.default_shape(name)[1] == 1 and axes == [0]:  # a vector: its length
                parts.append(f"length of {name}")
            else:
                parts.append(" and ".join(("rows", "columns")[a] for a in sorted(axes))
                             + f" of {name}")
        return ", ".join(parts)


class _Unsupported(Exception):
    pass


class _Links:
    def __init__(self, shapes: dict[str, N.Shape]):
        self.shapes = shapes
        self.parent: dict[Slot, Slot] = {}
        self.fixed: set[Slot] = set()

    def find(self, s: Slot) -> Slot:
        self.parent.setdefault(s, s)
        while self.parent[s] != s:
            s = self.parent[s]
        return s

    def tie(self, a: Dim, b: Dim) -> None:
        if a[1] is not None and b[1] is not None:
            ra, rb = self.find(a[1]), self.find(b[1])
            if ra != rb:
                self.parent[ra] = rb
                if ra in self.fixed:
                    self.fixed.add(rb)
        elif a[1] is not None or b[1] is not None:
            self.fixed.add(self.find(a[1] or b[1]))  # type: ignore[arg-type]

    def walk(self, n: E.Node) -> tuple[Dim, Dim]:
        if isinstance(n, E.Num):
            return (1, None), (1, None)
        if isinstance(n, E.Sym):
            rows, cols = self.shapes[n.name]
            kind = N.kind((rows, cols))
            if kind == "scalar":
                return (1, None), (1, None)
            self.find((n.name, 0))  # every slot is a class of its own to begin with
            if kind == "vector":
                return (rows, (n.name, 0)), (1, None)
            self.find((n.name, 1))
            return (rows, (n.name, 0)), (cols, (n.name, 1))
        if isinstance(n, E.Neg):
            return self.walk(n.arg)
        if isinstance(n, E.Transpose):
            r, c = self.walk(n.arg)
            return c, r
        if isinstance(n, E.BinOp):
            return self.binop(n)
        if isinstance(n, E.Call):
            return self.call(n)
        raise _Unsupported

    def binop(self, n: E.BinOp) -> tuple[Dim, Dim]:
        a, b = self.walk(n.left), self.walk(n.right)
        if a[0][0] == a[1][0] == 1:
            return b
        if b[0][0] == b[1][0] == 1:
            return a
        if n.op == "@":
            self.tie(a[1], b[0])
            return a[0], b[1]
        self.tie(a[0], b[0])
        self.tie(a[1], b[1])
        return a

    def call(self, n: E.Call) -> tuple[Dim, Dim]:
        if n.name == "eye":
            size = int(expr.constant_value(n.args[0]) or 1)
            return (size, None), (size, None)
        args = [self.walk(a) for a in n.args]
        (r, c) = args[0]
        if n.name in ("tr", "det", "logdet", "sum", "norm1", "norm2"):
            if n.name in ("tr", "det", "logdet"):
                self.tie(r, c)
            return (1, None), (1, None)
        if n.name == "inv":
            self.tie(r, c)
            return r, c
        if n.name == "diag":
            if c[0] == 1:
                return r, r
            if r[0] == 1:
                return c, c
            self.tie(r, c)
            return r, (1, None)
        if n.name == "outer":
            return tuple(_length(d) for d in args)  # type: ignore[return-value]
        return r, c  # element-wise


def _length(dims: tuple[Dim, Dim]) -> Dim:
    """outer(a, b) takes a's entries as a column: a vector's length, else fixed."""
    (r, c) = dims
    if c[0] == 1:
        return r
    if r[0] == 1:
        return c
    return (r[0] * c[0], None)


def linked_sizes(text: str, shapes: dict[str, N.Shape], first: str = "") -> list[Size]:
    """The sizes that can change (each a class of slots that must stay equal), those of
    `first` (the variable) first; [] when the expression has blocks."""
    links = _Links(shapes)
    try:
        links.walk(expr.parse(text).root)
    except _Unsupported:
        return []
    classes: dict[Slot, list[Slot]] = {}
    for slot in links.parent:
        classes.setdefault(links.find(slot), []).append(slot)
    out = []
    for root, slots in classes.items():
        if root in links.fixed:
            continue
        name, axis = slots[0]
        out.append(Size(tuple(sorted(slots, key=lambda s: (s[0] != first, s))),
                        shapes[name][axis]))
    return sorted(out, key=lambda s: (s.slots[0][0] != first, s.slots))


def resized(shapes: dict[str, N.Shape], size: Size, value: int) -> dict[str, N.Shape]:
    """The shapes with every slot of `size` set to `value`."""
    out = {name: list(s) for name, s in shapes.items()}
    for name, axis in size.slots:
        out[name][axis] = value
    return {name: (s[0], s[1]) for name, s in out.items()}
