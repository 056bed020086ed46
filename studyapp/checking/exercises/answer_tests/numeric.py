"""Answer tests on numbers: significant figures and decimal places as written, the
leading digits, and comparisons."""

from __future__ import annotations

import random

import mpmath
import sympy as sp

from studyapp.checking import sandbox
from studyapp.checking.exercises.answer_tests.common import Grader, verdict
from studyapp.checking.exercises.written import Written, written_number
from studyapp.checking.meaning import Undefined, VariableSpace, as_real, evaluate
from studyapp.checking.reading import (
    InvalidAnswer,
    decimal_places,
    exact,
    parse_answer,
    significant_figures,
)
from studyapp.checking.verdict import GradeResult


def _number(text: str, whose: str) -> sp.Expr:
    parsed = parse_answer(text)
    if parsed.kind != "expression" or parsed.expr.free_symbols:
        raise InvalidAnswer(f"{whose} should be a number")
    try:
        value = as_real(evaluate(exact(parsed.expr), {}))
    except Undefined:
        value = None
    if value is None:
        raise InvalidAnswer(f"{whose} is not a finite real number")
    return exact(parsed.expr)


def _written(answer: str) -> Written:
    written = written_number(answer)
    if written is None:
        raise InvalidAnswer("give a decimal number such as 0.0250 or 2.50e-2")
    return written


def sigfigs(
    expect: str, answer: str, arguments: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    figures, accuracy = (arguments * 2)[:2]
    if not enough_figures(_written(answer), figures, accuracy):
        return verdict(False, f"write your answer to {figures} significant figures")
    if accuracy == 0:
        return verdict(True, "")
    got, want = _number(answer, "your answer"), _number(expect, "the expected answer")
    sandbox.report_progress("parsed")
    return figures_agree(got, want, figures, accuracy)


def enough_figures(written: Written, figures: int, accuracy: int) -> bool:
    """Written to ``figures`` significant figures (at least that many when accuracy is -1)."""
    if accuracy == -1:
        return written.most >= figures
    return written.fewest <= figures <= written.most


def figures_agree(got: sp.Expr, want: sp.Expr, figures: int, accuracy: int) -> GradeResult:
    """``got`` within half a unit of the ``accuracy``-th figure of ``want`` rounded to
    ``figures`` figures (accuracy -1: ``got`` rounded too, to ``figures`` figures)."""
    if got != 0 and want != 0 and sp.sign(got) != sp.sign(want):  # (a zero has no sign
        return verdict(False, "the sign is wrong")  # to get wrong: it is a matter of accuracy)
    rounded = significant_figures(abs(want), sp.Integer(figures))
    got = significant_figures(abs(got), sp.Integer(figures)) if accuracy == -1 else abs(got)
    places = accuracy if accuracy > 0 else figures
    unit = _last_place(rounded, places)
    if abs(got - rounded) < unit / 2:
        return verdict(True, "")
    return verdict(False, "not accurate to the significant figures asked for")


def _last_place(value: sp.Expr, figures: int) -> sp.Expr:
    """The value of one unit in the ``figures``-th significant place of ``value``."""
    if value == 0:
        return sp.Integer(10) ** -figures
    magnitude = sp.floor(sp.log(value, 10))
    if sp.Integer(10) ** (magnitude + 1) <= value:  # log's float rounding at powers of ten
        magnitude += 1
    return sp.Integer(10) ** (magnitude - figures + 1)


def strict_sigfigs(
    expect: str, answer: str, arguments: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    figures = arguments[0]
    written = _written(answer)
    return verdict(written.fewest == figures, f"write exactly {figures} significant figures")


def decimals(
    expect: str, answer: str, arguments: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    places = arguments[0]
    written = _written(answer)
    got, want = _number(answer, "your answer"), _number(expect, "the expected answer")
    sandbox.report_progress("parsed")
    if written.places != places:
        return verdict(False, f"write your answer to {places} decimal places")
    same = decimal_places(got, sp.Integer(places)) == decimal_places(want, sp.Integer(places))
    return verdict(same, f"not equal to the expected value to {places} decimal places")


def digits(
    expect: str, answer: str, arguments: list, space: VariableSpace, rng: random.Random
) -> GradeResult:
    count = arguments[0]
    got, want = _number(answer, "your answer"), _number(expect, "the expected answer")
    sandbox.report_progress("parsed")
    same = _leading_digits(got, count) == _leading_digits(want, count)
    return verdict(same, f"the first {count} significant digits differ")


def _leading_digits(value: sp.Expr, count: int) -> str:
    """The first ``count`` significant digits of ``value``, cut off, not rounded."""
    with mpmath.workdps(count + 20):
        number = abs(evaluate(value, {}))
        text = mpmath.nstr(number, count + 10, min_fixed=-mpmath.inf, max_fixed=mpmath.inf)
    digits = text.replace(".", "").lstrip("0")
    return (digits + "0" * count)[:count]


def compare_numbers(strict: bool) -> Grader:
    def grade(
        expect: str, answer: str, arguments: list, space: VariableSpace, rng: random.Random
    ) -> GradeResult:
        got, want = _number(answer, "your answer"), _number(expect, "the expected answer")
        sandbox.report_progress("parsed")
        with mpmath.workdps(40):
            # real (checked by _number), though a sum may come back as x + 0j
            a, b = as_real(evaluate(got, {})), as_real(evaluate(want, {}))
        above = a > b if strict else a >= b
        word = "greater than" if strict else "at least"
        return verdict(bool(above), f"your answer should be {word} {expect}")

    return grade
