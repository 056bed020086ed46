"""Answer tests on antiderivatives and derivatives: an antiderivative's derivative must
match; an indefinite integral also wants its constant of integration, which
``added-constant`` checks on its own; a derivative must be equivalent, and one that is an
antiderivative instead is told so."""

from __future__ import annotations

import random
from typing import Literal

import mpmath
import sympy as sp

from studyapp.checking import sandbox
from studyapp.checking.exercises.answer_tests.common import Grader, verdict
from studyapp.checking.meaning import (
    EXACT,
    Undefined,
    VariableSpace,
    as_real,
    evaluate,
    read_values,
    sample_points,
    values_agree,
)
from studyapp.checking.reading import InvalidAnswer, exact, parse_answer
from studyapp.checking.verdict import GradeResult

_ABS_POINTS = 12
_X_PROBES = (sp.Rational(7, 10), sp.Rational(19, 10))  # two values of x, not special


def antiderivative(constant: Literal["none", "optional", "needed"]) -> Grader:
    """``none``: only the derivative is checked; ``needed``: one arbitrary constant of
    integration too, and an expected ln|x| kept; ``optional``: as ``needed``, but the
    answer may leave the constant out or add a number instead (STACK's ``NOCONST``)."""

    def grade(
        expect: str, answer: str, names: list, space: VariableSpace, rng: random.Random
    ) -> GradeResult:
        expected, typed, space, interpreted = _formulas(expect, answer, space)
        if typed is None:
            return verdict(False, "give a formula", interpreted)
        variable = names[0] if names else "x"
        space = space.including([variable])
        x = space.symbols[variable]
        want = sp.diff(expected, x)
        if not values_agree(want, sp.diff(typed, x), space, EXACT, rng):
            return verdict(False, "its derivative is not the integrand", interpreted)
        if constant == "none":
            return verdict(True, "", interpreted)
        constants = typed.free_symbols - want.free_symbols - {x}
        added = next(iter(constants)) if len(constants) == 1 else None
        left_out = constant == "optional" and not constants
        if not left_out and (added is None or not _arbitrary(typed, added, x)):
            return verdict(False, "add one arbitrary constant of integration", interpreted)
        without = typed if added is None else typed.subs(added, 1)
        if _drops_absolute_value(expected, without, space, rng):
            return verdict(False, "keep the absolute value inside the logarithm", interpreted)
        return verdict(True, "", interpreted)

    return grade


def derivative(
    expect: str, answer: str, names: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    """Equivalent to the expected derivative (in ``names[0]``, x by default); an answer
    whose own derivative is the expected one was integrated instead (STACK's Diff)."""
    expected, typed, space, interpreted = _formulas(expect, answer, space)
    if typed is None:
        return verdict(False, "give a formula", interpreted)
    if values_agree(expected, typed, space, EXACT, rng):
        return verdict(True, "", interpreted)
    variable = names[0] if names else "x"
    space = space.including([variable])
    x = space.symbols[variable]
    if typed.has(x) and values_agree(expected, sp.diff(typed, x), space, EXACT, rng):
        return verdict(False, "this is an antiderivative: differentiate instead", interpreted)
    return verdict(False, "not the derivative", interpreted)


def _formulas(
    expect: str, answer: str, space: VariableSpace
) -> tuple[sp.Expr, sp.Expr | None, VariableSpace, str]:
    """Both answers read as formulas (the answer None when it is something else, such as
    an equation), the variables, and how the answer was read."""
    expected, typed, space, interpreted = read_values(expect, answer, space)
    if not isinstance(expected, sp.Expr):
        raise InvalidAnswer("the expected answer should be a formula")
    sandbox.report_progress("parsed")
    return expected, typed if isinstance(typed, sp.Expr) else None, space, interpreted


def _arbitrary(value: sp.Expr, constant: sp.Symbol, x: sp.Symbol) -> bool:
    """``value`` is f(x) + g(c) with g linear in c, or a logarithm of c (ln|k·x|).

    The slope in c is compared at two values of x rather than by its symbols: sympy
    writes the slope of ln|k·x| with x in it (``x·sign(k·x)/|k·x|``), though it is 1/k.
    """
    slope = sp.diff(value, constant)
    if slope == 0:
        return False
    for factor in (1, constant):
        at = [_number_at(slope * factor, constant, x, at_x) for at_x in _X_PROBES]
        if at[0] is not None and at[0] == at[1] and at[0][0] == at[0][1]:
            return True
    return False


def _number_at(
    expr: sp.Expr, constant: sp.Symbol, x: sp.Symbol, at_x: sp.Rational
) -> tuple[object, object] | None:
    """``expr`` at c = 2 and c = 3 (rounded) for x = ``at_x``, None when either is not a
    real number."""
    values = []
    for c in (2, 3):
        try:
            value = as_real(evaluate(exact(expr.subs({constant: c, x: at_x})), {}))
        except Undefined:
            return None
        if value is None:
            return None
        values.append(mpmath.nstr(value, 20))
    return values[0], values[1]


def _drops_absolute_value(
    expected: sp.Expr, typed: sp.Expr, space: VariableSpace, rng: random.Random
) -> bool:
    """The expected answer takes a logarithm of an absolute value (ln|x|) and the answer,
    a logarithm, is not real at some point where the expected answer is."""
    logs_of_abs = any(node.args[0].has(sp.Abs) for node in expected.atoms(sp.log))
    if not logs_of_abs or not typed.has(sp.log):
        return False
    for point in sample_points(space, _ABS_POINTS, rng):
        try:
            want = as_real(evaluate(exact(expected), point))
            got = as_real(evaluate(exact(typed), point))
        except Undefined:
            continue
        if want is not None and got is None:
            return True
    return False


def added_constant(
    expect: str, answer: str, names: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    """One name besides the listed ones, added as ``+ C`` (``loose`` first: any form of
    it that does not depend on the listed names, such as ``3*C`` or ``ln(k*x)``)."""
    loose = bool(names) and names[0] == "loose"
    listed = set(names[1:] if loose else names)
    parsed = parse_answer(answer)
    if parsed.kind != "expression":
        return verdict(False, "give a formula", parsed.interpreted)
    sandbox.report_progress("parsed")
    typed = exact(parsed.expr)
    extra = [s for s in typed.free_symbols if s.name not in listed]
    if len(extra) != 1:
        return verdict(False, "add exactly one constant, such as + C", parsed.interpreted)
    space = space.including(s.name for s in typed.free_symbols)
    slope = sp.diff(typed, extra[0])
    if loose:
        fixed = [s for s in typed.free_symbols if s.name in listed]
        added = not values_agree(sp.S.Zero, slope, space, EXACT, rng) and all(
            values_agree(sp.S.Zero, sp.diff(slope, s), space, EXACT, rng) for s in fixed
        )
    else:
        added = values_agree(sp.S.One, slope, space, EXACT, rng)
    return verdict(bool(added), "add the constant as + C", parsed.interpreted)
