"""5.5-f1 … 5.8c: every derivative the app shows against (1) the closed form
(docs/conventions.md), (2) SymPy on explicit symbols for the concrete size (never MatrixSymbol:
its differentiation silently returns 0 for several of these functions), and (3) central
differences — at random points and sizes."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from explorer.core import registry
from explorer.core.errors import InputError
from explorer.core.exercises.ex5_8a import s_from_sliders
from explorer.core.numeric import central_difference

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
IDS = ("5.5-f1", "5.5-f2", "5.5-f3", "5.6-f", "5.6-g", "5.7a", "5.7b", "5.8a", "5.8b", "5.8c")


def arrays(shape, lo=-2.0, hi=2.0):
    """Hypothesis strategy: a float array of the given shape."""
    size = int(np.prod(shape))
    return st.lists(st.floats(lo, hi, allow_nan=False), min_size=size, max_size=size).map(
        lambda xs: np.array(xs, dtype=float).reshape(shape))


def sizes_and(draw_shapes):
    """Strategy: (size, arrays…) — first a size, then arrays shaped by it."""
    return st.integers(1, 4).flatmap(draw_shapes)


def vec(name, n):
    return sp.Matrix(sp.symbols(f"{name}0:{n}", real=True))


def mat(name, rows, cols):
    return sp.Matrix(rows, cols, sp.symbols(f"{name}0:{rows * cols}", real=True))


def numeric(expr, symbols):
    return sp.lambdify([list(symbols)], expr, "numpy")


def close(a, b, rtol=1e-6, atol=1e-8):
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float),
                               rtol=rtol, atol=atol)


def derivative(exercise_id, given):
    ex = registry.get(exercise_id)
    out = ex.evaluate(ex.inputs(given))
    return np.array(out["derivative"]), out


# --- SymPy truths, derived once per size --------------------------------------------------


@cache
def truth_5_5_f1():
    x = vec("x", 2)
    f = sp.sin(x[0]) * sp.cos(x[1])
    return numeric(sp.Matrix([f]).jacobian(x), x)


@cache
def truth_5_5_f2(n):
    x, y = vec("x", n), vec("y", n)
    f = (x.T * y)[0, 0]
    xy = sp.Matrix.vstack(x, y)
    return numeric(sp.Matrix([f]).jacobian(xy), xy)


@cache
def truth_5_5_f3(n):
    x = vec("x", n)
    outer = x * x.T
    tensor = [[[sp.diff(outer[i, j], x[k]) for k in range(n)] for j in range(n)]
              for i in range(n)]
    return numeric(sp.Array(tensor), x)


@cache
def truth_5_6_f(d):
    t = vec("t", d)
    f = sp.sin(sp.log((t.T * t)[0, 0]))
    return numeric(sp.Matrix([f]).jacobian(t), t)


@cache
def truth_5_6_g(d, e, f):
    a, x, b = mat("a", d, e), mat("x", e, f), mat("b", f, d)
    g = (a * x * b).trace()
    grad = sp.Matrix(e, f, lambda k, j: sp.diff(g, x[k, j]))
    return numeric(grad, list(a) + list(x) + list(b))


@cache
def truth_5_7a(d):
    x = vec("x", d)
    f = sp.log(1 + (x.T * x)[0, 0])
    return numeric(sp.Matrix([f]).jacobian(x), x)


@cache
def truth_layer(e, d, fn):
    x, a, b = vec("x", d), mat("a", e, d), vec("b", e)
    f = (a * x + b).applyfunc(fn)
    return numeric(f.jacobian(x), list(x) + list(a) + list(b))


@cache
def truth_5_8a(d):
    x, mu, s = vec("x", d), vec("m", d), mat("s", d, d)
    y = x - mu
    f = sp.exp(-(y.T * s.inv() * y)[0, 0] / 2)
    return numeric(sp.Matrix([f]).jacobian(x), list(x) + list(mu) + list(s))


@cache
def truth_5_8b(d):
    x, sigma = vec("x", d), sp.Symbol("sigma", real=True)
    f = (x * x.T + sigma**2 * sp.eye(d)).trace()
    return numeric(sp.Matrix([f]).jacobian(x), [*x, sigma])


# --- 5.5 ------------------------------------------------------------------------------------


@SETTINGS
@given(arrays((2,), -4, 4))
def test_5_5_f1(x):
    jac, out = derivative("5.5-f1", {"x": x})
    closed = [[np.cos(x[0]) * np.cos(x[1]), -np.sin(x[0]) * np.sin(x[1])]]
    assert out["shape"] == [1, 2]
    close(jac, closed)
    close(jac, truth_5_5_f1()(x))
    close(jac[0], central_difference(lambda p: np.sin(p[0]) * np.cos(p[1]), x), 1e-5, 1e-7)


@SETTINGS
@given(sizes_and(lambda n: st.tuples(arrays((n,)), arrays((n,)))))
def test_5_5_f2(xy):
    x, y = xy
    n = x.size
    jac, out = derivative("5.5-f2", {"x": x, "y": y})
    assert out["shape"] == [1, 2 * n]
    close(out["value"], x @ y)
    close(jac, np.concatenate([y, x])[None, :])  # [yᵀ, xᵀ]
    close(out["d_dx"], y[None, :])
    close(jac, truth_5_5_f2(n)(np.concatenate([x, y])))
    stacked = np.concatenate([x, y])
    close(jac[0], central_difference(lambda p: p[:n] @ p[n:], stacked), 1e-5, 1e-7)


@SETTINGS
@given(sizes_and(lambda n: arrays((n,))))
def test_5_5_f3_full_tensor(x):
    n = x.size
    jac, out = derivative("5.5-f3", {"x": x})
    assert out["shape"] == [n, n, n]
    close(out["value"], np.outer(x, x))
    close(jac, truth_5_5_f3(n)(x))
    close(jac, central_difference(lambda p: np.outer(p, p), x), 1e-5, 1e-7)


# --- 5.6 ------------------------------------------------------------------------------------


@SETTINGS
@given(sizes_and(lambda d: arrays((d,))))
def test_5_6_f(t):
    assume(t @ t > 1e-2)
    d = t.size
    jac, out = derivative("5.6-f", {"t": t})
    tt = t @ t
    assert out["shape"] == [1, d]
    close(jac, (2 * np.cos(np.log(tt)) / tt * t)[None, :])
    close(jac, truth_5_6_f(d)(t))
    fd = central_difference(lambda p: np.sin(np.log(p @ p)), t, h=1e-7)
    close(jac[0], fd, 1e-4, 1e-5)


def test_5_6_f_zero_is_outside_the_domain():
    with pytest.raises(InputError, match="t = 0"):
        registry.get("5.6-f").inputs({"t": np.zeros(3)})


@SETTINGS
@given(st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3)).flatmap(
    lambda s: st.tuples(arrays((s[0], s[1])), arrays((s[1], s[2])), arrays((s[2], s[0])))))
def test_5_6_g(mats):
    a, x, b = mats
    jac, out = derivative("5.6-g", {"A": a, "X": x, "B": b})
    assert out["shape"] == list(x.shape)  # reported with the shape of X
    close(out["value"], np.trace(a @ x @ b))
    close(jac, a.T @ b.T)
    close(jac, truth_5_6_g(*a.shape, x.shape[1])(np.concatenate([a.ravel(), x.ravel(),
                                                                 b.ravel()])))
    close(jac, central_difference(lambda m: np.trace(a @ m @ b), x), 1e-5, 1e-7)


def test_5_6_g_gradient_does_not_depend_on_x():
    ex = registry.get("5.6-g")
    v = ex.inputs({"seed": 3})
    moved = dict(v, X=v["X"] + 5.0)
    assert ex.evaluate(v)["value"] != ex.evaluate(moved)["value"]
    assert ex.evaluate(v)["derivative"] == ex.evaluate(moved)["derivative"]
    close(ex.views(v)["gradient"].matrix, ex.views(moved)["gradient"].matrix, 0, 0)


# --- 5.7 ------------------------------------------------------------------------------------


@SETTINGS
@given(sizes_and(lambda d: arrays((d,))))
def test_5_7a(x):
    d = x.size
    jac, out = derivative("5.7a", {"x": x})
    assert out["shape"] == [1, d]
    close(jac, (2 * x / (1 + x @ x))[None, :])
    close(jac, truth_5_7a(d)(x))
    close(jac[0], central_difference(lambda p: np.log1p(p @ p), x), 1e-5, 1e-7)
    dfdz, dzdx = (np.array(f["value"]) for f in out["factors"])
    assert dfdz.shape == (1, 1) and dzdx.shape == (1, d)
    close(dfdz, [[1 / (1 + x @ x)]])
    close(dzdx, 2 * x[None, :])
    close(dfdz @ dzdx, jac)


def layer_inputs():
    return st.tuples(st.integers(1, 4), st.integers(1, 4)).flatmap(
        lambda s: st.tuples(arrays((s[1],)), arrays((s[0], s[1])), arrays((s[0],))))


@pytest.mark.parametrize(("exercise_id", "fn", "dfn", "sizes"), [
    ("5.7b", sp.sin, lambda z: np.cos(z), ("E", "D")),
    ("5.8c", sp.tanh, lambda z: 1 / np.cosh(z) ** 2, ("M", "N")),
])
def test_layers(exercise_id, fn, dfn, sizes):
    @SETTINGS
    @given(layer_inputs())
    def check(inputs):
        x, a, b = inputs
        e, d = a.shape
        jac, out = derivative(exercise_id, {"x": x, "A": a, "b": b})
        z = a @ x + b
        assert out["shape"] == [e, d]
        assert out["inputs"][sizes[0]] == e and out["inputs"][sizes[1]] == d
        close(jac, np.diag(dfn(z)) @ a)
        close(jac, truth_layer(e, d, fn)(np.concatenate([x, a.ravel(), b])))
        phi = np.sin if exercise_id == "5.7b" else np.tanh
        close(jac, central_difference(lambda p: phi(a @ p + b), x), 1e-5, 1e-7)
        dfdz, dzdx = (np.array(f["value"]) for f in out["factors"])
        assert dfdz.shape == (e, e) and dzdx.shape == (e, d)  # M×M and M×N, not swapped
        close(dfdz, np.diag(dfn(z)))
        close(dfdz @ dzdx, jac)

    check()


# --- 5.8 ------------------------------------------------------------------------------------


def gaussian_inputs():
    """x, μ and an invertible, generally non-symmetric S (well conditioned)."""
    return st.integers(1, 3).flatmap(lambda d: st.tuples(
        arrays((d,)), arrays((d,), -1, 1), arrays((d, d), -0.8, 0.8)))


@SETTINGS
@given(gaussian_inputs())
def test_5_8a(inputs):
    x, mu, noise = inputs
    d = x.size
    s = np.eye(d) * 1.5 + noise
    assume(np.linalg.cond(s) < 50)
    jac, out = derivative("5.8a", {"x": x, "mu": mu, "S": s})
    inv = np.linalg.inv(s)
    y = x - mu
    z = y @ inv @ y
    assert out["shape"] == [1, d]
    close(out["inputs"]["S"], s)
    close(jac, (-0.5 * np.exp(-z / 2) * y @ (inv + inv.T))[None, :])
    close(jac, truth_5_8a(d)(np.concatenate([x, mu, s.ravel()])))
    fd = central_difference(lambda p: np.exp(-((p - mu) @ inv @ (p - mu)) / 2), x)
    close(jac[0], fd, 1e-5, 1e-7)
    factors = [np.array(f["value"]) for f in out["factors"]]
    assert [f.shape for f in factors] == [(1, 1), (1, d), (d, d)]
    close(factors[0] @ factors[1] @ factors[2], jac)


def test_5_8a_s_from_sliders_is_echoed_and_not_symmetric():
    ex = registry.get("5.8a")
    out = ex.evaluate(ex.inputs({"s1": 2.0, "s2": 0.5, "rho": 0.5, "skew": 0.25}))
    s = np.array(out["inputs"]["S"])
    close(s, [[4.0, 0.75], [0.25, 0.25]])
    assert not np.allclose(s, s.T)
    # the echoed inputs alone reproduce the result
    again = ex.evaluate(ex.inputs({k: (np.array(v) if isinstance(v, list) else v)
                                   for k, v in out["inputs"].items()}))
    assert again == out


@pytest.mark.parametrize("given_inputs", [
    {"rho": 1.0, "skew": 0.0}, {"s1": 0.0, "skew": 0.0}, {"S": np.array([[1.0, 2.0], [2.0, 4.0]])}])
def test_5_8a_singular_s_is_refused_but_views_show_a_message(given_inputs):
    ex = registry.get("5.8a")
    with pytest.raises(InputError, match="singular"):
        ex.inputs(given_inputs)
    v = dict(ex.inputs({}))
    if "S" in given_inputs:
        v["S"] = given_inputs["S"]
    else:
        v.update(given_inputs)
        v["S"] = s_from_sliders(2, v["s1"], v["s2"], v["rho"], v["skew"])
    views = ex.views(v)  # a window reaching a singular S by sliders: no exception
    assert "singular" in views["field"].note and views["field"].values.size == 0
    assert "singular" in views["factors"].note and views["factors"].terms == []


@SETTINGS
@given(sizes_and(lambda d: arrays((d,))), st.floats(0, 3))
def test_5_8b(x, sigma):
    d = x.size
    jac, out = derivative("5.8b", {"x": x, "sigma": sigma})
    assert out["shape"] == [1, d]
    close(out["value"], x @ x + d * sigma**2)
    close(jac, 2 * x[None, :])
    close(jac, truth_5_8b(d)(np.concatenate([x, [sigma]])))
    fd = central_difference(lambda p: np.trace(np.outer(p, p) + sigma**2 * np.eye(d)), x)
    close(jac[0], fd, 1e-5, 1e-7)


# --- the evaluate contract and the views ----------------------------------------------------


@pytest.mark.parametrize("exercise_id", IDS)
def test_evaluate_echoes_every_input_and_reproduces(exercise_id):
    ex = registry.get(exercise_id)
    out = ex.evaluate(ex.inputs({}))
    assert set(out["inputs"]) == {p.name for p in ex.params}
    assert list(np.shape(out["derivative"])) == out["shape"]
    given_again = {p.name: (np.array(out["inputs"][p.name])
                            if p.kind in ("vector", "matrix") else out["inputs"][p.name])
                   for p in ex.params}
    assert ex.evaluate(ex.inputs(given_again)) == out


@pytest.mark.parametrize("exercise_id", IDS)
def test_views_cover_every_pane_and_export_as_tables(exercise_id):
    ex = registry.get(exercise_id)
    views = ex.views(ex.inputs({}))
    assert [p.name for p in ex.panes] == list(views)
    for view in views.values():
        header, rows = view.table()
        assert rows and all(len(r) == len(header) for r in rows)


def fingerprint(view):
    """What a pane draws: the data, the points on it and the title."""
    return view.table(), repr(getattr(view, "points", None)), view.title


@pytest.mark.parametrize(("exercise_id", "name", "value"), [
    ("5.5-f1", "x", np.array([-1.0, 2.0])), ("5.6-f", "t", np.array([0.3, -2.0])),
    ("5.7a", "x", np.array([2.0, 0.1])), ("5.8a", "mu", np.array([1.0, -1.0])),
    ("5.8b", "sigma", 2.0), ("5.7b", "seed", 7), ("5.8c", "seed", 7),
    ("5.5-f2", "y", np.array([1.0, 2.0, 3.0])), ("5.6-g", "seed", 5), ("5.5-f3", "k", 3),
])
def test_every_view_changes_when_its_parameter_moves(exercise_id, name, value):
    ex = registry.get(exercise_id)
    before = {k: fingerprint(v) for k, v in ex.views(ex.inputs({})).items()}
    after = {k: fingerprint(v) for k, v in ex.views(ex.inputs({name: value})).items()}
    changed = [k for k in before if before[k] != after[k]]
    if exercise_id == "5.5-f3":  # the slice index moves the cube, not the value xxᵀ
        assert changed == ["cube"]
    elif exercise_id == "5.8b":  # σ moves f and xxᵀ + σ²I, but not the gradient 2xᵀ
        assert changed == ["field", "outer"]
    else:
        assert changed == list(before)


def test_field_point_is_draggable_by_component_and_carries_the_gradient():
    ex = registry.get("5.5-f1")
    field = ex.views(ex.inputs({"x": np.array([0.5, 1.0])}))["field"]
    point = field.points[0]
    assert point.drag == ("x[0]", "x[1]")
    assert (point.x, point.y) == (0.5, 1.0)
    close(point.arrow, [np.cos(0.5) * np.cos(1.0), -np.sin(0.5) * np.sin(1.0)])
    # the map is f over the plane
    iy, ix = 10, 30
    close(field.values[iy, ix], np.sin(field.xs[ix]) * np.cos(field.ys[iy]))


def test_field_of_larger_d_is_the_plane_through_the_point():
    ex = registry.get("5.7a")
    x = np.array([0.5, -1.0, 2.0])
    field = ex.views(ex.inputs({"x": x}))["field"]
    iy, ix = 5, 7
    p = np.array([field.xs[ix], field.ys[iy], 2.0])
    close(field.values[iy, ix], np.log1p(p @ p))
    assert "plane through x" in field.note


def test_factor_captions_show_the_product_equals_the_jacobian():
    for exercise_id in ("5.7a", "5.7b", "5.8a", "5.8c"):
        ex = registry.get(exercise_id)
        view = ex.views(ex.inputs({}))["factors"]
        assert view.ops[-1] == "=" and view.terms[-1].role == "result"
        assert "max |product − df/dx|" in view.caption
        err = float(view.caption.rsplit("=", 1)[1])
        assert err < 1e-12


def test_dragging_the_point_reuses_the_plane_and_other_inputs_redraw_it():
    ex = registry.get("5.8b")
    base = {"x": np.array([0.5, -0.5]), "sigma": 0.7}
    first = ex.views(ex.resolve(base))["field"]
    moved = ex.views(ex.resolve({**base, "x": np.array([1.5, 0.25])}))["field"]
    assert moved.values is first.values and not moved.values.flags.writeable
    assert (moved.points[0].x, moved.points[0].y) == (1.5, 0.25)  # the point follows
    # the plane itself is what a fresh evaluation gives
    xs, ys = np.meshgrid(moved.xs, moved.ys)
    np.testing.assert_allclose(moved.values, xs**2 + ys**2 + 2 * 0.7**2, rtol=1e-12)
    other = ex.views(ex.resolve({**base, "sigma": 1.1}))["field"]
    assert other.values is not first.values
    np.testing.assert_allclose(other.values, xs**2 + ys**2 + 2 * 1.1**2, rtol=1e-12)
    far = ex.views(ex.resolve({**base, "sigma": 1.1, "x": np.array([9.0, 0.0])}))["field"]
    assert far.xs[-1] >= 9.0 and far.values is not other.values  # a wider plane
