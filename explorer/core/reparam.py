"""The model of exercise 5.9 made concrete, and the two gradient estimators.

    p(x, z) = N(z; 0, I) · N(x; z, I)              x, z ∈ ℝᴱ
    q(z, ν) = N(z; m, diag(s²)),  s = exp(ω)        ν = (m, ω) ∈ ℝ^{2E}
    z = t(ε, ν) = m + s ⊙ ε,      ε ~ N(0, I)
    g(x, z, ν) = log p(x, z) − log q(z, ν)

Every function takes vectors along the last axis, so a stack of ε of shape (N, E) gives N
results at once (the Monte-Carlo work is vectorised). Derivatives are in numerator layout:
row vectors 1×F, Jacobians E×F.

The chain rule of the book, dg/dν = (∂g/∂z)(∂z/∂ν) + ∂g/∂ν, has here the pieces

    ∂g/∂z  = ∂log p/∂z − ∂log q/∂z = (x − 2z + (z − m)/s²)ᵀ                 1×E
    ∂z/∂ν  = [ I   diag(s ⊙ ε) ]                                          E×2E
    ∂g/∂ν  = −∂log q/∂ν at fixed z = [ −((z − m)/s²)ᵀ   (1 − ((z − m)/s)²)ᵀ ]   1×2E

and they sum to the total derivative  dg/dν = [ (x − 2z)ᵀ   ((x − 2z) ⊙ s ⊙ ε + 1)ᵀ ].

The exact gradient of the expectation follows from E_ε[g] = E_q[log p] + H[q] with
E_q[log p] = −E log 2π − ½ Σ (m² + s²) − ½ Σ ((x − m)² + s²),  H[q] = Σ (½ log 2πe + ω):

    ∇_ν E_ε[g] = [ (x − 2m)ᵀ   (1 − 2s²)ᵀ ].
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

LOG_2PI = math.log(2.0 * math.pi)


def _arr(a: ArrayLike) -> np.ndarray:
    return np.asarray(a, dtype=float)


def scale(omega: np.ndarray) -> np.ndarray:
    """s = exp(ω): the standard deviations of q, positive for every real ω."""
    return np.asarray(np.exp(_arr(omega)))


def transform(eps: np.ndarray, m: np.ndarray, omega: np.ndarray) -> np.ndarray:
    """z = t(ε, ν) = m + s ⊙ ε."""
    return np.asarray(_arr(m) + scale(omega) * _arr(eps))


# --- densities ---------------------------------------------------------------------------
def log_p(x: np.ndarray, z: np.ndarray) -> np.ndarray:
    """log p(x, z) = log N(z; 0, I) + log N(x; z, I), summed over the last axis."""
    x, z = _arr(x), _arr(z)
    return np.asarray(np.sum(-LOG_2PI - 0.5 * z**2 - 0.5 * (x - z) ** 2, axis=-1))


def log_q(z: np.ndarray, m: np.ndarray, omega: np.ndarray) -> np.ndarray:
    """log q(z, ν) = log N(z; m, diag(s²)), summed over the last axis."""
    z, m, omega = _arr(z), _arr(m), _arr(omega)
    u = (z - m) / scale(omega)
    return np.asarray(np.sum(-0.5 * LOG_2PI - omega - 0.5 * u**2, axis=-1))


def g_of_z(x: np.ndarray, z: np.ndarray, m: np.ndarray, omega: np.ndarray) -> np.ndarray:
    """g(x, z, ν) = log p(x, z) − log q(z, ν), with z a free argument."""
    return np.asarray(log_p(x, z) - log_q(z, m, omega))


def g_value(x: np.ndarray, eps: np.ndarray, m: np.ndarray, omega: np.ndarray) -> np.ndarray:
    """g(x, t(ε, ν), ν): the reparameterized objective for one ε (or a stack of them)."""
    return g_of_z(x, transform(eps, m, omega), m, omega)


# --- the chain-rule pieces of dg/dν (one sample; each a 2-D array) -----------------------
def dg_dz(x: np.ndarray, eps: np.ndarray, m: np.ndarray, omega: np.ndarray) -> np.ndarray:
    """∂g/∂z = ∂log p/∂z − ∂log q/∂z = (x − 2z + (z − m)/s²)ᵀ, shape 1×E."""
    x, m, omega = _arr(x), _arr(m), _arr(omega)
    z = transform(eps, m, omega)
    dlogp = x - 2.0 * z                       # −z from the prior, (x − z) from the likelihood
    dlogq = -(z - m) / scale(omega) ** 2
    return np.asarray((dlogp - dlogq).reshape(1, -1))


def dz_dnu(eps: np.ndarray, omega: np.ndarray) -> np.ndarray:
    """∂z/∂ν = [∂z/∂m  ∂z/∂ω] = [I  diag(s ⊙ ε)], shape E×2E."""
    eps = _arr(eps).reshape(-1)
    return np.hstack([np.eye(eps.size), np.diag(scale(omega).reshape(-1) * eps)])


def direct_term(eps: np.ndarray, m: np.ndarray, omega: np.ndarray) -> np.ndarray:
    """∂g/∂ν with z held fixed = −∂log q/∂ν = [−((z − m)/s²)ᵀ  (1 − ((z − m)/s)²)ᵀ], 1×2E.

    log p does not depend on ν; this is the term that is easy to forget. At z = t(ε, ν)
    it is [−(ε/s)ᵀ  (1 − ε²)ᵀ]."""
    s = scale(omega).reshape(-1)
    u = (transform(eps, m, omega).reshape(-1) - _arr(m).reshape(-1)) / s   # = ε
    return np.concatenate([-u / s, 1.0 - u**2]).reshape(1, -1)


def total_derivative(x: np.ndarray, eps: np.ndarray, m: np.ndarray,
                     omega: np.ndarray) -> np.ndarray:
    """dg/dν = (∂g/∂z)(∂z/∂ν) + ∂g/∂ν for one ε, shape 1×2E (the answer of 5.9)."""
    return np.asarray(dg_dz(x, eps, m, omega) @ dz_dnu(eps, omega) + direct_term(eps, m, omega))


# --- estimators of ∇_ν E_ε[g] (vectorised over a stack of ε of shape (N, E)) -------------
# The stacks are Fortran-ordered (N, 2E) arrays filled in place: each component is
# contiguous and no N-long temporary is made per term (at N = 10⁵ the update is mostly
# memory traffic).
def _stack(eps: np.ndarray) -> np.ndarray:
    return np.empty((eps.shape[0], 2 * eps.shape[1]), order="F")


def reparam_gradients(x: np.ndarray, eps: np.ndarray, m: np.ndarray,
                      omega: np.ndarray) -> np.ndarray:
    """Single-sample reparameterized gradients, one row per ε: shape (N, 2E).

    The simplified total derivative [x − 2z, (x − 2z) ⊙ s ⊙ ε + 1] (equal to
    `total_derivative`, a test checks it)."""
    eps = np.atleast_2d(_arr(eps))
    s, size = scale(omega), eps.shape[1]
    out = _stack(eps)
    residual, d_omega = out[:, :size], out[:, size:]
    np.multiply(eps, -2.0 * s, out=residual)     # x − 2z = (x − 2m) − 2s ⊙ ε
    residual += _arr(x) - 2.0 * _arr(m)
    np.multiply(residual, eps, out=d_omega)
    d_omega *= s
    d_omega += 1.0
    return out


def score(eps: np.ndarray, omega: np.ndarray) -> np.ndarray:
    """∇_ν log q(z, ν) at z = t(ε, ν) with z held fixed: [ε/s, ε² − 1], shape (N, 2E)."""
    eps = np.atleast_2d(_arr(eps))
    size = eps.shape[1]
    out = _stack(eps)
    np.multiply(eps, 1.0 / scale(omega), out=out[:, :size])
    np.square(eps, out=out[:, size:])
    out[:, size:] -= 1.0
    return out


def _g_from(x: np.ndarray, omega: np.ndarray, residual: np.ndarray,
            eps_sq_minus_1: np.ndarray) -> np.ndarray:
    """g for a stack, from x − 2z and ε² − 1 (both (N, E)). Per component,
    log p = −log 2π − ½z² − ½(x − z)² = −log 2π − ¼x² − ¼(x − 2z)², and since
    (z − m)/s = ε, −log q = ½ log 2π + ω + ½ε²."""
    size = residual.shape[1]
    x, omega = (np.broadcast_to(_arr(a).reshape(-1), (size,)) for a in (x, omega))
    g = np.full(residual.shape[0], np.sum(-0.5 * LOG_2PI - 0.25 * x**2 + omega) + 0.5 * size)
    for d in range(size):  # E ≤ 4 columns: a loop beats a matmul with a tiny inner size
        g -= 0.25 * residual[:, d] ** 2
        g += 0.5 * eps_sq_minus_1[:, d]
    return g


def sampled_g(x: np.ndarray, eps: np.ndarray, m: np.ndarray, omega: np.ndarray) -> np.ndarray:
    """g(x, t(ε, ν), ν) for a stack of ε, shape (N,): equal to `g_value`, written with the
    pieces the estimators already have (see `_g_from`)."""
    eps = np.atleast_2d(_arr(eps))
    residual = _arr(x) - 2.0 * (_arr(m) + scale(omega) * eps)
    return _g_from(x, omega, residual, eps**2 - 1.0)


def estimators(x: np.ndarray, eps: np.ndarray, m: np.ndarray,
               omega: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both single-sample estimators for one stack of ε, each (N, 2E): the reparameterized
    gradients and the score-function (REINFORCE) estimates g(x, z, ν) · ∇_ν log q(z, ν).

    The score-function estimate is unbiased because E_q[∇_ν log q] = 0 removes the term
    E_q[∇_ν g] = −E_q[∇_ν log q]; no baseline is subtracted, so the spread shown is that of
    the plain estimator."""
    reparam, out = reparam_gradients(x, eps, m, omega), score(eps, omega)
    size = reparam.shape[1] // 2
    out *= _g_from(x, omega, reparam[:, :size], out[:, size:])[:, None]
    return reparam, out


