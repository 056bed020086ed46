"""Exercises whose expected answer is an inequality, a set, a list or an and/or."""

from __future__ import annotations

import pytest

from studyapp.checking.exercises import grade_exercise_here
from studyapp.content.model import Exercise, ExerciseKind, Variable


def _exercise(answer: str, where: tuple[str, ...] = ()) -> Exercise:
    return Exercise(
        id="structured",
        kind=ExerciseKind.SYMBOLIC,
        prompt="solve",
        answer=answer,
        deck_id="d",
        topic_id="t",
        source=None,
        variables=(Variable(name="p"),),
        where=where,
    )


@pytest.mark.parametrize(
    ("expected", "typed", "verdict"),
    [
        ("p > 3", "3 < p", "correct"),
        ("p > 3", "p >= 3", "incorrect"),  # the boundary is not a solution
        ("p^2 <= 9", "-3 <= p and p <= 3", "correct"),
        ("p^2 <= 9", "abs(p) <= 3", "correct"),
        ("p^2 > 1", "p < -1 or p > 1", "correct"),
        ("p^2 > 1", "p > 1", "incorrect"),
        ("{0, 4}", "{4, 0}", "correct"),
        ("{0, 4}", "{4}", "incorrect"),
        ("[1/2, 1/3]", "[0.5, 1/3]", "correct"),
    ],
)
def test_structured_expected_answers_are_graded(expected: str, typed: str, verdict: str) -> None:
    assert grade_exercise_here(_exercise(expected), typed).verdict == verdict


def test_plain_expected_answer_still_refuses_an_inequality() -> None:
    assert grade_exercise_here(_exercise("p^2"), "p > 1").verdict == "invalid"
