"""Numerical stability, checked against 50-digit mpmath: the sigmoid and its
derivative for |x| ≤ 1000, log(x⁴) near 0 (5.1), tanh/sech² for large |z| (5.8c), a
nearly singular S (5.8a: condition number shown, refused when singular), a tiny σ (5.3).
Warnings are errors under pytest, so "no overflow warning" is part of every test."""

import json

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer import cli
from explorer.core import registry
from explorer.core.errors import InputError
from explorer.core.numeric import sigmoid, sigmoid_prime

mpmath.mp.dps = 50
FAST = settings(max_examples=60, deadline=None)


def close(got: float, want, rel: float = 1e-12) -> bool:
    """Relative agreement, or both below the smallest normal double."""
    want = float(want)
    return abs(got - want) <= rel * abs(want) or (abs(got) < 1e-300 and abs(want) < 1e-300)


# --- 5.2: the sigmoid ---------------------------------------------------------------------


@FAST
@given(st.one_of(st.floats(-1000, 1000), st.sampled_from([-1000.0, 1000.0, 0.0, -745.0])))
def test_sigmoid_and_derivative_are_accurate_for_x_up_to_1000(x):
    s, ds = float(sigmoid(x)), float(sigmoid_prime(x))
    e = mpmath.exp(-mpmath.mpf(x))
    assert close(s, 1 / (1 + e))
    assert close(ds, e / (1 + e) ** 2, rel=1e-11)
    assert 0.0 <= s <= 1.0 and 0.0 <= ds <= 0.25


def test_sigmoid_on_a_whole_grid_with_no_warning():
    xs = np.linspace(-1000, 1000, 20001)
    s, ds = sigmoid(xs), sigmoid_prime(xs)
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(ds))
    assert np.all(np.diff(s) >= 0)
    assert s[0] == 0.0 and s[-1] == 1.0 and ds[0] == 0.0 and ds[-1] == 0.0


@pytest.mark.parametrize("x", ["1000", "-1000", "709.8", "-745.2"])
def test_evaluate_5_2_at_the_extremes(x, capsys):
    assert cli.main(["evaluate", "5.2", "--set", f"x={x}"]) == 0
    out = json.loads(capsys.readouterr().out)
    e = mpmath.exp(-mpmath.mpf(x))
    assert close(out["value"], 1 / (1 + e)) and close(out["derivative"], e / (1 + e) ** 2)


# --- 5.1: log(x⁴) near 0 ---------------------------------------------------------------------


@FAST
@given(st.one_of(st.floats(1e-300, 2.2), st.floats(-2.2, -1e-300),
                 st.sampled_from([1e-100, -1e-81, 1e-60, 2e-308, 1e-5])))
def test_log_x4_stays_finite_and_accurate_near_zero(x):
    ex = registry.get("5.1")
    v = ex.inputs({"x": x})
    got = ex.evaluate(v)
    m = mpmath.mpf(x)
    f = mpmath.log(m**4) * mpmath.sin(m**3)
    df = 4 * mpmath.sin(m**3) / m + 3 * m**2 * mpmath.cos(m**3) * mpmath.log(m**4)
    # relative accuracy where x³ is a normal double; absolute where it underflows
    rel = 1e-9 if abs(x) > 1e-100 else 1.0
    assert close(got["value"], f, rel) or abs(got["value"] - float(f)) < 1e-290
    assert close(got["derivative"], df, rel) or abs(got["derivative"] - float(df)) < 1e-290


def test_zero_is_still_outside_the_domain_of_5_1():
    with pytest.raises(InputError, match="x = 0"):
        registry.get("5.1").inputs({"x": 0.0})


# --- 5.8c: tanh and sech² ------------------------------------------------------------------


@FAST
@given(st.one_of(st.floats(-1e6, 1e6), st.sampled_from([19.0, 20.0, 40.0, 354.0, 800.0])))
def test_sech_squared_keeps_its_precision_for_large_z(z):
    ex = registry.get("5.8c")
    got = float(ex.dphi(np.array([z]))[0])
    want = mpmath.sech(mpmath.mpf(z)) ** 2
    assert close(got, want, rel=1e-12)
    assert abs(float(ex.phi(np.array([z]))[0])) <= 1.0


def test_5_8c_with_a_saturated_layer_has_a_tiny_but_exact_jacobian():
    ex = registry.get("5.8c")
    v = ex.inputs({"x": np.array([20.0]), "A": np.array([[1.0]]), "b": np.array([0.0])})
    out = ex.evaluate(v)
    assert out["derivative"][0][0] == pytest.approx(float(mpmath.sech(20) ** 2), rel=1e-12)
    assert out["derivative"][0][0] > 0  # 1 − tanh² would give exactly 0 here


