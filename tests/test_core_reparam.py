"""Exercise 5.9: the reparameterization gradient of the concrete Gaussian model.

Every derivative is checked against SymPy and against finite differences at random points;
the closed-form expected gradient against SymPy and against a large Monte-Carlo sample."""

import json
import subprocess
import sys
from functools import cache

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core import registry
from explorer.core import reparam as R
from explorer.core.errors import InputError
from explorer.core.exercises.ex5_9 import (
    EXERCISE,
    MAX_SAMPLES,
    _bound,
    binned_counts,
    standard_normals,
)
from explorer.core.numeric import central_difference
from explorer.core.views import ConvergenceView, SampleCloudView

finite = st.floats(-2.5, 2.5, allow_nan=False, allow_infinity=False)
log_scale = st.floats(-1.5, 1.0, allow_nan=False, allow_infinity=False)


@st.composite
def point(draw, sizes=(1, 2, 3)):
    """Random (x, eps, m, omega) of one random size E."""
    size = draw(st.sampled_from(sizes))
    vec = lambda elems: np.array(draw(st.lists(elems, min_size=size, max_size=size)))  # noqa: E731
    return vec(finite), vec(finite), vec(finite), vec(log_scale)


def nu_of(m, omega):
    return np.concatenate([m, omega])


def split(nu):
    half = nu.size // 2
    return nu[:half], nu[half:]


# --- SymPy: the model written out symbolically -----------------------------------------
@cache
def symbolic(size: int):
    """Symbols and the expressions g(x, z, ν), g(x, t(ε, ν), ν) and E_ε[g] for size E."""
    x = sp.symbols(f"x0:{size}", real=True)
    z = sp.symbols(f"z0:{size}", real=True)
    e = sp.symbols(f"e0:{size}", real=True)
    m = sp.symbols(f"m0:{size}", real=True)
    w = sp.symbols(f"w0:{size}", real=True)

    def normal_logpdf(v, mean, sd):
        return -sp.log(2 * sp.pi) / 2 - sp.log(sd) - (v - mean) ** 2 / (2 * sd**2)

    g_z = sum(normal_logpdf(z[i], 0, 1) + normal_logpdf(x[i], z[i], 1)
              - normal_logpdf(z[i], m[i], sp.exp(w[i])) for i in range(size))
    t = {z[i]: m[i] + sp.exp(w[i]) * e[i] for i in range(size)}
    g_eps = sp.expand(g_z.subs(t))
    # g is a polynomial of degree 2 in the independent standard normals ε_i:
    # E[ε_i] = 0, E[ε_i²] = 1, E[ε_i ε_j] = 0 for i ≠ j.
    poly = sp.Poly(g_eps, *e)
    expected = sum(coef * sp.prod([_moment(k) for k in powers])
                   for powers, coef in poly.terms())
    return x, z, e, m, w, g_z, g_eps, sp.simplify(expected)


def _moment(k: int) -> int:
    return {0: 1, 1: 0, 2: 1}[k]


def subs_point(size, x, eps, m, omega):
    xs, _, es, ms, ws, *_ = symbolic(size)
    vals = {}
    for syms, arr in ((xs, x), (es, eps), (ms, m), (ws, omega)):
        vals.update({s: float(a) for s, a in zip(syms, arr, strict=True)})
    return vals


def sym_row(exprs, vals):
    return np.array([[float(e.subs(vals)) for e in exprs]])


@settings(max_examples=15, deadline=None)
@given(point(sizes=(1, 2)))
def test_total_derivative_matches_sympy(p):
    x, eps, m, omega = p
    size = x.size
    _, _, _, ms, ws, _, g_eps, _ = symbolic(size)
    expected = sym_row([sp.diff(g_eps, s) for s in (*ms, *ws)], subs_point(size, *p))
    np.testing.assert_allclose(R.total_derivative(x, eps, m, omega), expected,
                               rtol=1e-9, atol=1e-9)


