"""5.4: Taylor polynomials of sin x + cos x against the book's T₀…T₅ and against SymPy's
series at random expansion points."""

import itertools
import math
from math import factorial

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core import registry
from explorer.core.exercises.ex5_4 import coefficients, partial_sums


def book_T(n, x):
    terms = [1, x, -(x**2) / 2, -(x**3) / 6, x**4 / 24, x**5 / 120]
    return sum(terms[: n + 1])


@settings(max_examples=100, deadline=None)
@given(st.floats(-4, 4))
def test_book_polynomials_at_zero(x):
    ex = registry.get("5.4")
    out = ex.evaluate(ex.inputs({"x": x, "n": 5, "x0": 0.0}))
    assert out["taylor"] == pytest.approx([book_T(n, x) for n in range(6)], rel=1e-12,
                                          abs=1e-12)
    assert out["value"] == pytest.approx(math.sin(x) + math.cos(x))
    assert out["derivative"] == pytest.approx(math.cos(x) - math.sin(x))


@settings(max_examples=40, deadline=None)
@given(st.floats(-3, 3), st.integers(0, 20), st.floats(-2, 2))
def test_coefficients_match_sympy_series(x0, n, x):
    t = sp.Symbol("t")
    series = sp.series(sp.sin(t + x0) + sp.cos(t + x0), t, 0, n + 1).removeO()
    expected = [float(series.coeff(t, k)) for k in range(n + 1)]
    coef = coefficients(n, x0)
    np.testing.assert_allclose(coef, expected, rtol=1e-9, atol=1e-12)
    # closed form: f^(k)(x0) cycles through f, f', -f, -f'
    f, df = math.sin(x0) + math.cos(x0), math.cos(x0) - math.sin(x0)
    cyc = [f, df, -f, -df]
    np.testing.assert_allclose(coef, [cyc[k % 4] / factorial(k) for k in range(n + 1)],
                               rtol=1e-9, atol=1e-15)
    assert partial_sums(coef, x, x0)[-1] == pytest.approx(
        float(series.subs(t, x - x0)), rel=1e-9, abs=1e-9)


def test_derivative_matches_finite_difference_of_value():
    ex = registry.get("5.4")
    rng = np.random.default_rng(3)
    for x in rng.uniform(-6, 6, 50):
        h = 1e-6
        up = ex.compute(ex.inputs({"x": x + h}))["value"]
        down = ex.compute(ex.inputs({"x": x - h}))["value"]
        assert ex.compute(ex.inputs({"x": x}))["derivative"] == pytest.approx(
            (up - down) / (2 * h), rel=1e-6, abs=1e-7)


def test_error_shrinks_with_order_near_x0():
    ex = registry.get("5.4")
    views = ex.views(ex.inputs({"n": 20, "x0": 0.5}))
    errs = [c for c in views["error"].curves]
    assert len(errs) == 21 and views["error"].log_y
    near = np.abs(errs[0].x - 0.5) < 1.0
    maxima = [np.nanmax(c.y[near]) for c in errs]
    assert all(b <= a * 1.0000001 for a, b in itertools.pairwise(maxima))
    assert maxima[-1] < 1e-12
    # log axis: no zeros or negatives are handed to the plot
    assert all(np.all(np.isnan(c.y) | (c.y > 0)) for c in errs)


def test_views_follow_order():
    ex = registry.get("5.4")
    for n in (0, 3, 20):
        views = ex.views(ex.inputs({"n": n}))
        assert sum(c.role == "taylor" for c in views["taylor"].curves) == n + 1
        assert len(views["coefficients"].values) == n + 1


def test_dragging_x_reuses_the_polynomials_and_new_n_or_x0_recomputes_them():
    ex = registry.get("5.4")
    first = ex.views(ex.inputs({"n": 4, "x0": 0.3, "x": 1.0}))
    moved = ex.views(ex.inputs({"n": 4, "x0": 0.3, "x": -2.0}))
    for pane in ("taylor", "error"):
        for a, b in zip(first[pane].curves, moved[pane].curves, strict=True):
            # the same numbers, not recomputed, and read-only, so safe to share
            assert np.shares_memory(a.y, b.y) and not a.y.flags.writeable
    marker = next(m for m in moved["taylor"].markers if m.drag == "x")
    assert marker.y == pytest.approx(partial_sums(coefficients(4, 0.3), -2.0, 0.3)[-1])
    other = ex.views(ex.inputs({"n": 4, "x0": -0.7, "x": -2.0}))
    xs = other["taylor"].curves[1].x
    np.testing.assert_allclose(other["taylor"].curves[-1].y,
                               partial_sums(coefficients(4, -0.7), xs, -0.7)[-1])


def test_reuse_last_keeps_one_result_per_key_read_only():
    from explorer.core.last_result import reuse_last

    class Owner:
        pass

    owner, calls = Owner(), []

    def compute():
        calls.append(1)
        return (np.arange(3.0), np.ones(2))

    first = reuse_last(owner, "_slot", ("a", 1), compute)
    assert reuse_last(owner, "_slot", ("a", 1), compute) is first and len(calls) == 1
    assert not any(a.flags.writeable for a in first)
    assert reuse_last(owner, "_slot", ("a", 2), compute) is not first and len(calls) == 2
    reuse_last(owner, "_slot", None, compute)  # no key: computed, and not kept
    reuse_last(owner, "_slot", None, compute)
    assert len(calls) == 4 and owner._slot[0] == ("a", 2)
