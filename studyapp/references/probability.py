"""Probability helpers: softmax, KL divergences, Beta-Bernoulli estimates, running means."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np


def softmax(logits: Sequence[float], temperature: float = 1.0) -> list[float]:
    """softmax(z / T)_i = exp(z_i/T) / sum_j exp(z_j/T), computed after subtracting the
    maximum so large logits do not overflow."""
    if not temperature > 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    z = np.asarray(logits, dtype=float) / temperature
    if z.ndim != 1 or z.size == 0:
        raise ValueError("give at least one logit")
    exps = np.exp(z - z.max())
    return (exps / exps.sum()).tolist()


def kl_gauss(mu_p: float, sigma_p: float, mu_q: float, sigma_q: float) -> float:
    """KL(N(mu_p, sigma_p^2) || N(mu_q, sigma_q^2))
    = ln(sigma_q/sigma_p) + (sigma_p^2 + (mu_p - mu_q)^2)/(2 sigma_q^2) - 1/2."""
    return kl_diag_gauss([mu_p], [sigma_p], [mu_q], [sigma_q])


def kl_diag_gauss(
    mu_p: Sequence[float],
    sigma_p: Sequence[float],
    mu_q: Sequence[float] | None = None,
    sigma_q: Sequence[float] | None = None,
) -> float:
    """KL between diagonal Gaussians (standard deviations given), the sum of the
    per-dimension univariate KLs; q defaults to N(0, I), the VAE prior, where it is
    1/2 sum(sigma^2 + mu^2 - 1 - ln sigma^2)."""
    mp, sp = np.asarray(mu_p, dtype=float), np.asarray(sigma_p, dtype=float)
    mq = np.zeros_like(mp) if mu_q is None else np.asarray(mu_q, dtype=float)
    sq = np.ones_like(sp) if sigma_q is None else np.asarray(sigma_q, dtype=float)
    if not mp.shape == sp.shape == mq.shape == sq.shape or mp.ndim != 1:
        raise ValueError("means and standard deviations must have the same length")
    if np.any(sp <= 0) or np.any(sq <= 0):
        raise ValueError("standard deviations must be positive")
    terms = np.log(sq / sp) + (sp**2 + (mp - mq) ** 2) / (2 * sq**2) - 0.5
    return float(math.fsum(terms))


def kl_discrete(p: Sequence[float], q: Sequence[float]) -> float:
    """KL(p || q) = sum p_i ln(p_i/q_i) in nats; terms with p_i = 0 contribute 0."""
    if len(p) != len(q):
        raise ValueError("p and q must have the same length")
    if any(pi > 0 and qi <= 0 for pi, qi in zip(p, q)):
        return math.inf
    return math.fsum(pi * math.log(pi / qi) for pi, qi in zip(p, q) if pi > 0)


class BetaBernoulli(NamedTuple):
    """Estimates of a coin's heads probability under a Beta(a, b) prior."""

    mle: float | None  # None without data
    map: float | None  # None where the posterior mode is not an interior point
    posterior_mean: float
    posterior_a: float
    posterior_b: float


def beta_bernoulli(heads: int, tails: int, a: float = 1.0, b: float = 1.0) -> BetaBernoulli:
    """Conjugate update Beta(a, b) -> Beta(a + h, b + t):
    MLE h/(h + t), MAP (h + a - 1)/(h + t + a + b - 2), posterior mean (h + a)/(h + t + a + b).
    """
    if heads < 0 or tails < 0:
        raise ValueError("counts must be non-negative")
    if not (a > 0 and b > 0):
        raise ValueError("prior parameters a and b must be positive")
    post_a, post_b = a + heads, b + tails
    n = heads + tails
    mle = heads / n if n else None
    map_ = (post_a - 1) / (post_a + post_b - 2) if post_a > 1 and post_b > 1 else None
    return BetaBernoulli(mle, map_, post_a / (post_a + post_b), post_a, post_b)


def incremental_mean(samples: Sequence[float], initial: float = 0.0) -> float:
    """Running mean by w_{k+1} = w_k + (1/k)(x_k - w_k); the first step (1/1) discards
    ``initial``, so the result is the sample mean."""
    return _running(samples, initial, None)


def exponential_moving_average(samples: Sequence[float], initial: float, rate: float) -> float:
    """Constant-step update w <- (1 - a) w + a x over the samples, starting at ``initial``."""
    if not 0 < rate <= 1:
        raise ValueError(f"rate must lie in (0, 1], got {rate}")
    return _running(samples, initial, rate)


def _running(samples: Sequence[float], initial: float, rate: float | None) -> float:
    value = float(initial)
    for k, x in enumerate(samples, start=1):
        value += (1 / k if rate is None else rate) * (x - value)
    return value