@settings(max_examples=15, deadline=None)
@given(point(sizes=(1, 2)))
def test_chain_pieces_match_sympy(p):
    x, eps, m, omega = p
    size = x.size
    _, zs, es, ms, ws, g_z, _, _ = symbolic(size)
    vals = subs_point(size, *p)
    zval = R.transform(eps, m, omega)
    vals_z = {**vals, **{s: float(a) for s, a in zip(zs, zval, strict=True)}}
    np.testing.assert_allclose(R.dg_dz(x, eps, m, omega),
                               sym_row([sp.diff(g_z, s) for s in zs], vals_z), atol=1e-9)
    np.testing.assert_allclose(R.direct_term(eps, m, omega),
                               sym_row([sp.diff(g_z, s) for s in (*ms, *ws)], vals_z),
                               atol=1e-9)
    t = sp.Matrix([ms[i] + sp.exp(ws[i]) * es[i] for i in range(size)])
    jac = np.array(t.jacobian([*ms, *ws]).subs(vals), dtype=float)
    np.testing.assert_allclose(R.dz_dnu(eps, omega), jac, atol=1e-12)


@pytest.mark.parametrize("size", [1, 2])
def test_expected_value_and_gradient_match_sympy(size):
    rng = np.random.default_rng(size)
    x, m, omega = rng.normal(size=(3, size))
    _, _, _, ms, ws, _, _, expected = symbolic(size)
    vals = subs_point(size, x, np.zeros(size), m, omega)
    assert R.expected_value(x, m, omega) == pytest.approx(float(expected.subs(vals)), rel=1e-12)
    grad = sym_row([sp.diff(expected, s) for s in (*ms, *ws)], vals)
    np.testing.assert_allclose(R.expected_gradient(x, m, omega), grad, rtol=1e-12)
    # and the hand-derived form [x − 2m, 1 − 2s²]
    np.testing.assert_allclose(R.expected_gradient(x, m, omega)[0],
                               np.concatenate([x - 2 * m, 1 - 2 * np.exp(2 * omega)]))


# --- finite differences -------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(point())
def test_total_derivative_matches_finite_differences_of_value(p):
    x, eps, m, omega = p
    fd = central_difference(lambda nu: R.g_value(x, eps, *split(nu)), nu_of(m, omega))
    np.testing.assert_allclose(R.total_derivative(x, eps, m, omega)[0], fd,
                               rtol=1e-5, atol=1e-5)
    # the evaluate contract: value and derivative of the exercise itself
    out = EXERCISE.evaluate(EXERCISE.inputs({"x": x, "eps": eps, "m": m, "omega": omega}))
    assert out["shape"] == [1, 2 * x.size]
    assert out["value"] == pytest.approx(float(R.g_value(x, eps, m, omega)))
    np.testing.assert_allclose(np.array(out["derivative"])[0], fd, rtol=1e-5, atol=1e-5)


