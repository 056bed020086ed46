"""Grade every exercise's and derivation's own answers through the real checker.

This is what makes ``studyapp check`` a self-test and not just a lint: the canonical answer
and every ``alt:`` must be accepted, every ``wrong:`` rejected with its own misconception,
numeric answers must match their reference, parameterised exercises must draw valid
variants, and derivations must pass where correct and break exactly at ``wrong-step``.
"""

from __future__ import annotations

from collections.abc import Iterator

from studyapp.checking.derivation import check_reference_derivation
from studyapp.checking.grade import GradeResult, grade_exercise
from studyapp.checking.references import draw_params, evaluate_reference, reference_problems
from studyapp.checking.references.evaluator import InvalidReference
from studyapp.content.model import ContentProblem, ContentSet, Derivation, Exercise, ExerciseKind

PARAM_DRAWS = 5  # seeded variants tried per parameterised exercise
SELFTEST_TIMEOUT_S = 10.0  # generous: authoring checks may be slow, never unbounded


def selftest(content: ContentSet) -> list[ContentProblem]:
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
    expected_correct = [("answer", exercise.answer)] + [
        ("alt", alt.expression) for alt in exercise.alternatives
    ]
    for label, text in expected_correct:
        result = _grade(exercise, text)
        if result.verdict != "correct":
            yield f"exercise `{exercise.id}`: {label} `{text}` is graded {result.verdict}: {result.message}"
    for wrong in exercise.wrong_answers:
        result = _grade(exercise, wrong.expression)
        if result.verdict != "incorrect":
            yield f"exercise `{exercise.id}`: wrong answer `{wrong.expression}` is graded {result.verdict}: {result.message}"
        elif result.mistake != "declared" or wrong.message not in result.message:
            yield (
                f"exercise `{exercise.id}`: wrong answer `{wrong.expression}` does not get its feedback "
                f"`{wrong.message}` (got: {result.message})"
            )


def _grade(exercise: Exercise, answer: str) -> GradeResult:
    return grade_exercise(exercise, answer, timeout=SELFTEST_TIMEOUT_S)


def _variant_problems(exercise: Exercise) -> Iterator[str]:
    if not exercise.parameterised:
        return
    for seed in range(PARAM_DRAWS):
        try:
            params = draw_params(exercise, seed)
            evaluate_reference(exercise, params)
        except InvalidReference as exc:
            yield f"exercise `{exercise.id}`: parameter draw {seed} gives an invalid reference input: {exc}"
            return
