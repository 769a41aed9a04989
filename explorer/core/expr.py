"""The safe parser for typed answers and typed functions.

The text is parsed by Python's `ast` (never `eval`, `sympify` or `parse_expr`), after its
length and bracket depth have been bounded; the tree is then walked, allowing only a
whitelist of node types, names and functions, and turned into a small tree of our own
(`Node`) that evaluates with NumPy or builds a SymPy expression. Before it evaluates, the
shape and cost of every value are worked out from the inputs' shapes (`Plan`), and an
expression over the budget (MAX_ENTRIES, MAX_OPERATIONS) is refused with `TooLarge`.

The syntax
- vectors are columns (n×1); `.T` transposes; `@` is the matrix product; `*` and `/` are
  element-wise (or scalar); `^` and `**` are powers, element-wise; a 1×1 value acts as a
  scalar everywhere;
- `[a, b]` puts blocks side by side and `[[a, b], [c, d]]` builds a block matrix;
- functions: sin cos tan exp log sqrt tanh sech sigmoid cosh sinh abs relu sign
  (element-wise), diag (vector → diagonal matrix, square matrix → its diagonal as a column),
  tr, inv, det, logdet (log of a positive determinant), sum (of all entries), norm1 (sum of
  absolute values), norm2 (Euclidean; Frobenius for a matrix), outer(u, v) = u vᵀ, eye(n);
- constants `pi` and `e`, numbers, and the names the caller allows.
"""

from __future__ import annotations

import ast
import math
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NoReturn

import numpy as np

from explorer.core.errors import InputError

MAX_LENGTH = 2000  # characters
MAX_BRACKET_DEPTH = 40  # nested (), []
MAX_DEPTH = 200  # nesting of the expression tree
MAX_EXPONENT = 100  # |constant exponent|
MAX_CONSTANT = 1e100  # |any constant sub-expression|
MAX_EYE = 1000
# The budget of an evaluation, checked before anything is computed (see Plan): no value
# may have more than MAX_ENTRIES entries (8 MB of floats), and the work of one evaluation
# may not pass MAX_OPERATIONS (a few hundredths of a second; also a bound on the memory
# it allocates, since every entry made counts at least one operation).
MAX_ENTRIES = 10**6
MAX_OPERATIONS = 10**7
FUNCTION_COST = 20  # operations per entry of sin, exp, …, sigmoid and ^ (10–50 ns each)

ELEMENTWISE = ("sin", "cos", "tan", "exp", "log", "sqrt", "tanh", "sech", "sigmoid",
               "cosh", "sinh", "abs", "relu", "sign")
MATRIX_FUNCTIONS = {"diag": 1, "tr": 1, "inv": 1, "outer": 2, "eye": 1, "det": 1,
                    "logdet": 1, "sum": 1, "norm1": 1, "norm2": 1}
SQUARE_FUNCTIONS = ("tr", "inv", "det", "logdet")
FUNCTIONS = frozenset(ELEMENTWISE) | frozenset(MATRIX_FUNCTIONS)
CONSTANTS = {"pi": math.pi, "e": math.e}


class ParseError(InputError):
    """The text is not an expression of the answer syntax. `position` is the 0-based
    character offset of the problem in the text as typed."""

    def __init__(self, message: str, position: int = 0):
        super().__init__(f"{message} (at character {position + 1})")
        self.reason = message
        self.position = position


class EvalError(InputError):
    """A well-formed expression that cannot be evaluated at these values: shapes that do
    not conform, a singular matrix, an unknown name's value."""

    def __init__(self, message: str, position: int = 0):
        super().__init__(message)
        self.position = position


class TooLarge(InputError):
    """An expression whose evaluation would exceed the budget: refused before computing."""

    def __init__(self, message: str, position: int = 0):
        super().__init__(message)
        self.position = position


# --------------------------------------------------------------------------------------
# The budget: shapes and cost, known before anything is computed
# --------------------------------------------------------------------------------------


def count_text(n: int) -> str:
    """12345678 → '1.23·10⁷', 10**8 → '10⁸', small numbers as they are."""
    if n < 10_000:
        return str(n)
    k = len(str(n)) - 1
    mantissa = n / 10**k
    power = "10" + str(k).translate(_SUPERSCRIPTS)
    return power if mantissa == 1 else f"{mantissa:.3g}·{power}"


_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _quoted(node: Node) -> str:
    text = " ".join(node.text.split()) or "the expression"
    return text if len(text) <= 60 else text[:57] + "…"


