"""Numeric exercises: the reference value from ``given``/``let``/``reference``, the stated
``answer`` as a number, and a self-test that the two agree."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from studyapp.content.model import Exercise
from studyapp.references.evaluator import Evaluator, InvalidReference, check_value
from studyapp.references.names import (
    ANSWER_CONSTANTS,
    ANSWER_FUNCTIONS,
    CONSTANTS,
    REFERENCE_FUNCTIONS,
)

ANSWER_REL_TOL = 1e-9  # how closely ``answer:`` must match the reference (topics.md)

_REFERENCE = Evaluator(REFERENCE_FUNCTIONS, CONSTANTS)
_LITERAL = Evaluator({}, CONSTANTS)
_ANSWER = Evaluator(ANSWER_FUNCTIONS, ANSWER_CONSTANTS)


def given_values(exercise: Exercise) -> dict[str, Any]:
    """The exercise's ``given:`` values (numbers and lists of numbers), in order."""
    values = {}
    for name, literal in exercise.givens:
        values[name] = _labelled(f"given {name}", _LITERAL.evaluate, literal)
    return values


def reference_scope(
    exercise: Exercise, params: Mapping[str, object] | None = None
) -> dict[str, Any]:
    """Givens (overridden by ``params``) and then each ``let:`` evaluated in order."""
    scope = given_values(exercise)
    unknown = sorted(set(params or {}) - set(scope))
    if unknown:
        raise InvalidReference(
            f"exercise '{exercise.id}' has no given named {', '.join(map(repr, unknown))}"
        )
    scope.update({name: _checked_param(name, value) for name, value in (params or {}).items()})
    for name, source in exercise.lets:
        scope[name] = _labelled(f"let {name}", _REFERENCE.evaluate, source, scope)
    return scope


def evaluate_reference(exercise: Exercise, params: Mapping[str, object] | None = None) -> float:
    """The reference value of a numeric exercise as a finite float."""
    if not exercise.reference:
        raise InvalidReference(f"exercise '{exercise.id}' has no reference")
    scope = reference_scope(exercise, params)
    value = _labelled("reference", _REFERENCE.evaluate, exercise.reference, scope)
    return _finite("reference", value)


def answer_value(exercise: Exercise) -> float:
    """The ``answer:`` field (a number or a sympy-syntax closed form such as
    ``log(7/3)/2``) as a float."""
    value = _labelled("answer", _ANSWER.evaluate, exercise.answer)
    return _finite("answer", value)


def expected_value(exercise: Exercise, params: Mapping[str, object] | None = None) -> float:
    """What a typed number is graded against: the reference for a drawn variant, else the
    stated answer."""
    if params:
        return evaluate_reference(exercise, params)
    return answer_value(exercise)


def agrees(a: float, b: float, rel_tol: float = ANSWER_REL_TOL) -> bool:
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=1e-300)


def reference_problems(exercise: Exercise) -> list[str]:
    """Why the exercise's answer and reference disagree or cannot be computed (none: ok)."""
    try:
        answer = answer_value(exercise)
    except InvalidReference as exc:
        return [f"exercise '{exercise.id}': {exc}"]
    if not exercise.reference:
        return []
    try:
        reference = evaluate_reference(exercise)
    except InvalidReference as exc:
        return [f"exercise '{exercise.id}': {exc}"]
    if not agrees(answer, reference):
        message = (
            f"exercise '{exercise.id}': answer {exercise.answer} = {answer:.12g} but the "
            f"reference computes {reference:.12g}"
        )
        return [message]
    return []


def _checked_param(name: str, value: object) -> object:
    """Params come back from the store: accept only numbers and (nested) lists of them."""
    if isinstance(value, list | tuple):
        return [_checked_param(name, item) for item in value]
    if not isinstance(value, int | float):
        raise InvalidReference(f"parameter {name} = {value!r} is not a number")
    return check_value(value)


def _labelled(label: str, evaluate: Any, source: str, *args: Any) -> Any:
    try:
        return evaluate(source, *args)
    except InvalidReference as exc:
        raise InvalidReference(f"{label}: {exc}") from None


def _finite(label: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidReference(f"{label} is {value!r}, not a number")
    try:
        number = float(value)
    except OverflowError:
        raise InvalidReference(f"{label} is too large for a float") from None
    if not math.isfinite(number):
        raise InvalidReference(f"{label} is {number}, not a finite number")
    return number
