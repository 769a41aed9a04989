"""Your own function: parsed safely, differentiated by SymPy, with the 5.1 and 5.4 panes."""

import math
import re

import numpy as np
import pytest
import sympy as sp

from explorer.core import registry
from explorer.core.custom import CustomFunction
from explorer.core.errors import InputError
from explorer.core.exercises.ex5_4 import coefficients
from explorer.core.expr import ParseError
from explorer.core.scalar import X


def test_same_panes_as_5_1_and_5_4():
    f = CustomFunction("log(x^4)*sin(x^3)", x_range=(-2.2, 2.2))
    v = f.inputs({"x": 1.3})
    views = f.views(v)
    assert set(views) == {"f", "df", "taylor", "error", "coefficients"}
    assert [p.name for p in f.panes] == list(views)
    ref = registry.get("5.1")
    np.testing.assert_allclose(views["df"].curves[0].y, ref.views(ref.inputs({"x": 1.3}))[
        "df"].curves[0].y, equal_nan=True)
    out = f.compute(v)
    assert out["derivative"] == pytest.approx(ref.compute(ref.inputs({"x": 1.3}))["derivative"])


def test_derivative_by_sympy():
    f = CustomFunction("x^3*exp(-x)")
    assert sp.simplify(f.derivative - (3 * X**2 - X**3) * sp.exp(-X)) == 0
    assert "e^{- x}" in f.derivative_latex


def test_taylor_matches_5_4_for_sin_plus_cos():
    f = CustomFunction("sin(x) + cos(x)")
    for n, x0 in [(5, 0.0), (20, 0.7), (12, -2.0)]:
        got = f.compute(f.inputs({"n": n, "x0": x0}))["coefficients"]
        np.testing.assert_allclose(got, coefficients(n, x0), atol=1e-12)


@pytest.mark.parametrize("text", ["tan(x)", "exp(-x^2)*sin(3*x)", "sqrt(1 + x^2)",
                                  "sigmoid(x)", "x^x", "log(2 + cos(x))", "tanh(x)^2",
                                  "1/(2 - x)", "2^x + sech(x)"])
def test_taylor_coefficients_equal_sympy_derivatives(text):
    f = CustomFunction(text)
    x0 = 0.6
    got = f.compute(f.inputs({"n": 6, "x0": x0}))["coefficients"]
    want = [float(sp.diff(f.expr, X, k).subs(X, x0)) / math.factorial(k) for k in range(7)]
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)


def test_order_twenty_works_even_where_symbolic_derivatives_swell():
    f = CustomFunction("exp(-x^2)*tan(x)")
    views = f.views(f.inputs({"n": 20, "x0": 0.3}))
    coefficients = views["coefficients"].values
    assert len(coefficients) == 21 and np.isfinite(coefficients).all()


def test_poles_are_gaps_not_crashes():
    f = CustomFunction("1/x")
    views = f.views(f.inputs({"x": 0.0, "x0": 0.0}))
    assert views["f"].note  # x = 0 is outside the domain
    assert np.isnan(views["coefficients"].values).all()


def test_bad_text_is_refused():
    with pytest.raises(ParseError):
        CustomFunction("__import__('os')")
    with pytest.raises(ParseError, match="unknown name 'y'"):
        CustomFunction("x + y")
    with pytest.raises(ParseError):
        CustomFunction("[x, x]")  # not a scalar
    with pytest.raises(InputError):
        CustomFunction("x/0*x")


@pytest.mark.parametrize("text", ["log(-1)", "sqrt(-1)", "(-8)^(1/3)", "sqrt(x - 5)"])
def test_no_real_value_anywhere_is_refused_with_a_message(text):
    with pytest.raises(InputError, match="has no real value for -3 ≤ x ≤ 3"):
        CustomFunction(text)


@pytest.mark.parametrize("text, part", [("inv(eye(2))", "eye(2)"), ("eye(2)", "eye(2)"),
                                        ("tr(eye(3))*x", "eye(3)"), ("[x, 1]", "[x, 1]")])
def test_a_matrix_anywhere_in_f_is_named(text, part):
    with pytest.raises(ParseError, match=rf"f must be a scalar function of x: "
                       rf"{re.escape(part)} is \d×\d, not a scalar"):
        CustomFunction(text)


def test_complex_values_are_gaps():
    f = CustomFunction("x + (x - abs(x))*log(-1)")  # x + iπ(x − |x|): real for x ≥ 0
    assert f.expr.has(sp.I)
    for x in (-2.0, 1.5):
        views = f.views(f.inputs({"x": x, "x0": x}))
        xs, ys = views["f"].curves[0].x, views["f"].curves[0].y
        assert np.isnan(ys[xs < 0]).all()
        np.testing.assert_allclose(ys[xs >= 0], xs[xs >= 0])
        assert bool(views["f"].note) == (x < 0)  # "outside the domain" at a complex x
        f.compute(f.inputs({"x": x, "x0": x}))


def test_a_complex_constant_factor_is_a_gap_where_not_real():
    f = CustomFunction("x + log(-1)*x^2")  # x + iπx²: real at x = 0 only
    ys = f.views(f.inputs({}))["f"].curves[0].y
    assert np.isfinite(ys).sum() == 1


def test_the_points_open_where_f_is_defined():
    f = CustomFunction("log(x)")
    assert f.param("x0").default == 1.0 and f.param("x").default == 1.0
    g = CustomFunction("sqrt(-x)")  # f′ is infinite at 0
    assert g.param("x").default == -0.01 and g.param("x0").default == -0.01
    h = CustomFunction("log(x - 1.5)")
    assert h.param("x").default == 1.51 and h.param("x0").default == 1.51
    assert CustomFunction("sin(x)").param("x0").default == 0.0


def test_markers_where_f_is_undefined_stay_finite():
    f = CustomFunction("log(x)")
    views = f.views(f.inputs({"x": -1.0, "x0": -2.0}))
    for name in ("f", "df", "taylor", "error"):
        assert all(np.isfinite(m.y) for m in views[name].markers), name


def test_making_stops_between_steps_when_cancelled():
    from explorer.core.custom import make_custom
    from explorer.core.errors import Cancelled

    asked = []
    with pytest.raises(Cancelled):
        make_custom("x^2", cancelled=lambda: asked.append(1) or True)
    assert asked == [1]  # before drawing: nothing after the first safe point ran
    assert make_custom("x^2").derivative_latex == "2 x"


def test_a_tower_too_deep_for_sympy_is_refused():
    from explorer.core.custom import make_custom

    with pytest.raises(InputError, match="nested too deeply to differentiate"):
        make_custom("^".join(["x"] * 150))