class Plan:
    """The shape of every value of an expression at the given inputs and the cost of
    computing them, found before any array is made: shapes follow from the inputs' shapes
    (and eye(n) from its argument n, a scalar worked out first). A product m×k @ k×n
    counts m·k·n operations, an inverse of n×n n³, an element-wise function or power
    FUNCTION_COST per entry, anything else one per entry it makes. Raises TooLarge when
    a value would have more than MAX_ENTRIES entries or the total would pass `limit`, and
    EvalError for shapes that do not fit.

    `env`: name → value (only its shape is read), or None for symbolic scalars (the
    SymPy route, where every name is 1×1 and eye(n) needs a constant n)."""

    def __init__(self, expression: Expression, env: Mapping[str, np.ndarray] | None,
                 limit: int = MAX_OPERATIONS):
        self.env, self.limit = env, limit
        self.operations = 0
        self.shapes: dict[int, tuple[int, int]] = {}  # id(node) → shape
        self.order: list[Node] = []  # the nodes, children before their parent
        self.eye_sizes: dict[int, int] = {}  # id(eye node) → n
        expression.root.plan(self)

    def add(self, node: Node, shape: tuple[int, int], operations: int) -> tuple[int, int]:
        entries = shape[0] * shape[1]
        if entries > MAX_ENTRIES:
            raise TooLarge(
                f"{_quoted(node)} would have {count_text(entries)} entries "
                f"({shape[0]}×{shape[1]}; the limit is {count_text(MAX_ENTRIES)})",
                node.position)
        self.operations += max(operations, 1)
        if self.operations > self.limit:
            what = (f"{_quoted(node)} would take {count_text(operations)} operations"
                    if operations > self.limit else
                    f"the expression would take more than {count_text(self.limit)} "
                    "operations in all")
            raise TooLarge(f"{what} (the limit is {count_text(self.limit)})", node.position)
        self.shapes[id(node)] = shape
        self.order.append(node)
        return shape

    def shape(self, node: Node) -> tuple[int, int]:
        return self.shapes[id(node)]

    def first_non_scalar(self) -> Node | None:
        return next((n for n in self.order if self.shape(n) != (1, 1)), None)


def _entries(shape: tuple[int, int]) -> int:
    return shape[0] * shape[1]


def _shape_text(shape: tuple[int, int]) -> str:
    return f"{shape[0]}×{shape[1]}"


# --------------------------------------------------------------------------------------
# The tree
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------


def parse(text: str, symbols: Iterable[str] | None = None) -> Expression:
    """Parse `text` of the answer syntax. `symbols`: the names it may use besides the
    functions and constants (None: any name that is not a function; for a first check of
    the structure before the names are known). Raises ParseError."""
    if not isinstance(text, str):
        raise ParseError("the expression must be text")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the expression is too long (more than {MAX_LENGTH} characters)",
                         MAX_LENGTH)
    if not text.strip():
        raise ParseError("the expression is empty")
    _check_brackets(text)
    # Spaces around the expression are ignored (Python would read a leading one as an
    # indent). `^` means power: Python reads `^` as xor with a lower precedence than `+`,
    # so it is rewritten to `**`, keeping a map back to the typed positions.
    lead = len(text) - len(text.lstrip())
    body = text.strip().replace("\r", " ").replace("\n", " ")
    source, origin = _rewrite_carets(body)
    origin = [i + lead for i in origin]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        at = max(0, (exc.offset or 1) - 1)
        raise ParseError(f"syntax error: {exc.msg}", _back(origin, at)) from None
    except (RecursionError, MemoryError):
        raise ParseError("the expression is nested too deeply") from None
    except ValueError as exc:  # e.g. NUL characters
        raise ParseError(f"cannot read the expression: {exc}") from None
    builder = _Builder(text, source, origin,
                       None if symbols is None else frozenset(symbols))
    return Expression(text, builder.build(tree.body, 1))


def _check_brackets(text: str) -> None:
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
            if depth > MAX_BRACKET_DEPTH:
                raise ParseError(f"brackets nested more than {MAX_BRACKET_DEPTH} deep", i)
        elif ch in ")]}":
            depth -= 1


def _rewrite_carets(text: str) -> tuple[str, list[int]]:
    out, origin = [], []
    for i, ch in enumerate(text):
        if ch == "^":
            out.append("**")
            origin += [i, i]
        else:
            out.append(ch)
            origin.append(i)
    origin.append(len(text))
    return "".join(out), origin


def _back(origin: list[int], at: int) -> int:
    return origin[min(max(at, 0), len(origin) - 1)]


_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "^",
           ast.MatMult: "@"}

_DESCRIBE = {
    ast.Lambda: "a lambda", ast.ListComp: "a comprehension", ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension", ast.GeneratorExp: "a comprehension",
    ast.Subscript: "indexing", ast.Compare: "a comparison", ast.BoolOp: "and/or",
    ast.IfExp: "if/else", ast.Dict: "a dict", ast.Set: "a set", ast.Tuple: "a tuple",
    ast.JoinedStr: "a string", ast.NamedExpr: ":=", ast.Await: "await",
    ast.Yield: "yield", ast.YieldFrom: "yield", ast.Starred: "*",
}


