"""Sessions as small JSON documents: which exercise is open, the parameters the user
set for each exercise, and the workbench's "My expressions" (each as its text, the name
it is differentiated by and its sizes; their parameters are checked when one is opened,
since only its derivation knows them). Loading validates everything: unknown keys, wrong
types and out-of-range values are reported and skipped, never executed."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import numpy as np

from explorer.core import params as P
from explorer.core import registry
from explorer.core.errors import InputError
from explorer.core.exercise import Exercise
from explorer.core.params import Inputs
from explorer.core.session_extras import KEYS as EXTRAS

if TYPE_CHECKING:
    from explorer.core.workbench.exercise import Spec

FORMAT = "vector-calculus-explorer-session"
VERSION = 1
MAX_BYTES = 1_000_000
MAX_EXPRESSIONS = 50


def to_document(current: str | None, given_by_exercise: dict[str, Inputs],
                expressions: tuple[Spec, ...] | list[Spec] = ()) -> dict[str, Any]:
    """The JSON-ready session: only what the user set, per exercise."""
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "exercise": current,
        "parameters": {
            eid: {name: _plain(value) for name, value in given.items()}
            for eid, given in given_by_exercise.items() if given
        },
    }
    if expressions:
        doc["expressions"] = [spec.as_json() for spec in expressions]
    return doc


def _plain(value: object) -> object:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def parse_text(text: str) -> tuple[str | None, dict[str, Inputs], list[str]]:
    """Parse and validate a session file's text. Returns (exercise or None,
    {exercise id: {name: value}}, warnings). Raises InputError when the text is not a
    session at all (not JSON, too large, wrong format)."""
    if len(text) > MAX_BYTES:
        raise InputError(f"session file is too large ({len(text)} bytes)")
    try:
        raw = json.loads(text)
    except RecursionError:
        raise InputError("session file is nested too deeply") from None
    except ValueError as exc:  # (also a number of more than 4300 digits)
        raise InputError(f"session file is not valid JSON ({_short(str(exc))})") from None
    return validate(raw)


def validate(raw: object) -> tuple[str | None, dict[str, Inputs], list[str]]:
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise InputError("not a Vector Calculus Explorer session (missing 'format')")
    warnings: list[str] = []
    if raw.get("version") != VERSION:
        warnings.append(f"session version {_name(raw.get('version'))}; reading it as {VERSION}")
    for key in raw:
        if key not in ("format", "version", "exercise", "parameters", "expressions",
                       *EXTRAS):  # (the extras: session_extras)
            warnings.append(f"unknown key {_name(key)} skipped")
    specs, skipped = expressions_of(raw)
    warnings += skipped
    mine = {spec.id for spec in specs}
    current = raw.get("exercise")
    own = current == "custom" and "custom" in raw  # your own function (session_extras)
    if current is not None and not (_known(current) or current in mine or own):
        warnings.append(f"unknown exercise {_name(current)} skipped")
        current = None
    params = raw.get("parameters", {})
    if not isinstance(params, dict):
        warnings.append("'parameters' is not an object; skipped")
        params = {}
    out: dict[str, Inputs] = {}
    for eid, values in params.items():
        if eid in mine and isinstance(values, dict):
            out[eid] = dict(values)  # checked when the expression is opened
            continue
        if not _known(eid):
            warnings.append(f"parameters for unknown exercise {_name(eid)} skipped")
            continue
        if not isinstance(values, dict):
            warnings.append(f"{eid}: parameters are not an object; skipped")
            continue
        given, problems = validate_values(registry.get(eid), values)
        warnings += [f"{eid}: {p}" for p in problems]
        if given:
            out[eid] = given
    return current, out, warnings


def expressions_of(raw: object) -> tuple[list[Spec], list[str]]:
    """The workbench expressions of a session document, and why any were skipped."""
    from explorer.core.workbench.exercise import Spec

    entries = raw.get("expressions", []) if isinstance(raw, dict) else []
    if not isinstance(entries, list):
        return [], ["'expressions' is not a list; skipped"]
    specs, warnings = [], []
    for n, entry in enumerate(entries[:MAX_EXPRESSIONS]):
        try:
            specs.append(Spec.from_json(entry))
        except InputError as exc:
            warnings.append(f"expression {n + 1} skipped: {exc}")
    if len(entries) > MAX_EXPRESSIONS:
        warnings.append(f"only the first {MAX_EXPRESSIONS} expressions kept")
    return specs, warnings


def expressions_in(text: str) -> tuple[list[Spec], list[str]]:
    """`expressions_of` a session's text (one that is not a session: none)."""
    try:
        return expressions_of(json.loads(text))
    except (ValueError, RecursionError):
        return [], []


def validate_values(exercise: Exercise, values: dict[str, Any]) -> tuple[Inputs, list[str]]:
    """Keep the values that are valid for the exercise's parameters, checked as a typed
    value is (finite, within the largest magnitude, the right shape); report the rest."""
    given, problems = {}, []
    names = {p.name for p in exercise.params}
    for name, value in values.items():
        if name not in names:
            problems.append(f"no parameter {_name(name)}; skipped")
            continue
        try:
            given[name] = P.coerce(exercise.param(name), value)
        except InputError as exc:
            problems.append(f"{exc}; skipped")
    try:  # the set as a whole must resolve (consistent sizes)
        exercise.resolve(given)
    except InputError as exc:
        problems.append(f"{exc}; parameters of this exercise skipped")
        given = {}
    return given, problems


def summary(warnings: list[str], shown: int = 3) -> str:
    """The first few warnings and how many more (for a status bar)."""
    text = "; ".join(warnings[:shown])
    if len(warnings) > shown:
        text += f"; … and {len(warnings) - shown} more"
    return text


def _known(exercise_id: object) -> bool:
    return isinstance(exercise_id, str) and exercise_id in registry.ids()


def _name(value: object, limit: int = 40) -> str:
    """A key or value as it appears in a warning, cut short."""
    return _short(repr(value), limit)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
