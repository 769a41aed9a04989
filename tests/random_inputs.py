"""Hypothesis strategies shared by the robustness tests: every exercise's parameters driven
through the ends of their ranges, zeros, the largest accepted magnitudes, denormals, and
sizes at their limits. Also helpers that walk view data. (No tests here.)"""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import strategies as st

from explorer.core import params as P

BIG = P.MAX_MAGNITUDE
SPECIAL = (0.0, -0.0, 1.0, -1.0, BIG, -BIG, 1e-300, -1e-300, 5e-324, 1000.0, -1000.0, 1e-8)

# Sizes that make a single example slow (n³ work, 10⁵ Monte-Carlo samples) are drawn at
# their limits only now and then; the rest of the range is drawn near its low end.
SLOW_SIZES = {"n": 200, "samples": 5000, "D": 16, "E": 8, "F": 8, "M": 8, "N": 8}


def scalar_values(param: P.Param):
    inside = st.floats(param.lo, param.hi, allow_nan=False)
    anywhere = st.floats(-BIG, BIG, allow_nan=False)
    return st.one_of(st.sampled_from([param.lo, param.hi, *SPECIAL]), inside, anywhere)


def int_values(param: P.Param):
    lo, hi = int(param.lo), int(param.hi)
    cap = min(hi, max(lo, SLOW_SIZES.get(param.name, hi)))
    return st.one_of(st.sampled_from([lo, hi]), st.integers(lo, cap))


def array_like(data, shape: tuple[int, ...], param: P.Param) -> np.ndarray:
    """An array of `shape` made of special values, values in the slider range, or one
    value repeated (all zeros, all huge)."""
    lo = param.lo if param.lo is not None else -10.0
    hi = param.hi if param.hi is not None else 10.0
    element = st.one_of(st.sampled_from(SPECIAL), st.floats(lo, hi, allow_nan=False))
    size = int(np.prod(shape))
    how = data.draw(st.sampled_from(["fill", "mixed"]))
    if how == "fill" or size > 64:
        return np.full(shape, data.draw(element))
    values = data.draw(st.lists(element, min_size=size, max_size=size))
    return np.array(values, dtype=float).reshape(shape)


def given_inputs(data, exercise) -> dict:
    """A dict of coerced values for some of the exercise's parameters (the rest default)."""
    given: dict = {}
    for p in exercise.params:
        if p.kind in (P.SCALAR, P.INT) and data.draw(st.booleans(), label=f"set {p.name}"):
            strategy = scalar_values(p) if p.kind == P.SCALAR else int_values(p)
            given[p.name] = P.coerce(p, data.draw(strategy, label=p.name))
    sizes = exercise.resolve(dict(given))
    for p in exercise.params:
        if p.kind in (P.VECTOR, P.MATRIX) and data.draw(st.booleans(), label=f"set {p.name}"):
            shape = tuple(d if isinstance(d, int) else int(sizes[d]) for d in p.shape)
            given[p.name] = P.coerce(p, array_like(data, shape, p))
    return given


def float_arrays(obj, path: str = "view"):
    """(path, float array) for every float array inside a view (dataclasses, lists)."""
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind == "f":
            yield path, obj
        return
    if isinstance(obj, float):
        yield path, np.asarray(obj)
        return
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from float_arrays(getattr(obj, f.name), f"{path}.{f.name}")
    elif isinstance(obj, list | tuple):
        for i, item in enumerate(obj):
            yield from float_arrays(item, f"{path}[{i}]")


def notes(obj):
    """Every `note` string inside a view."""
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.name == "note" and isinstance(value, str):
                yield value
            else:
                yield from notes(value)
    elif isinstance(obj, list | tuple):
        for item in obj:
            yield from notes(item)
