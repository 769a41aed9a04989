"""5.1–5.3: values and derivatives against the closed forms (docs/conventions.md) and against
central finite differences, at many random points."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core import registry
from explorer.core.errors import InputError
from explorer.core.numeric import central_difference, sigmoid, sigmoid_prime


def closed_5_1(x):
    return 4 * math.sin(x**3) / x + 3 * x**2 * math.cos(x**3) * math.log(x**4)


def closed_5_3(x, mu, s):
    return -(x - mu) / s**2 * math.exp(-((x - mu) ** 2) / (2 * s**2))


xs = st.floats(-2.2, 2.2).filter(lambda x: abs(x) > 1e-2)


@settings(max_examples=200, deadline=None)
@given(xs)
def test_5_1_derivative(x):
    ex = registry.get("5.1")
    r = ex.compute(ex.inputs({"x": x}))
    assert r["value"] == pytest.approx(math.log(x**4) * math.sin(x**3), rel=1e-12, abs=1e-12)
    assert r["derivative"] == pytest.approx(closed_5_1(x), rel=1e-9, abs=1e-9)
    fd = central_difference(lambda t: ex.f(t, {}), np.array(x), h=1e-6)
    assert r["derivative"] == pytest.approx(float(fd), rel=1e-5, abs=1e-5)


@settings(max_examples=200, deadline=None)
@given(st.floats(-30, 30))
def test_5_2_derivative(x):
    ex = registry.get("5.2")
    r = ex.compute(ex.inputs({"x": x}))
    f = 1 / (1 + math.exp(-x))
    assert r["value"] == pytest.approx(f, rel=1e-12)
    closed = math.exp(-x) / (1 + math.exp(-x)) ** 2
    assert r["derivative"] == pytest.approx(closed, rel=1e-9, abs=1e-300)
    assert r["derivative"] == pytest.approx(1 / (math.exp(x / 2) + math.exp(-x / 2)) ** 2,
                                            rel=1e-9)
    assert r["derivative"] == pytest.approx(f * (1 - f), rel=1e-6, abs=1e-15)
    fd = central_difference(sigmoid, np.array(x), h=1e-5)
    assert r["derivative"] == pytest.approx(float(fd), rel=1e-5, abs=1e-10)


def test_5_2_symbolic_matches_stable_form():
    ex = registry.get("5.2")
    from explorer.core.numeric import lambdified
    from explorer.core.scalar import X

    grid = np.linspace(-30, 30, 301)
    sym_f = lambdified(ex.expr, (X,))(grid)
    sym_df = lambdified(ex.derivative_expr, (X,))(grid)
    np.testing.assert_allclose(sigmoid(grid), sym_f, rtol=1e-12)
    np.testing.assert_allclose(sigmoid_prime(grid), sym_df, rtol=1e-9, atol=1e-300)


@pytest.mark.parametrize("x", [-1000.0, -745.0, -710.0, 0.0, 710.0, 1000.0])
def test_5_2_stable_for_large_x(x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        f, d = float(sigmoid(x)), float(sigmoid_prime(x))
        out = registry.get("5.2").evaluate(registry.get("5.2").inputs({"x": x}))
    assert math.isfinite(f) and math.isfinite(d) and 0 <= f <= 1 and 0 <= d <= 0.25
    assert out["value"] == f and out["derivative"] == d
    if x == 0:
        assert d == 0.25


@settings(max_examples=200, deadline=None)
@given(st.floats(-5, 5), st.floats(-3, 3), st.floats(0.1, 3))
def test_5_3_derivative(x, mu, s):
    ex = registry.get("5.3")
    v = ex.inputs({"x": x, "mu": mu, "sigma": s})
    r = ex.compute(v)
    assert r["derivative"] == pytest.approx(closed_5_3(x, mu, s), rel=1e-9, abs=1e-12)
    fd = central_difference(lambda t: ex.f(t, v), np.array(x), h=1e-6)
    assert r["derivative"] == pytest.approx(float(fd), rel=1e-5, abs=1e-6)


def test_5_3_markers_at_max_and_inflections():
    ex = registry.get("5.3")
    v = ex.inputs({"mu": 0.7, "sigma": 0.4})
    feats = {m.name: m for m in ex.views(v)["f"].markers if m.role == "feature"}
    assert feats["maximum"].x == pytest.approx(0.7)
    assert feats["inflection −"].x == pytest.approx(0.3)
    assert feats["inflection +"].x == pytest.approx(1.1)
    # the second derivative vanishes at the inflection points
    h = 1e-4
    for m in (feats["inflection −"], feats["inflection +"]):
        d2 = (ex.df(m.x + h, v) - ex.df(m.x - h, v)) / (2 * h)
        assert abs(float(d2)) < 1e-6
        assert float(ex.f(m.x, v)) == pytest.approx(m.y)


def test_5_3_sigma_zero_is_refused():
    ex = registry.get("5.3")
    with pytest.raises(InputError, match="sigma"):
        ex.inputs({"sigma": 0.0})


def test_5_1_gap_at_zero():
    ex = registry.get("5.1")
    with pytest.raises(InputError, match="x = 0"):
        ex.inputs({"x": 0.0})
    from explorer.core import params as P

    views = ex.views(P.resolve(ex.params, {"x": 0.0}))
    f = views["f"].curves[0]
    at_zero = np.flatnonzero(f.x == 0.0)
    assert at_zero.size == 1 and np.isnan(f.y[at_zero[0]])
    assert np.isfinite(f.y[at_zero[0] + 1]) and np.isfinite(f.y[at_zero[0] - 1])
    assert "outside the domain" in views["f"].note
    assert any(m.role == "hole" and m.x == 0.0 for m in views["f"].markers)


@settings(max_examples=100, deadline=None)
@given(st.floats(-2.0, 2.0).filter(lambda x: abs(x) > 0.05), st.sampled_from(["5.1", "5.2",
                                                                             "5.3"]))
def test_tangent_touches_curve_with_slope_f_prime(x, eid):
    ex = registry.get(eid)
    v = ex.inputs({"x": x})
    view = ex.views(v)["f"]
    tangent = next(c for c in view.curves if c.role == "tangent")
    slope = (tangent.y[1] - tangent.y[0]) / (tangent.x[1] - tangent.x[0])
    assert slope == pytest.approx(float(ex.df(x, v)), rel=1e-9, abs=1e-9)
    mid = (tangent.y[0] + tangent.y[1]) / 2
    assert mid == pytest.approx(float(ex.f(x, v)), rel=1e-9, abs=1e-9)