# --- 5.8a: a nearly singular S --------------------------------------------------------------


@pytest.mark.parametrize("rho", [0.9, 0.999, 0.999999])
def test_5_8a_nearly_singular_s_shows_its_condition_number(rho):
    ex = registry.get("5.8a")
    v = ex.inputs({"rho": rho, "skew": 0.0})
    cond = float(np.linalg.cond(v["S"]))
    note = ex.views(v)["field"].note
    assert f"cond(S) = {cond:.3g}" in note
    assert ("nearly singular" in note) == (cond > 1e6)
    out = ex.evaluate(v)
    # the gradient agrees with a solve (no explicit inverse) to the accuracy cond allows
    s, y = v["S"], v["x"] - v["mu"]
    z = y @ np.linalg.solve(s, y)
    want = -0.5 * np.exp(-z / 2) * (np.linalg.solve(s, y) + np.linalg.solve(s.T, y))
    np.testing.assert_allclose(out["derivative"][0], want, rtol=1e-15 * cond * 10, atol=1e-12)


@pytest.mark.parametrize("given", [{"rho": 1.0, "skew": 0.0}, {"s1": 0.0, "skew": 0.0},
                                   {"S": np.array([[1.0, 2.0], [2.0, 4.0]])},
                                   {"S": np.zeros((2, 2))},
                                   # cond(S) = 1, but S⁻¹ has entries of 1e300
                                   {"S": np.array([[0.0, 1e-300], [-1e-300, 0.0]])}])
def test_5_8a_singular_s_is_refused_and_drawn_as_a_note(given):
    ex = registry.get("5.8a")
    with pytest.raises(InputError, match="singular"):
        ex.inputs(given)
    views = ex.views(ex.resolve(given))
    assert "singular" in views["field"].note and "cond(S)" in views["field"].note
    assert views["factors"].terms == []


def test_5_8a_singular_s_from_the_command_line_exits_2(capsys):
    assert cli.main(["evaluate", "5.8a", "--set", "S=[[1, 1], [1, 1.0000000000000002]]"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: S is singular") and err.count("\n") == 1


# --- 5.3: a tiny σ ----------------------------------------------------------------------------


@pytest.mark.parametrize("sigma", [1e-3, 1e-8, 1e-150, 1e-300])
def test_5_3_tiny_sigma_is_exact_far_from_mu_and_at_mu_plus_sigma(sigma):
    ex = registry.get("5.3")
    far = ex.evaluate(ex.inputs({"x": 0.5, "mu": 0.0, "sigma": sigma}))
    assert far["value"] == 0.0 and far["derivative"] == 0.0  # not nan from ∞·0
    at = ex.evaluate(ex.inputs({"x": sigma, "mu": 0.0, "sigma": sigma}))
    assert at["value"] == pytest.approx(np.exp(-0.5), rel=1e-12)
    assert at["derivative"] == pytest.approx(-np.exp(-0.5) / sigma, rel=1e-12)


@pytest.mark.parametrize("sigma", [1e-3, 1e-6, 1e-12])
def test_5_3_tiny_sigma_bump_is_drawn_not_missed_by_the_grid(sigma):
    ex = registry.get("5.3")
    v = ex.inputs({"mu": 0.3, "sigma": sigma})
    views = ex.views(v)
    f = views["f"].curves[0]
    assert np.nanmax(f.y) == pytest.approx(1.0)
    assert np.sum(f.y > 0.5) >= 5  # the bump has width on the curve, not one sample
    extremes = [m.y for m in views["df"].markers if m.role == "feature"]
    assert max(extremes) == pytest.approx(np.exp(-0.5) / sigma)
    assert np.nanmax(views["df"].curves[0].y) == pytest.approx(max(extremes), rel=1e-3)


# --- 5.6-f: a tiny t --------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [1.0, 1e-100, 1e-160, 1e-200, 1e-300])
def test_5_6_f_gradient_is_accurate_for_a_tiny_t(scale):
    """tᵀt underflows for |t| < 1e-154 although f and df/dt are finite there."""
    ex = registry.get("5.6-f")
    t = np.array([0.3, -0.5]) * scale
    out = ex.evaluate(ex.inputs({"t": t}))
    tm = [mpmath.mpf(float(c)) for c in t]
    tt = sum(c * c for c in tm)
    assert close(out["value"], mpmath.sin(mpmath.log(tt)), rel=1e-12)
    for got, c in zip(out["derivative"][0], tm, strict=True):
        assert close(got, 2 * mpmath.cos(mpmath.log(tt)) / tt * c, rel=1e-12)
