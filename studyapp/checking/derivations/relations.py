"""The relations one derivation line can have to another, decided under the domains.

* values: two expressions agree at every random point of the scope;
* solutions: two equations have the same real solutions for an unknown in its domain
  (scanned on a grid, the other variables fixed at a few random values), or one gains
  or loses solutions;
* limits: numerically, along a sequence tending to the point, at high precision.

Floats decide first, on purpose: they are fast, do not hang the way ``simplify`` and
``solve`` can, and give a concrete witness (a point, a lost solution) for the message.
Only when they cannot decide (overflow, no root in the scanned range) do the 40-digit
and symbolic checks of :mod:`equivalence` get a say.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import sympy as sp

from studyapp.checking.derivations.numeric import close, evaluate
from studyapp.checking.derivations.scope import Scope, VarSpec
from studyapp.checking.meaning import equations_equivalent, equivalent

ROOT_TOL = 1e-6
SHOWN_ROOTS = 6  # roots listed in a message before the rest are counted
BISECTIONS = 60


class Agreement(StrEnum):
    SAME = "same"
    DIFFERS = "differs"
    UNDECIDED = "undecided"  # too few points where both sides are defined


@dataclass(frozen=True)
class ValueComparison:
    agreement: Agreement
    witness: int | None = None  # index of a point where the two differ

    @property
    def same(self) -> bool:
        return self.agreement is Agreement.SAME


def compare_values(scope: Scope, a: sp.Expr, b: sp.Expr) -> ValueComparison:
    """Do ``a`` and ``b`` agree at the scope's points? Both must be defined at most points.

    Floats decide almost always; when they cannot (overflow, values undefined at most
    points) the 40-digit equivalence check of :mod:`equivalence` decides.
    """
    if a == b:
        return ValueComparison(Agreement.SAME)
    quick = _compare_floats(scope, a, b)
    if quick.agreement is not Agreement.UNDECIDED:
        return quick
    evidence = equivalent(a, b, scope.space)
    if evidence.verdict == "equivalent":
        return ValueComparison(Agreement.SAME)
    if evidence.verdict == "different":
        return ValueComparison(Agreement.DIFFERS)
    return quick


def _compare_floats(scope: Scope, a: sp.Expr, b: sp.Expr) -> ValueComparison:
    va, vb = scope.values(a), scope.values(b)
    both = np.isfinite(va) & np.isfinite(vb)
    one = np.isfinite(va) ^ np.isfinite(vb)
    differ = both & ~close(va, vb)
    if differ.any():
        return ValueComparison(Agreement.DIFFERS, int(np.argmax(differ)))
    if one.any():
        return ValueComparison(Agreement.DIFFERS, int(np.argmax(one)))
    if both.sum() < max(2, scope.size // 2):
        return ValueComparison(Agreement.UNDECIDED)
    return ValueComparison(Agreement.SAME)


class SolutionChange(StrEnum):
    SAME = "same"
    GAINS = "gains"  # the new equation has extra solutions: the old one implies it
    LOSES = "loses"  # the new equation misses solutions: it implies the old one
    DIFFERS = "differs"
    NONE = "none"  # neither has a solution at the points scanned


@dataclass(frozen=True)
class SolutionComparison:
    change: SolutionChange
    unknown: str
    before: tuple[float, ...] = ()  # roots at the witness point
    after: tuple[float, ...] = ()
    at: dict[str, float] | None = None  # the other variables at the witness point

    def changed_roots(self) -> tuple[float, ...]:
        """The solutions gained (or lost) at the witness point."""
        if self.change is SolutionChange.GAINS:
            return _missing(self.after, self.before)
        return _missing(self.before, self.after)

    def describe(self) -> str:
        where = ""
        if self.at:
            where = " at " + ", ".join(f"{k} = {_fmt(v)}" for k, v in self.at.items())
        if self.change is SolutionChange.GAINS:
            extra = _missing(self.after, self.before)
            return f"gains the solution{_s(extra)} {self.unknown} = {_fmts(extra)}{where}"
        if self.change is SolutionChange.LOSES:
            lost = _missing(self.before, self.after)
            return f"loses the solution{_s(lost)} {self.unknown} = {_fmts(lost)}{where}"
        if self.change is SolutionChange.DIFFERS and not (self.before or self.after):
            return f"the two equations have different solutions for {self.unknown}"
        if self.change is SolutionChange.DIFFERS:
            return (
                f"the solutions for {self.unknown} change from {_fmts(self.before) or 'none'}"
                f" to {_fmts(self.after) or 'none'}{where}"
            )
        if self.change is SolutionChange.NONE:
            return f"neither equation has a solution for {self.unknown} in its domain"
        return f"same solutions for {self.unknown}"


def compare_solutions(
    scope: Scope, before: sp.Expr, after: sp.Expr, unknown: VarSpec
) -> SolutionComparison:
    """Compare the real roots of ``before = 0`` and ``after = 0`` in ``unknown``'s domain."""
    draws = scope.draws(unknown.symbol)
    old_roots, new_roots = _roots(before, unknown, draws), _roots(after, unknown, draws)
    seen_roots = False
    gains = loses = None
    for index, (old, new) in enumerate(zip(old_roots, new_roots)):
        draw = {s: float(v[index]) for s, v in draws.items()}
        old_kept = [r for r in old if _near_any(r, new) or _vanishes(after, unknown, draw, r)]
        new_kept = [r for r in new if _near_any(r, old) or _vanishes(before, unknown, draw, r)]
        seen_roots = seen_roots or bool(old) or bool(new)
        lost, gained = len(old_kept) < len(old), len(new_kept) < len(new)
        witness = SolutionComparison(
            SolutionChange.DIFFERS, unknown.name, tuple(old), tuple(new), _named(draw)
        )
        if lost and gained:
            return witness
        if gained and gains is None:
            gains = witness
        if lost and loses is None:
            loses = witness
    if gains and loses:
        return gains
    if gains:
        return SolutionComparison(SolutionChange.GAINS, unknown.name, gains.before, gains.after, gains.at)
    if loses:
        return SolutionComparison(SolutionChange.LOSES, unknown.name, loses.before, loses.after, loses.at)
    if seen_roots:
        return SolutionComparison(SolutionChange.SAME, unknown.name)
    return _without_roots(scope, before, after, unknown)