@settings(max_examples=40, deadline=None)
@given(point())
def test_chain_pieces_match_finite_differences(p):
    x, eps, m, omega = p
    z, nu = R.transform(eps, m, omega), nu_of(m, omega)
    np.testing.assert_allclose(
        R.dg_dz(x, eps, m, omega)[0],
        central_difference(lambda z_: R.g_of_z(x, z_, m, omega), z), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(
        R.dz_dnu(eps, omega),
        central_difference(lambda n_: R.transform(eps, *split(n_)), nu), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        R.direct_term(eps, m, omega)[0],
        central_difference(lambda n_: -R.log_q(z, *split(n_)), nu), rtol=1e-5, atol=1e-5)


@settings(max_examples=40, deadline=None)
@given(point())
def test_chain_rule_sums_to_total_and_to_the_simplified_form(p):
    x, eps, m, omega = p
    total = R.total_derivative(x, eps, m, omega)
    assert total.shape == (1, 2 * x.size)
    assert R.dg_dz(x, eps, m, omega).shape == (1, x.size)
    assert R.dz_dnu(eps, omega).shape == (x.size, 2 * x.size)
    assert R.direct_term(eps, m, omega).shape == (1, 2 * x.size)
    z, s = R.transform(eps, m, omega), np.exp(omega)
    np.testing.assert_allclose(total[0], np.concatenate([x - 2 * z, (x - 2 * z) * s * eps + 1]),
                               rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(R.reparam_gradients(x, eps[None, :], m, omega), total,
                               rtol=1e-10, atol=1e-10)
    # Dropping the direct term gives a different (wrong) answer.
    without = R.dg_dz(x, eps, m, omega) @ R.dz_dnu(eps, omega)
    assert np.max(np.abs(without - total)) == pytest.approx(
        np.max(np.abs(R.direct_term(eps, m, omega))))


@settings(max_examples=30, deadline=None)
@given(point())
def test_vectorised_value_agrees_with_the_density_form(p):
    x, _, m, omega = p
    eps = np.random.default_rng(0).standard_normal((50, x.size))
    np.testing.assert_allclose(R.sampled_g(x, eps, m, omega), R.g_value(x, eps, m, omega),
                               rtol=1e-12, atol=1e-12)
    # a scalar x (or ω) stands for the same value in every component
    np.testing.assert_allclose(R.sampled_g(x[0], eps, m, omega[0]),
                               R.g_value(np.full(x.size, x[0]), eps, m,
                                         np.full(x.size, omega[0])), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(
        R.score_gradients(x, eps, m, omega),
        R.g_value(x, eps, m, omega)[:, None] * np.hstack([eps / np.exp(omega), eps**2 - 1]),
        rtol=1e-12, atol=1e-12)


# --- Monte Carlo against the closed form -------------------------------------------------
@pytest.mark.parametrize("size", [1, 2])
def test_large_sample_estimates_agree_with_the_exact_gradient(size):
    """With N = 10⁵ fixed-seed samples the average is within 5 standard errors of the exact
    gradient (a 5σ miss of an unbiased mean has probability < 10⁻⁶). The reparameterized
    SE uses the closed-form variance; the score-function SE the sample variance."""
    rng = np.random.default_rng(100 + size)
    x, m = rng.normal(size=(2, size))
    omega = rng.uniform(-1.0, 0.5, size=size)
    eps = standard_normals(7, size)
    exact = R.expected_gradient(x, m, omega)[0]
    rep = R.reparam_gradients(x, eps, m, omega)
    se = np.sqrt(R.reparam_variance(x, m, omega) / len(eps))
    assert np.all(np.abs(rep.mean(axis=0) - exact) < 5 * se)
    # the sample variance matches the closed form (its relative SE is below 2% here)
    np.testing.assert_allclose(rep.var(axis=0, ddof=1), R.reparam_variance(x, m, omega),
                               rtol=0.08)
    sco = R.score_gradients(x, eps, m, omega)
    se_score = sco.std(axis=0, ddof=1) / np.sqrt(len(eps))
    assert np.all(np.abs(sco.mean(axis=0) - exact) < 5 * se_score)
    # … and the score function pays for it with a larger variance in every component.
    assert np.all(sco.var(axis=0) > rep.var(axis=0))
    # E_ε[g] itself
    g = R.sampled_g(x, eps, m, omega)
    assert abs(g.mean() - R.expected_value(x, m, omega)) < 5 * g.std() / np.sqrt(len(g))


def test_running_mean_and_standard_error_match_direct_computation():
    data = np.random.default_rng(3).normal(2.0, 3.0, size=(500, 3))
    checkpoints = R.log_checkpoints(500, count=40)
    mean, se = R.running_mean_and_se(data, checkpoints)
    for row, n in enumerate(checkpoints):
        np.testing.assert_allclose(mean[row], data[:n].mean(axis=0), rtol=1e-10)
        if n >= 2:
            np.testing.assert_allclose(se[row], data[:n].std(axis=0, ddof=1) / np.sqrt(n),
                                       rtol=1e-8)
        else:
            assert np.all(np.isnan(se[row]))
    shifted, _ = R.running_mean_and_se(data, checkpoints, shift=np.array([2.0, 2.0, 2.0]))
    np.testing.assert_allclose(shifted, mean, rtol=1e-10)


@given(st.integers(1, MAX_SAMPLES))
def test_log_checkpoints_run_from_one_to_n(n):
    pts = R.log_checkpoints(n)
    assert pts[0] == 1 and pts[-1] == n
    assert np.all(np.diff(pts) > 0)


def test_monte_carlo_draws_extend_the_same_sequence():
    v10 = EXERCISE.inputs({"samples": 10})
    v1000 = EXERCISE.inputs({"samples": 1000})
    a = EXERCISE.views(v10)["samples"].samples
    b = EXERCISE.views(v1000)["samples"].samples
    np.testing.assert_array_equal(a, b[:10])
    assert not standard_normals(0, 1).flags.writeable


# --- the exercise: evaluate contract and views ---------------------------------------------
def test_evaluate_defaults_and_extras():
    ex = registry.get("5.9")
    out = ex.evaluate(ex.inputs())
    assert set(out["inputs"]) == {"E", "x", "m", "omega", "eps", "samples", "seed"}
    assert out["shape"] == [1, 2]
    x, m, omega, eps = (np.array(out["inputs"][k]) for k in ("x", "m", "omega", "eps"))
    np.testing.assert_allclose(out["derivative"], R.total_derivative(x, eps, m, omega))
    np.testing.assert_allclose(np.array(out["chain_product"]) + np.array(out["direct"]),
                               out["derivative"])
    np.testing.assert_allclose(np.array(out["dg_dz"]) @ np.array(out["dz_dnu"]),
                               out["chain_product"])
    np.testing.assert_allclose(out["exact_expected_gradient"],
                               R.expected_gradient(x, m, omega))
    assert np.array(out["reparam_mean"]).shape == (1, 2)
    json.dumps(out)  # plain JSON all the way down


def test_evaluate_with_two_dimensions_echoes_seeded_draws():
    ex = registry.get("5.9")
    out = ex.evaluate(ex.inputs({"E": 2, "seed": 4}))
    assert out["shape"] == [1, 4]
    again = ex.evaluate(ex.inputs({k: np.array(v) if isinstance(v, list) else v
                                   for k, v in out["inputs"].items()}))
    assert again["derivative"] == out["derivative"]
    assert again["reparam_mean"] == out["reparam_mean"]


@pytest.mark.parametrize("given_inputs, words", [
    ({"omega": np.array([25.0])}, "omega"),
    ({"x": np.array([1.0, 2.0]), "m": np.array([1.0])}, "shapes disagree"),
    ({"samples": 0}, "samples"),
    ({"E": 5}, "E"),
])
def test_bad_inputs_are_input_errors(given_inputs, words):
    with pytest.raises(InputError, match=words):
        EXERCISE.inputs(given_inputs)


def test_cli_evaluate_and_bad_input_exit_codes():
    ok = subprocess.run([sys.executable, "-m", "explorer", "evaluate", "5.9",
                         "--set", "x=[1, -1]", "--set", "samples=10"],
                        capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["shape"] == [1, 4]
    bad = subprocess.run([sys.executable, "-m", "explorer", "evaluate", "5.9",
                          "--set", "omega=[99]"], capture_output=True, text=True, check=False)
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "omega" in bad.stderr


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5000), st.integers(8, 80), st.floats(-4.0, 1.0), st.floats(0.01, 6.0),
       st.integers(0, 2**32 - 1))
def test_binned_counts_match_numpy_histogram(n, bins, lo, width, seed):
    values = np.random.default_rng(seed).normal(0.0, 2.0, size=n)
    counts = binned_counts(values, lo, lo + width, bins)
    expected, _ = np.histogram(values, bins=bins, range=(lo, lo + width))
    np.testing.assert_array_equal(counts, expected)
    assert counts.sum() == np.count_nonzero((values >= lo) & (values < lo + width))


@pytest.mark.parametrize("size, mode", [(1, "histogram"), (2, "scatter"), (3, "scatter")])
def test_views_cover_every_pane(size, mode):
    v = EXERCISE.inputs({"E": size, "samples": 2000})
    views = EXERCISE.views(v)
    assert set(views) == {p.name for p in EXERCISE.panes}
    samples = views["samples"]
    assert isinstance(samples, SampleCloudView)
    assert [p.mode for p in samples.panels] == [mode, mode]
    assert samples.samples.shape == (2000, 2 * size)
    exact = R.expected_gradient(v["x"], v["m"], v["omega"])[0]
    assert samples.panels[0].exact[0] == pytest.approx(exact[0])
    assert samples.panels[1].exact[0] == pytest.approx(exact[size])
    if mode == "histogram":
        p = samples.panels[0]
        assert len(p.x) == len(p.y) + 1
        mass = float(np.sum(p.y * np.diff(p.x)))
        assert 0.99 <= mass <= 1.0 + 1e-12  # the central 99.5% at least
    conv = views["convergence"]
    assert isinstance(conv, ConvergenceView) and len(conv.panels) == 2
    assert conv.panels[0].n[-1] == 2000
    last = np.array([s.mean[-1] for p in conv.panels for s in p.series])
    np.testing.assert_allclose(last, samples.samples.mean(axis=0), rtol=1e-10)
    est = views["estimators"]
    assert [len(p.series) for p in est.panels] == [2 * size, 2 * size]
    assert est.panels[0].y_range == est.panels[1].y_range
    assert "Var" in est.panels[0].title and "Var" in est.panels[1].title
    chain = views["chain"]
    assert [t.values.shape for t in chain.terms] == [
        (1, size), (size, 2 * size), (1, 2 * size), (1, 2 * size)]
    assert all("✓" in t.check for t in chain.terms)
    for view in views.values():
        header, rows = view.table()
        assert rows and all(len(r) == len(header) for r in rows)


def test_single_sample_is_shown_and_score_variance_is_reported_larger():
    v = EXERCISE.inputs({"samples": 5000})
    views = EXERCISE.views(v)
    single = R.total_derivative(v["x"], v["eps"], v["m"], v["omega"])[0]
    assert views["samples"].panels[0].single == pytest.approx((single[0],))
    assert views["samples"].panels[1].single == pytest.approx((single[1],))
    assert "× to" in views["estimators"].note
    one = EXERCISE.views(EXERCISE.inputs({"samples": 1}))
    assert "N = 1" in one["estimators"].note


def test_headline_matches_compute_without_monte_carlo(monkeypatch):
    from explorer.core import registry
    from explorer.core.exercises import ex5_9

    ex = registry.get("5.9")
    v = ex.inputs({"E": 2})
    full = ex.compute(v)
    monkeypatch.setattr(ex5_9.EXERCISE, "_monte_carlo",
                        lambda v: (_ for _ in ()).throw(AssertionError("MC in headline")))
    value, derivative = ex.headline(v)
    assert value == full["value"]
    np.testing.assert_array_equal(derivative, full["derivative"])


@given(st.floats(1e-300, 1e300))
def test_error_bound_is_the_next_power_of_ten(err):
    text = _bound(err)
    assert text.startswith("< 1e")
    bound = float(text[2:])
    assert err < bound <= 10 * err * (1 + 1e-12)
    assert _bound(0.0) == "0"


@pytest.mark.parametrize("size", [1, 2, 4])
def test_stacked_central_differences_are_the_one_point_ones(size):
    """The chain pane's check differentiates stacks of points in one call: the same
    numbers as one point at a time."""
    from explorer.core.numeric import central_difference_stacked

    rng = np.random.default_rng(size)
    x, m, omega, eps = (rng.normal(size=size) for _ in range(4))
    z, nu = R.transform(eps, m, omega), np.concatenate([m, omega])

    def split(n_):
        return n_[..., :size], n_[..., size:]

    for fn, at in ((lambda z_: R.g_of_z(x, z_, m, omega), z),
                   (lambda n_: R.transform(eps, *split(n_)), nu),
                   (lambda n_: R.g_value(x, eps, *split(n_)), nu)):
        np.testing.assert_array_equal(central_difference_stacked(fn, at),
                                      central_difference(fn, at))
    square = central_difference_stacked(lambda a: a**2, np.array([[1.0, -2.0], [3.0, 0.5]]))
    np.testing.assert_allclose(square, central_difference(lambda a: a**2,
                                                          np.array([[1.0, -2.0], [3.0, 0.5]])))
