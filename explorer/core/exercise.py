"""The base every exercise module builds on: metadata, parameters, and the three things
the app asks of an exercise — evaluate it, differentiate it, and describe its panes."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from explorer.core import params as P
from explorer.core.errors import InputError
from explorer.core.params import Inputs
from explorer.core.views import View


@dataclass(frozen=True)
class Pane:
    name: str  # used by `export --pane NAME`
    title: str
    height: int = 1  # share of the window's height for this pane's row, relative to others


@dataclass(frozen=True)
class Target:
    """What "check my answer" compares a typed answer with: the derivative, or another
    output of `compute` (5.4's Tₙ(x)), with some inputs held at chosen values instead of
    drawn at random."""

    name: str  # what `check --target NAME` takes
    label: str  # how the window's chooser and the answer box name it
    output: str = "derivative"  # the key of `compute`'s result that holds the truth
    row: int | None = None  # an entry of that output (-1: the last, Tₙ of T₀…Tₙ)
    hold: tuple[str, ...] = ()  # inputs held at the given values (the rest are drawn)


DERIVATIVE = Target("derivative", "derivative")


class Exercise:
    """Everything about one exercise, in its own module: subclasses set the class
    attributes and implement `compute` and `views`."""

    id: str = ""  # what `evaluate ID` takes, e.g. "5.7b"
    title: str = ""
    group: str = ""  # the picker's heading: the book's exercise number ("5.7"), or a plugin's
    statement: str = ""  # one line, plain text
    variable: str = "x"  # what `derivative` differentiates with respect to
    params: tuple[P.Param, ...] = ()
    main_param: str = ""  # the input a user drags most: "x", "x[0]" (an entry), "A[0,0]"
    panes: tuple[Pane, ...] = ()
    supports_tangents = False  # True: views(v, tangents=...) draws extra tangent points
    # A worked derivation made in code (a workbench expression's, for "check my answer");
    # None: the derivation file beside the exercise's module, if there is one.
    worked: Any = None
    targets: tuple[Target, ...] = (DERIVATIVE,)  # what an answer may be checked as; 1st default

    @property
    def heading(self) -> str:
        """How the window's title and an export's header name it: "5.7b Chain rule: …"."""
        return f"{self.id} {self.title}"

    def target(self, name: str | None = None) -> Target:
        """The check target of this name (None: the first, the default)."""
        for t in self.targets:
            if name is None or t.name == name:
                return t
        known = ", ".join(t.name for t in self.targets)
        raise InputError(f"{self.id} has no check target {name!r} (it has: {known})")

    def param(self, name: str) -> P.Param:
        for p in self.params:
            if p.name == name:
                return p
        raise InputError(f"{self.id} has no parameter {name!r}")

    # --- inputs -----------------------------------------------------------------------
    def inputs(self, given: Inputs | None = None) -> Inputs:
        """All inputs with defaults and seeded draws filled in, checked against the domain."""
        values = self.resolve(dict(given or {}))
        self.check_domain(values)
        return values

    def resolve(self, given: Inputs) -> Inputs:
        """Every input filled in from the given ones (no domain check). An exercise whose
        inputs derive from others (5.8a builds S from sliders) overrides this."""
        return P.resolve(self.params, given)

    def inputs_from_text(self, texts: dict[str, str]) -> Inputs:
        names = {p.name for p in self.params}
        given = {}
        for name, text in texts.items():
            if name not in names:
                known = ", ".join(p.name for p in self.params)
                raise InputError(f"unknown parameter {name!r} for {self.id} (takes: {known})")
            given[name] = P.parse_text(self.param(name), text)
        values = self.inputs(given)
        self.check_given(values)
        return values

    def check_domain(self, v: Inputs) -> None:
        """Raise InputError when the inputs are outside the function's domain."""

    def check_given(self, v: Inputs) -> None:
        """Raise InputError when a command's input would not be used as given: the window
        may show a nearby value with a note, but a command echoes its inputs, so it
        refuses instead."""

    def trial_inputs(self, rng: np.random.Generator) -> Inputs | None:
        """Random inputs inside the domain for checking a typed answer; None: drawn from
        the parameters' specs (explorer.core.trials)."""
        return None

    # --- mathematics ------------------------------------------------------------------
    def compute(self, v: Inputs) -> dict[str, Any]:
        """Return {'value': ..., 'derivative': ..., plus exercise-specific extras}."""
        raise NotImplementedError

    def headline(self, v: Inputs) -> tuple[Any, ...]:
        """(value, derivative) for the status bar. Exercises whose `compute` does extra
        work (5.9's Monte-Carlo estimates) override this so the drag path stays cheap."""
        result = self.compute(v)
        return result["value"], result["derivative"]

    def evaluate(self, v: Inputs) -> dict[str, Any]:
        """The `evaluate` JSON contract (docs/conventions.md)."""
        result = self.compute(v)
        value = np.asarray(result.pop("value"), dtype=float)
        derivative = np.asarray(result.pop("derivative"), dtype=float)
        if not (np.all(np.isfinite(value)) and np.all(np.isfinite(derivative))):
            raise InputError(f"{self.id} is not finite at these inputs (outside the domain)")
        out = {
            "exercise": self.id,
            "inputs": {k: to_json(val) for k, val in v.items()},
            "value": to_json(value),
            "derivative": to_json(derivative),
            "shape": list(derivative.shape),
        }
        extras = {k: to_json(val) for k, val in result.items()}
        if not _finite_json(extras):  # e.g. a factor that overflowed where f did not
            raise InputError(f"{self.id} is not finite at these inputs (outside the domain)")
        out.update(extras)
        return out

    def views(self, v: Inputs) -> dict[str, View]:
        """Pane name → what the pane shows (a View) for the current inputs."""
        raise NotImplementedError

    def result_latex(self, v: Inputs) -> str | None:
        """The result at these inputs in LaTeX, for an exercise whose result depends on
        them (5.4's Tₙ); None: the worked derivation's result holds for all inputs."""
        return None

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "group": self.group,
            "statement": self.statement,
            "available": True,
            "panes": [{"name": p.name, "title": p.title} for p in self.panes],
            "parameters": [p.describe() for p in self.params],
        }


def to_json(value: object) -> Any:
    """Arrays → nested lists of floats; numpy scalars → float/int."""
    if isinstance(value, np.ndarray):
        return value.astype(float).tolist() if value.ndim else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, list | tuple):
        return [to_json(x) for x in value]
    return value


def _finite_json(value: object) -> bool:
    """No NaN or ±∞ anywhere in a JSON-ready value (None, strings and ints pass)."""
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite_json(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(_finite_json(v) for v in value)
    return True
