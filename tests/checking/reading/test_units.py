"""Quantities with physical units: SI conversion and the units answer tests."""

from __future__ import annotations

import pytest
import sympy as sp

from studyapp.checking.exercises import grade_expression_here
from studyapp.checking.reading import lookup, measure, parse_answer

C, W, X = "correct", "incorrect", "invalid"


def _si(text: str) -> tuple[sp.Expr, tuple]:
    with sp.evaluate(False):
        parsed = parse_answer(text)
    found = measure(parsed.expr)
    assert found is not None
    return found.value, found.dimension


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("250*g", "0.25*kg"),
        ("3*km", "3000*m"),
        ("0.5*day", "43200*s"),
        ("2*h", "7200*s"),
        ("5*mL", "5*cm^3"),
        ("3*kWh", "10800000*J"),
        ("2*N*m", "2*J"),
        ("12*in", "1*ft"),
        ("4*ms^-1", "4000*Hz"),  # a millisecond, not metres per second
        ("0*m/s", "0*km/s"),  # a zero keeps its units
    ],
)
def test_equal_quantities_have_one_si_value(a: str, b: str) -> None:
    assert _si(a) == _si(b)


def test_metre_per_second_differs_from_metre() -> None:
    assert _si("0*m")[1] != _si("0*m/s")[1]


def test_whole_names_win_over_prefixes() -> None:
    assert lookup("min").factor == 60  # a minute, not a milli-inch
    assert lookup("mm").factor == sp.Rational(1, 1000)


def test_unknown_names_are_dimensions_of_their_own() -> None:
    assert _si("3*widgets")[1] == (("widgets", 1),)


@pytest.mark.parametrize(
    ("expect", "answer", "test", "verdict"),
    [
        ("3.27*m/s", "3.27*m/s", "units 3", C),
        ("3.27*m/s", "3.27*m*s^-1", "units 3", C),
        ("3.27*m/s", "327*cm/s", "units 3", C),
        ("3.27*m/s", "3.28*m/s", "units 3", W),
        ("3.27*m/s", "3.28*m/s", "units 3 2", C),  # the last figure may be off
        ("3.27*m/s", "3.3*m/s", "units 3", W),  # too few figures
        ("3.27*m/s", "3.27*m", "units 3", W),  # wrong units
        ("3.27*m/s", "3.27", "units 3", W),  # units missing
        ("3.27*m/s", "m/s", "units 3", X),  # a number is missing
        ("3.27*m/s", "327*cm/s", "units strict 3", W),  # not the expected units
        ("500*g", "0.5*kg", "units-relative 0.01", C),
        ("500*g", "0.51*kg", "units-relative 0.01", W),
        ("4.2*mm", "4.3*mm", "units-absolute 0.1", C),  # 0.1 of the expected units
        ("4.2*mm", "4.4*mm", "units-absolute 0.1", W),
        ("4.2*mm", "4.35*mm", "units-absolute 0.2*mm", C),
        ("4.2*mm", "0.42*cm", "units-absolute strict 0.1", W),
        ("4.2*mm", "4.2*mm", "units-absolute 0.1*s", X),  # a tolerance in seconds
        ("4.2", "4.2*mm", "units 2", X),  # an expected answer without units
        ("4.2", "4.2", "units-relative 0.01", X),
    ],
)
def test_units_answer_tests(expect: str, answer: str, test: str, verdict: str) -> None:
    assert grade_expression_here(expect, answer, test=test).verdict == verdict


def test_stack_spelling_of_a_quantity_is_read() -> None:
    result = grade_expression_here("stackunits(9.81, m/s^2)", "9.81*m/s^2", test="units 3")
    assert result.verdict == C