def score_gradients(x: np.ndarray, eps: np.ndarray, m: np.ndarray, omega: np.ndarray) -> np.ndarray:
    """The score-function estimates of `estimators` alone, shape (N, 2E)."""
    return estimators(x, eps, m, omega)[1]


# --- exact expectations --------------------------------------------------------------------
def expected_value(x: np.ndarray, m: np.ndarray, omega: np.ndarray) -> float:
    """E_ε[g] = E_q[log p] + H[q] (the ELBO), closed form."""
    x, m, omega = _arr(x), _arr(m), _arr(omega)
    s2 = scale(omega) ** 2
    e_log_p = np.sum(-LOG_2PI - 0.5 * (m**2 + s2) - 0.5 * ((x - m) ** 2 + s2))
    entropy = np.sum(0.5 * (LOG_2PI + 1.0) + omega)
    return float(e_log_p + entropy)


def expected_gradient(x: np.ndarray, m: np.ndarray, omega: np.ndarray) -> np.ndarray:
    """∇_ν E_ε[g] = [(x − 2m)ᵀ  (1 − 2s²)ᵀ], shape 1×2E."""
    x, m = _arr(x).reshape(-1), _arr(m).reshape(-1)
    s2 = scale(omega).reshape(-1) ** 2
    return np.concatenate([x - 2.0 * m, 1.0 - 2.0 * s2]).reshape(1, -1)


