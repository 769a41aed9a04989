"""A workbench expression as an exercise: what the window shows, checks, keeps and
exports for "My expressions".

`Spec` is what identifies one (the text, the name differentiated by, the sizes that
differ from the defaults) and what sessions store. `build(spec)` derives it (the whole
symbolic work, checked numerically) and returns a `WorkbenchExercise`: its parameters
are the expression's names (and a seed), its panes are chosen from the shapes
(explorer.core.workbench.views), and every update evaluates the compiled NumPy programs
of the derivation, never SymPy or the tree."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from explorer.core import derivations as Dv
from explorer.core import params as P
from explorer.core.errors import Cancelled, InputError
from explorer.core.exercise import Exercise, Pane
from explorer.core.params import Inputs
from explorer.core.views import View
from explorer.core.views_matrix import realspace
from explorer.core.workbench import names as N
from explorer.core.workbench import tree as t
from explorer.core.workbench.compile import Program
from explorer.core.workbench.derivation import Derivation, derive, input_roles
from explorer.core.workbench.printing import name_latex, to_latex, to_text
from explorer.core.workbench.simplify import terms

GROUP = "My expressions"
ID_PREFIX = "my-"
RANGE = {"plain": (-3.0, 3.0), "positive": (0.05, 3.0), "invertible": (-3.0, 3.0)}
SLICE_PARAMS = ("k", "axis")  # the slice viewer's parameters (as 5.5-f3's)
MAX_TEXT = 500  # characters of an expression kept in a session


@dataclass(frozen=True)
class Spec:
    """One workbench expression: `text`, differentiated by `wrt`, with the sizes of the
    names that do not have their default size (sorted by name)."""

    text: str
    wrt: str
    shapes: tuple[tuple[str, N.Shape], ...] = ()

    @classmethod
    def make(cls, text: str, wrt: str, shapes: dict[str, N.Shape] | None = None) -> Spec:
        kept = {name: (int(s[0]), int(s[1])) for name, s in (shapes or {}).items()
                if tuple(s) != N.default_shape(name)}
        return cls(text.strip(), wrt.strip(), tuple(sorted(kept.items())))

    @property
    def id(self) -> str:
        """A stable id made from the content (the same expression: the same id)."""
        key = json.dumps([self.text, self.wrt, self.shapes]).encode("utf-8")
        return ID_PREFIX + hashlib.sha1(key).hexdigest()[:8]

    def shape_dict(self) -> dict[str, N.Shape]:
        return dict(self.shapes)

    def label(self) -> str:
        sizes = ", ".join(f"{n}={N.shape_text(s)}" for n, s in self.shapes)
        return f"∂/∂{self.wrt}  {self.text}" + (f"  ({sizes})" if sizes else "")

    def shape_args(self) -> str:
        """The sizes as the command line takes them (`--shape A=2x4 …`)."""
        return " ".join(f"--shape {n}={s[0]}x{s[1]}" for n, s in self.shapes)

    def as_json(self) -> dict[str, Any]:
        return {"expression": self.text, "wrt": self.wrt,
                "shapes": {n: list(s) for n, s in self.shapes}}

    @classmethod
    def from_json(cls, raw: object) -> Spec:
        """A spec from a session's entry; InputError names what is wrong."""
        if not isinstance(raw, dict) or set(raw) - {"expression", "wrt", "shapes"}:
            raise InputError("an expression entry must be an object with 'expression', "
                             "'wrt' and 'shapes'")
        text, wrt, shapes = raw.get("expression"), raw.get("wrt"), raw.get("shapes", {})
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
            raise InputError(f"'expression' must be text of 1 to {MAX_TEXT} characters")
        if not isinstance(wrt, str) or not wrt.isidentifier():
            raise InputError("'wrt' must be a name")
        if not isinstance(shapes, dict):
            raise InputError("'shapes' must be an object of name → [rows, columns]")
        out: dict[str, N.Shape] = {}
        for name, s in shapes.items():
            if not (isinstance(name, str) and name.isidentifier() and isinstance(s, list)
                    and len(s) == 2 and all(type(d) is int and 1 <= d <= N.MAX_ENTRIES
                                            for d in s)
                    and s[0] * s[1] <= N.MAX_ENTRIES):
                raise InputError(f"the size of {str(name)[:20]!r} must be [rows, columns]")
            out[name] = (s[0], s[1])
        return cls.make(text, wrt, out)


