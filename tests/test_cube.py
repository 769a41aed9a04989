"""5.5-f3: slices of the n×n×n Jacobian of xxᵀ, computed on demand, never the whole cube."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core import registry
from explorer.core.errors import InputError
from explorer.core.numeric import central_difference
from explorer.core.tensors import outer_jacobian, outer_jacobian_slice

vectors = st.integers(1, 9).flatmap(lambda n: st.lists(
    st.floats(-3, 3, allow_nan=False), min_size=n, max_size=n).map(np.array))


@settings(max_examples=40, deadline=None)
@given(vectors, st.data())
def test_derivative_slice_is_ek_xT_plus_x_ekT(x, data):
    n = x.size
    k = data.draw(st.integers(0, n - 1))
    e_k = np.eye(n)[k]
    np.testing.assert_allclose(outer_jacobian_slice(x, 2, k),
                               np.outer(e_k, x) + np.outer(x, e_k), atol=0)
    fd = central_difference(lambda p: np.outer(p, p), x)[:, :, k]
    np.testing.assert_allclose(outer_jacobian_slice(x, 2, k), fd, rtol=1e-6, atol=1e-7)


@settings(max_examples=40, deadline=None)
@given(vectors)
def test_every_slice_along_every_axis_matches_the_full_tensor(x):
    full = outer_jacobian(x)
    for k in range(x.size):
        np.testing.assert_allclose(outer_jacobian_slice(x, 0, k), full[k, :, :], atol=0)
        np.testing.assert_allclose(outer_jacobian_slice(x, 1, k), full[:, k, :], atol=0)
        np.testing.assert_allclose(outer_jacobian_slice(x, 2, k), full[:, :, k], atol=0)


def test_slice_index_outside_is_refused():
    with pytest.raises(IndexError):
        outer_jacobian_slice(np.ones(3), 2, 3)
    with pytest.raises(ValueError, match="axis"):
        outer_jacobian_slice(np.ones(3), 3, 0)


def test_views_at_n_1000_stay_small():
    ex = registry.get("5.5-f3")
    v = ex.inputs({"n": 1000, "k": 700, "axis": 0})
    tracemalloc.start()
    try:
        views = ex.views(v)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    cube = views["cube"]
    assert cube.slice.shape == (1000, 1000) and cube.multiples == []
    # a few n×n matrices (8 MB each); the n³ tensor would be 8 GB
    assert peak < 60e6
    np.testing.assert_allclose(cube.slice, outer_jacobian_slice(v["x"], 0, 699))


def test_small_n_has_all_slices_side_by_side_and_k_counts_from_one():
    ex = registry.get("5.5-f3")
    x = np.array([1.0, -2.0, 0.5])
    cube = ex.views(ex.inputs({"x": x, "k": 2}))["cube"]
    assert len(cube.multiples) == 3 and cube.index == 1
    np.testing.assert_allclose(cube.slice, cube.multiples[1])
    np.testing.assert_allclose(cube.slice[1], x + np.eye(3)[1] * x[1])  # row k holds x, (k,k)=2x_k
    assert "ℝ³ˣ³ˣ³" in cube.title and "k = 2" in cube.title


def test_k_beyond_n_shows_the_last_slice():
    ex = registry.get("5.5-f3")
    cube = ex.views(ex.inputs({"x": np.array([1.0, 2.0]), "k": 9}))["cube"]
    assert cube.index == 1 and "last slice" in cube.note


def test_evaluate_refuses_to_print_a_huge_tensor():
    ex = registry.get("5.5-f3")
    with pytest.raises(InputError, match="n ≤ 100"):
        ex.evaluate(ex.inputs({"n": 101}))
