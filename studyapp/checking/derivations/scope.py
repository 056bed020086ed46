"""The variables of one derivation and the random points it is checked at.

Every relation between two lines is decided numerically at the same fixed set of random
points inside the declared domains (and the ``where`` conditions), so values are cached
per expression. Equations are compared by scanning one unknown over a grid while the
other variables take a few fixed random values.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from studyapp.checking.derivations.numeric import evaluate
from studyapp.checking.meaning import Domain, DomainError, VariableSpace, sample_points

POINTS = 10
DRAWS = 3
GRID = 2400
TAIL = 1e4  # beyond this, float cancellation makes sign changes unreliable
TAIL_POINTS = 48


@dataclass(frozen=True)
class VarSpec:
    """A declared variable as the scan needs it: its symbol and float bounds."""

    name: str
    symbol: sp.Symbol
    low: float = -math.inf
    high: float = math.inf
    low_open: bool = True
    high_open: bool = True
    sample: tuple[float, float] = (-10.0, 10.0)

    @classmethod
    def from_domain(cls, name: str, domain: Domain) -> VarSpec:
        return cls(
            name, domain.symbol(name), float(domain.low), float(domain.high),
            domain.low_open, domain.high_open, domain.sample_range(),
        )

    def contains(self, values: np.ndarray) -> np.ndarray:
        above = values > self.low if self.low_open else values >= self.low
        below = values < self.high if self.high_open else values <= self.high
        return above & below

    def grid(self) -> np.ndarray:
        """Scan values for root finding: linear, plus geometric when the range spans decades,
        plus sparse geometric tails out to ±TAIL where the domain goes on (a root at 168
        must not pass unseen because random points are drawn from [-10, 10])."""
        low, high = self.sample
        pad = (high - low) * 1e-9
        linear = np.linspace(low + pad, high - pad, GRID)
        if low >= 0 and high / max(low, 1e-12) > 100:
            geometric = np.geomspace(max(low, 1e-6) + pad, high - pad, GRID)
            linear = np.union1d(linear, geometric)
        start = max(abs(low), abs(high), 1.0) * 1.05
        if start < TAIL:
            tail = np.geomspace(start, TAIL, TAIL_POINTS)
            linear = np.union1d(linear, np.concatenate([tail[tail > high], -tail[-tail < low]]))
        return linear[self.contains(linear)]


@dataclass
class Scope:
    """Declared variables, the ``where`` conditions and the points they are checked at."""

    space: VariableSpace
    seed: int = 20240
    variables: dict[str, VarSpec] = field(init=False)
    points: dict[sp.Symbol, np.ndarray] = field(init=False)
    size: int = field(init=False)
    _values: dict[sp.Expr, np.ndarray] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.variables = {
            name: VarSpec.from_domain(name, domain) for name, domain in self.space.domains.items()
        }
        drawn = sample_points(self.space, POINTS, random.Random(self.seed))
        if len(drawn) < DRAWS:
            raise DomainError("cannot find points that satisfy the 'where' conditions")
        self.points = {
            var.symbol: np.array([float(p[var.symbol]) for p in drawn])
            for var in self.variables.values()
        }
        self.size = len(drawn)

    @property
    def symbols(self) -> dict[str, sp.Symbol]:
        return {name: var.symbol for name, var in self.variables.items()}

    def var_of(self, symbol: sp.Symbol) -> VarSpec | None:
        var = self.variables.get(symbol.name)
        return var if var is not None and var.symbol == symbol else None

    def values(self, expr: sp.Expr) -> np.ndarray:
        """Values at the scope's random points (NaN where not a finite real)."""
        cached = self._values.get(expr)
        if cached is None:
            cached = evaluate(expr, self.points, self.size)
            self._values[expr] = cached
        return cached

    def draws(self, exclude: sp.Symbol) -> dict[sp.Symbol, np.ndarray]:
        """A few points for every variable except ``exclude`` (the unknown being scanned)."""
        return {s: v[:DRAWS] for s, v in self.points.items() if s != exclude}
