"""5.9 — the reparameterization gradient, with the book's abstract p, q and t made concrete
(the mathematics is in explorer.core.reparam).

`value` is g(x, t(ε, ν), ν) for the given ε, `derivative` its total derivative with respect
to ν = (m, ω), shape 1×2E. The panes show N single-sample gradients around the exact
∇_ν E_ε[g], their running average converging as N grows, the score-function estimator
beside the reparameterized one, and the three chain-rule pieces of the answer."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np

from explorer.core import reparam as R
from explorer.core.errors import InputError
from explorer.core.estimator_sums import ReuseWatch
from explorer.core.exercise import Exercise, Pane
from explorer.core.numeric import central_difference_stacked
from explorer.core.params import INT, VECTOR, Inputs, Param
from explorer.core.views import View
from explorer.core.views_sampling import (
    ChainView,
    ConvergencePanel,
    ConvergenceView,
    SampleCloudView,
    SamplePanel,
    Series,
    Term,
)

MAX_SAMPLES = 100_000
MAX_E = 4
OMEGA_LIMIT = 20.0  # s = e^ω between 2·10⁻⁹ and 5·10⁸: s⁴ and 1/s² stay representable
SCATTER_POINTS = 2000  # points drawn in a scatter; statistics always use all N samples
QUANTILE_SAMPLES = 20_000  # samples that place a histogram's range (all N are binned)


@lru_cache(maxsize=8)
def standard_normals(seed: int, size: int) -> np.ndarray:
    """MAX_SAMPLES draws of ε ~ N(0, I_size) for this seed (read-only). Taking the first N
    rows means that a larger N extends the same sequence instead of redrawing it. The
    stream is separate from the one `seed` uses for default inputs."""
    rng = np.random.default_rng([int(seed), 5, 9])
    out = rng.standard_normal((size, MAX_SAMPLES)).T  # Fortran order: columns contiguous
    out.setflags(write=False)
    return out


def component_names(size: int) -> list[str]:
    sub = "₁₂₃₄₅₆₇₈₉"
    idx = [""] if size == 1 else [sub[i] for i in range(size)]
    return [f"m{i}" for i in idx] + [f"ω{i}" for i in idx]


class Reparameterization(Exercise):
    id = "5.9"
    title = "The reparameterization gradient"
    group = "5.9"
    statement = ("g = log p(x, z) − log q(z, ν), z = m + exp(ω) ⊙ ε; "
                 "dg/dν = (∂g/∂z)(∂z/∂ν) + ∂g/∂ν")
    variable = "nu"
    params = (
        Param("E", "E", INT, 1, 1, MAX_E, 1,
              f"dimension of x, z, m, ω, ε (1 or 2 shows best; evaluate takes up to {MAX_E})"),
        Param("x", "x", VECTOR, [1.5], -3.0, 3.0, 0.01, "the observation x ∈ ℝᴱ",
              shape=("E",)),
        Param("m", "m", VECTOR, [-0.5], -3.0, 3.0, 0.01, "the mean m of q", shape=("E",)),
        Param("omega", r"\omega", VECTOR, [-0.5], -3.0, 1.5, 0.01,
              f"log standard deviations ω of q, s = exp(ω) (|ω| ≤ {OMEGA_LIMIT:g})",
              shape=("E",)),
        Param("eps", r"\epsilon", VECTOR, [0.8], -3.0, 3.0, 0.01,
              "the noise ε of the single sample z = m + s ⊙ ε", shape=("E",)),
        Param("samples", "N", INT, 1000, 1, MAX_SAMPLES, 1,
              "number N of Monte-Carlo samples of ε"),
        Param("seed", "seed", INT, 0, 0, 2**31 - 1, 1,
              "seed of the Monte-Carlo draws (and of x, m, ω, ε when E > 1)"),
    )
    main_param = "m[0]"
    _reuse = ReuseWatch()
    panes = (
        # the sample clouds and convergence plots are the pictures: give their row room
        Pane("samples", "single-sample gradients", height=3),
        Pane("convergence", "Monte-Carlo average against N", height=3),
        Pane("estimators", "reparameterization vs score function", height=2),
        Pane("chain", "the chain rule of dg/dν", height=2),
    )

    def check_domain(self, v: Inputs) -> None:
        for name, hi in (("E", MAX_E), ("samples", MAX_SAMPLES)):
            if not 1 <= int(v[name]) <= hi:
                raise InputError(f"{name} must be between 1 and {hi}, got {v[name]}")
        omega = np.asarray(v["omega"], dtype=float)
        if np.any(np.abs(omega) > OMEGA_LIMIT):
            raise InputError(f"omega must lie within ±{OMEGA_LIMIT:g} "
                             "(s = e^ω must stay representable)")

    # --- evaluate ---------------------------------------------------------------------
    def compute(self, v: Inputs) -> dict[str, Any]:
        x, m, omega, eps = v["x"], v["m"], v["omega"], v["eps"]
        dgdz, dzdnu = R.dg_dz(x, eps, m, omega), R.dz_dnu(eps, omega)
        mc = self._monte_carlo(v)
        return {
            "value": float(R.g_value(x, eps, m, omega)),
            "derivative": R.total_derivative(x, eps, m, omega),
            "z": R.transform(eps, m, omega),
            "dg_dz": dgdz,
            "dz_dnu": dzdnu,
            "chain_product": dgdz @ dzdnu,
            "direct": R.direct_term(eps, m, omega),
            "expected_value": R.expected_value(x, m, omega),
            "exact_expected_gradient": R.expected_gradient(x, m, omega),
            "reparam_mean": mc["reparam"].mean(axis=0, keepdims=True),
            "reparam_variance": _variance(mc["reparam"]),
            "score_mean": mc["score"].mean(axis=0, keepdims=True),
            "score_variance": _variance(mc["score"]),
        }

    def headline(self, v: Inputs) -> tuple[Any, Any]:
        x, m, omega, eps = v["x"], v["m"], v["omega"], v["eps"]
        return float(R.g_value(x, eps, m, omega)), R.total_derivative(x, eps, m, omega)

    def _monte_carlo(self, v: Inputs) -> dict[str, Any]:
        x, m, omega = v["x"], v["m"], v["omega"]
        eps = standard_normals(int(v["seed"]), len(x))[: int(v["samples"])]
        reparam, score = R.estimators(x, eps, m, omega)
        return {"reparam": reparam, "score": score}

    # --- panes -------------------------------------------------------------------------
    def views(self, v: Inputs) -> dict[str, View]:
        # Outside the domain (|ω| > limit, reported in the status bar) the panes show the
        # nearest ω inside it rather than overflowing.
        v = {**v, "omega": np.clip(np.asarray(v["omega"], dtype=float),
                                   -OMEGA_LIMIT, OMEGA_LIMIT)}
        x, m, omega, eps = v["x"], v["m"], v["omega"], v["eps"]
        size, n = len(x), int(v["samples"])
        names = component_names(size)
        exact = R.expected_gradient(x, m, omega)[0]
        single = R.total_derivative(x, eps, m, omega)[0]
        draws = standard_normals(int(v["seed"]), size)[:n]
        checkpoints = R.log_checkpoints(n)
        sums = self._reuse.sums((int(v["seed"]), size, n), draws, checkpoints)
        if sums is None:  # from every sample
            mc = self._monte_carlo(v)
            stats = {k: R.running_mean_and_se(g, checkpoints, shift=exact)
                     for k, g in mc.items()}
        else:  # the same numbers from the sums over these draws (see estimator_sums)
            stats = sums.stats(x, m, omega, exact)
        # a histogram bins every sample; a scatter draws the first SCATTER_POINTS
        drawn = draws if size == 1 else draws[:SCATTER_POINTS]
        return {
            "samples": self._samples_view(R.reparam_gradients(x, drawn, m, omega),
                                          stats["reparam"][0][-1], n, names, exact, single,
                                          lambda: R.reparam_gradients(x, draws, m, omega)),
            "convergence": self._convergence_view(checkpoints, stats["reparam"], names, exact),
            "estimators": self._estimators_view(checkpoints, stats, names, exact),
            "chain": self._chain_view(v),
        }

    def _samples_view(self, grads: np.ndarray, means: np.ndarray, n: int, names: list[str],
                      exact: np.ndarray, single: np.ndarray,
                      every_sample: Callable[[], np.ndarray]) -> SampleCloudView:
        size = len(names) // 2
        panels = []
        for block, label in ((0, "m"), (1, "ω")):
            cols = [block * size, block * size + 1] if size > 1 else [block]
            pick = grads[:, cols[0]:cols[-1] + 1]  # a view, not a copy of N rows
            # (a scatter's pair of narrow plots has no room for N in its titles: the note)
            title = f"dg/d{label}, N = {n:,}" if size == 1 else f"dg/d{label}"
            if size == 1:
                edges, density = _histogram(pick[:, 0], (exact[cols[0]], single[cols[0]]))
                panels.append(SamplePanel(title, f"dg/d{names[cols[0]]}", "density",
                                          "histogram", edges, density,
                                          exact=(float(exact[cols[0]]),),
                                          single=(float(single[cols[0]]),),
                                          mean=(float(means[cols[0]]),)))
            else:
                panels.append(SamplePanel(title, f"dg/d{names[cols[0]]}",
                                          f"dg/d{names[cols[1]]}", "scatter",
                                          pick[:, 0].copy(), pick[:, 1].copy(),
                                          exact=tuple(float(exact[c]) for c in cols),
                                          single=tuple(float(single[c]) for c in cols),
                                          mean=tuple(float(means[c]) for c in cols)))
        notes = []
        if size > 1:  # the statistics use all N samples, the scatter draws a few
            notes.append(f"N = {n:,}" + (f", dots: the first {SCATTER_POINTS:,}"
                                         if n > SCATTER_POINTS else ""))
        if size > 2:
            notes.append(f"components 1–2 of {size} shown")
        note = " · ".join(notes)
        return SampleCloudView("single-sample reparameterized gradients", panels, names,
                               every_sample, note=note)

    def _convergence_view(self, checkpoints: np.ndarray, stats: tuple[np.ndarray, np.ndarray],
                          names: list[str], exact: np.ndarray) -> ConvergenceView:
        size = len(names) // 2
        mean, se = stats
        panels = []
        for block, label in ((0, "m"), (1, "ω")):
            cols = range(block * size, (block + 1) * size)
            series = [Series(names[c], mean[:, c], se[:, c], float(exact[c]), color=c % size)
                      for c in cols]
            panels.append(ConvergencePanel(f"dg/d{label}", f"average of dg/d{label}",
                                           checkpoints, series,
                                           _band_range(checkpoints, series)))
        return ConvergenceView("Monte-Carlo average, reparameterized", panels,
                               note="dashed: exact ∇E[g] · band: ±1 standard error")

    def _estimators_view(self, checkpoints: np.ndarray,
                         stats: dict[str, tuple[np.ndarray, np.ndarray]],
                         names: list[str], exact: np.ndarray) -> ConvergenceView:
        panels = []
        # The variance of all N samples, from the standard error at n = N: Var = N·se².
        variances = {k: checkpoints[-1] * stats[k][1][-1] ** 2 for k in stats}
        for key, label in (("reparam", "reparameterization"),
                           ("score", "score function (REINFORCE)")):
            mean, se = stats[key]
            series = [Series(names[c], mean[:, c], se[:, c], float(exact[c]), color=c)
                      for c in range(len(names))]
            size = len(names) // 2
            var_text = " · ".join(
                f"Var {block}: " + ", ".join(_num(val) for val in variances[key][cols])
                for block, cols in (("m", slice(0, size)), ("ω", slice(size, None))))
            panels.append(ConvergencePanel(f"{label}\n{var_text}", "estimate of dg/dν",
                                           checkpoints, series))
        # One y range for both panels, fitted to the wider (score-function) band.
        shared = _band_range(checkpoints, panels[0].series + panels[1].series)
        panels = [dataclasses.replace(panel, y_range=shared) for panel in panels]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = variances["score"] / variances["reparam"]
        finite = ratio[np.isfinite(ratio)]
        note = ("score-function variance "
                + (f"{_num(finite.min())}× to {_num(finite.max())}× larger"
                   if finite.size else "not comparable at N = 1")
                + " · same y scale")
        return ConvergenceView("two unbiased estimators of ∇E[g]", panels, note=note)

    def _chain_view(self, v: Inputs) -> ChainView:
        x, m, omega, eps = (np.asarray(v[k], dtype=float) for k in ("x", "m", "omega", "eps"))
        size = x.size
        z = R.transform(eps, m, omega)
        nu = np.concatenate([m, omega])

        def split(nu_: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # (a stack of ν)
            return nu_[..., :size], nu_[..., size:]

        # (the functions of reparam take stacks of points along a leading axis)
        diff = central_difference_stacked
        pieces = [
            (R.dg_dz(x, eps, m, omega),
             diff(lambda z_: R.g_of_z(x, z_, m, omega), z)[None, :],
             "∂g/∂z", f"1×E = 1×{size}"),
            (R.dz_dnu(eps, omega),
             diff(lambda n_: R.transform(eps, *split(n_)), nu),
             "∂z/∂ν", f"E×2E = {size}×{2 * size}"),
            (R.direct_term(eps, m, omega),
             diff(lambda n_: R.g_of_z(x, z, *split(n_)), nu)[None, :],
             "∂g/∂ν (direct)", f"1×2E = 1×{2 * size}"),
            (R.total_derivative(x, eps, m, omega),
             diff(lambda n_: R.g_value(x, eps, *split(n_)), nu)[None, :],
             "dg/dν (total)", f"1×2E = 1×{2 * size}"),
        ]
        terms = []
        for values, numeric, symbol, shape in pieces:
            err = float(np.max(np.abs(values - numeric)))
            scale = max(1.0, float(np.max(np.abs(values))))
            mark = "✓" if err <= 1e-5 * scale else "✗"
            terms.append(Term(symbol, shape, values,
                              check=f"finite diff. {mark}\nerror {_bound(err)}"))
        def row(values: np.ndarray) -> str:
            return "[" + ", ".join(f"{a:.3g}" for a in np.ravel(values)) + "]"

        product = terms[0].values @ terms[1].values
        return ChainView("dg/dν = (∂g/∂z)(∂z/∂ν) + ∂g/∂ν", terms, operators=["·", "+", "="],
                         note=f"dg/dν = {row(terms[3].values)}\nwithout the direct term "
                              f"−∂log q/∂ν: {row(product)} ✗")


def _variance(g: np.ndarray) -> np.ndarray | None:
    """Sample variance of each column (1×k); None (JSON null) for a single sample."""
    if len(g) < 2:
        return None
    return np.asarray(g.var(axis=0, ddof=1, keepdims=True))


def _histogram(values: np.ndarray, keep: tuple[float, ...]
               ) -> tuple[np.ndarray, np.ndarray]:
    """Bin edges and densities over the central 99.5% of the values (outliers of a heavy
    tail would squash the picture), widened to include the marked values `keep`. The
    range comes from the first QUANTILE_SAMPLES values only (an i.i.d. sample too, and
    plenty to place a display range, and much cheaper than sorting all N)."""
    lo, hi = np.quantile(values[:QUANTILE_SAMPLES], [0.0025, 0.9975])
    lo, hi = min(lo, *keep), max(hi, *keep)
    width = max(1.0, abs(lo), abs(hi))
    if hi - lo < 1e-6 * width:  # (nearly) one value: bins narrower than floats can tell
        lo, hi = lo - 0.5 * width, hi + 0.5 * width
    bins = int(np.clip(np.sqrt(len(values)), 8, 80))
    edges = np.linspace(lo, hi, bins + 1)
    density = binned_counts(values, lo, hi, bins) / (len(values) * np.diff(edges))
    return edges, density


def binned_counts(values: np.ndarray, lo: float, hi: float, bins: int) -> np.ndarray:
    """Counts of the (finite) `values` in `bins` equal bins [lo + k·w, lo + (k + 1)·w)
    (values outside [lo, hi) are not counted). What np.histogram(values, bins,
    range=(lo, hi)) counts, except for values within rounding of a bin edge and a value
    equal to hi, in a few passes instead of about ten."""
    t = values - lo
    t *= bins / (hi - lo)
    np.floor(t, out=t)
    np.clip(t, -1, bins, out=t)  # −1: below lo, bins: at or above hi
    return np.bincount((t + 1).astype(np.intp), minlength=bins + 2)[1:-1]


def _band_range(checkpoints: np.ndarray, series: list[Series]) -> tuple[float, float]:
    """y range holding every exact value and every band from N ≥ 10 on (the first few
    averages of a heavy-tailed estimator would otherwise set the scale)."""
    use = checkpoints >= min(10, int(checkpoints[-1]))
    parts = []
    for s in series:
        se = np.nan_to_num(s.se[use], nan=0.0)
        parts += [s.mean[use] - se, s.mean[use] + se, [s.exact]]
    values = np.concatenate([np.ravel(p) for p in parts])
    values = values[np.isfinite(values)]
    lo, hi = float(values.min()), float(values.max())
    pad = 0.08 * max(hi - lo, 1e-6)
    return lo - pad, hi + pad


def _bound(err: float) -> str:
    """The power of ten an error stays below ("< 1e-09"): a check that reads the same
    while a slider moves, unlike the error's own digits."""
    if err == 0.0:
        return "0"
    return f"< 1e{math.floor(math.log10(err)) + 1:+03d}" if np.isfinite(err) else "–"


def _num(value: float) -> str:
    return f"{value:.3g}" if np.isfinite(value) else "–"


EXERCISE = Reparameterization()
