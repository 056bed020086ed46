"""Ensemble arithmetic: AdaBoost rounds, bagging, majority votes, gradient-boosted trees."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np


class AdaBoostRound(NamedTuple):
    """One round's figures; a tuple so references can index it (``adaboost_round(...)[1]``)."""

    error: float
    alpha: float
    normaliser: float
    weights: list[float]


def adaboost_alpha(error: float) -> float:
    """Weight of a weak learner with weighted error e: alpha = 1/2 ln((1 - e)/e)."""
    if not 0 < error < 1:
        raise ValueError(f"the weighted error must lie strictly between 0 and 1, got {error}")
    return 0.5 * math.log((1 - error) / error)


def adaboost_round(weights: Sequence[float], mistaken: Sequence[bool]) -> AdaBoostRound:
    """One discrete AdaBoost round (Freund & Schapire, 1997):

    e = sum of the (normalised) weights of misclassified samples,
    alpha = 1/2 ln((1 - e)/e),
    w_i <- w_i * exp(+alpha) if misclassified else w_i * exp(-alpha), then divide by
    Z = (1 - e) exp(-alpha) + e exp(alpha) = 2 sqrt(e (1 - e)).
    """
    w = np.asarray(weights, dtype=float)
    wrong = np.asarray(mistaken, dtype=bool)
    if w.ndim != 1 or w.shape != wrong.shape or w.size == 0:
        raise ValueError("give one weight and one misclassified flag per sample")
    if np.any(w < 0) or not w.sum() > 0:
        raise ValueError("weights must be non-negative with a positive sum")
    w = w / w.sum()
    error = float(w[wrong].sum())
    alpha = adaboost_alpha(error)
    updated = w * np.exp(np.where(wrong, alpha, -alpha))
    normaliser = float(updated.sum())
    return AdaBoostRound(error, alpha, normaliser, (updated / normaliser).tolist())


def oob_fraction(n: int, draws: int | None = None) -> float:
    """Probability that one of n points is missing from a bootstrap sample of ``draws``
    (default n) draws with replacement: (1 - 1/n)^draws, which tends to 1/e ~ 0.368."""
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    return (1 - 1 / n) ** (n if draws is None else draws)


def majority_vote_error(error: float, voters: int) -> float:
    """Error of a majority vote of T independent classifiers with error eps (T odd):
    sum_{k > T/2} C(T, k) eps^k (1 - eps)^(T - k)."""
    if not 0 <= error <= 1:
        raise ValueError(f"error must lie in [0, 1], got {error}")
    if voters < 1:
        raise ValueError(f"voters must be at least 1, got {voters}")
    return math.fsum(
        math.comb(voters, k) * error**k * (1 - error) ** (voters - k)
        for k in range(voters // 2 + 1, voters + 1)
    )


def leaf_weight(G: float, H: float, lam: float = 0.0) -> float:
    """XGBoost's optimal leaf weight w* = -G/(H + lambda), G and H the sums of the leaf's
    first and second derivatives of the loss (Chen & Guestrin, 2016)."""
    if not H + lam > 0:
        raise ValueError("H + lambda must be positive")
    return -G / (H + lam)


def split_gain(
    GL: float, HL: float, GR: float, HR: float, lam: float = 0.0, gamma: float = 0.0
) -> float:
    """XGBoost's split gain:
    1/2 [GL^2/(HL + lambda) + GR^2/(HR + lambda) - (GL + GR)^2/(HL + HR + lambda)] - gamma."""
    if not (HL + lam > 0 and HR + lam > 0):
        raise ValueError("H + lambda must be positive on both sides")
    return (
        0.5 * (GL**2 / (HL + lam) + GR**2 / (HR + lam) - (GL + GR) ** 2 / (HL + HR + lam)) - gamma
    )
