"""The derivation as a short sequence of verified steps: the differential of each node
that depends on X (one rule each, its children's differentials left as d(·)), then df
in full, then the identification of the derivative. Each step is checked at a point
along a random direction V: the central difference (g(X + hV) − g(X − hV))/2h of the
node against its differential with dX = V (for the identification: the derivative
applied to V against df). ✓ only where they agree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from explorer.core.workbench import tree as t
from explorer.core.workbench.compile import Program
from explorer.core.workbench.differential import Differentials, rule_name, step
from explorer.core.workbench.printing import to_latex, to_text
from explorer.core.workbench.tree import Node

if TYPE_CHECKING:
    from explorer.core.workbench.derivation import Derivation

TOLERANCE = 1e-5  # relative to max(1, |differential|)
MAX_STEPS = 40


@dataclass
class Step:
    rule: str
    formula: str
    latex: str
    ok: bool
    max_abs_error: float

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "formula": self.formula, "latex": self.latex,
                "ok": self.ok, "max_abs_error": self.max_abs_error, "mark":
                "✓" if self.ok else "✗"}


def derivation_steps(derivation: Derivation, differentials: Differentials,
                     rng: np.random.Generator) -> list[Step]:
    problem, wrt = derivation.problem, derivation.wrt
    nodes = [n for n in t.walk(problem.tree) if n.args and n.depends_on(wrt)]
    nodes = nodes[-MAX_STEPS:]  # the outermost ones, if there are very many
    shown = [(n, differentials.of(n)) for n in nodes]
    texts = []
    for n, _ in shown:
        rhs = step(n, wrt)
        texts.append((rule_name(n), f"d({to_text(n)}) = {to_text(rhs)}",
                      rf"\mathrm{{d}}\left({to_latex(n)}\right) = {to_latex(rhs)}"))
    df = derivation.df
    ident = derivation.identified
    texts.append(("the differential", f"df = {to_text(df)}",
                  rf"\mathrm{{d}}f = {to_latex(df)}"))
    trace = ident.trace_form
    if trace is not None:  # checked against df like the differential (tr(M V) = df(V))
        form = t.fn("tr", t.matmul(trace, t.dvar(wrt, problem.shapes[wrt])))
        texts.append(("trace cyclicity and transposes: " + (
            "df = g dx" if form.op != "fn" else "df = tr(M dX)"),
            f"df = {to_text(form)}", rf"\mathrm{{d}}f = {to_latex(form)}"))
    texts.append(("identification: " + ident.how, _identified_text(derivation),
                  _identified_latex(derivation)))
    checked = [n for n, _ in shown] + [problem.tree]
    claimed = [dn for _, dn in shown] + [df]
    if trace is not None:
        checked.append(problem.tree)
        claimed.append(form)
    errors = _errors(derivation, checked, claimed, rng)
    out = []
    for (rule, formula, latex), (error, scale) in zip(texts, errors, strict=True):
        out.append(Step(rule, formula, latex, bool(error <= TOLERANCE * scale), error))
    return out


def _identified_text(derivation: Derivation) -> str:
    ident, x = derivation.identified, derivation.wrt
    if ident.formula is not None:
        return f"∂f/∂{x} = {to_text(ident.formula)}"
    assert ident.slice is not None  # a tensor: identified slice by slice
    return f"∂f/∂{x}[{'k' if ident.unit == 'e_k' else 'k,l'}] = {to_text(ident.slice)}"


def _identified_latex(derivation: Derivation) -> str:
    ident, x = derivation.identified, derivation.wrt
    if ident.formula is not None:
        return rf"\frac{{\partial f}}{{\partial {x}}} = {to_latex(ident.formula)}"
    assert ident.slice is not None  # a tensor: identified slice by slice
    sub = f"{x}_{{k}}" if ident.unit == "e_k" else f"{x}_{{kl}}"
    return rf"\frac{{\partial F}}{{\partial {sub}}} = {to_latex(ident.slice)}"


def _errors(derivation: Derivation, nodes: list[Node], differentials: list[Node],
            rng: np.random.Generator) -> list[tuple[float, float]]:
    """(error, scale) of each node's differential, then of the identified derivative."""
    from explorer.core.workbench.check import STEP, random_inputs

    problem, wrt = derivation.problem, derivation.wrt
    values, diffs = Program(nodes), Program(differentials)
    inputs = problem.inputs
    for _ in range(20):
        x = inputs[wrt]
        v = rng.standard_normal(x.shape)
        h = STEP * max(1.0, float(np.max(np.abs(x))))
        plus = values({**inputs, wrt: x + h * v})
        minus = values({**inputs, wrt: x - h * v})
        exact = diffs({**inputs, "d" + wrt: v})
        applied = _applied(derivation, inputs, v)
        numeric = [(p - m) / (2 * h) for p, m in zip(plus, minus, strict=False)]
        if all(np.all(np.isfinite(a)) for a in numeric + exact + [applied]):
            break
        inputs = random_inputs(problem, rng)
    out = []
    for num, ex, n in zip(numeric, exact, nodes, strict=False):
        ex = np.broadcast_to(ex, n.shape)
        out.append(_error(num, ex))
    out.append(_error(numeric[-1], np.broadcast_to(applied, numeric[-1].shape)))
    return out


def _error(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    with np.errstate(invalid="ignore"):
        error = float(np.max(np.abs(a - b), initial=0.0))
        scale = max(1.0, float(np.max(np.abs(a), initial=0.0)))
    return (error if np.isfinite(error) else np.inf), scale


def _applied(derivation: Derivation, inputs: dict[str, np.ndarray], v: np.ndarray
             ) -> np.ndarray:
    """The derivative at `inputs` applied to the direction v: df(V) from the result."""
    d = derivation.derivative(inputs)
    f_shape = derivation.f_shape
    flat = d.reshape(-1, v.size) if d.ndim else d.reshape(1, 1)
    return np.asarray(flat @ v.reshape(-1)).reshape(f_shape)
