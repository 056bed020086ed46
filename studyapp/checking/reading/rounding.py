"""Rounding a number as e-assessment systems do: round, significant figures, decimal places.

``round`` breaks ties to the even neighbour (``round(2.5) = 2``, as in STACK's fixtures);
``significantfigures`` and ``decimalplaces`` round ties away from zero, as people do by
hand. Results are exact decimals (rationals), so ``significantfigures(pi, 3)`` equals 3.14.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext

import sympy

from studyapp.checking.reading.invalid import InvalidAnswer

MAX_DIGITS = 100
_WORKING_DIGITS = MAX_DIGITS + 20


def round_number(x: sympy.Expr) -> sympy.Expr:
    return _to_sympy(_decimal(x, "round").quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def significant_figures(x: sympy.Expr, n: sympy.Expr) -> sympy.Expr:
    digits = _count(n, "significantfigures", low=1)
    value = _decimal(x, "significantfigures")
    if value == 0:
        return sympy.Integer(0)
    return _to_sympy(to_figures(value, digits))


def to_figures(value: Decimal, figures: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """``value`` (not 0) kept to ``figures`` significant figures (as many as asked: a
    typed 42-digit number keeps 42, beyond the default context's 28)."""
    with localcontext() as context:
        context.prec = max(context.prec, figures + 2)
        return value.quantize(Decimal(1).scaleb(value.adjusted() - figures + 1), rounding=rounding)


def roundings(value: Decimal, figures: int) -> set[Decimal]:
    """``value`` rounded to ``figures`` significant figures, a tie either way: 2.625 is
    2.63 by hand and 2.62 rounding to even, and a learner may have done either."""
    return {to_figures(value, figures, way) for way in (ROUND_HALF_UP, ROUND_HALF_EVEN)}


def decimal_places(x: sympy.Expr, n: sympy.Expr) -> sympy.Expr:
    places = _count(n, "decimalplaces", low=0)
    value = _decimal(x, "decimalplaces")
    return _to_sympy(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _decimal(x: sympy.Expr, name: str) -> Decimal:
    if x.free_symbols or not x.is_number:
        raise InvalidAnswer(f"{name} needs a number")
    with sympy.evaluate(True):  # also when an answer is read as written, unsimplified
        value = sympy.N(x, _WORKING_DIGITS)
        too_large = abs(value) > sympy.Integer(10) ** MAX_DIGITS
    if not value.is_real or not value.is_finite:
        raise InvalidAnswer(f"{name} needs a finite real number")
    if too_large:
        raise InvalidAnswer(f"{name}: the number is too large")
    with localcontext() as context:
        context.prec = _WORKING_DIGITS
        return Decimal(str(value))


def _count(n: sympy.Expr, name: str, low: int) -> int:
    if not n.is_Integer or not low <= int(n) <= MAX_DIGITS:
        raise InvalidAnswer(f"{name} needs a whole number of digits from {low} to {MAX_DIGITS}")
    return int(n)


def _to_sympy(value: Decimal) -> sympy.Expr:
    sign, digits, exponent = value.as_tuple()
    magnitude = int("".join(map(str, digits)) or "0")
    number = sympy.Integer(magnitude) * sympy.Rational(10) ** int(exponent)
    return -number if sign else number