def _without_roots(scope: Scope, before: sp.Expr, after: sp.Expr, unknown: VarSpec) -> SolutionComparison:
    """No root in the scanned range: let the symbolic equation check decide, if it can."""
    evidence = equations_equivalent(
        sp.Eq(before, 0, evaluate=False), sp.Eq(after, 0, evaluate=False), scope.space
    )
    change = {"equivalent": SolutionChange.SAME, "different": SolutionChange.DIFFERS}.get(
        evidence.verdict, SolutionChange.NONE
    )
    return SolutionComparison(change, unknown.name)


def _roots(expr: sp.Expr, unknown: VarSpec, draws: dict[sp.Symbol, np.ndarray]) -> list[list[float]]:
    """Per draw: sign changes of ``expr`` over the unknown's grid, refined by bisection.

    All draws are scanned at once (draws × grid); sign changes across a pole are dropped
    because ``expr`` does not become small there.
    """
    count = len(next(iter(draws.values()))) if draws else 1
    grid = unknown.grid()
    env = {s: v[:, None] for s, v in draws.items()}
    env[unknown.symbol] = grid[None, :]
    values = evaluate(expr, env, (count, grid.size))
    finite = np.isfinite(values)
    scales = np.array([np.median(np.abs(row[ok])) if ok.any() else 0.0 for row, ok in zip(values, finite)])
    change = finite[:, :-1] & finite[:, 1:] & (np.sign(values[:, :-1]) * np.sign(values[:, 1:]) < 0)
    rows, cols = np.nonzero(change)
    a, b, fa = grid[cols], grid[cols + 1], values[rows, cols]
    at_rows = {s: v[rows] for s, v in draws.items()}
    for _ in range(BISECTIONS):
        if a.size == 0 or np.all(b - a <= 1e-12 * np.maximum(1.0, np.abs(a))):
            break
        mid = (a + b) / 2
        fm = evaluate(expr, {**at_rows, unknown.symbol: mid}, mid.size)
        go_left = np.sign(fm) * np.sign(fa) <= 0
        b = np.where(go_left, mid, b)
        a = np.where(go_left, a, mid)
        fa = np.where(go_left, fa, fm)
    mid = (a + b) / 2
    small = np.zeros(mid.size, dtype=bool)
    if mid.size:
        at_mid = evaluate(expr, {**at_rows, unknown.symbol: mid}, mid.size)
        small = np.abs(at_mid) <= ROOT_TOL * scales[rows] + 1e-9
    exact_rows, exact_cols = np.nonzero(finite & (values == 0))
    found: list[list[float]] = [[] for _ in range(count)]
    for row, root in zip(rows[small], mid[small]):
        found[row].append(float(root))
    for row, col in zip(exact_rows, exact_cols):
        found[row].append(float(grid[col]))
    return [_merge(sorted(roots)) for roots in found]


