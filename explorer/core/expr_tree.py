"""The tree of a parsed expression: nodes that plan their shape and cost, evaluate
with NumPy and build SymPy expressions; `Expression` wraps a root."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from explorer.core.expr_plan import (
    FUNCTION_COST,
    MAX_EYE,
    MAX_OPERATIONS,
    SQUARE_FUNCTIONS,
    EvalError,
    Plan,
    _entries,
    _quoted,
    _shape_text,
)


class Node:
    position: int = 0
    text: str = ""  # the node's part of the typed text, for messages

    def plan(self, plan: Plan) -> tuple[int, int]:
        """Plan the children, then this node: its shape (rows, columns), with its cost."""
        raise NotImplementedError

    def evaluate_node(self, env: Mapping[str, np.ndarray], plan: Plan) -> np.ndarray:
        """Value as a 2-D float array (a scalar is 1×1), with the shapes of `plan`."""
        raise NotImplementedError

    def sympy(self, symbols: Mapping[str, Any]) -> Any:
        """SymPy expression, for scalar expressions (symbols: name → sympy.Symbol)."""
        raise NotImplementedError

    def names(self) -> set[str]:
        return set().union(*(c.names() for c in self.children()))

    def children(self) -> tuple[Node, ...]:
        return ()


class Num(Node):
    def __init__(self, value: float, position: int, exact: int | None = None):
        self.value, self.position, self.exact = value, position, exact

    def plan(self, plan: Plan) -> tuple[int, int]:
        return plan.add(self, (1, 1), 1)

    def evaluate_node(self, env: Mapping[str, np.ndarray], plan: Plan) -> np.ndarray:
        return np.full((1, 1), self.value)

    def sympy(self, symbols: Mapping[str, Any]) -> Any:
        import sympy as sp

        if self.exact is not None:
            return sp.Integer(self.exact)
        if self.value == math.pi:
            return sp.pi
        if self.value == math.e:
            return sp.E
        return sp.Float(self.value)


class Sym(Node):
    def __init__(self, name: str, position: int):
        self.name, self.position = name, position

    def plan(self, plan: Plan) -> tuple[int, int]:
        if plan.env is None:
            return plan.add(self, (1, 1), 1)
        if self.name not in plan.env:
            raise EvalError(f"no value for {self.name!r}", self.position)
        shape = np.shape(plan.env[self.name])
        if len(shape) > 2:
            raise EvalError(f"a {len(shape)}-D value cannot be used in an expression",
                            self.position)
        rows, cols = (*shape, 1, 1)[:2]  # a scalar is 1×1, a vector a column
        return plan.add(self, (rows, cols), 1)

    def evaluate_node(self, env: Mapping[str, np.ndarray], plan: Plan) -> np.ndarray:
        return as_matrix(env[self.name])

    def sympy(self, symbols: Mapping[str, Any]) -> Any:
        if self.name not in symbols:
            raise EvalError(f"{self.name!r} is not a scalar here", self.position)
        return symbols[self.name]

    def names(self) -> set[str]:
        return {self.name}


class Neg(Node):
    def __init__(self, arg: Node, position: int):
        self.arg, self.position = arg, position

    def plan(self, plan: Plan) -> tuple[int, int]:
        shape = self.arg.plan(plan)
        return plan.add(self, shape, _entries(shape))

    def evaluate_node(self, env: Mapping[str, np.ndarray], plan: Plan) -> np.ndarray:
        return -self.arg.evaluate_node(env, plan)

    def sympy(self, symbols: Mapping[str, Any]) -> Any:
        return -self.arg.sympy(symbols)

    def children(self) -> tuple[Node, ...]:
        return (self.arg,)


class Transpose(Node):
    def __init__(self, arg: Node, position: int):
        self.arg, self.position = arg, position

    def plan(self, plan: Plan) -> tuple[int, int]:
        rows, cols = self.arg.plan(plan)
        return plan.add(self, (cols, rows), 1)  # a view: nothing is copied

    def evaluate_node(self, env: Mapping[str, np.ndarray], plan: Plan) -> np.ndarray:
        return self.arg.evaluate_node(env, plan).T

    def sympy(self, symbols: Mapping[str, Any]) -> Any:
        return self.arg.sympy(symbols)

    def children(self) -> tuple[Node, ...]:
        return (self.arg,)


ELEMENTWISE_OPS = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide,
                   "^": np.power}


class BinOp(Node):

    def __init__(self, op: str, left: Node, right: Node, position: int):
        self.op, self.left, self.right, self.position = op, left, right, position

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)

    def plan(self, plan: Plan) -> tuple[int, int]:
        a, b = self.left.plan(plan), self.right.plan(plan)
        if self.op == "@":
            if a[1] == b[0]:
                return plan.add(self, (a[0], b[1]), a[0] * a[1] * b[1])
            if a == (1, 1) or b == (1, 1):  # a 1×1 acts as a scalar
                shape = b if a == (1, 1) else a
                return plan.add(self, shape, _entries(shape))
            raise EvalError(
                f"@ needs the columns of the left to match the rows of the right: "
                f"{_shape_text(a)} @ {_shape_text(b)}", self.position)
        if a != b and (1, 1) not in (a, b):
            raise EvalError(
                f"{self.op} is element-wise: the shapes {_shape_text(a)} and "
                f"{_shape_text(b)} differ", self.position)
        shape = b if a == (1, 1) else a
        weight = FUNCTION_COST if self.op == "^" else 1
        return plan.add(self, shape, weight * _entries(shape))

    def evaluate_node(self, env: Mapping[str, np.ndarray], plan: Plan) -> np.ndarray:
        a, b = self.left.evaluate_node(env, plan), self.right.evaluate_node(env, plan)
        if self.op == "@":
            return np.asarray(a @ b if a.shape[1] == b.shape[0] else a * b)
        return np.asarray(ELEMENTWISE_OPS[self.op](a, b))

    def sympy(self, symbols: Mapping[str, Any]) -> Any:
        a, b = self.left.sympy(symbols), self.right.sympy(symbols)
        if self.op == "+":
            return a + b
        if self.op == "-":
            return a - b
        if self.op in ("*", "@"):
            return a * b
        if self.op == "/":
            return a / b
        return a**b


def _sigmoid(a: np.ndarray) -> np.ndarray:
    return np.asarray(np.exp(-np.logaddexp(0.0, -a)))


NUMPY_ELEMENTWISE: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "exp": np.exp, "log": np.log,
    "sqrt": np.sqrt, "tanh": np.tanh, "sech": lambda a: 1.0 / np.cosh(a),
    "sigmoid": _sigmoid, "cosh": np.cosh, "sinh": np.sinh, "abs": np.abs,
    "relu": lambda a: np.maximum(a, 0.0), "sign": np.sign,
}


def logdet(a: np.ndarray) -> np.ndarray:
    """log det of the last two axes; nan where the determinant is not positive."""
    sign, value = np.linalg.slogdet(a)
    return np.where(sign > 0, value, np.nan)


def _sympy_function(name: str) -> Callable[..., Any]:
    import sympy as sp

    table: dict[str, Callable[..., Any]] = {
        "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "exp": sp.exp, "log": sp.log,
        "sqrt": sp.sqrt, "tanh": sp.tanh, "sech": sp.sech,
        "sigmoid": lambda a: 1 / (1 + sp.exp(-a)), "cosh": sp.cosh, "sinh": sp.sinh,
        "abs": sp.Abs, "relu": lambda a: sp.Max(a, 0), "sign": sp.sign,
        # On scalars the matrix functions reduce to these:
        "diag": lambda a: a, "tr": lambda a: a, "inv": lambda a: 1 / a,
        "outer": lambda a, b: a * b, "eye": lambda n: sp.Integer(1), "det": lambda a: a,
        "logdet": sp.log, "sum": lambda a: a, "norm1": sp.Abs, "norm2": sp.Abs,
    }
    return table[name]


class Call(Node):
    def __init__(self, name: str, args: list[Node], position: int):
        self.name, self.args, self.position = name, args, position

    def children(self) -> tuple[Node, ...]:
        return tuple(self.args)

    def plan(self, plan: Plan) -> tuple[int, int]:
        shapes = [a.plan(plan) for a in self.args]
        a = shapes[0]
        if self.name == "eye":
            n = self._size(plan)
            return plan.add(self, (n, n), n * n)
        if self.name in NUMPY_ELEMENTWISE:
            return plan.add(self, a, FUNCTION_COST * _entries(a))
        if self.name == "diag":
            if a[0] == 1 or a[1] == 1:
                n = _entries(a)
                return plan.add(self, (n, n), n * n)
            if a[0] == a[1]:
                return plan.add(self, (a[0], 1), a[0])
            raise EvalError(f"diag needs a vector or a square matrix, got {_shape_text(a)}",
                            self.position)
        if self.name in ("sum", "norm1", "norm2"):
            return plan.add(self, (1, 1), 2 * _entries(a))
        if self.name in SQUARE_FUNCTIONS and a[0] != a[1]:
            raise EvalError(f"{self.name} needs a square matrix, got {_shape_text(a)}",
                            self.position)
        if self.name == "tr":
            return plan.add(self, (1, 1), a[0])
        if self.name in ("det", "logdet"):
            return plan.add(self, (1, 1), a[0] ** 3)
        if self.name == "inv":
            return plan.add(self, a, a[0] ** 3)
        shape = (_entries(a), _entries(shapes[1]))  # outer
        return plan.add(self, shape, _entries(shape))

    def _size(self, plan: Plan) -> int:
        """n of eye(n): its argument, a scalar, is worked out now (it is planned)."""
        arg = self.args[0]
        if plan.shape(arg) != (1, 1):
            raise EvalError("eye(n) needs a number n", self.position)
        if plan.env is None:
            n = constant_value(arg)
            if n is None:
                raise EvalError("eye(n) needs a constant n here", self.position)
        else:
            with np.errstate(all="ignore"):
                n = float(arg.evaluate_node(plan.env, plan)[0, 0])
        if not (float(n).is_integer() and 1 <= n <= MAX_EYE):
            raise EvalError(f"eye(n) needs a whole number n from 1 to {MAX_EYE}",
                            self.position)
        plan.eye_sizes[id(self)] = int(n)
        return int(n)

    def evaluate_node(self, env: Mapping[str, np.ndarray], plan: Plan) -> np.ndarray:
        if self.name == "eye":
            return np.eye(plan.eye_sizes[id(self)])
        vals = [a.evaluate_node(env, plan) for a in self.args]
        if self.name in NUMPY_ELEMENTWISE:
            return np.asarray(NUMPY_ELEMENTWISE[self.name](vals[0]))
        a = vals[0]
        if self.name == "diag":
            if a.shape[0] == 1 or a.shape[1] == 1:
                return np.diag(a.reshape(-1))
            return np.diag(a).reshape(-1, 1).copy()
        if self.name == "sum":
            return np.full((1, 1), np.sum(a))
        if self.name == "norm1":
            return np.full((1, 1), np.sum(np.abs(a)))
        if self.name == "norm2":
            return np.full((1, 1), np.sqrt(np.sum(a * a)))
        if self.name == "tr":
            return np.full((1, 1), np.trace(a))
        if self.name == "det":
            return np.full((1, 1), np.linalg.det(a))
        if self.name == "logdet":
            return np.full((1, 1), logdet(a))
        if self.name == "inv":
            try:
                return np.linalg.inv(a)
            except np.linalg.LinAlgError:
                raise EvalError("inv of a singular matrix", self.position) from None
        return np.outer(a.reshape(-1), vals[1].reshape(-1))

    def sympy(self, symbols: Mapping[str, Any]) -> Any:
        return _sympy_function(self.name)(*(a.sympy(symbols) for a in self.args))


class Block(Node):
    """`[a, b]` (side by side) or `[[a, b], [c, d]]` (a block matrix)."""

    def __init__(self, rows: list[list[Node]], position: int):
        self.rows, self.position = rows, position

    def children(self) -> tuple[Node, ...]:
        return tuple(n for row in self.rows for n in row)

    def plan(self, plan: Plan) -> tuple[int, int]:
        shapes = [[n.plan(plan) for n in row] for row in self.rows]
        heights = [{s[0] for s in row} for row in shapes]
        widths = {sum(s[1] for s in row) for row in shapes}
        if any(len(h) > 1 for h in heights) or len(widths) > 1:
            text = " | ".join(", ".join(_shape_text(s) for s in row) for row in shapes)
            raise EvalError(f"the blocks do not fit together: {text}", self.position)
        shape = (sum(h.pop() for h in heights), widths.pop())
        return plan.add(self, shape, _entries(shape))

    def evaluate_node(self, env: Mapping[str, np.ndarray], plan: Plan) -> np.ndarray:
        return np.block([[n.evaluate_node(env, plan) for n in row] for row in self.rows])

    def sympy(self, symbols: Mapping[str, Any]) -> Any:
        return self.rows[0][0].sympy(symbols)  # (a scalar: planned as 1×1)


def as_matrix(value: object) -> np.ndarray:
    """Column-vector semantics: scalar → 1×1, vector (n,) → n×1, matrix unchanged."""
    a = np.asarray(value, dtype=float)
    if a.ndim == 0:
        return a.reshape(1, 1)
    if a.ndim == 1:
        return a.reshape(-1, 1)
    if a.ndim == 2:
        return a
    raise EvalError(f"a {a.ndim}-D value cannot be used in an expression")


class Expression:
    """A parsed expression: `evaluate(env)` with NumPy, `to_sympy(symbols)` for scalars.
    Both plan first (`Plan`): an expression over the budget is refused before any work."""

    def __init__(self, text: str, root: Node):
        self.text, self.root = text, root

    @property
    def names(self) -> set[str]:
        return self.root.names()

    def plan(self, env: Mapping[str, np.ndarray], limit: int = MAX_OPERATIONS) -> Plan:
        """The shapes and cost at these values; raises TooLarge or EvalError."""
        return Plan(self, env, limit)

    def evaluate(self, env: Mapping[str, np.ndarray], plan: Plan | None = None) -> np.ndarray:
        """2-D float array; non-finite entries (log 0, overflow) stay as nan/inf.
        `plan`: made by `plan(env)` with the same env (else it is made here)."""
        plan = plan or Plan(self, env)
        with np.errstate(all="ignore"):
            return self.root.evaluate_node(env, plan)

    def to_sympy(self, symbols: Mapping[str, Any]) -> Any:
        """A SymPy expression of a scalar expression made of scalars only; raises
        EvalError naming the first part that is a matrix (e.g. eye(2))."""
        plan = Plan(self, None)
        matrix = plan.first_non_scalar()
        if matrix is not None:
            raise EvalError(f"{_quoted(matrix)} is {_shape_text(plan.shape(matrix))}, "
                            "not a scalar", matrix.position)
        return self.root.sympy(symbols)

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"


def constant_value(node: Node) -> float | None:
    """The value of a sub-expression made of numbers only (None if it has names or calls).
    Computed with bounded floats: every sub-expression was bounded when it was built."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Neg):
        v = constant_value(node.arg)
        return None if v is None else -v
    if isinstance(node, BinOp) and node.op != "@":
        a, b = constant_value(node.left), constant_value(node.right)
        if a is None or b is None:
            return None
        try:
            if node.op == "+":
                return a + b
            if node.op == "-":
                return a - b
            if node.op == "*":
                return a * b
            if node.op == "/":
                return a / b if b else math.nan
            r = a**b
            return abs(r) if isinstance(r, complex) else float(r)
        except (OverflowError, ZeroDivisionError):
            return math.inf
    return None
