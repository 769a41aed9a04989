"""The safe parser for typed answers and typed functions.

The text is parsed by Python's `ast` (never `eval`, `sympify` or `parse_expr`), after its
length and bracket depth have been bounded; the tree is then walked, allowing only a
whitelist of node types, names and functions, and turned into a small tree of our own
(`Node`) that evaluates with NumPy or builds a SymPy expression.

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
from collections.abc import Iterable, Mapping

import numpy as np

from explorer.core.errors import InputError

MAX_LENGTH = 2000  # characters
MAX_BRACKET_DEPTH = 40  # nested (), []
MAX_DEPTH = 200  # nesting of the expression tree
MAX_EXPONENT = 100  # |constant exponent|
MAX_CONSTANT = 1e100  # |any constant sub-expression|
MAX_EYE = 1000

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


# --------------------------------------------------------------------------------------
# The tree
# --------------------------------------------------------------------------------------


class Node:
    position: int = 0

    def evaluate_node(self, env: Mapping[str, np.ndarray]) -> np.ndarray:
        """Value as a 2-D float array (a scalar is 1×1)."""
        raise NotImplementedError

    def sympy(self, symbols: Mapping):
        """SymPy expression, for scalar expressions (symbols: name → sympy.Symbol)."""
        raise NotImplementedError

    def names(self) -> set[str]:
        return set().union(*(c.names() for c in self.children()))

    def children(self) -> tuple[Node, ...]:
        return ()


class Num(Node):
    def __init__(self, value: float, position: int, exact: int | None = None):
        self.value, self.position, self.exact = value, position, exact

    def evaluate_node(self, env):
        return np.full((1, 1), self.value)

    def sympy(self, symbols):
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

    def evaluate_node(self, env):
        if self.name not in env:
            raise EvalError(f"no value for {self.name!r}", self.position)
        return as_matrix(env[self.name])

    def sympy(self, symbols):
        if self.name not in symbols:
            raise EvalError(f"{self.name!r} is not a scalar here", self.position)
        return symbols[self.name]

    def names(self):
        return {self.name}


class Neg(Node):
    def __init__(self, arg: Node, position: int):
        self.arg, self.position = arg, position

    def evaluate_node(self, env):
        return -self.arg.evaluate_node(env)

    def sympy(self, symbols):
        return -self.arg.sympy(symbols)

    def children(self):
        return (self.arg,)


class Transpose(Node):
    def __init__(self, arg: Node, position: int):
        self.arg, self.position = arg, position

    def evaluate_node(self, env):
        return self.arg.evaluate_node(env).T

    def sympy(self, symbols):
        return self.arg.sympy(symbols)

    def children(self):
        return (self.arg,)


def _shape(a: np.ndarray) -> str:
    return "×".join(str(d) for d in a.shape)


def _is_scalar(a: np.ndarray) -> bool:
    return a.shape == (1, 1)


ELEMENTWISE_OPS = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide,
                   "^": np.power}


class BinOp(Node):

    def __init__(self, op: str, left: Node, right: Node, position: int):
        self.op, self.left, self.right, self.position = op, left, right, position

    def children(self):
        return (self.left, self.right)

    def evaluate_node(self, env):
        a, b = self.left.evaluate_node(env), self.right.evaluate_node(env)
        if self.op == "@":
            if a.shape[1] == b.shape[0]:
                return a @ b
            if _is_scalar(a) or _is_scalar(b):  # a 1×1 acts as a scalar
                return a * b
            raise EvalError(
                f"@ needs the columns of the left to match the rows of the right: "
                f"{_shape(a)} @ {_shape(b)}", self.position)
        if a.shape != b.shape and not (_is_scalar(a) or _is_scalar(b)):
            raise EvalError(
                f"{self.op} is element-wise: the shapes {_shape(a)} and {_shape(b)} differ",
                self.position)
        return ELEMENTWISE_OPS[self.op](a, b)

    def sympy(self, symbols):
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


def _sigmoid(a):
    return np.exp(-np.logaddexp(0.0, -a))


NUMPY_ELEMENTWISE = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "exp": np.exp, "log": np.log,
    "sqrt": np.sqrt, "tanh": np.tanh, "sech": lambda a: 1.0 / np.cosh(a),
    "sigmoid": _sigmoid, "cosh": np.cosh, "sinh": np.sinh, "abs": np.abs,
    "relu": lambda a: np.maximum(a, 0.0), "sign": np.sign,
}


def logdet(a: np.ndarray) -> np.ndarray:
    """log det of the last two axes; nan where the determinant is not positive."""
    sign, value = np.linalg.slogdet(a)
    return np.where(sign > 0, value, np.nan)


def _sympy_function(name: str):
    import sympy as sp

    table = {
        "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "exp": sp.exp, "log": sp.log,
        "sqrt": sp.sqrt, "tanh": sp.tanh, "sech": sp.sech,
        "sigmoid": lambda a: 1 / (1 + sp.exp(-a)), "cosh": sp.cosh, "sinh": sp.sinh,
        "abs": sp.Abs, "relu": lambda a: sp.Max(a, 0), "sign": sp.sign,
        # On scalars the matrix functions reduce to these:
        "diag": lambda a: a, "tr": lambda a: a, "inv": lambda a: 1 / a,
        "outer": lambda a, b: a * b, "det": lambda a: a, "logdet": sp.log,
        "sum": lambda a: a, "norm1": sp.Abs, "norm2": sp.Abs,
    }
    return table[name]


class Call(Node):
    def __init__(self, name: str, args: list[Node], position: int):
        self.name, self.args, self.position = name, args, position

    def children(self):
        return tuple(self.args)

    def evaluate_node(self, env):
        if self.name == "eye":
            return np.eye(self._size(self.args[0].evaluate_node(env)))
        vals = [a.evaluate_node(env) for a in self.args]
        if self.name in NUMPY_ELEMENTWISE:
            return NUMPY_ELEMENTWISE[self.name](vals[0])
        a = vals[0]
        if self.name == "diag":
            if a.shape[0] == 1 or a.shape[1] == 1:
                return np.diag(a.reshape(-1))
            if a.shape[0] == a.shape[1]:
                return np.diag(a).reshape(-1, 1).copy()
            raise EvalError(f"diag needs a vector or a square matrix, got {_shape(a)}",
                            self.position)
        if self.name == "sum":
            return np.full((1, 1), np.sum(a))
        if self.name == "norm1":
            return np.full((1, 1), np.sum(np.abs(a)))
        if self.name == "norm2":
            return np.full((1, 1), np.sqrt(np.sum(a * a)))
        if self.name in SQUARE_FUNCTIONS and a.shape[0] != a.shape[1]:
            raise EvalError(f"{self.name} needs a square matrix, got {_shape(a)}",
                            self.position)
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
        # outer
        return np.outer(a.reshape(-1), vals[1].reshape(-1))

    def _size(self, a: np.ndarray) -> int:
        if not _is_scalar(a):
            raise EvalError("eye(n) needs a number n", self.position)
        n = float(a[0, 0])
        if not (n.is_integer() and 1 <= n <= MAX_EYE):
            raise EvalError(f"eye(n) needs a whole number n from 1 to {MAX_EYE}",
                            self.position)
        return int(n)

    def sympy(self, symbols):
        if self.name == "eye":
            return 1
        return _sympy_function(self.name)(*(a.sympy(symbols) for a in self.args))


class Block(Node):
    """`[a, b]` (side by side) or `[[a, b], [c, d]]` (a block matrix)."""

    def __init__(self, rows: list[list[Node]], position: int):
        self.rows, self.position = rows, position

    def children(self):
        return tuple(n for row in self.rows for n in row)

    def evaluate_node(self, env):
        rows = [[n.evaluate_node(env) for n in row] for row in self.rows]
        try:
            return np.block(rows)
        except ValueError:
            shapes = " | ".join(", ".join(_shape(a) for a in row) for row in rows)
            raise EvalError(f"the blocks do not fit together: {shapes}",
                            self.position) from None

    def sympy(self, symbols):
        if len(self.rows) == 1 and len(self.rows[0]) == 1:
            return self.rows[0][0].sympy(symbols)
        raise EvalError("a block of several entries is not a scalar", self.position)


def as_matrix(value) -> np.ndarray:
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
    """A parsed expression: `evaluate(env)` with NumPy, `to_sympy(symbols)` for scalars."""

    def __init__(self, text: str, root: Node):
        self.text, self.root = text, root

    @property
    def names(self) -> set[str]:
        return self.root.names()

    def evaluate(self, env: Mapping) -> np.ndarray:
        """2-D float array; non-finite entries (log 0, overflow) stay as nan/inf."""
        with np.errstate(all="ignore"):
            return self.root.evaluate_node(env)

    def to_sympy(self, symbols: Mapping):
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
    # `^` means power. Python reads `^` as xor with a lower precedence than `+`, so it is
    # rewritten to `**` in the text, keeping a map back to the typed positions.
    source, origin = _rewrite_carets(text.replace("\r", " ").replace("\n", " "))
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
    builder = _Builder(source, origin, None if symbols is None else frozenset(symbols))
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
    def __init__(self, source: str, origin: list[int], symbols: frozenset[str] | None):
        self.source, self.origin, self.symbols = source, origin, symbols
        self.encoded = source.encode("utf-8", errors="surrogatepass")

    def pos(self, node: ast.AST) -> int:
        return self.char(getattr(node, "col_offset", 0) or 0)

    def char(self, col: int) -> int:
        # col offsets count UTF-8 bytes; positions are reported in typed characters.
        chars = len(self.encoded[:col].decode("utf-8", errors="ignore"))
        return _back(self.origin, chars)

    def fail(self, message: str, node: ast.AST):
        raise ParseError(message, self.pos(node))

    def build(self, node: ast.AST, depth: int) -> Node:
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
            rows = [[self.build(e, depth + 1) for e in row.elts] for row in node.elts]
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
