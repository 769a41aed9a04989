"""Declarative parameter specs. The GUI builds its sliders from these; the CLI parses
`--set NAME=VALUE` with them. Vectors and matrices are sized by other (int) parameters."""

from __future__ import annotations

import json
import math
import zlib
from dataclasses import dataclass, field
from typing import Any, TypeAlias

import numpy as np

from explorer.core.errors import InputError
from explorer.core.symbols import display_name, subscript

SCALAR, INT, VECTOR, MATRIX = "scalar", "int", "vector", "matrix"

# An exercise's inputs by parameter name: floats, ints and NumPy arrays.
Inputs: TypeAlias = dict[str, Any]

# Caps that keep any request from allocating absurd amounts of memory.
MAX_VECTOR_LEN = 100_000
MAX_MATRIX_ENTRIES = 1_000_000
MAX_TEXT = 2_000_000
# Largest |number| an input may hold: beyond it squares and products overflow doubles.
MAX_MAGNITUDE = 1e6


@dataclass(frozen=True)
class Param:
    """One input of an exercise.

    For `scalar` and `int`, `lo`..`hi` is the slider's range and `default` a number.
    `int` values outside `lo`..`hi` are refused; scalars outside it are accepted (the
    exercise decides its domain). For `vector`/`matrix`, `shape` names the size
    parameters (or gives fixed ints) and `default` is a fixed value or None (then the
    value is drawn from `seed`, in a stream of its own: see `draw`)."""

    name: str
    latex: str
    kind: str
    default: object = None
    lo: float | None = None
    hi: float | None = None
    step: float = 0.01
    help: str = ""
    shape: tuple[str | int, ...] = field(default=())
    in_panel: bool = True  # False: a pane of the exercise has the control (one per window)

    @property
    def display(self) -> str:
        """The name shown to a reader, from `latex` (μ for `mu`, x₀ for `x0`); the command
        line keeps the ASCII `name`."""
        return display_name(self.latex)

    def component(self, index: int) -> str:
        """The displayed name of the component at 0-based `index`: x₁, ω₂, …"""
        return self.display + subscript(index + 1)

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "display": self.display,
                               "latex": self.latex, "kind": self.kind, "help": self.help}
        if self.kind in (SCALAR, INT):
            out.update(default=self.default, min=self.lo, max=self.hi, step=self.step)
        else:
            out.update(shape=list(self.shape), default=_jsonable(self.default))
        return out


def _jsonable(value: object) -> object:
    if isinstance(value, np.ndarray):
        return value.tolist()
    return value


def parse_text(param: Param, text: str) -> Any:
    """Parse the text of `--set NAME=TEXT` for `param`. JSON only: never eval."""
    if len(text) > MAX_TEXT:
        raise InputError(f"value of {param.name} is too long ({len(text)} characters)")
    try:
        raw = json.loads(text, parse_int=_parse_int)
    except (json.JSONDecodeError, RecursionError):
        raise InputError(
            f"cannot parse value of {param.name}: {_short(text)!r} is not a number or JSON list"
        ) from None
    return coerce(param, raw)


def _parse_int(digits: str) -> int | float:
    """A JSON integer; one too long to be in range becomes a float (±inf beyond 10³⁰⁸),
    so it is refused as out of range rather than failing to convert."""
    return int(digits) if len(digits) <= 18 else float(digits)


def _shown(value: float) -> str:
    if math.isinf(value):
        return "−∞" if value < 0 else "∞"
    return f"{value:g}"


