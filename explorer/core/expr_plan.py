"""The limits of the answer syntax, its errors, and the budget: the shape and cost of
every value of an expression (`Plan`), known before anything is computed."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from explorer.core.errors import InputError

if TYPE_CHECKING:
    from explorer.core.expr_tree import Expression, Node

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