def parse_shapes(text: str) -> dict[str, N.Shape]:
    """Sizes typed as `x=4, A=2x4` (commas or spaces between them)."""
    out: dict[str, N.Shape] = {}
    for part in text.replace(",", " ").replace(";", " ").split():
        name, shape = N.parse_shape(part)
        if name in out:
            raise InputError(f"the size of {name} is given twice")
        out[name] = shape
    return out


def build(spec: Spec, cancelled: Callable[[], bool] = lambda: False) -> WorkbenchExercise:
    """Derive the expression and make its exercise, drawn once at its defaults: the whole
    work of opening it, so that one that cannot be shown is refused here (InputError).
    `cancelled` is asked between the steps; when it says True, `Cancelled`."""
    derivation = derive(spec.text, spec.wrt, spec.shape_dict())
    if cancelled():
        raise Cancelled
    from explorer.core.workbench.views import chain_of

    chain = chain_of(derivation)
    if cancelled():
        raise Cancelled
    exercise = WorkbenchExercise(spec, derivation, chain)
    exercise.views(exercise.inputs({}))
    return exercise


class WorkbenchExercise(Exercise):
    group = GROUP
    supports_tangents = False

    @property
    def heading(self) -> str:
        """The expression itself: its id ("my-…", a hash) names a file, not a heading."""
        return self.title

    def __init__(self, spec: Spec, derivation: Derivation, chain: Any = None):
        from explorer.core.workbench import views as V

        self.spec, self.derivation, self.chain = spec, derivation, chain
        d = derivation
        self.id = spec.id
        self.variable = d.wrt
        self.title = f"∂/∂{d.wrt} of {spec.text}"
        self.statement = f"f = {spec.text}; ∂f/∂{d.wrt} ∈ {self.space}"
        self.roles = input_roles(d.problem.tree)
        self.params = self._params()
        self.tensor = len(d.shape) >= 3
        self.main_param = self._main_param()
        self.panes = tuple(Pane(name, title) for name, title in V.pane_specs(self))
        self.worked = self._worked()
        tree = d.problem.tree
        self.value_program = Program([tree])
        ident = d.identified
        self.formula_program = None if ident.formula is None else Program([ident.formula])
        self._cache: dict[str, Any] = {}

    # --- what it is -------------------------------------------------------------------
    @property
    def space(self) -> str:
        return "ℝ" if not self.derivation.shape else realspace(self.derivation.shape)

    @property
    def check_ok(self) -> bool:
        check = self.derivation.check
        return check is not None and check.ok

    def check_text(self) -> str:
        """The numerical check in words, "✓ …" or "✗ … FAILED" (never ✓ for a failure)."""
        c = self.derivation.check
        if c is None:
            return "✗ not checked"
        if not c.ok:
            return (f"✗ the check against central differences FAILED (max error "
                    f"{c.max_abs_error:.2g} at {c.points} point(s)) {c.note}").rstrip()
        return f"✓ checked against central differences at {c.points} points " \
               f"(max error {c.max_abs_error:.1g})"

    def formulas(self) -> dict[str, str]:
        """What the math panel shows: f, the derivative (typeset and in the input
        syntax), the slice with e_k or E_kl for a tensor."""
        d, ident = self.derivation, self.derivation.identified
        wrt = name_latex(d.wrt)
        out = {"f": f"f = {to_latex(d.problem.tree)}",
               "differential": f"\\mathrm{{d}}f = {to_latex(d.df)}"}
        if ident.formula is not None:
            out["derivative"] = (f"\\frac{{\\partial f}}{{\\partial {wrt}}} = "
                                 f"{to_latex(ident.formula)}")
            out["derivative_text"] = f"∂f/∂{d.wrt} = {to_text(ident.formula)}"
        if ident.slice is not None and ident.formula is None:
            index = "k" if ident.unit == "e_k" else "kl"
            out["slice"] = (f"\\frac{{\\partial f}}{{\\partial {wrt}_{{{index}}}}} = "
                            f"{to_latex(ident.slice)}")
            out["slice_text"] = f"∂f/∂{d.wrt}[{index}] = {to_text(ident.slice)}"
        return out

    def _worked(self) -> Dv.Derivation:
        """The worked derivation "check my answer" uses: its terms name a missing one."""
        ident, d = self.derivation.identified, self.derivation
        node = ident.formula if ident.formula is not None else ident.slice
        parts = [] if node is None else [to_text(n) if c == 1 else f"{c:g}*({to_text(n)})"
                                         for c, n in expanded_terms(node)]
        return Dv.Derivation(self.id, self.statement, to_text(node) if node else "",
                             tuple(d.shape), terms=tuple(parts) if len(parts) > 1 else ())

    # --- inputs -----------------------------------------------------------------------
    def _params(self) -> tuple[P.Param, ...]:
        d = self.derivation
        names = [d.wrt, *sorted(n for n in d.problem.shapes if n != d.wrt)]
        out = []
        for name in names:
            shape = d.problem.shapes[name]
            lo, hi = RANGE[self.roles.get(name, "plain")]
            k = N.kind(shape)
            what = f"{N.shape_text(shape)}" if k != "scalar" else "a number"
            help_text = ("the variable of the derivative, " if name == d.wrt else "") + what
            if k == "scalar":
                value = float(d.problem.inputs[name][0, 0])
                out.append(P.Param(name, name_latex(name), P.SCALAR, value, lo, hi, 0.01,
                                   help_text))
            elif k == "vector":
                out.append(P.Param(name, name_latex(name), P.VECTOR, None, lo, hi, 0.01,
                                   help_text, shape=(shape[0],)))
            else:
                out.append(P.Param(name, name_latex(name), P.MATRIX, None, lo, hi, 0.01,
                                   help_text, shape=shape))
        out.append(P.Param("seed", "seed", P.INT, 0, 0, 99999, 1,
                           "draws the inputs not set by hand"))
        taken = set(d.problem.shapes)
        if len(d.shape) >= 3 and not taken & set(SLICE_PARAMS):
            count = d.x_shape[0] * d.x_shape[1]
            out.append(P.Param("k", "k", P.INT, 1, 1, max((*d.f_shape, count)), 1,
                               "which slice is shown, counted from 1"))
            out.append(P.Param("axis", "axis", P.INT, 2, 0, 2, 1,
                               f"the sliced axis: 0 and 1 of f, 2 the entries of {d.wrt}"))
        return tuple(out)

    def _main_param(self) -> str:
        k = N.kind(self.derivation.x_shape)
        return {"scalar": self.variable, "vector": f"{self.variable}[0]"}.get(
            k, f"{self.variable}[0,0]")

    def resolve(self, given: Inputs) -> Inputs:
        """The inputs drawn from the seed as `derive --seed` draws them (so the window
        and the command line agree), with those set by hand in their place."""
        d = self.derivation
        known = {p.name: p for p in self.params}
        for name in given:
            if name not in known:
                raise InputError(f"unknown parameter {name!r} (this expression takes: "
                                 f"{', '.join(known)})")
        seed = int(given.get("seed", 0))
        rng = np.random.default_rng(seed)
        drawn = {name: N.draw(name, shape, rng, self.roles.get(name, "plain"))
                 for name, shape in d.problem.shapes.items()}
        out: Inputs = {}
        for p in self.params:
            if p.kind in (P.INT, P.SCALAR) and p.name not in d.problem.shapes:
                out[p.name] = given.get(p.name, p.default)
                continue
            shape = d.problem.shapes[p.name]
            value = given.get(p.name)
            if value is None:
                value = drawn[p.name]
            value = np.asarray(value, dtype=float)
            if value.size != shape[0] * shape[1] or (p.kind == P.MATRIX and
                                                     value.shape != shape):
                raise InputError(f"{p.name} must be {N.shape_text(shape)}, got "
                                 f"{'×'.join(map(str, value.shape))}")
            out[p.name] = (float(value.reshape(-1)[0]) if p.kind == P.SCALAR else
                           value.reshape(-1) if p.kind == P.VECTOR else value)
        return out

    def trial_inputs(self, rng: np.random.Generator) -> Inputs:
        """Every name drawn for its place in f (positive under log and sqrt, invertible
        under inv, det and logdet), as `derive` draws its check points."""
        d = self.derivation
        return {name: _plain(N.draw(name, shape, rng, self.roles.get(name, "plain")))
                for name, shape in d.problem.shapes.items()}

    def env(self, v: Inputs) -> dict[str, np.ndarray]:
        """Every name as the programs take it: a 2-D array (vectors as columns)."""
        return {name: np.asarray(v[name], dtype=float).reshape(shape)
                for name, shape in self.derivation.problem.shapes.items()}

    def check_domain(self, v: Inputs) -> None:
        value, derivative = self.headline(v)
        if not (np.all(np.isfinite(value)) and np.all(np.isfinite(derivative))):
            raise InputError(f"f or ∂f/∂{self.variable} is not finite at these inputs "
                             "(e.g. log of a negative number or a singular matrix)")

    # --- mathematics ------------------------------------------------------------------
    def compute(self, v: Inputs) -> dict[str, Any]:
        value, derivative = self.derivation.evaluate(self.env(v))
        return {"value": _plain(value), "derivative": np.array(derivative)}

    def headline(self, v: Inputs) -> tuple[Any, ...]:
        """(f, ∂f/∂X) for the status bar and the domain check, kept for the last inputs
        (a redraw asks for them again)."""
        key = _key(v, self.derivation.problem.shapes)
        last = self._cache.get("headline")
        if last is None or last[0] != key:
            result = self.compute(v)
            last = (key, (result["value"], result["derivative"]))
            self._cache["headline"] = last
        return last[1]

    def views(self, v: Inputs) -> dict[str, View]:
        from explorer.core.workbench import views as V

        return V.views(self, v)

    def describe(self) -> dict[str, Any]:
        return {**super().describe(), "spec": self.spec.as_json(),
                "check": self.derivation.check.as_json() if self.derivation.check else None}


