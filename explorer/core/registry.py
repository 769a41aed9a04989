"""The fifteen exercise entries of EXERCISES.md, in order, looked up by id.

Each id maps to the module under explorer.core.exercises that implements it (module
attribute `EXERCISE`). An entry whose module does not exist yet is listed as coming."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache

from explorer.core.errors import InputError
from explorer.core.exercise import Exercise


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    module: str

    @property
    def group(self) -> str:
        return self.id.split("-")[0].rstrip("abc")


ENTRIES: tuple[Entry, ...] = (
    Entry("5.1", "Product and chain rule: log(x⁴)·sin(x³)", "ex5_1"),
    Entry("5.2", "Logistic sigmoid", "ex5_2"),
    Entry("5.3", "Gaussian bump", "ex5_3"),
    Entry("5.4", "Taylor polynomials of sin x + cos x", "ex5_4"),
    Entry("5.5-f1", "Jacobian of sin(x₁)cos(x₂)", "ex5_5_f1"),
    Entry("5.5-f2", "Jacobian of xᵀy", "ex5_5_f2"),
    Entry("5.5-f3", "Jacobian of xxᵀ: an n×n×n tensor", "ex5_5_f3"),
    Entry("5.6-f", "Gradient of sin(log(tᵀt))", "ex5_6_f"),
    Entry("5.6-g", "Gradient of tr(AXB) w.r.t. X", "ex5_6_g"),
    Entry("5.7a", "Chain rule: log(1 + xᵀx)", "ex5_7a"),
    Entry("5.7b", "Chain rule: sin(Ax + b)", "ex5_7b"),
    Entry("5.8a", "Chain rule: exp(−½(x−μ)ᵀS⁻¹(x−μ))", "ex5_8a"),
    Entry("5.8b", "Gradient of tr(xxᵀ + σ²I)", "ex5_8b"),
    Entry("5.8c", "Chain rule: tanh(Ax + b)", "ex5_8c"),
    Entry("5.9", "The reparameterization gradient", "ex5_9"),
)

IDS: tuple[str, ...] = tuple(e.id for e in ENTRIES)


def entry(exercise_id: str) -> Entry:
    for e in ENTRIES:
        if e.id == exercise_id:
            return e
    raise InputError(f"unknown exercise id {exercise_id!r} (known: {', '.join(IDS)})")


@cache
def _load(module: str) -> Exercise | None:
    try:
        mod = importlib.import_module(f"explorer.core.exercises.{module}")
    except ModuleNotFoundError as exc:
        if exc.name == f"explorer.core.exercises.{module}":
            return None
        raise
    return mod.EXERCISE


def is_available(exercise_id: str) -> bool:
    return _load(entry(exercise_id).module) is not None


def get(exercise_id: str) -> Exercise:
    """The exercise with this id; InputError if unknown or not built yet."""
    e = entry(exercise_id)
    ex = _load(e.module)
    if ex is None:
        raise InputError(f"exercise {exercise_id} is listed but not available yet")
    return ex


def describe_all() -> list[dict]:
    out = []
    for e in ENTRIES:
        ex = _load(e.module)
        if ex is None:
            out.append({"id": e.id, "title": e.title, "group": e.group, "available": False,
                        "panes": [], "parameters": []})
        else:
            out.append(ex.describe())
    return out
