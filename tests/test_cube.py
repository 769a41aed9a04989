"""5.5-f3: slices of the n×n×n Jacobian of xxᵀ, computed on demand, never the whole cube."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core import registry
from explorer.core.block_extremes import block_extremes
from explorer.core.errors import InputError
from explorer.core.numeric import central_difference
from explorer.core.tensors import OuterSlice, outer_jacobian, outer_jacobian_slice

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
    # xxᵀ (8 MB); the slice keeps its structure, the n³ tensor would be 8 GB
    assert peak < 20e6
    np.testing.assert_allclose(cube.slice, outer_jacobian_slice(v["x"], 0, 699))


def test_small_n_has_all_slices_side_by_side_and_k_counts_from_one():
    ex = registry.get("5.5-f3")
    x = np.array([1.0, -2.0, 0.5])
    cube = ex.views(ex.inputs({"x": x, "k": 2}))["cube"]
    assert len(cube.multiples) == 3 and cube.index == 1
    np.testing.assert_allclose(cube.slice, cube.multiples[1])
    # row k holds x, (k, k) holds 2x_k
    np.testing.assert_allclose(cube.slice.full()[1], x + np.eye(3)[1] * x[1])
    assert "ℝ³ˣ³ˣ³" in cube.title and "k = 2" in cube.title


def test_k_beyond_n_shows_the_last_slice():
    ex = registry.get("5.5-f3")
    cube = ex.views(ex.inputs({"x": np.array([1.0, 2.0]), "k": 9}))["cube"]
    assert cube.index == 1 and "last slice" in cube.note


def test_evaluate_refuses_to_print_a_huge_tensor():
    ex = registry.get("5.5-f3")
    with pytest.raises(InputError, match="n ≤ 100"):
        ex.evaluate(ex.inputs({"n": 101}))


# Sizes around the block sides: multiples of the block factor and not, a last block
# holding one entry of x, slices that fit whole (no reduction).
sizes = st.sampled_from([1, 2, 3, 7, 249, 250, 251, 500, 501, 503, 999, 1000]) | \
    st.integers(1, 1200)


@settings(max_examples=150, deadline=None)
@given(sizes, st.integers(1, 300), st.integers(0, 2), st.data())
def test_structured_picture_is_the_block_extremes_of_the_whole_slice(n, side, axis, data):
    """What the window draws of a slice, made from its structure in O(n), is exactly the
    generic reduction of its n² entries."""
    scale = data.draw(st.sampled_from([1e-3, 1.0, 1e6]))
    x = np.array(data.draw(st.lists(st.floats(-1, 1, allow_nan=False) | st.just(0.0),
                                    min_size=n, max_size=n))) * scale
    k = data.draw(st.integers(0, n - 1))
    whole = outer_jacobian_slice(x, axis, k)
    picture = OuterSlice(x, axis, k).blocks(side)
    assert picture.shape == block_extremes(whole, side).shape
    np.testing.assert_array_equal(picture, block_extremes(whole, side))


@settings(max_examples=40, deadline=None)
@given(vectors, st.integers(0, 2), st.data())
def test_structured_slice_gives_the_entries_and_where_x_sits(x, axis, data):
    k = data.draw(st.integers(0, x.size - 1))
    s = OuterSlice(x, axis, k)
    whole = outer_jacobian_slice(x, axis, k)
    np.testing.assert_array_equal(np.asarray(s), whole)
    assert [[s.entry(i, j) for j in range(x.size)] for i in range(x.size)] == whole.tolist()
    rows, cols = s.carriers  # row and column k hold x (the column only, slicing i or j)
    assert cols == (k,) and rows == ((k,) if axis == 2 else ())
    np.testing.assert_array_equal(whole[:, k] - (whole[k, k] - x[k]) * np.eye(x.size)[k],
                                  x)


def test_the_status_bar_says_why_a_large_derivative_is_shown_by_slices():
    """The window's words, not `evaluate`'s limit."""
    ex = registry.get("5.5-f3")
    with pytest.raises(InputError) as refused:
        ex.headline(ex.inputs({"n": 1000}))
    text = str(refused.value)
    assert "slice" in text and "evaluate" not in text and "n ≤" not in text
    _value, derivative = ex.headline(ex.inputs({"n": 4}))
    assert derivative.shape == (4, 4, 4)