def reparam_variance(x: np.ndarray, m: np.ndarray, omega: np.ndarray) -> np.ndarray:
    """Variance of each component of the single-sample reparameterized gradient, (2E,).

    ∂/∂m: x − 2m − 2sε → 4s²;  ∂/∂ω: (x − 2m)sε − 2s²ε² + 1 → (x − 2m)²s² + 8s⁴
    (ε and ε² are uncorrelated, Var ε² = 2)."""
    x, m = _arr(x).reshape(-1), _arr(m).reshape(-1)
    s = scale(omega).reshape(-1)
    return np.concatenate([4.0 * s**2, (x - 2.0 * m) ** 2 * s**2 + 8.0 * s**4])


# --- Monte-Carlo bookkeeping --------------------------------------------------------------
def log_checkpoints(n: int, count: int = 160) -> np.ndarray:
    """Sample counts 1…n spaced evenly on a log axis (unique, ascending, ending at n).
    160 draws the running averages as finely as 240 did, even on a 1600 px slide, for
    two thirds of the work per update."""
    pts = np.unique(np.round(np.logspace(0.0, math.log10(max(n, 1)), count)).astype(int))
    return pts[(pts >= 1) & (pts <= n)]


def running_mean_and_se(samples: np.ndarray, checkpoints: np.ndarray,
                        shift: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Mean of the first n rows and its standard error s_n/√n, at each n in `checkpoints`.

    Sums over the stretches between checkpoints (one pass, no N-long cumulative array),
    of samples centred on `shift` (default: their overall mean; any value near the mean
    keeps the sum of squares from cancelling). Returns two arrays of shape
    (len(checkpoints), k); the standard error is nan at n = 1 (one sample has no spread)."""
    samples = np.atleast_2d(np.asarray(samples, dtype=float))
    checkpoints = np.asarray(checkpoints)
    shift = samples.mean(axis=0) if shift is None else np.asarray(shift, dtype=float)
    centred = samples - shift
    starts = np.concatenate([[0], checkpoints[:-1]])
    s1 = np.cumsum(np.add.reduceat(centred, starts, axis=0), axis=0)
    np.square(centred, out=centred)
    s2 = np.cumsum(np.add.reduceat(centred, starts, axis=0), axis=0)
    return mean_and_se_from_sums(s1, s2, checkpoints, shift)


def mean_and_se_from_sums(s1: np.ndarray, s2: np.ndarray, checkpoints: np.ndarray,
                          shift: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The means and standard errors of `running_mean_and_se` from the sums s1 and s2 of
    the samples less `shift`, and of their squares, over the first n rows for each n in
    `checkpoints` (each (C, k))."""
    n = np.asarray(checkpoints).astype(float)[:, None]
    mean = s1 / n
    with np.errstate(invalid="ignore", divide="ignore"):
        var = np.maximum(s2 - n * mean**2, 0.0) / (n - 1.0)
        se = np.sqrt(var / n)
    se[n[:, 0] < 2] = np.nan
    return mean + shift, se
