"""Grading typed answers: expressions, exercises, numbers, feedback, hostile input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.checking.exercises import grade_exercise_here, grade_expression_here, read_tolerance
from studyapp.content.model import (
    Alternative,
    Exercise,
    ExerciseKind,
    SourceRef,
    Tolerance,
    Variable,
    WrongAnswer,
)

WHERE = {"e": "(0, 1/2)", "n": "integer >= 1", "x": "real", "b": "positive"}
HERE = SourceRef("test.md", 1)

ALPHA = Exercise(
    id="ada-alpha",
    kind=ExerciseKind.SYMBOLIC,
    prompt="AdaBoost's classifier weight for weighted error e.",
    answer="(1/2)*log((1 - e)/e)",
    deck_id="d",
    topic_id="t",
    source=HERE,
    variables=(Variable("e", low="0", high="1/2"),),
    alternatives=(Alternative("atanh(1 - 2*e)"),),
    wrong_answers=(
        WrongAnswer("log((1 - e)/e)", "you dropped the 1/2 from the exponential-loss minimiser"),
        WrongAnswer("(1/2)*log(e/(1 - e))", "the odds are upside down"),
    ),
)

KFOLD = Exercise(
    id="kfold",
    kind=ExerciseKind.NUMERIC,
    prompt="5-fold CV on 1000 examples: training size?",
    answer="800",
    deck_id="d",
    topic_id="t",
    source=HERE,
    givens=(("n", "1000"), ("k", "5")),
    reference="n - n // k",
    tolerance=Tolerance("rel", 0),
)

BIAS = Exercise(
    id="bias-variance",
    kind=ExerciseKind.NUMERIC,
    prompt="bias 0.2, variance 0.05, noise 0.01",
    answer="0.1",
    deck_id="d",
    topic_id="t",
    source=HERE,
    givens=(("bias", "0.2"), ("var", "0.05"), ("noise", "0.01")),
    reference="bias**2 + var + noise",
    tolerance=Tolerance("rel", 1e-3),
)


@pytest.mark.parametrize(
    "answer",
    [
        "1/2*log((1-e)/e)",
        "log(sqrt((1-e)/e))",
        "atanh(1-2*e)",
        "-1/2*log(e/(1-e))",
        "½·ln((1−e)/e)",
    ],
)
def test_equal_forms_are_correct(answer):
    result = grade_expression_here("1/2*log((1-e)/e)", answer, WHERE)
    assert result.verdict == "correct", result.message


def test_result_shows_how_the_answer_was_read():
    result = grade_expression_here("2*x", "2x", WHERE)
    assert result.interpreted == "2·x"
    assert result.details["notes"]


@pytest.mark.parametrize(
    ("answer", "mistake"),
    [
        ("log((1-e)/e)", "constant-factor"),
        ("-1/2*log((1-e)/e)", "sign"),
        ("1/2*log(e/(1-e))", "sign"),
    ],
)
def test_wrong_forms_are_incorrect_with_a_diagnosis(answer, mistake):
    result = grade_expression_here("1/2*log((1-e)/e)", answer, WHERE)
    assert (result.verdict, result.mistake) == ("incorrect", mistake)


def test_exercise_declared_wrong_answer_gives_its_message():
    result = grade_exercise_here(ALPHA, "2*(1/2)*log(1-e) - log(e)")
    assert result.verdict == "incorrect"
    assert result.mistake == "declared"
    assert "dropped the 1/2" in result.message


def test_exercise_alternative_is_correct():
    assert grade_exercise_here(ALPHA, "atanh(1 - 2e)").verdict == "correct"


def test_exercise_unknown_name_is_invalid():
    result = grade_exercise_here(ALPHA, "log(q)")
    assert result.verdict == "invalid"


def test_numeric_exercise_exact_integer():
    assert grade_exercise_here(KFOLD, "800").verdict == "correct"
    assert grade_exercise_here(KFOLD, "1000 - 1000/5").verdict == "correct"
    assert grade_exercise_here(KFOLD, "801").verdict == "incorrect"


def test_numeric_exercise_tolerance_and_diagnosis():
    assert grade_exercise_here(BIAS, "0.10005").verdict == "correct"
    assert grade_exercise_here(BIAS, "0.2^2 + 0.05 + 0.01").verdict == "correct"
    ten_times = grade_exercise_here(BIAS, "1")
    assert (ten_times.verdict, ten_times.mistake) == ("incorrect", "order-of-magnitude")


def test_numeric_exercise_with_params_uses_the_reference():
    result = grade_exercise_here(KFOLD, "1500", {"n": 2000, "k": 4})
    assert result.verdict == "correct"


def test_numeric_exercise_rejects_symbols():
    assert grade_exercise_here(KFOLD, "n - n/k").verdict == "invalid"


def test_number_evaluated_before_comparison():
    assert grade_expression_here("(1-1/100)**100", "0.366", None, 0.01).verdict == "correct"
    assert grade_expression_here("(1-1/100)**100", "0.36", None, 0.01).verdict == "incorrect"


@pytest.mark.parametrize(
    "hostile",
    [
        "__import__('os').system('echo hi')",
        "x.__class__",
        "9**9**9**9",
        "factorial(10**100)",
        "(" * 500,
        "lambda: 1",
        "'a'*10",
    ],
)
def test_hostile_input_is_invalid(hostile):
    assert grade_expression_here("x", hostile, {"x": "real"}).verdict == "invalid"


def test_equation_answers_compare_as_equations():
    assert grade_expression_here("y = 2x + 1", "x = (y - 1)/2").verdict == "correct"
    assert grade_expression_here("y = 2x + 1", "y = 2x - 1").verdict == "incorrect"
    assert grade_expression_here("y = 2x + 1", "2x + 1").verdict == "incorrect"


def test_division_by_zero_answer_is_invalid():
    assert grade_expression_here("1", "1/0").verdict == "invalid"


def test_unrelated_variables_are_wrong_not_unreadable():
    assert grade_expression_here("a+b+c", "v+w+x").verdict == "incorrect"


@pytest.mark.parametrize(
    ("tol", "mode", "value"),
    [
        (1e-3, "rel", 1e-3),
        ("abs 0.01", "abs", 0.01),
        ("3 sigfig", "sigfig", 3),
        ({"mode": "abs", "value": 2}, "abs", 2),
    ],
)
def test_tolerance_forms(tol, mode, value):
    parsed = read_tolerance(tol)
    assert (parsed.mode, parsed.value) == (mode, value)


def test_bad_where_is_invalid_not_a_crash():
    assert grade_expression_here("x", "x", {"x": "(1, 0)"}).verdict == "invalid"
    assert grade_expression_here("x", "x", None, "nonsense").verdict == "invalid"


def test_unknown_name_in_a_batch_answer_is_graded_with_the_hint_kept():
    result = grade_expression_here("x_1 + 1", "x1 + 1")
    assert result.verdict == "incorrect"
    assert any("did you mean" in note for note in result.details["notes"])


_GARBAGE = st.text(
    alphabet=st.sampled_from(list("x^*/+-()0123456789.e=,_ abπσ√²!|[]'")), max_size=40
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_GARBAGE)
def test_garbage_never_crashes_or_hangs(text):
    from studyapp.checking import Verdict
    from studyapp.checking.exercises import grade_expression

    result = grade_expression("x^2 + 1", text, {"x": "real"}, timeout=2.0)
    assert result.verdict in tuple(Verdict)
    assert isinstance(result.message, str)


@pytest.mark.parametrize("answer", ["alpha = 1/2*log((1-e)/e)", "α(e) = atanh(1 - 2e)"])
def test_a_named_answer_is_graded_by_its_value(answer):
    result = grade_expression_here("1/2*log((1-e)/e)", answer, WHERE)
    assert result.verdict == "correct"
    assert any("right-hand side" in note for note in result.details["notes"])


def test_a_named_exercise_answer_is_graded_by_its_value():
    assert grade_exercise_here(ALPHA, "alpha = atanh(1 - 2e)").verdict == "correct"


def test_an_answer_equal_to_six_figures_is_told_it_is_a_rounded_decimal() -> None:
    result = grade_expression_here("sqrt(2/pi)*x", "0.7978845608*x")
    assert result.verdict == "incorrect"
    assert "rounded decimal where an exact value is meant" in result.message