def _merge(roots: list[float]) -> list[float]:
    merged: list[float] = []
    for root in roots:
        if not merged or not _near(root, merged[-1]):
            merged.append(root)
    return merged


def _vanishes(expr: sp.Expr, unknown: VarSpec, draw: dict[sp.Symbol, float], root: float) -> bool:
    """A root without a sign change (a double root) still makes ``expr`` tiny."""
    nearby = np.array([root, root * (1 + 1e-3) + 1e-3, root * (1 - 1e-3) - 1e-3])
    values = evaluate(expr, {**draw, unknown.symbol: nearby}, nearby.size)
    if not np.isfinite(values).all():
        return False
    return abs(values[0]) <= 1e-5 * max(abs(values[1]), abs(values[2]), 1e-12)


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= ROOT_TOL * max(1.0, abs(a), abs(b))


def _near_any(root: float, others: list[float]) -> bool:
    return any(_near(root, other) for other in others)


def _missing(these: tuple[float, ...], others: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(r for r in these if not _near_any(r, list(others)))


def _named(draw: dict[sp.Symbol, float]) -> dict[str, float]:
    return {symbol.name: value for symbol, value in draw.items()}


def _fmt(value: float) -> str:
    return f"{0.0 if abs(value) < 1e-9 else value:.4g}"


def _fmts(values: tuple[float, ...]) -> str:
    # An equation that holds everywhere has a root at every scanned point: show a few.
    if len(values) > SHOWN_ROOTS:
        return ", ".join(_fmt(v) for v in values[:3]) + f", … ({len(values)} in all)"
    return ", ".join(_fmt(v) for v in values)


def _s(values: tuple[float, ...]) -> str:
    return "s" if len(values) > 1 else ""


def numeric_limit(
    scope: Scope, expr: sp.Expr, var: VarSpec, target: sp.Expr, expected: sp.Expr
) -> Agreement:
    """Does ``expr`` tend to ``expected`` as ``var`` tends to ``target``?

    A quick float screen at var = 10**6 rejects most candidates; survivors are evaluated
    at 30 digits along var = 10**4, 10**6, 10**8 (or target ± 10**-k): the error must
    shrink and end small. Sympy's ``limit`` can run for minutes; this cannot.
    """
    approach = _approach(var, target)
    if approach is None:
        return Agreement.UNDECIDED
    draws = scope.draws(var.symbol)
    count = len(next(iter(draws.values()))) if draws else 1
    near = evaluate(expr, {**draws, var.symbol: float(approach[1])}, count)
    goal = evaluate(expected, draws, count)
    if not np.all(np.isfinite(near) & np.isfinite(goal)):
        return Agreement.UNDECIDED
    if not np.all(np.abs(near - goal) <= 1e-2 * np.maximum(1.0, np.abs(goal))):
        return Agreement.DIFFERS
    for index in range(count):
        fixed = {s: _exact(s, float(v[index])) for s, v in draws.items()}
        try:
            value = complex(sp.N(expected.xreplace(fixed), 30))
            errors = [
                abs(complex(sp.N(expr.xreplace({**fixed, var.symbol: x}), 30)) - value)
                for x in approach
            ]
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            return Agreement.UNDECIDED
        if not all(math.isfinite(err) for err in errors):
            return Agreement.UNDECIDED
        tolerance = 1e-6 * max(1.0, abs(value))
        if errors[-1] > tolerance or errors[-1] > errors[0] + tolerance:
            return Agreement.DIFFERS
    return Agreement.SAME


def _exact(symbol: sp.Symbol, value: float) -> sp.Expr:
    return sp.Integer(int(value)) if symbol.is_integer else sp.Float(value, 30)


def _approach(var: VarSpec, target: sp.Expr) -> list[sp.Expr] | None:
    # Floats, not Integers: (1 - 1/n)**n at an exact n = 10**8 is a 10**8-digit rational.
    if target == sp.oo:
        return [sp.Float(10**k, 30) for k in (4, 6, 8)]
    if target == -sp.oo:
        return [sp.Float(-(10**k), 30) for k in (4, 6, 8)]
    if not target.is_number:
        return None
    point = float(target)
    side = 1 if point < var.high else -1
    if point <= var.low:
        side = 1
    return [sp.Float(point + side * 10.0**-k, 30) for k in (4, 6, 8)]