def expanded_terms(node: t.Node, limit: int = 8) -> list[tuple[float, t.Node]]:
    """node = Σ coefficient · term with products multiplied out (x.T@(A + A.T) gives
    x.T@A and x.T@A.T), so that a missing term can be named; at most `limit` terms."""
    def spread(n: t.Node) -> list[tuple[float, t.Node]]:
        a = n.args[0] if n.args else n
        if n.op == "add":
            return spread(a) + spread(n.args[1])
        if n.op == "neg":
            return [(-c, x) for c, x in spread(a)]
        if n.op == "mul" and a.op == "const":
            return [(a.data * c, x) for c, x in spread(n.args[1])]
        if n.op == "T":
            return [(c, t.transpose(x)) for c, x in spread(a)]
        if n.op == "matmul" or (n.op == "mul" and (a.is_scalar or n.args[1].is_scalar)):
            join = t.matmul if n.op == "matmul" else t.mul
            left, right = spread(a), spread(n.args[1])
            if len(left) * len(right) <= limit:
                return [(c * k, join(x, y)) for c, x in left for k, y in right]
        return [(1.0, n)]

    out = spread(node)
    return out if len(out) <= limit else terms(node)


def _plain(value: np.ndarray) -> Any:
    """f as the exercises give values: a number, a 1-D vector or a matrix."""
    d = N.dims(value.shape)
    return float(value[0, 0]) if not d else np.array(value.reshape(d))


def _key(v: Inputs, shapes: dict[str, N.Shape]) -> tuple[bytes, ...]:
    return tuple(np.asarray(v[name], dtype=float).tobytes() for name in shapes)
