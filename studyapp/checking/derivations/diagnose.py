"""Say *how* a line differs from what was expected: a sign, a factor, a term, a reciprocal.

All tests are numeric at the scope's points, so a diagnosis is cheap enough to compute
for every wrong line, and never claims more than the numbers show.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from itertools import islice

import numpy as np
import sympy as sp

from studyapp.checking.derivations.lines import Line
from studyapp.checking.derivations.numeric import close, evaluate
from studyapp.checking.derivations.relations import SolutionChange, SolutionComparison
from studyapp.checking.derivations.scope import Scope

MAX_TERMS = 12
UNEXPLAINED = 9.0
WHOLE_IS_SIMPLEST = 3.0  # a factor, the sign, the reciprocal, a constant: no edit says more


@dataclass(frozen=True)
class Difference:
    """A phrase for the learner and how simple the explanation is (lower: simpler)."""

    score: float
    text: str

    @property
    def explained(self) -> bool:
        return self.score < UNEXPLAINED


def describe_difference(
    scope: Scope,
    got: sp.Expr,
    expected: sp.Expr,
    definitions: Mapping[sp.Symbol, sp.Expr] | None = None,
) -> Difference:
    """How ``got`` relates to ``expected`` (which it does not equal) as a whole: a factor,
    the sign, the reciprocal, a constant, terms. With ``definitions`` (the given
    ``pw = ...``; may be empty) it also looks inside the learner's line for one edit (an
    inverted ratio, a flipped sign, a dropped factor or term), judged under those
    definitions, so a line may use a defined name or what defines it."""
    if not definitions:
        whole = _describe(scope, got, expected)
    else:  # a counterexample must not contradict the definitions
        whole = _describe(scope, got.xreplace(definitions), expected.xreplace(definitions))
    if whole.score <= WHOLE_IS_SIMPLEST or definitions is None:
        return whole
    edit = _one_edit(scope, got, expected, definitions)
    return edit if edit is not None and edit.score < whole.score else whole


def _describe(scope: Scope, got: sp.Expr, expected: sp.Expr) -> Difference:
    g, e = scope.values(got), scope.values(expected)
    ok = np.isfinite(g) & np.isfinite(e)
    if ok.sum() < 2:
        return Difference(UNEXPLAINED, "it is undefined where the expected value is defined")
    g, e = g[ok], e[ok]
    with np.errstate(all="ignore"):
        if np.all(e != 0):
            ratio = g / e
            factor = float(ratio[0])
            if np.all(close(ratio, np.full_like(ratio, factor))) and 1e-6 < abs(factor) < 1e6:
                return _factor(factor)
            if np.all(close(g * e, np.ones_like(g))):
                return Difference(3, "it is the reciprocal of the expected value")
        shift = g - e
        if np.all(close(shift, np.full_like(shift, shift[0]))):
            return Difference(3, f"it is off by the constant {_number(float(shift[0]))}")
    terms = _term_changes(scope, got, expected)
    if terms is not None:
        return terms
    point = _point_text(scope, int(np.argmax(ok)), got.free_symbols | expected.free_symbols)
    return Difference(
        UNEXPLAINED,
        f"the values differ, e.g. {_number(float(g[0]))} instead of {_number(float(e[0]))} at {point}",
    )


def _factor(factor: float) -> Difference:
    if abs(factor - 1) < 1e-6:
        return Difference(UNEXPLAINED, "it differs only where one of the two is undefined")
    if abs(factor + 1) < 1e-9:
        return Difference(1, "a sign error: it is the negative of the expected value")
    score = 2 if factor > 0 else 3
    return Difference(score, f"a wrong constant factor: it is {_number(factor)} times the expected value")


def _number(value: float) -> str:
    fraction = Fraction(value).limit_denominator(1000)
    if abs(float(fraction) - value) <= 1e-9 * max(1.0, abs(value)):
        return str(fraction)
    return f"{value:.6g}"


def _term_changes(scope: Scope, got: sp.Expr, expected: sp.Expr) -> Difference | None:
    """Compare the sums term by term: which terms are missing, extra or sign-flipped."""
    got_terms, expected_terms = sp.Add.make_args(got), sp.Add.make_args(expected)
    if len(got_terms) + len(expected_terms) > MAX_TERMS * 2 or len(expected_terms) < 2:
        return None
    unmatched_got = list(got_terms)
    missing, flipped = [], []
    for term in expected_terms:
        match = _find(scope, term, unmatched_got)
        if match is not None:
            unmatched_got.remove(match)
            continue
        negated = _find(scope, -term, unmatched_got)
        if negated is not None:
            unmatched_got.remove(negated)
            flipped.append(term)
        else:
            missing.append(term)
    if len(missing) + len(flipped) + len(unmatched_got) >= len(expected_terms) + len(got_terms):
        return None  # nothing in common: term lists say nothing useful
    parts = []
    if flipped:
        parts.append("the sign of " + ", ".join(_show(t) for t in flipped) + " is flipped")
    if missing:
        parts.append("missing term " + ", ".join(_show(t) for t in missing))
    if unmatched_got:
        parts.append("unexpected term " + ", ".join(_show(t) for t in unmatched_got))
    changes = len(missing) + len(flipped) + len(unmatched_got)
    return Difference(4 + 0.1 * changes, "; ".join(parts))


def _find(scope: Scope, term: sp.Expr, candidates: list[sp.Expr]) -> sp.Expr | None:
    target = scope.values(term)
    for candidate in candidates:
        values = scope.values(candidate)
        if np.all(close(values, target) | (np.isnan(values) & np.isnan(target))):
            return candidate
    return None


def _show(expr: sp.Expr) -> str:
    return sp.sstr(expr)


def _point_text(scope: Scope, index: int, symbols: set[sp.Basic]) -> str:
    """The values at one point of the variables the two lines use (not all declared)."""
    parts = []
    for symbol, column in scope.points.items():
        if symbol in symbols:
            parts.append(f"{symbol.name} = {_number(float(column[index]))}")
    return ", ".join(parts)


MAX_EDITED_PARTS = 24
MAX_EDITS = 80  # candidates tried per wrong line: the diagnosis must stay cheap
MAX_FACTOR_SYMBOLS = 8


def _one_edit(
    scope: Scope, got: sp.Expr, expected: sp.Expr, definitions: Mapping[sp.Symbol, sp.Expr]
) -> Difference | None:
    """One change that turns the learner's line into the expected value: a ratio of theirs
    inverted, a part's sign flipped or a factor left out, or a factor or term of the
    expected value left out. Defined names take their defined values at every point."""
    env = dict(scope.points)
    env.update({s: evaluate(e, scope.points, scope.size) for s, e in definitions.items()})

    def values(expr: sp.Expr) -> np.ndarray:
        return evaluate(expr, env, scope.size)

    target, wrote = values(expected), values(got)
    # Unevaluated: sympy's automatic simplification of logs and powers in every candidate
    # costs far more than evaluating the candidate at a few points.
    with sp.evaluate(False):
        for score, text, candidate, of_expected in islice(_edits(got, expected), MAX_EDITS):
            found, reference = values(candidate), wrote if of_expected else target
            ok = np.isfinite(found) & np.isfinite(reference)
            if int(ok.sum()) >= 2 and bool(np.all(close(found[ok], reference[ok]))):
                return Difference(score, text)
    return None


def _edits(got: sp.Expr, expected: sp.Expr) -> Iterator[tuple[float, str, sp.Expr, bool]]:
    """(score, description, edited expression, whether it is an edit of ``expected``), the
    likeliest first; built lazily, so the search stops at the first that fits."""
    parts = _parts(got)
    for part in parts:
        if _is_ratio(part):
            yield 2.5, f"the ratio {_show(part)} is inverted", got.xreplace({part: 1 / part}), False
    for part in parts:
        if part != got:
            yield 3, f"the sign of {_show(part)} is flipped", got.xreplace({part: -part}), False
    for add in (part for part in parts if isinstance(part, sp.Add)):
        for term in add.args:
            for factor in _likely_factors(got, expected):
                edit = got.xreplace({add: add - term + factor * term})
                yield 3, f"the factor {_show(factor)} is missing from {_show(term)}", edit, False
    for part in _parts(expected):
        if isinstance(part, sp.Mul):
            for factor in (f for f in part.args if f != -1):
                edit = expected.xreplace({part: part / factor})
                yield 3, f"the factor {_show(factor)} is dropped", edit, True
        if isinstance(part, sp.Add):
            for term in part.args:
                yield 4, f"missing term {_show(term)}", expected.xreplace({part: part - term}), True


def _likely_factors(got: sp.Expr, expected: sp.Expr) -> list[sp.Expr]:
    """What a learner most often drops from a term: a variable of the two lines, 2 or 1/2."""
    symbols = sorted(got.free_symbols | expected.free_symbols, key=str)
    return [*symbols[:MAX_FACTOR_SYMBOLS], sp.Integer(2), sp.Rational(1, 2)]


def _parts(expr: sp.Expr) -> list[sp.Expr]:
    """The compound sub-expressions of ``expr``, outermost first (at most MAX_EDITED_PARTS)."""
    found: list[sp.Expr] = []
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Expr) and node.args and node not in found:
            found.append(node)
            if len(found) == MAX_EDITED_PARTS:
                break
    return found


def _is_ratio(expr: sp.Expr) -> bool:
    """``a/b`` or ``1/b``: a power with a negative exponent, alone or in a product."""
    factors = sp.Mul.make_args(expr)
    return any(
        isinstance(f, sp.Pow) and f.exp.is_number and f.exp.is_negative for f in factors
    )



MAX_REASON_OPS = 60


def solution_change_reason(
    scope: Scope, before: Line, after: Line, comparison: SolutionComparison
) -> str | None:
    """Name the move that gained or lost solutions: squaring, or a factor that can be zero
    (only if it vanishes at the solutions gained or lost)."""
    gained = comparison.change is SolutionChange.GAINS
    if gained and before.is_equation and after.is_equation and _squared(scope, before, after):
        return "squaring both sides gains the solutions of −(left side) = right side"
    big, small = (after.zero_form, before.zero_form) if gained else (before.zero_form, after.zero_form)
    if sp.count_ops(big) + sp.count_ops(small) > MAX_REASON_OPS:
        return None
    if not (big.is_rational_function() and small.is_rational_function()):
        return None  # factoring exp/log forms is slow and rarely names a simple factor
    var = scope.variables[comparison.unknown]
    factor = sp.factor(sp.cancel(big / small))
    if var.symbol not in factor.free_symbols or sp.count_ops(factor) > MAX_REASON_OPS // 4:
        return None
    roots = comparison.changed_roots()
    env = {scope.variables[name].symbol: value for name, value in (comparison.at or {}).items()}
    at_roots = evaluate(factor, {**env, var.symbol: np.array(roots)}, len(roots))
    if not roots or not np.all(np.abs(at_roots) < 1e-6):
        return None
    if gained:
        return f"multiplying by {sp.sstr(factor)}, which is zero there, gains solutions"
    return f"dividing by {sp.sstr(factor)}, which is zero there, loses solutions"


def _squared(scope: Scope, before: Line, after: Line) -> bool:
    def same(a: sp.Expr, b: sp.Expr) -> bool:
        return bool(np.all(close(scope.values(a), scope.values(b))))

    return same(after.lhs, before.lhs**2) and same(after.rhs, before.rhs**2)


def zero_divisor(scope: Scope, before: Line, after: Line, unknown: sp.Symbol) -> tuple[str, str] | None:
    """A variable the equation was divided (or multiplied) by although its domain allows 0.

    Random points almost never hit ``a = 0``, so ``a*x = a`` → ``x = 1`` looks equivalent
    numerically; STACK flags it, and so do we (for rational equations). Returns (``"divided"``|``"multiplied"``,
    the variable's name), or None.
    """
    forms = (before.zero_form, after.zero_form)
    may_vanish = {
        s for s in forms[0].free_symbols | forms[1].free_symbols
        if s != unknown and (var := scope.var_of(s)) is not None and var.contains(np.zeros(1))[0]
    }
    if not may_vanish or sum(sp.count_ops(f) for f in forms) > MAX_REASON_OPS:
        return None
    if not all(f.is_rational_function() for f in forms):  # factoring anything else is slow
        return None
    ratio = sp.factor(sp.cancel(forms[0] / forms[1]))
    for how, factor in (("divided", ratio), ("multiplied", 1 / ratio)):
        for part in sp.Mul.make_args(factor):
            base, exponent = part.as_base_exp()
            var = scope.var_of(base) if isinstance(base, sp.Symbol) else None
            if var is None or base == unknown or not (exponent.is_number and exponent > 0):
                continue
            if bool(var.contains(np.array([0.0]))[0]):
                return how, var.name
    return None