def coerce(param: Param, raw: object) -> Any:
    """Check a parsed value's type and shape for `param`; return a float, int or array."""
    name = param.name
    if param.kind == SCALAR:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise InputError(f"{name} must be a number, got {_short(json.dumps(raw))}")
        if isinstance(raw, int) and abs(raw) > MAX_MAGNITUDE:  # (float() of 400 digits fails)
            raise InputError(f"{name} must be between −{MAX_MAGNITUDE:g} and "
                             f"{MAX_MAGNITUDE:g}, got {_short(str(raw))}")
        value = float(raw)
        if math.isnan(value):
            raise InputError(f"{name} must be finite")
        if abs(value) > MAX_MAGNITUDE:
            raise InputError(f"{name} must be between −{MAX_MAGNITUDE:g} and "
                             f"{MAX_MAGNITUDE:g}, got {_shown(value)}")
        return value
    if param.kind == INT:
        if isinstance(raw, float) and math.isinf(raw):
            raise InputError(f"{name} must be between {param.lo} and {param.hi}, "
                             f"got {_shown(raw)}")
        if isinstance(raw, bool) or not (
            isinstance(raw, int) or (isinstance(raw, float) and raw.is_integer())
        ):
            raise InputError(f"{name} must be an integer, got {_short(json.dumps(raw))}")
        value = int(raw)
        if (param.lo is not None and value < param.lo) or (
            param.hi is not None and value > param.hi
        ):
            raise InputError(
                f"{name} must be between {param.lo} and {param.hi}, got {_short(str(value))}")
        return value
    ndim = 1 if param.kind == VECTOR else 2
    out_of_range = InputError(f"the entries of {name} must be between −{MAX_MAGNITUDE:g} and "
                              f"{MAX_MAGNITUDE:g}")
    try:
        arr = np.array(raw, dtype=float)
    except OverflowError:  # an int beyond the largest float
        raise out_of_range from None
    except (TypeError, ValueError):
        raise InputError(
            f"{name} must be a {param.kind} of numbers, e.g. "
            + ("[1, 2]" if ndim == 1 else "[[1, 2], [3, 4]]")
        ) from None
    if arr.ndim != ndim or 0 in arr.shape:
        raise InputError(
            f"{name} must be a non-empty {param.kind} ({ndim}-D), got shape {list(arr.shape)}"
        )
    if arr.size > (MAX_VECTOR_LEN if ndim == 1 else MAX_MATRIX_ENTRIES):
        raise InputError(f"{name} is too large ({arr.size} entries)")
    if np.any(np.isnan(arr)):
        raise InputError(f"{name} must contain only finite numbers")
    if np.max(np.abs(arr)) > MAX_MAGNITUDE:
        raise out_of_range
    return arr


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def resolve(params: tuple[Param, ...], given: Inputs) -> Inputs:
    """Fill in every input: given values (already coerced), then sizes bound from the given
    arrays' shapes, then defaults, then arrays drawn from `seed` (each from its own stream,
    so giving one never changes another). Returns name → value in the order of `params`.
    Raises InputError on unknown names or inconsistent sizes."""
    by_name = {p.name: p for p in params}
    for name in given:
        if name not in by_name:
            known = ", ".join(by_name) or "none"
            raise InputError(f"unknown parameter {name!r} (this exercise takes: {known})")
    sizes: dict[str, int] = {}
    for p in params:  # sizes implied by given arrays
        if p.kind in (VECTOR, MATRIX) and p.name in given:
            for dim, actual in zip(p.shape, given[p.name].shape, strict=True):
                if isinstance(dim, int):
                    if actual != dim:
                        raise InputError(f"{p.name} must have {dim} entries along that axis")
                    continue
                if dim in given and given[dim] != actual:
                    raise InputError(
                        f"{p.name} has {actual} entries but {dim}={given[dim]} was given"
                    )
                if dim in sizes and sizes[dim] != actual:
                    raise InputError(
                        f"shapes disagree: {p.name} implies {dim}={actual}, "
                        f"another input implies {dim}={sizes[dim]}"
                    )
                sizes[dim] = actual
    out: dict[str, Any] = {}
    for p in params:
        if p.kind in (SCALAR, INT):
            if p.name in sizes:
                value = sizes[p.name]
                if (p.lo is not None and value < p.lo) or (p.hi is not None and value > p.hi):
                    raise InputError(
                        f"{p.name}={value} (implied by an input's shape) must be between "
                        f"{p.lo} and {p.hi}"
                    )
                out[p.name] = value
            else:
                out[p.name] = given.get(p.name, p.default)
    seed = int(out.get("seed", 0))
    for p in params:
        if p.kind not in (VECTOR, MATRIX):
            continue
        if p.name in given:
            out[p.name] = given[p.name]
            continue
        shape = tuple(d if isinstance(d, int) else int(out[d]) for d in p.shape)
        if p.default is not None:
            default = np.array(p.default, dtype=float)
            if default.shape == shape:
                out[p.name] = default
                continue
        out[p.name] = draw(seed, p.name, shape)
    return {p.name: out[p.name] for p in params}


def draw(seed: int, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """The seeded value of input `name`: standard normal entries from a stream of its own,
    keyed by the seed and the name (a stable checksum of it), so that which other inputs
    are given or drawn never changes it. Rounded so that the echoed inputs reproduce the
    result exactly."""
    rng = np.random.default_rng([seed, zlib.crc32(name.encode())])
    return np.round(rng.normal(size=shape), 3)
