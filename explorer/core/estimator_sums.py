"""Running means and standard errors of 5.9's two estimators from sums over ε alone.

Per component d, with s = e^ω and a = x − 2m, both single-sample estimators are
polynomials in the noise ε whose coefficients depend on (x, m, ω) only
(reparam.estimators computes them sample by sample):

    reparameterized   dg/dm_d = a_d − 2 s_d ε_d
                      dg/dω_d = (1 − 2 s_d²) + a_d s_d ε_d − 2 s_d² (ε_d² − 1)
    g                 = c + Σ_d a_d s_d ε_d + Σ_d (½ − s_d²)(ε_d² − 1),
                        c = Σ_d (ω_d − ½ log 2π − ¼ x_d² − ¼ a_d² − s_d² + ½)
    score function    g ε_d / s_d   and   g (ε_d² − 1)

With the features φ(ε) = [1, ε_1 … ε_E, ε_1² − 1 … ε_E² − 1], a reparameterized
component is θᵀφ and a score-function component w (θ_gᵀφ) φ_j. The sums of either and of
its square over the first n samples are then quadratic forms in the sums of φφᵀ and of
φφᵀ φ_j², which depend on ε alone. Made once for a set of samples, they turn an update
at any N into a few products of matrices of the checkpoints' size, where the direct
computation passes over all N samples several times."""

from __future__ import annotations

import numpy as np

from explorer.core.reparam import LOG_2PI, mean_and_se_from_sums

Stats = dict[str, tuple[np.ndarray, np.ndarray]]  # estimator → (mean, se), each (C, 2E)


def features(eps: np.ndarray) -> np.ndarray:
    """φ(ε) for each row of ε (rows, E): shape (rows, 2E + 1)."""
    return np.column_stack([np.ones(len(eps)), eps, eps**2 - 1.0])


class EstimatorSums:
    """Sums over the first n rows of ε at each n in `checkpoints` (ascending, from 1)."""

    def __init__(self, eps: np.ndarray, checkpoints: np.ndarray) -> None:
        self.size = eps.shape[1]
        self.checkpoints = np.asarray(checkpoints)
        width = 2 * self.size + 1
        starts = np.concatenate([[0], self.checkpoints[:-1]])
        stretches = np.empty((len(starts), width, width, width))
        for c, (start, stop) in enumerate(zip(starts, self.checkpoints, strict=True)):
            phi = features(eps[start:stop])
            # weights 1, φ_1², …, φ_2E² of each row, times φ: one product gives all sums
            weights = np.concatenate([np.ones((len(phi), 1)), phi[:, 1:] ** 2], axis=1)
            weighted = (weights[:, :, None] * phi[:, None, :]).reshape(len(phi), -1)
            stretches[c] = (weighted.T @ phi).reshape(width, width, width)
        sums = np.cumsum(stretches, axis=0)
        self.gram = sums[:, 0]  # Σ φφᵀ: (C, F, F)
        self.weighted = sums[:, 1:]  # Σ φφᵀ φ_j² for j = 1 … 2E: (C, 2E, F, F)

    def stats(self, x: np.ndarray, m: np.ndarray, omega: np.ndarray,
              shift: np.ndarray) -> Stats:
        """What reparam.running_mean_and_se gives for both estimators' samples at these
        inputs, centred on `shift` (2E,) (the exact gradient): "reparam" and "score"."""
        size, width = self.size, 2 * self.size + 1
        x, m, omega, shift = (np.asarray(a, dtype=float).reshape(-1)
                              for a in (x, m, omega, shift))
        s = np.exp(omega)
        a = x - 2.0 * m
        d = np.arange(size)
        # reparameterized: the rows θ_k of (2E, F), their constants less the shift
        theta = np.zeros((2 * size, width))
        theta[d, 0] = a - shift[:size]
        theta[d, 1 + d] = -2.0 * s
        theta[size + d, 0] = (1.0 - 2.0 * s**2) - shift[size:]
        theta[size + d, 1 + d] = a * s
        theta[size + d, 1 + size + d] = -2.0 * s**2
        count = len(self.checkpoints)
        # (stacks of small matrices multiply as one tall matrix: much faster)
        gram_theta = (self.gram.reshape(-1, width) @ theta.T).reshape(count, width, -1)
        sum1 = gram_theta[:, 0, :]  # Σ (r_k − shift_k)  (the Gram matrix is symmetric)
        sum2 = np.sum(gram_theta * theta.T, axis=1)  # Σ (r_k − shift_k)²
        out = {"reparam": mean_and_se_from_sums(sum1, sum2, self.checkpoints, shift)}
        # score function: w_k g φ_{1+k}, with g = θ_gᵀφ
        theta_g = np.concatenate([
            [np.sum(omega - 0.5 * LOG_2PI - 0.25 * x**2 - 0.25 * a**2 - s**2 + 0.5)],
            a * s, 0.5 - s**2])
        w = np.concatenate([1.0 / s, np.ones(size)])
        n = self.checkpoints.astype(float)[:, None]
        # Σ score_k and Σ score_k²
        first = w * (self.gram.reshape(-1, width) @ theta_g).reshape(count, width)[:, 1:]
        second = w**2 * ((self.weighted.reshape(-1, width) @ theta_g)
                         .reshape(-1, width) @ theta_g).reshape(count, -1)
        sum1 = first - n * shift
        sum2 = second - 2.0 * shift * first + n * shift**2
        out["score"] = mean_and_se_from_sums(sum1, sum2, self.checkpoints, shift)
        return out


class ReuseWatch:
    """Sums only for a set of samples asked for twice in a row: a drag of x, m, ω or ε
    keeps the samples (the sums pay off from its second update on), a drag of N or of
    the seed changes them on every update (making sums would cost more than it saves)."""

    def __init__(self) -> None:
        self._last: object = None
        self._made: tuple[object, EstimatorSums] | None = None

    def sums(self, key: object, eps: np.ndarray,
             checkpoints: np.ndarray) -> EstimatorSums | None:
        """The sums for the samples `eps` at `checkpoints`, both named by `key`; None the
        first time in a row that `key` is asked for."""
        again, self._last = key == self._last, key
        if not again:
            return None
        made = self._made  # (one read: another thread may replace it meanwhile)
        if made is None or made[0] != key:
            made = self._made = (key, EstimatorSums(eps, checkpoints))
        return made[1]
