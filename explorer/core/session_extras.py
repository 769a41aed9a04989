"""What a session keeps besides the parameters: the extra tangents and the view ranges of
each exercise, and your own function (its text, x range and parameters). They have keys
of their own in the session document ("tangents", "views", "custom"), so that a session
written before them loads as it did, and one written with them loads, less these, where
they are not known. Everything read is checked and what is wrong is skipped with a
warning, as the parameters are; your own function's parameters are checked when it is
made (only then are its ranges known)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from explorer.core import registry

KEYS = ("tangents", "views", "custom")
CUSTOM = "custom"  # the exercise id of your own function
MAX_TANGENTS = 5
MAX_TEXT = 500  # characters of your own function's text
MAX_COORDINATE = 1e12  # the largest |value| of a view range
MAX_RANGE = 1000.0  # the largest |x| of your own function's range

Ranges = list[list[float]]  # [[x0, x1], [y0, y1]]


@dataclass
class Extras:
    tangents: dict[str, list[float]] = field(default_factory=dict)
    views: dict[str, dict[str, Ranges]] = field(default_factory=dict)
    # {"text", "x_range": [lo, hi], "fitted": bool, "parameters": {...}}, or None
    custom: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        """The keys to add to a session document (the empty ones left out)."""
        out: dict[str, Any] = {}
        if any(self.tangents.values()):
            out["tangents"] = {k: list(v) for k, v in self.tangents.items() if v}
        if any(self.views.values()):
            out["views"] = {k: dict(v) for k, v in self.views.items() if v}
        if self.custom is not None:
            out["custom"] = self.custom
        return out


def extras_of(raw: object) -> tuple[Extras, list[str]]:
    """The extras of a session document, and why any were skipped."""
    extras, warnings = Extras(), list[str]()
    if not isinstance(raw, dict):
        return extras, warnings
    tangents = raw.get("tangents", {})
    if not isinstance(tangents, dict):
        warnings.append("'tangents' is not an object; skipped")
        tangents = {}
    for eid, xs in tangents.items():
        if not _exercise(eid):
            warnings.append(f"tangents of unknown exercise {_name(eid)} skipped")
        elif not (isinstance(xs, list) and len(xs) <= MAX_TANGENTS
                  and all(_number(x, MAX_RANGE) for x in xs)):
            warnings.append(f"{eid}: tangents are not at most {MAX_TANGENTS} numbers; "
                            "skipped")
        elif xs:
            extras.tangents[eid] = [float(x) for x in xs]
    views = raw.get("views", {})
    if not isinstance(views, dict):
        warnings.append("'views' is not an object; skipped")
        views = {}
    for eid, panes in views.items():
        if not (_exercise(eid) and isinstance(panes, dict)):
            warnings.append(f"views of {_name(eid)} skipped")
            continue
        for pane, ranges in panes.items():
            if isinstance(pane, str) and len(pane) <= 40 and _ranges(ranges):
                extras.views.setdefault(eid, {})[pane] = [[float(v) for v in r]
                                                          for r in ranges]
            else:
                warnings.append(f"{eid}: view of pane {_name(pane)} skipped")
    if "custom" in raw:
        extras.custom, problem = _custom(raw["custom"])
        if problem:
            warnings.append(f"your own function skipped: {problem}")
    return extras, warnings


def extras_in(text: object) -> tuple[Extras, list[str]]:
    """`extras_of` a session's text (one that is not a session: none)."""
    if not isinstance(text, str):
        return Extras(), []
    try:
        return extras_of(json.loads(text))
    except (ValueError, RecursionError):
        return Extras(), []


def _custom(entry: object) -> tuple[dict[str, Any] | None, str]:
    if not isinstance(entry, dict):
        return None, "not an object"
    text = entry.get("text")
    if not (isinstance(text, str) and text.strip() and len(text) <= MAX_TEXT):
        return None, f"its text must be 1 to {MAX_TEXT} characters"
    x_range = entry.get("x_range")
    if not (isinstance(x_range, list) and len(x_range) == 2
            and all(_number(v, MAX_RANGE) for v in x_range) and x_range[0] < x_range[1]):
        return None, "its x_range must be [from, to] with from < to"
    parameters = entry.get("parameters", {})
    if not isinstance(parameters, dict):
        return None, "its parameters are not an object"
    return {"text": text, "x_range": [float(v) for v in x_range],
            "fitted": entry.get("fitted") is True,
            "parameters": {k: v for k, v in parameters.items()
                           if isinstance(k, str) and _number(v, 1e6)}}, ""


def _exercise(eid: object) -> bool:
    return isinstance(eid, str) and (eid == CUSTOM or eid in registry.ids())


def _number(value: object, limit: float) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value) and abs(value) <= limit)


def _ranges(ranges: object) -> bool:
    return (isinstance(ranges, list) and len(ranges) == 2
            and all(isinstance(r, list) and len(r) == 2
                    and all(_number(v, MAX_COORDINATE) for v in r) and r[0] < r[1]
                    for r in ranges))


def _name(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"
