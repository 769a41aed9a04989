"""Every exercise the app offers, in order: the book's fifteen (the modules named in
`BOOK`, each holding its exercise as `EXERCISE`), then those of installed plugins.

A plugin is an installed distribution that declares an entry point in the group
`vector_calculus_explorer.exercises` whose object is an `Exercise`. Its exercises come
after the book's, in groups of their own. A plugin that cannot be imported, or whose
object is not a usable exercise, is reported (`problems()`) and skipped."""

from __future__ import annotations

import importlib
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from typing import Any

from explorer.core.errors import InputError
from explorer.core.exercise import Exercise, Pane
from explorer.core.params import Param
from explorer.core.views import VIEW_TYPES

PLUGIN_GROUP = "vector_calculus_explorer.exercises"

# The modules under explorer.core.exercises, in the book's order.
BOOK = ("ex5_1", "ex5_2", "ex5_3", "ex5_4", "ex5_5_f1", "ex5_5_f2", "ex5_5_f3", "ex5_6_f",
        "ex5_6_g", "ex5_7a", "ex5_7b", "ex5_8a", "ex5_8b", "ex5_8c", "ex5_9")


@dataclass(frozen=True)
class Catalogue:
    exercises: dict[str, Exercise]  # id → exercise, in order
    plugins: dict[str, str]  # id → the distribution it comes from (plugins only)
    problems: tuple[str, ...]  # one line per plugin skipped


@cache
def catalogue() -> Catalogue:
    """The exercises, loaded once (`reload()` looks for plugins again)."""
    exercises: dict[str, Exercise] = {}
    for name in BOOK:
        ex = importlib.import_module(f"explorer.core.exercises.{name}").EXERCISE
        exercises[ex.id] = ex
    book_groups = {ex.group for ex in exercises.values()}
    plugins: dict[str, str] = {}
    problems: list[str] = []
    points = metadata.entry_points(group=PLUGIN_GROUP)
    for point in sorted(points, key=lambda p: (_distribution(p), p.name)):
        where = f"plugin {point.name!r} ({_distribution(point)})"
        try:
            obj = point.load()
        except (Exception, SystemExit) as exc:  # any failure of foreign code: skip it
            problems.append(f"{where} skipped: cannot load {point.value!r}: "
                            f"{type(exc).__name__}: {exc}")
            continue
        problem = problem_with(obj, taken=set(exercises), book_groups=book_groups)
        if problem:
            problems.append(f"{where} skipped: {problem}")
            continue
        exercises[obj.id] = obj
        plugins[obj.id] = _distribution(point)
    return Catalogue(exercises, plugins, tuple(problems))


def reload() -> None:
    catalogue.cache_clear()


def _distribution(point: metadata.EntryPoint) -> str:
    dist = point.dist
    return dist.name if dist is not None else "unknown distribution"


def problem_with(obj: object, taken: Collection[str] = (),
                 book_groups: Collection[str] = ()) -> str:
    """Why `obj` cannot be offered as an exercise ('' if it can): it must be an Exercise
    with an unused id, a title, a group of its own, panes and parameters, a main
    parameter among them, and views for every pane at its default inputs."""
    if not isinstance(obj, Exercise):
        return f"{type(obj).__name__} object is not an Exercise"
    try:
        return _problem_with_exercise(obj, taken, book_groups)
    except Exception as exc:  # foreign code with fields of the wrong kind: skip it
        return f"it cannot be inspected: {type(exc).__name__}: {exc}"


def _problem_with_exercise(obj: Exercise, taken: Collection[str],
                           book_groups: Collection[str]) -> str:
    for attribute in ("id", "title", "group", "statement"):
        value = getattr(obj, attribute)
        if not isinstance(value, str) or not value.strip():
            return f"its {attribute} must be a non-empty string"
    if obj.id in taken:
        return f"exercise id {obj.id!r} is taken"
    if obj.group in book_groups:
        return f"group {obj.group!r} belongs to the book's exercises"
    if not obj.panes or not all(isinstance(p, Pane) for p in obj.panes):
        return "its panes must be a non-empty tuple of Pane"
    if not obj.params or not all(isinstance(p, Param) for p in obj.params):
        return "its params must be a non-empty tuple of Param"
    if obj.main_param.split("[")[0] not in {p.name for p in obj.params}:
        return f"main_param {obj.main_param!r} is not one of its parameters"
    try:
        views = obj.views(obj.inputs())
    except Exception as exc:
        return f"its views at the default inputs fail: {type(exc).__name__}: {exc}"
    if not isinstance(views, dict):
        return "its views must be a dict of pane name → view"
    for pane in obj.panes:
        if not isinstance(views.get(pane.name), VIEW_TYPES):
            return f"its views give no view for pane {pane.name!r}"
    return ""


def ids() -> tuple[str, ...]:
    return tuple(catalogue().exercises)


def exercises() -> tuple[Exercise, ...]:
    return tuple(catalogue().exercises.values())


def get(exercise_id: str) -> Exercise:
    """The exercise with this id; InputError if there is none. One of the book's is
    imported alone (the command line needs no other, nor SymPy for most of them)."""
    module = "ex" + exercise_id.replace(".", "_").replace("-", "_")
    if module in BOOK:
        book: Exercise = importlib.import_module(f"explorer.core.exercises.{module}").EXERCISE
        if book.id == exercise_id:  # (not "5-1" for "5.1")
            return book
    found = catalogue().exercises.get(exercise_id)
    if found is None:
        raise InputError(f"unknown exercise id {exercise_id!r} (known: {', '.join(ids())})")
    return found


def plugin_of(exercise_id: str) -> str | None:
    """The distribution a plugin's exercise comes from; None for the book's."""
    return catalogue().plugins.get(exercise_id)


def problems() -> tuple[str, ...]:
    """One line per plugin that was skipped, saying why."""
    return catalogue().problems


def describe_all() -> list[dict[str, Any]]:
    return [ex.describe() for ex in exercises()]
