"""Names and their shapes: the matrixcalculus.org habit (a–g scalars, h–z column vectors,
A–Z matrices, by a name's first letter), sizes 3 and 3×3 unless declared, `--shape`
specs (`x=4`, `A=2x4`, `a=1`), `--set` values as JSON, and seeded random inputs.

Every value is a 2-D float array: a scalar is 1×1, a vector n×1."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from typing import Any

import numpy as np

from explorer.core.errors import InputError

DEFAULT_SIZE = 3
MAX_ENTRIES = 10**6  # of any one value (input, intermediate or derivative)
_SPEC = re.compile(r"^\s*(\d{1,7})\s*(?:[x×*,]\s*(\d{1,7})\s*)?$")

Shape = tuple[int, int]


def default_shape(name: str) -> Shape:
    first = name[0]
    if "a" <= first <= "g":
        return (1, 1)
    if first.islower():
        return (DEFAULT_SIZE, 1)
    return (DEFAULT_SIZE, DEFAULT_SIZE)


def kind(shape: Shape) -> str:
    """scalar (1×1), vector (n×1) or matrix (anything else, a row included)."""
    if shape == (1, 1):
        return "scalar"
    return "vector" if shape[1] == 1 else "matrix"


def dims(shape: Shape) -> tuple[int, ...]:
    """A value's dimensions in the derivative's layout: () for a scalar, (n,) for a
    column vector, (p, q) for a matrix."""
    k = kind(shape)
    return () if k == "scalar" else (shape[0],) if k == "vector" else shape


def shape_text(shape: Shape) -> str:
    return f"{shape[0]}×{shape[1]}"


def parse_shape(text: str) -> tuple[str, Shape]:
    """`x=4` (a 4-vector; `x=1` a scalar), `A=2x4` (a 2×4 matrix)."""
    name, sep, spec = text.partition("=")
    name = name.strip()
    if not sep or not name.isidentifier():
        raise InputError(f"--shape expects NAME=ROWS or NAME=ROWSxCOLS, got {text[:40]!r}")
    m = _SPEC.match(spec)
    if not m:
        raise InputError(f"--shape {name}: {spec.strip()[:20]!r} is not ROWS or ROWSxCOLS")
    shape = (int(m.group(1)), int(m.group(2) or 1))
    if min(shape) < 1 or shape[0] * shape[1] > MAX_ENTRIES:
        raise InputError(f"--shape {name}: sizes from 1 up to {MAX_ENTRIES} entries")
    return name, shape


def parse_value(name: str, text: str) -> np.ndarray:
    """A number, a JSON list (a column vector) or a list of rows (a matrix), as 2-D."""
    if len(text) > 10**7:
        raise InputError(f"--set {name}: the value is too long")
    try:
        raw = json.loads(text)
    except ValueError:
        raise InputError(f"--set {name}: {text[:40]!r} is not a number or a JSON list") \
            from None
    try:
        a = np.asarray(raw, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"--set {name}: not a list of numbers or of equal rows") from None
    if a.ndim > 2 or a.size == 0:
        raise InputError(f"--set {name}: a number, a list or a list of rows, not empty")
    if not np.all(np.isfinite(a)):
        raise InputError(f"--set {name}: every entry must be a finite number")
    return a.reshape(1, 1) if a.ndim == 0 else a.reshape(-1, 1) if a.ndim == 1 else a


def as_json(value: np.ndarray) -> Any:
    """A scalar as a float, a column vector as a flat list, a matrix as rows."""
    d = dims(value.shape)
    return float(value[0, 0]) if not d else value.reshape(d).tolist()


def resolve(names: Iterable[str], shapes: dict[str, Shape], values: dict[str, np.ndarray]) \
        -> dict[str, Shape]:
    """The shape of every name: declared (--shape), else a given value's, else the
    default. A value that contradicts its declared shape is refused."""
    out = {}
    for name in sorted(set(names) | set(shapes) | set(values)):
        shape = shapes.get(name)
        if name in values:
            got = values[name].shape
            if shape is not None and got != shape:
                raise InputError(f"--set {name}: a {shape_text(got)} value, but --shape "
                                 f"declares {shape_text(shape)}")
            shape = got
        out[name] = shape or default_shape(name)
        if math.prod(out[name]) > MAX_ENTRIES:
            raise InputError(f"{name} has more than {MAX_ENTRIES} entries")
    return out


def draw(name: str, shape: Shape, rng: np.random.Generator, role: str) -> np.ndarray:
    """A random input. role: "plain" (entries in ±1), "positive" (in [0.5, 1.5]: under
    log and sqrt) or "invertible" (a square matrix near the identity, not symmetric, with
    a positive determinant: under inv, det and logdet)."""
    if role == "invertible" and shape[0] == shape[1]:
        n = shape[0]
        return np.eye(n) + rng.uniform(-0.5, 0.5, shape) / math.sqrt(n)
    if role == "positive":
        return rng.uniform(0.5, 1.5, shape)
    return rng.uniform(-1.0, 1.0, shape)
