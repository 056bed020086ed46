"""A precision test (``sigfigs 4``): the expected value shown as the test asks, one retry
for an answer whose value is right and only its precision is not, and a hint that does not
offer an expression."""

from __future__ import annotations

from studyapp.checking.exercises.judge import grade_exercise_here
from studyapp.content.model import Exercise, ExerciseKind, SourceRef, Tolerance, Variation

SIGFIGS = Exercise(
    id="ratio",
    kind=ExerciseKind.NUMERIC,
    prompt="Ratio {r} (4 significant figures)?",
    answer="1.42",
    deck_id="d",
    topic_id="t",
    source=SourceRef("x.md", 1),
    givens=(("r", "1.42"),),
    reference="r",
    tolerance=Tolerance("rel", 1e-3),
    variations=(Variation("r", "choice", (1.42, 2.5)),),
    test="sigfigs 4",
)


def test_the_expected_value_is_shown_to_the_asked_figures() -> None:
    result = grade_exercise_here(SIGFIGS, "1.42", {"r": 1.42})
    assert result.verdict == "incorrect"
    assert result.expected == "1.420"


def test_a_precision_only_mistake_allows_a_retry() -> None:
    result = grade_exercise_here(SIGFIGS, "1.42", {"r": 1.42})
    assert result.mistake == "precision"
    assert result.retry_allowed


def test_a_wrong_value_allows_no_retry() -> None:
    result = grade_exercise_here(SIGFIGS, "1.700", {"r": 1.42})
    assert result.verdict == "incorrect"
    assert not result.retry_allowed
