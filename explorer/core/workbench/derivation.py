"""The workbench's entry points: `prepare` (text → tree with shapes), `derive` (the
derivative with respect to one name: formula, steps, numbers, checked against central
differences) and `calc` (a value).

A `Derivation` keeps its compiled programs: `evaluate(inputs)` gives f and ∂f/∂X at
other inputs with NumPy only (what a window needs when an input is dragged)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from explorer.core import expr
from explorer.core.errors import InputError
from explorer.core.workbench import names as N
from explorer.core.workbench import tree as t
from explorer.core.workbench.check import Check, check_derivative
from explorer.core.workbench.compile import Program, numpy_source
from explorer.core.workbench.differential import Differentials
from explorer.core.workbench.identify import Identified, identify
from explorer.core.workbench.printing import to_latex, to_text
from explorer.core.workbench.simplify import simplify
from explorer.core.workbench.steps import Step, derivation_steps
from explorer.core.workbench.tree import Node

CHECK_POINTS = 3  # the inputs and two random points
# The central-difference check evaluates f twice per entry of X at every point: its whole
# work may not pass this many of the answer checker's operations.
CHECK_OPERATIONS = 20 * expr.MAX_OPERATIONS
MAX_FORMULA = 4000  # parts of the differential written out (a product of n factors: ~n²)
STACK_ENTRIES = 4 * 10**6  # entries of one stacked evaluation (the rest in chunks)


@dataclass
class Problem:
    text: str
    tree: Node
    shapes: dict[str, N.Shape]  # every name: of the expression, declared or set
    inputs: dict[str, np.ndarray]  # given, and drawn from the seed for the others
    operations: int  # of one evaluation, as the answer checker counts them


def prepare(text: str, shapes: dict[str, N.Shape] | None = None,
            values: dict[str, np.ndarray] | None = None, seed: int = 0) -> Problem:
    """Parse `text` (the answer syntax), give every name its shape and a value."""
    shapes, values = dict(shapes or {}), dict(values or {})
    parsed = expr.parse(text)
    for name in list(shapes) + list(values):
        if not name.isidentifier() or name.startswith("_") or name in expr.FUNCTIONS \
                or name in expr.CONSTANTS:
            raise InputError(f"{name!r} cannot be a variable's name")
    all_shapes = N.resolve(parsed.names, shapes, values)
    try:
        node = t.from_expr(parsed.root, all_shapes)
    except RecursionError:
        raise InputError("the expression is nested too deeply") from None
    # the answer checker's budget (entries of every value, operations of an evaluation)
    plan = parsed.plan({name: np.broadcast_to(0.0, s) for name, s in all_shapes.items()})
    rng = np.random.default_rng(seed)
    roles = input_roles(node)
    inputs = {name: values[name] if name in values else
              N.draw(name, shape, rng, roles.get(name, "plain"))
              for name, shape in all_shapes.items()}
    return Problem(text.strip(), node, all_shapes, inputs, plan.operations)


def input_roles(node: Node) -> dict[str, str]:
    """Names that stand (maybe transposed) right under inv/det/logdet ("invertible")
    or under log/sqrt ("positive"), so that random inputs stay in the domain."""
    roles: dict[str, str] = {}
    for n in t.walk(node):
        if n.op != "fn":
            continue
        a = n.args[0]
        while a.op == "T":
            a = a.args[0]
        if a.op != "var":
            continue
        if n.data in ("inv", "det", "logdet"):
            roles[a.data] = "invertible"
        elif n.data in ("log", "sqrt") and roles.get(a.data) != "invertible":
            roles[a.data] = "positive"
    return roles


def layout(f_shape: N.Shape, x_shape: N.Shape) -> tuple[int, ...]:
    """The derivative's shape: F's dims then X's, except the book's 1×n row for a
    scalar of a vector."""
    if N.kind(f_shape) == "scalar" and N.kind(x_shape) == "vector":
        return (1, x_shape[0])
    return N.dims(f_shape) + N.dims(x_shape)


def calc(text: str, shapes: dict[str, N.Shape] | None = None,
         values: dict[str, np.ndarray] | None = None, seed: int = 0) -> dict[str, Any]:
    problem = prepare(text, shapes, values, seed)
    value = Program([problem.tree])(problem.inputs)[0]
    value = np.broadcast_to(value, problem.tree.shape)
    _finite(value, "the value")
    return {"expression": problem.text, "inputs": _inputs_json(problem),
            "value": N.as_json(value), "shape": list(N.dims(problem.tree.shape))}


def _finite(a: np.ndarray, what: str) -> None:
    if not np.all(np.isfinite(a)):
        raise InputError(f"{what} is not finite at these inputs (e.g. log of a negative "
                         "number or a singular matrix): choose others with --set or --seed")


def _inputs_json(problem: Problem) -> dict[str, Any]:
    return {name: N.as_json(v) for name, v in problem.inputs.items()}


@dataclass
class Derivation:
    problem: Problem
    wrt: str
    df: Node  # the differential, simplified
    identified: Identified
    shape: tuple[int, ...]  # the derivative's, in numerator layout
    steps: list[Step] = field(default_factory=list)
    check: Check | None = None

    def __post_init__(self) -> None:
        self._value = Program([self.problem.tree])
        ident = self.identified
        self._formula = None if ident.formula is None else Program([ident.formula])
        self._slice = None if ident.slice is None else Program([ident.slice])

    @property
    def x_shape(self) -> N.Shape:
        return self.problem.shapes[self.wrt]

    @property
    def f_shape(self) -> N.Shape:
        return self.problem.tree.shape

    def value(self, inputs: dict[str, np.ndarray]) -> np.ndarray:
        return np.broadcast_to(self._value(inputs)[0], self.f_shape)

    def derivative(self, inputs: dict[str, np.ndarray]) -> np.ndarray:
        """∂f/∂X at `inputs` (name → 2-D array), in numerator layout."""
        formula = self.identified.formula
        if self._formula is not None and formula is not None:
            out = self._formula(inputs)[0]
            return np.broadcast_to(out, formula.shape).reshape(self.shape)
        return self._tensor(inputs)

    def _tensor(self, inputs: dict[str, np.ndarray]) -> np.ndarray:
        ident = self.identified
        assert self._slice is not None and ident.slice is not None and ident.unit is not None
        count = math.prod(self.x_shape)
        chunk = max(1, STACK_ENTRIES // max(self._slice.size, 1))
        slices = []
        for start in range(0, count, chunk):
            stop = min(count, start + chunk)
            units = np.zeros((stop - start, count))
            units[np.arange(stop - start), np.arange(start, stop)] = 1.0
            env = {**inputs, ident.unit: units.reshape((-1, *self.x_shape))}
            part = self._slice(env)[0]
            slices.append(np.broadcast_to(part, (stop - start, *ident.slice.shape)))
        stacked = np.concatenate(slices)  # (entries of X, F's rows, F's columns)
        return np.moveaxis(stacked, 0, -1).reshape(self.shape)

    def evaluate(self, inputs: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        return self.value(inputs), self.derivative(inputs)

    def numpy_source(self) -> str:
        args = sorted(self.problem.shapes)
        doc = (f"∂f/∂{self.wrt} of f = {self.problem.text} in numerator layout, shape "
               f"{self.shape}; arguments are 2-D arrays (vectors as columns).")
        if self.identified.formula is not None:
            return numpy_source(self.identified.formula, "derivative", args, doc)
        ident = self.identified
        assert ident.slice is not None and ident.unit is not None  # a tensor
        return numpy_source(ident.slice, "derivative", args, doc,
                            tensor=(ident.unit, self.shape, self.x_shape))

    def as_json(self) -> dict[str, Any]:
        p, ident = self.problem, self.identified
        out = {"expression": p.text, "wrt": self.wrt,
               "shapes": {name: list(s) for name, s in p.shapes.items()},
               "inputs": _inputs_json(p),
               "value": N.as_json(self.value(p.inputs)),
               "value_shape": list(N.dims(self.f_shape)),
               "shape": list(self.shape),
               "derivative": self.derivative(p.inputs).tolist()}
        if ident.formula is not None:
            out["derivative_expr"] = to_text(ident.formula)
            out["derivative_latex"] = to_latex(ident.formula)
        if ident.slice is not None:
            out["slice_expr"] = to_text(ident.slice)
            out["slice_latex"] = to_latex(ident.slice)
            out["slice_unit"] = {"name": ident.unit, "shape": list(self.x_shape)}
        out["differential"] = to_text(self.df)
        out["identification"] = ident.how
        out["steps"] = [s.as_json() for s in self.steps]
        out["check"] = None if self.check is None else self.check.as_json()
        return out


def derive(text: str, wrt: str, shapes: dict[str, N.Shape] | None = None,
           values: dict[str, np.ndarray] | None = None, seed: int = 0,
           points: int = CHECK_POINTS) -> Derivation:
    """∂(text)/∂wrt: derived on the tree, identified in numerator layout, every step and
    the result checked numerically (a failed check is reported, never hidden)."""
    problem = prepare(text, shapes, values, seed)
    if wrt not in problem.shapes:
        raise InputError(f"--wrt {wrt!r} is not a name of the expression or declared "
                         f"(names: {', '.join(sorted(problem.shapes)) or 'none'})")
    x = t.var(wrt, problem.shapes[wrt])
    shape = layout(problem.tree.shape, x.shape)
    if math.prod(shape) > N.MAX_ENTRIES:
        raise InputError(f"the derivative would have {'×'.join(map(str, shape))} entries, "
                         f"more than {N.MAX_ENTRIES}")
    work = problem.operations * (2 * math.prod(x.shape) + 2) * points
    if work > CHECK_OPERATIONS:
        raise InputError(f"checking ∂f/∂{wrt} by central differences would take "
                         f"{expr.count_text(work)} operations (the limit is "
                         f"{expr.count_text(CHECK_OPERATIONS)}): use smaller shapes")
    try:
        differentials = Differentials(wrt)
        df = differentials.of(problem.tree)
        if t.size(df) > MAX_FORMULA:
            raise InputError(f"the differential written out would have more than "
                             f"{MAX_FORMULA} parts: use a shorter expression")
        identified = identify(df, problem.tree.shape, x)
        result = Derivation(problem, wrt, simplify(df), identified, shape)
        rng = np.random.default_rng([seed, 1])
        result.steps = derivation_steps(result, differentials, rng)
        result.check = check_derivative(result, rng, points)
        result.as_json()  # the formulas print (and nothing in them is nested too deeply)
        _finite(result.value(problem.inputs), "f")
        _finite(result.derivative(problem.inputs), f"∂f/∂{wrt}")
    except RecursionError:
        raise InputError("the expression is nested too deeply to derive") from None
    return result
