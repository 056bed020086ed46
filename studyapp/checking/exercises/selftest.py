"""Grade every exercise's and derivation's own answers through the real checker.

This is what makes ``studyapp check`` a self-test and not just a lint: the canonical answer
and every ``alt:`` must be accepted, every ``wrong:`` rejected with its own misconception,
numeric answers must match their reference, parameterised exercises must draw valid
variants, and derivations must pass where correct and break exactly at ``wrong-step``.

An exercise's ``test:`` applies to all of them. A numeric exercise whose test asks for a
precision (``sigfigs 4``) states its answer exactly (``exp(-1)``); what is graded is that
value written as the test asks (``0.3679``), for the stated answer and for every draw.
"""

from __future__ import annotations

from collections.abc import Iterator

from studyapp.checking.derivations import check_reference_derivation
from studyapp.checking.exercises.grade import grade_exercise
from studyapp.checking.verdict import GradeResult, Verdict
from studyapp.content.answer_test_spec import PRECISION_TESTS, read_test, written_as_asked
from studyapp.content.model import ContentProblem, ContentSet, Derivation, Exercise, ExerciseKind
from studyapp.references import (
    answer_value,
    draw_params,
    evaluate_reference,
    reference_problems,
)
from studyapp.references.evaluator import InvalidReference

PARAM_DRAWS = 5  # seeded variants tried per parameterised exercise
SELFTEST_TIMEOUT_S = 10.0  # generous: authoring checks may be slow, never unbounded


def run_selftest(content: ContentSet) -> list[ContentProblem]:
    problems: list[ContentProblem] = []
    for item in content.items():
        if isinstance(item, Exercise):
            messages = list(exercise_problems(item))
        elif isinstance(item, Derivation):
            messages = check_reference_derivation(item, timeout=SELFTEST_TIMEOUT_S)
        else:
            continue
        problems.extend(ContentProblem(item.source, message) for message in messages)
    return problems


def exercise_problems(exercise: Exercise) -> Iterator[str]:
    if exercise.kind is ExerciseKind.NUMERIC:
        yield from reference_problems(exercise)
        yield from _variant_problems(exercise)
    under = f" under `test: {exercise.test}`" if exercise.test else ""
    for label, text in expected_correct(exercise):
        result = _grade(exercise, text)
        if result.verdict != Verdict.CORRECT:
            yield f"exercise `{exercise.id}`: {label} `{text}` is graded {result.verdict}{under}: {result.message}"
    for wrong in exercise.wrong_answers:
        result = _grade(exercise, wrong.expression)
        if result.verdict != Verdict.INCORRECT:
            yield f"exercise `{exercise.id}`: wrong answer `{wrong.expression}` is graded {result.verdict}{under}: {result.message}"
        elif result.mistake != "declared" or wrong.message not in result.message:
            yield (
                f"exercise `{exercise.id}`: wrong answer `{wrong.expression}` does not get its feedback "
                f"`{wrong.message}` (got: {result.message})"
            )


def expected_correct(exercise: Exercise) -> list[tuple[str, str]]:
    """(label, text) of every answer the exercise must accept (a precision test's answer
    written as it asks; the grading benchmark uses the same list)."""
    precision = _precision_test(exercise)
    if precision is not None:
        try:
            written = written_as_asked(answer_value(exercise), precision)
        except InvalidReference:
            return []  # reference_problems reports it
        return [(f"answer written as `{precision}` asks", written)]
    return [("answer", exercise.answer)] + [
        ("alt", alt.expression) for alt in exercise.alternatives
    ]


def _precision_test(exercise: Exercise) -> str | None:
    """The test of a numeric exercise that asks for a precision, else None."""
    if exercise.kind is not ExerciseKind.NUMERIC or exercise.test is None:
        return None
    return exercise.test if read_test(exercise.test)[0] in PRECISION_TESTS else None


def _grade(exercise: Exercise, answer: str, params: dict | None = None) -> GradeResult:
    return grade_exercise(exercise, answer, params, timeout=SELFTEST_TIMEOUT_S)


def _variant_problems(exercise: Exercise) -> Iterator[str]:
    if not exercise.parameterised:
        return
    precision = _precision_test(exercise)
    for seed in range(PARAM_DRAWS):
        try:
            params = draw_params(exercise, seed)
            value = evaluate_reference(exercise, params)
        except InvalidReference as exc:
            yield f"exercise `{exercise.id}`: parameter draw {seed} gives an invalid reference input: {exc}"
            return
        if precision is None:
            continue
        written = written_as_asked(value, precision)
        result = _grade(exercise, written, params)
        if result.verdict != Verdict.CORRECT:
            yield (
                f"exercise `{exercise.id}`: parameter draw {seed}: `{written}` is graded "
                f"{result.verdict} under `test: {precision}`: {result.message}"
            )
