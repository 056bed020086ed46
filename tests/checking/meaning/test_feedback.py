"""Generic and declared diagnoses of wrong answers."""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from studyapp.checking.meaning import (
    Tol,
    declared_mistake,
    diagnose,
    diagnose_number,
    space_from_mapping,
)

x, b, e = sp.symbols("x b e")
SPACE = space_from_mapping({"x": "real", "b": "positive", "e": "(0, 1/2)"})


@pytest.mark.parametrize(
    ("answer", "mistake", "fragment"),
    [
        (2 * x**2 * b, "constant-factor", "2×"),
        (x**2 * b / 2, "constant-factor", "1/2×"),
        (-(x**2) * b, "sign", "opposite sign"),
        (1 / (x**2 * b), "reciprocal", "reciprocal"),
        (x**2 * b + 3, "additive-constant", "+3"),
        (x**2 * b * e, "extra-variable", "e"),
        (x**2, "missing-variable", "b"),
    ],
)
def test_generic_diagnoses(answer, mistake, fragment):
    diagnosis = diagnose(x**2 * b, answer, SPACE)
    assert diagnosis is not None
    assert diagnosis.mistake == mistake
    assert fragment in diagnosis.message


def test_pi_factor_is_named():
    diagnosis = diagnose(x**2, sp.pi * x**2, SPACE)
    assert diagnosis is not None and "π" in diagnosis.message


def test_a_name_in_another_case_is_pointed_out():
    diagnosis = diagnose(x**2 * b, x**2 * sp.Symbol("B"), SPACE)
    assert diagnosis is not None and diagnosis.mistake == "extra-variable"
    assert "case-sensitive: did you mean b?" in diagnosis.message
    other = diagnose(x**2 * b, x**2 * b * e, SPACE)
    assert other is not None and "case-sensitive" not in other.message


def test_unrelated_answer_gets_no_diagnosis():
    assert diagnose(x**2 * b, sp.sin(x) * b, SPACE) is None


def test_declared_wrong_answer_message_wins_for_equivalent_forms():
    wrong = [(sp.log((1 - e) / e), "you dropped the 1/2")]
    found = declared_mistake(2 * sp.atanh(1 - 2 * e), wrong, SPACE)
    assert found is not None
    assert (found.mistake, found.message) == ("declared", "you dropped the 1/2")


def test_declared_wrong_answer_not_matched_by_other_answers():
    wrong = [(sp.log((1 - e) / e), "you dropped the 1/2")]
    assert declared_mistake(-sp.log((1 - e) / e), wrong, SPACE) is None


def test_number_close_outside_tolerance_says_check_rounding():
    diagnosis = diagnose_number(mpmath.mpf("0.36603"), mpmath.mpf("0.3665"), Tol("rel", 1e-3))
    assert diagnosis is not None and diagnosis.mistake == "tolerance"


def test_number_off_by_power_of_ten():
    diagnosis = diagnose_number(mpmath.mpf("0.25"), mpmath.mpf("25"), Tol("rel", 1e-3))
    assert diagnosis is not None and diagnosis.mistake == "order-of-magnitude"
    assert "percentage" in diagnosis.message


def test_number_with_opposite_sign():
    diagnosis = diagnose_number(mpmath.mpf("1.5"), mpmath.mpf("-1.5"), Tol("rel", 1e-3))
    assert diagnosis is not None and diagnosis.mistake == "sign"


def test_rounded_decimal_for_an_exact_answer():
    diagnosis = diagnose_number(mpmath.mpf(1) / 3, mpmath.mpf("0.3333"), Tol())
    assert diagnosis is not None and diagnosis.mistake == "rounded"


_REL = Tol("rel", 1e-3)
_EXACT = Tol("rel", 0)


@pytest.mark.parametrize(
    ("expected", "answer", "tol", "mistake", "message"),
    [
        # rounded, or cut off, to too few figures: said so, with how many were kept
        ("0.125", "0.13", _REL, "rounded", "rounding to 2 significant figures is too coarse"),
        ("1000/7", "140", _REL, "rounded", "rounding to 2 significant figures"),
        ("5/3", "1.6", _REL, "rounded", "cut off after 2 significant figures"),
        ("16384", "16400", _EXACT, "rounded", "rounding to 3 significant figures"),
        # a count a little off is a miscount, not a rounding
        ("99136", "99072", _EXACT, "count", "not the exact count: yours is -64 from it"),
        ("1023", "1024", _EXACT, "off-by-one", "off by +1"),
        ("15", "20", _EXACT, "constant-factor", "4/3×"),  # a small count: no rounding claimed
        # only simple factors are named; a reciprocal is named as one
        ("0.42365", "0.8473", _REL, "constant-factor", "2×"),
        ("0.0237129", "0.4763", _REL, None, ""),  # not "241/12×"
        ("15", "14.4", _REL, None, ""),  # not "24/25×"
        ("9/512", "512/9", _REL, "reciprocal", "the reciprocal"),
    ],
)
def test_number_diagnoses_name_only_what_explains_the_slip(
    expected: str, answer: str, tol: Tol, mistake: str | None, message: str
) -> None:
    diagnosis = diagnose_number(_exact(expected), _exact(answer), tol)
    if mistake is None:
        assert diagnosis is None or diagnosis.mistake not in ("rounded", "constant-factor")
    else:
        assert diagnosis is not None and diagnosis.mistake == mistake
        assert message in diagnosis.message


def _exact(text: str) -> mpmath.mpf:
    top, _, bottom = text.partition("/")
    return mpmath.mpf(top) / (mpmath.mpf(bottom) if bottom else 1)


def test_tiny_ratios_that_vary_are_no_constant_factor() -> None:
    n = sp.Symbol("n", integer=True, positive=True)
    space = space_from_mapping({"n": "integer [2, 200]"})
    found = diagnose((1 - 1 / n) ** n, (1 / n) ** n, space)
    assert found is None or found.mistake != "constant-factor"


def test_a_decimal_that_is_exact_is_not_claimed_cut_off() -> None:
    # 0.6 is stored as 0.5999…98: cut off at any length it is still 0.6, not 0.5
    found = diagnose_number(mpmath.mpf(0.6), mpmath.mpf("0.5"), _REL)
    assert found is None or found.mistake != "rounded"


def test_an_expression_typed_is_not_claimed_rounded() -> None:
    found = diagnose_number(mpmath.mpf("1.10811"), mpmath.mpf(1), _REL, decimal=False)
    assert found is None or found.mistake != "rounded"
    assert diagnose_number(mpmath.mpf("1.10811"), mpmath.mpf(1), _REL).mistake == "rounded"


def test_a_sign_or_a_yes_no_is_not_a_miscount() -> None:
    assert diagnose_number(mpmath.mpf(1), mpmath.mpf(-1), _EXACT).mistake == "sign"
    found = diagnose_number(mpmath.mpf(1), mpmath.mpf(0), _EXACT)
    assert found is None or found.mistake != "off-by-one"
