"""Exercises that name an answer test: the test decides, declared mistakes keep their
feedback, and ``studyapp check`` grades the exercise's own answers with it."""

from __future__ import annotations

import pytest

from studyapp.checking.exercises import exercise_problems, grade_exercise_here, written_as_asked
from studyapp.checking.exercises.answer_tests import _GRADERS
from studyapp.content.answer_test_spec import TEST_NAMES
from studyapp.content.model import Exercise
from studyapp.content.parser import parse_text

TOPIC = "```topic\nid: t\ntitle: T\n```\n\n"
FACTORED = """
id: factor
prompt: Factor 2*x**2 - 6*x completely.
var: x real
answer: 2*x*(x - 3)
test: factored
wrong: x*(2*x - 6) | a factor 2 is left inside the bracket
wrong: 2*x*(x + 3) | sign error in the bracket
"""
EXPANDED = """
id: expand
prompt: Expand (x + 1)**2.
var: x real
answer: x**2 + 2*x + 1
test: expanded
"""
SIGFIGS = """
id: oob
kind: numeric
prompt: 1/e to 4 significant figures?
answer: exp(-1)
tolerance: 1e-3
test: sigfigs 4
wrong: 0.5 | that is a coin flip, not 1/e
"""
VARIED = """
id: alpha
kind: numeric
prompt: Weighted error {e}. AdaBoost weight alpha (3 significant figures)?
given: e = 0.3
reference: 0.5 * log((1 - e) / e)
answer: log(7/3)/2
tolerance: 1e-3
test: sigfigs 3
vary: e = uniform(0.01, 0.49)
"""
INTEGRAL = """
id: integrate
prompt: Integrate sigmoid(x); write the constant as C.
var: x real (-oo, oo) sample [-6, 6]
var: C real
answer: log(1 + exp(x)) + C
test: integral x
wrong: log(1 + exp(x)) | forgot the constant of integration
"""


HALVED = """
id: halve
prompt: Write half of sin(3x) with the sine on top of the fraction.
var: x real
answer: sin(3*x)/2
test: same-form-rules oneMul
wrong: sin(3*x/2) | the argument was halved, not the sine
"""


def exercise(block: str) -> Exercise:
    parsed = parse_text(f"{TOPIC}```exercise{block}```\n", "t.md", "deck")
    assert parsed.problems == []
    (item,) = parsed.topics[0].exercises
    return item


def grade(block: str, answer: str, params: dict | None = None) -> tuple[str, str | None, str]:
    result = grade_exercise_here(exercise(block), answer, params)
    return result.verdict, result.mistake, result.message


def test_every_test_name_has_a_grader_and_every_grader_a_name() -> None:
    assert sorted(TEST_NAMES) == sorted(_GRADERS)


def test_a_factored_answer_is_correct() -> None:
    assert grade(FACTORED, "2x(x-3)")[0] == "correct"


def test_an_equivalent_answer_in_the_wrong_form_gets_the_tests_message() -> None:
    assert grade(FACTORED, "2*x^2 - 6*x") == (
        "incorrect",
        "form",
        "equivalent, but not fully factored",
    )


def test_a_declared_wrong_form_gets_its_own_feedback_however_it_is_typed() -> None:
    verdict, mistake, message = grade(FACTORED, "x (2x - 6)")
    assert (verdict, mistake, message) == (
        "incorrect",
        "declared",
        "a factor 2 is left inside the bracket",
    )


def test_a_declared_wrong_value_keeps_its_feedback_under_a_test() -> None:
    assert grade(FACTORED, "2*x*(x+3)")[2] == "sign error in the bracket"


def test_a_test_on_the_writing_only_still_needs_the_right_value() -> None:
    assert grade(EXPANDED, "x^2 + 2x + 1")[0] == "correct"
    assert grade(EXPANDED, "(x + 1)^2")[:2] == ("incorrect", "form")
    assert grade(EXPANDED, "x^2 + 1")[0] == "incorrect"  # expanded, but not (x + 1)²


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [("1/2*sin(3x)", "correct"), ("sin(3*x)/2", "correct"), ("0.5*sin(3x)", "incorrect")],
)
def test_a_form_with_rules_accepts_what_the_rules_allow(answer: str, verdict: str) -> None:
    assert grade(HALVED, answer)[0] == verdict
    assert grade(HALVED, "sin(3x/2)")[2] == "the argument was halved, not the sine"
    assert list(exercise_problems(exercise(HALVED))) == []


@pytest.mark.parametrize(
    ("answer", "verdict", "mistake"),
    [
        ("0.3679", "correct", None),
        ("36.79 %", "correct", None),  # the figures are those typed, before the sign
        ("0.368", "incorrect", "precision"),  # within the tolerance, but 3 figures
        ("0.36788", "incorrect", "precision"),
        ("0.3680", "incorrect", "precision"),  # 4 figures, the last one wrong
        ("0.5", "incorrect", "declared"),
    ],
)
def test_a_precision_test_decides_a_numeric_exercise(
    answer: str, verdict: str, mistake: str | None
) -> None:
    assert grade(SIGFIGS, answer)[:2] == (verdict, mistake)


def test_a_drawn_variant_is_rounded_from_its_own_reference() -> None:
    assert grade(VARIED, "0.973", {"e": 0.125})[0] == "correct"  # ½·ln 7 = 0.97296
    assert grade(VARIED, "0.424", {"e": 0.125})[0] == "incorrect"  # the stated answer's value


def test_an_integral_takes_any_constant_and_names_a_missing_one() -> None:
    assert grade(INTEGRAL, "ln(1 + e^x) + K")[0] == "correct"
    assert grade(INTEGRAL, "log(1 + exp(x))")[1:] == (
        "declared",
        "forgot the constant of integration",
    )


@pytest.mark.parametrize(
    ("value", "test", "written"),
    [
        (0.36787944, "sigfigs 4", "0.3679"),
        (0.5, "sigfigs 3", "0.500"),
        (123456.0, "sigfigs 2", "1.2e+05"),
        (3.14159, "decimals 2", "3.14"),
        (42.0, "strict-sigfigs 2", "42"),
    ],
)
def test_the_selftest_writes_a_value_as_the_test_asks(
    value: float, test: str, written: str
) -> None:
    assert written_as_asked(value, test) == written


def test_check_grades_a_precision_exercise_as_the_test_asks_for_every_draw() -> None:
    assert list(exercise_problems(exercise(SIGFIGS))) == []
    assert list(exercise_problems(exercise(VARIED))) == []


def test_check_reports_an_alternative_that_fails_the_test() -> None:
    block = FACTORED + "alt: 2*x**2 - 6*x\n"
    (problem,) = exercise_problems(exercise(block))
    assert problem.startswith(
        "exercise `factor`: alt `2*x**2 - 6*x` is graded incorrect under `test: factored`"
    )
