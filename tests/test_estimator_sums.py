"""5.9's running statistics from sums over ε (estimator_sums) against the same statistics
computed sample by sample (reparam.estimators + running_mean_and_se)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core import reparam as R
from explorer.core.estimator_sums import EstimatorSums, ReuseWatch, features
from explorer.core.exercises.ex5_9 import EXERCISE, standard_normals


def sample_by_sample(x, m, omega, eps, checkpoints, shift):
    reparam, score = R.estimators(x, eps, m, omega)
    return {k: R.running_mean_and_se(g, checkpoints, shift=shift)
            for k, g in (("reparam", reparam), ("score", score))}


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 3000), st.integers(0, 2**32 - 1),
       st.floats(-5.0, 3.0))
def test_sums_give_the_sample_by_sample_means_and_standard_errors(size, n, seed, log_s):
    rng = np.random.default_rng(seed)
    x, m = rng.uniform(-3, 3, size), rng.uniform(-3, 3, size)
    omega = log_s + rng.uniform(-0.5, 0.5, size)
    eps = rng.standard_normal((n, size))
    checkpoints = R.log_checkpoints(n)
    exact = R.expected_gradient(x, m, omega)[0]
    got = EstimatorSums(eps, checkpoints).stats(x, m, omega, exact)
    want = sample_by_sample(x, m, omega, eps, checkpoints, exact)
    for name in ("reparam", "score"):
        (mean, se), (want_mean, want_se) = got[name], want[name]
        scale = np.nanmax(np.abs(want_se)) if n > 1 else 1.0  # errors relative to the spread
        np.testing.assert_allclose(mean, want_mean, rtol=1e-9, atol=1e-9 * scale)
        np.testing.assert_array_equal(np.isnan(se), np.isnan(want_se))
        np.testing.assert_allclose(se, want_se, rtol=1e-7, atol=1e-9 * scale)
        assert np.all(np.isnan(se[checkpoints < 2]))


def test_sums_stay_exact_where_the_samples_nearly_equal_their_mean():
    """s = e^−19: the reparameterized dg/dω is 1 − 2s² plus terms of order s. Sample by
    sample, subtracting the mean from values near 1 loses most digits; the sums take the
    exact value out of the coefficients instead."""
    size, n = 2, 5000
    x, m, omega = np.array([1.5, 0.5]), np.array([-0.5, 0.2]), np.array([-19.0, -18.5])
    eps = np.random.default_rng(1).standard_normal((n, size))
    checkpoints = R.log_checkpoints(n)
    exact = R.expected_gradient(x, m, omega)[0]
    _, se = EstimatorSums(eps, checkpoints).stats(x, m, omega, exact)["reparam"]
    s, a = np.exp(omega), x - 2 * m
    centred = a * s * eps - 2 * s**2 * (eps**2 - 1)  # dg/dω − exact, term by term
    for row, k in enumerate(checkpoints):
        if k >= 2:
            want = centred[:k].std(axis=0, ddof=1) / np.sqrt(k)
            np.testing.assert_allclose(se[row, size:], want, rtol=1e-9)


def test_features_are_one_noise_and_its_second_hermite_polynomial():
    eps = np.array([[0.5, -2.0]])
    np.testing.assert_array_equal(features(eps), [[1.0, 0.5, -2.0, -0.75, 3.0]])


def test_sums_are_made_only_for_samples_asked_for_twice_in_a_row():
    watch = ReuseWatch()
    eps = np.random.default_rng(0).standard_normal((100, 1))
    checkpoints = R.log_checkpoints(100)
    assert watch.sums((0, 1, 100), eps, checkpoints) is None  # first: sample by sample
    made = watch.sums((0, 1, 100), eps, checkpoints)
    assert isinstance(made, EstimatorSums)
    assert watch.sums((0, 1, 100), eps, checkpoints) is made  # kept while it is asked for
    # a drag of N: new samples every time, never worth the sums
    assert watch.sums((0, 1, 99), eps[:99], checkpoints[:-1]) is None
    assert watch.sums((0, 1, 100), eps, checkpoints) is None


def test_the_exercise_shows_the_same_numbers_either_way():
    """The first update of a drag computes sample by sample, the next ones from the sums:
    the panes must not jump between them."""
    v = EXERCISE.inputs({"E": 2, "samples": 20_000, "seed": 3})
    EXERCISE._reuse = ReuseWatch()  # (this test's own: the first call is sample by sample)
    try:
        direct = EXERCISE.views(v)
        assert EXERCISE._reuse._made is None
        summed = EXERCISE.views(v)
        assert EXERCISE._reuse._made is not None
    finally:
        del EXERCISE._reuse  # back to the class's watch
    for name in ("convergence", "estimators"):
        for p, q in zip(direct[name].panels, summed[name].panels, strict=True):
            for a, b in zip(p.series, q.series, strict=True):
                np.testing.assert_allclose(b.mean, a.mean, rtol=1e-9, atol=1e-12)
                np.testing.assert_allclose(b.se, a.se, rtol=1e-7, atol=1e-12)
            assert p.title == q.title
    for p, q in zip(direct["samples"].panels, summed["samples"].panels, strict=True):
        np.testing.assert_allclose(q.mean, p.mean, rtol=1e-9)
        np.testing.assert_array_equal(q.x, p.x)
    # the CSV still gets every sample
    eps = standard_normals(3, 2)[:20_000]
    np.testing.assert_array_equal(summed["samples"].samples,
                                  R.reparam_gradients(v["x"], eps, v["m"], v["omega"]))
