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
from collections.abc import Iterable
from typing import NoReturn

from explorer.core.expr_plan import (
    CONSTANTS,
    ELEMENTWISE,
    FUNCTION_COST,
    FUNCTIONS,
    MATRIX_FUNCTIONS,
    MAX_BRACKET_DEPTH,
    MAX_CONSTANT,
    MAX_DEPTH,
    MAX_ENTRIES,
    MAX_EXPONENT,
    MAX_EYE,
    MAX_LENGTH,
    MAX_OPERATIONS,
    SQUARE_FUNCTIONS,
    EvalError,
    ParseError,
    Plan,
    TooLarge,
    count_text,
)
from explorer.core.expr_tree import (
    BinOp,
    Block,
    Call,
    Expression,
    Neg,
    Node,
    Num,
    Sym,
    Transpose,
    as_matrix,
    constant_value,
    logdet,
)

# the names of the answer syntax, wherever they are defined
__all__ = [
    "CONSTANTS",
    "ELEMENTWISE",
    "FUNCTIONS",
    "FUNCTION_COST",
    "MATRIX_FUNCTIONS",
    "MAX_BRACKET_DEPTH",
    "MAX_CONSTANT",
    "MAX_DEPTH",
    "MAX_ENTRIES",
    "MAX_EXPONENT",
    "MAX_EYE",
    "MAX_LENGTH",
    "MAX_OPERATIONS",
    "SQUARE_FUNCTIONS",
    "BinOp",
    "Block",
    "Call",
    "EvalError",
    "Expression",
    "Neg",
    "Node",
    "Num",
    "ParseError",
    "Plan",
    "Sym",
    "TooLarge",
    "Transpose",
    "as_matrix",
    "constant_value",
    "count_text",
    "logdet",
    "parse",
]


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
