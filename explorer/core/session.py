"""Sessions as small JSON documents: which exercise is open and the parameters the user
set for each exercise. Loading validates everything: unknown keys, wrong types and
out-of-range values are reported and skipped, never executed."""

from __future__ import annotations

import json

import numpy as np

from explorer.core import params as P
from explorer.core import registry
from explorer.core.errors import InputError

FORMAT = "vector-calculus-explorer-session"
VERSION = 1
MAX_BYTES = 1_000_000


def to_document(current: str | None, given_by_exercise: dict[str, dict]) -> dict:
    """The JSON-ready session: only what the user set, per exercise."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "exercise": current,
        "parameters": {
            eid: {name: _plain(value) for name, value in given.items()}
            for eid, given in given_by_exercise.items() if given
        },
    }


def _plain(value):
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def dumps(document: dict) -> str:
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def parse_text(text: str) -> tuple[str | None, dict[str, dict], list[str]]:
    """Parse and validate a session file's text. Returns (exercise or None,
    {exercise id: {name: value}}, warnings). Raises InputError when the text is not a
    session at all (not JSON, too large, wrong format)."""
    if len(text) > MAX_BYTES:
        raise InputError(f"session file is too large ({len(text)} bytes)")
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise InputError("session file is not valid JSON") from None
    return validate(raw)


def validate(raw) -> tuple[str | None, dict[str, dict], list[str]]:
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise InputError("not a Vector Calculus Explorer session (missing 'format')")
    warnings: list[str] = []
    if raw.get("version") != VERSION:
        warnings.append(f"session version {raw.get('version')!r}; reading it as {VERSION}")
    for key in raw:
        if key not in ("format", "version", "exercise", "parameters"):
            warnings.append(f"unknown key {key!r} skipped")
    current = raw.get("exercise")
    if current is not None and current not in registry.IDS:
        warnings.append(f"unknown exercise {current!r} skipped")
        current = None
    params = raw.get("parameters", {})
    if not isinstance(params, dict):
        warnings.append("'parameters' is not an object; skipped")
        params = {}
    out: dict[str, dict] = {}
    for eid, values in params.items():
        if eid not in registry.IDS or not registry.is_available(eid):
            warnings.append(f"parameters for unknown exercise {eid!r} skipped")
            continue
        if not isinstance(values, dict):
            warnings.append(f"{eid}: parameters are not an object; skipped")
            continue
        given, problems = validate_values(registry.get(eid), values)
        warnings += [f"{eid}: {p}" for p in problems]
        if given:
            out[eid] = given
    return current, out, warnings


def validate_values(exercise, values: dict) -> tuple[dict, list[str]]:
    """Keep the values that are valid for the exercise's parameters; report the rest.
    A scalar outside its slider range counts as out of range here."""
    given, problems = {}, []
    for name, value in values.items():
        try:
            param = exercise.param(name)
            coerced = P.coerce(param, value)
            if param.kind == P.SCALAR and param.lo is not None and not (
                    param.lo <= coerced <= param.hi):
                raise InputError(f"{name}={coerced} is outside {param.lo}..{param.hi}")
        except InputError as exc:
            problems.append(f"{exc}; skipped")
            continue
        given[name] = coerced
    try:  # the set as a whole must resolve (consistent sizes)
        exercise.resolve(given)
    except InputError as exc:
        problems.append(f"{exc}; parameters of this exercise skipped")
        given = {}
    return given, problems
