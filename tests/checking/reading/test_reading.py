"""The grader's reading of an exercise answer, shared with the live preview."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from studyapp.checking.reading import (
    InvalidAnswer,
    named_value,
    parse_answer,
    read_exercise_answer,
)
from studyapp.content.model import Exercise, ExerciseKind, SourceRef, Variable

HERE = SourceRef("test.md", 1)


def exercise(kind: ExerciseKind, answer: str, **fields: object) -> Exercise:
    return Exercise("ex", kind, "prompt", answer, "d", "t", HERE, **fields)  # type: ignore[arg-type]


KV = exercise(ExerciseKind.NUMERIC, "131072", unit="bytes", reference="131072")
ALPHA = exercise(ExerciseKind.SYMBOLIC, "log((1 - e)/e)/2", variables=(Variable("e"),))


def test_a_numeric_answer_is_read_with_its_unit() -> None:
    reading = read_exercise_answer(KV, "128 KiB")
    assert (reading.text, reading.scale) == ("128", Fraction(1024))


def test_a_named_symbolic_answer_is_read_on_its_right_hand_side() -> None:
    reading = read_exercise_answer(ALPHA, "α = ½ ln((1−e)/e)")
    assert reading.parsed.interpreted == "½·ln((1 − e)/e)"
    assert "graded the right-hand side of `α = …`" in reading.notes


def test_unknown_names_are_refused_as_the_grader_refuses_them() -> None:
    with pytest.raises(InvalidAnswer, match="unknown name `alpah`"):
        read_exercise_answer(ALPHA, "alpah")


@pytest.mark.parametrize(
    ("answer", "name"),
    [
        ("w* = -G/H", "w*"),
        ("w' = w - g", "w'"),
        ("dh_T/dh_0 = w^T", "dh_T/dh_0"),
        ("f(x) = x", "f(x)"),
        ("log p(x) = log(s) + log(1 - t)", "log p(x)"),  # the course's own notation
        ("E[θ] = a/(a + b)", "E[θ]"),
        ("∂L/∂s = s - 1", "∂L/∂s"),
        ("d/ds = s - 1", "d/ds"),
        ("∫σ(x)dx = log(1 + exp(x)) + C", "∫σ(x)dx"),
        ("w := w - eta*g", "w"),  # an update written as an assignment
        ("w ← w - eta*g", "w"),
    ],
)
def test_names_learners_give_their_answers(answer: str, name: str) -> None:
    assert named_value(answer, expression_expected=True)[1] == name


@pytest.mark.parametrize("answer", ["x + 1 = 3", "2x = 4", "a = b = c", "x == 2"])
def test_arithmetic_or_a_chain_before_equals_is_no_name(answer: str) -> None:
    assert named_value(answer, expression_expected=True) == (answer, None)


def test_an_equation_question_keeps_the_whole_equation() -> None:
    assert named_value("y = 2x", expression_expected=False) == ("y = 2x", None)


def test_a_numeric_reading_is_shown_with_its_unit() -> None:
    assert read_exercise_answer(KV, "128 KiB").shown == "128 KiB"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("alpah", "did you mean `alpha`?"),  # the question's own variable first
        ("n", "the variables here are alpha"),  # a letter is no misspelt ln
        ("ε", "the variables here are alpha"),  # nor a Greek letter a misspelt sin
        ("sqrtt(alpha)", "did you mean `sqrt`?"),
    ],
)
def test_an_unknown_name_is_pointed_to_what_was_meant(answer: str, message: str) -> None:
    with pytest.raises(InvalidAnswer, match=re.escape(message)):
        parse_answer(answer, names=["alpha"], strict=True)