class _Builder:
    def __init__(self, text: str, source: str, origin: list[int],
                 symbols: frozenset[str] | None):
        self.text, self.source, self.origin, self.symbols = text, source, origin, symbols
        self.encoded = source.encode("utf-8", errors="surrogatepass")

    def pos(self, node: ast.AST) -> int:
        return self.char(getattr(node, "col_offset", 0) or 0)

    def char(self, col: int) -> int:
        # col offsets count UTF-8 bytes; positions are reported in typed characters.
        chars = len(self.encoded[:col].decode("utf-8", errors="ignore"))
        return _back(self.origin, chars)

    def fail(self, message: str, node: ast.AST) -> NoReturn:
        raise ParseError(message, self.pos(node))

    def build(self, node: ast.AST, depth: int) -> Node:
        out = self._build(node, depth)
        end = getattr(node, "end_col_offset", None)
        if end is not None:  # the node's typed text, for messages
            out.text = self.text[self.pos(node):self.char(end)]
        return out

    def _build(self, node: ast.AST, depth: int) -> Node:
        if depth > MAX_DEPTH:
            self.fail(f"the expression is nested more than {MAX_DEPTH} deep", node)
        d = depth + 1
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return Neg(self.build(node.operand, d), self.pos(node))
            if isinstance(node.op, ast.UAdd):
                return self.build(node.operand, d)
            self.fail("only + and − may stand before a term", node)
        if isinstance(node, ast.BinOp):
            op = _BINOPS.get(type(node.op))
            if op is None:
                self.fail("unknown operator (use + - * / @ ^ **)", node)
            left, right = self.build(node.left, d), self.build(node.right, d)
            if op == "^":
                self.check_power(node, left, right)
            out = BinOp(op, left, right, self.pos(node))
            self.check_constant(out, node)
            return out
        if isinstance(node, ast.Attribute):
            if node.attr != "T":
                end = node.end_col_offset
                at = self.pos(node) if end is None else self.char(end - len(node.attr) - 1)
                raise ParseError(f"'.{node.attr}' is not allowed: the only attribute is .T",
                                 at)
            return Transpose(self.build(node.value, d), self.pos(node))
        if isinstance(node, ast.Call):
            return self.call(node, d)
        if isinstance(node, ast.List):
            return self.block(node, d)
        what = _DESCRIBE.get(type(node), type(node).__name__)
        self.fail(f"{what} is not allowed in an expression", node)
        raise AssertionError  # unreachable: fail raises

    def number(self, node: ast.Constant) -> Num:
        v = node.value
        if isinstance(v, bool) or not isinstance(v, int | float):
            self.fail("only numbers may be written as constants", node)
        try:
            value = float(v)
        except OverflowError:
            value = math.inf
        if not math.isfinite(value) or abs(value) > MAX_CONSTANT:
            self.fail("the number is too large", node)
        exact = v if isinstance(v, int) and abs(v) < 2**53 else None
        return Num(value, self.pos(node), exact)

    def name(self, node: ast.Name) -> Node:
        name = node.id
        if name.startswith("_"):
            self.fail(f"the name {name!r} is not allowed", node)
        if name in CONSTANTS:
            return Num(CONSTANTS[name], self.pos(node))
        if name in FUNCTIONS:
            self.fail(f"{name} is a function: write {name}(...)", node)
        if self.symbols is not None and name not in self.symbols:
            known = ", ".join(sorted(self.symbols)) or "none"
            self.fail(f"unknown name {name!r} (known here: {known})", node)
        return Sym(name, self.pos(node))

    def call(self, node: ast.Call, depth: int) -> Node:
        if not isinstance(node.func, ast.Name):
            self.fail("only a function's name may be called, as in sin(x)", node)
        if node.func.id not in FUNCTIONS:
            self.fail(f"{node.func.id!r} is not a known function (known: "
                      f"{', '.join(sorted(FUNCTIONS))})", node)
        name = node.func.id
        if node.keywords:
            self.fail(f"{name}() takes no keyword arguments", node)
        want = MATRIX_FUNCTIONS.get(name, 1)
        if len(node.args) != want:
            self.fail(f"{name}() takes {want} argument{'s' if want > 1 else ''}, "
                      f"got {len(node.args)}", node)
        args = [self.build(a, depth) for a in node.args]
        return Call(name, args, self.pos(node))

    def block(self, node: ast.List, depth: int) -> Block:
        if not node.elts:
            self.fail("an empty [] has no value", node)
        nested = [isinstance(e, ast.List) for e in node.elts]
        if all(nested):
            rows = [[self.build(e, depth + 1) for e in row.elts]
                    for row in node.elts if isinstance(row, ast.List)]
            if any(not r for r in rows):
                self.fail("an empty [] has no value", node)
        elif any(nested):
            self.fail("mix of blocks and rows: write [a, b] or [[a, b], [c, d]]", node)
        else:
            rows = [[self.build(e, depth) for e in node.elts]]
        return Block(rows, self.pos(node))

    def check_power(self, node: ast.BinOp, base: Node, exponent: Node) -> None:
        e = constant_value(exponent)
        if e is not None and abs(e) > MAX_EXPONENT:
            self.fail(f"the exponent is too large (at most {MAX_EXPONENT} in size)", node)

    def check_constant(self, out: Node, node: ast.AST) -> None:
        """A sub-expression of numbers only must stay a modest finite number."""
        v = constant_value(out)
        if v is None:
            return
        if math.isnan(v):
            self.fail("division by zero", node)
        if abs(v) > MAX_CONSTANT:
            self.fail("a constant in the expression is too large", node)


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
