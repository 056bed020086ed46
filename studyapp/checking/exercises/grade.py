"""Grading a typed answer: the public API, run in the sandbox.

``grade_expression``, ``grade_exercise`` and ``grade_payload`` run the work (in
:mod:`studyapp.checking.exercises.judge`) inside the sandbox pool under the hard wall-clock
cap and answer with a :class:`~studyapp.checking.verdict.GradeResult`. This module stays
free of sympy so the CLI and the TUI import it instantly; only the pool's workers load the
CAS (the ``*_in_worker`` functions below import the judge there). A check that does not
finish is read by :func:`studyapp.checking.verdict.read_failure`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from studyapp.checking import sandbox
from studyapp.checking.derivations import DerivationResult
from studyapp.checking.verdict import GradeResult, Verdict, read_failure
from studyapp.content.model import Exercise

# --------------------------------------------------------------------------- public API


def grade_expression(
    expect: str,
    answer: str,
    where: Mapping[str, str] | None = None,
    tol: object = None,
    timeout: float | None = None,
    test: str | None = None,
) -> GradeResult:
    """Grade ``answer`` against the expression or equation ``expect`` (in the sandbox).

    ``where`` maps variable names to domains (``{"e": "(0, 1/2)", "n": "integer >= 1"}``);
    ``tol`` is a relative tolerance (number), ``"abs 0.01"``, ``"3 sigfig"`` or
    ``{"mode": ..., "value": ...}``; without it the comparison is exact. ``test`` names
    another answer test than equivalence (``"sigfigs 3"``, ``"system"``, ...: see
    :mod:`studyapp.checking.exercises.answer_tests`).
    """
    return _sandboxed(
        _grade_expression_in_worker, expect, answer, where, tol, test, timeout=timeout
    )


def grade_exercise(
    exercise: Exercise,
    answer: str,
    params: Mapping[str, object] | None = None,
    timeout: float | None = None,
) -> GradeResult:
    """Grade a typed answer to a content exercise (``params``: a parameterised draw)."""
    return _sandboxed(
        _grade_exercise_in_worker, exercise, answer, dict(params or {}), timeout=timeout
    )


def grade_payload(payload: object, timeout: float | None = None) -> dict[str, Any]:
    """One ``grade --batch`` line (already JSON-decoded) → one JSON-able result line.

    ``{"expect", "answer", "where"?, "tol"?, "test"?}`` grades an expression; ``{"steps",
    "where"?, "goal"?, "options"?}`` a derivation (``options``: STACK's ``assume_pos``, …).
    Never raises: a malformed line yields an ``invalid`` result.
    """
    if not isinstance(payload, Mapping):
        return _invalid("each line must be a JSON object").to_dict()
    if "steps" in payload:
        return _derivation_payload(payload, timeout)
    missing = [key for key in ("expect", "answer") if not isinstance(payload.get(key), str)]
    if missing:
        return _invalid(f"missing or non-string key(s): {', '.join(missing)}").to_dict()
    test = payload.get("test")
    if test is not None and not isinstance(test, str):
        return _invalid("'test' must be a string such as \"sigfigs 3\"").to_dict()
    result = grade_expression(
        payload["expect"],
        payload["answer"],
        payload.get("where"),
        payload.get("tol"),
        timeout,
        test,
    )
    return result.to_dict()


def _sandboxed(
    function: Callable[..., GradeResult], *args: Any, timeout: float | None = None
) -> GradeResult:
    try:
        return sandbox.run(function, *args, timeout=timeout)
    except sandbox.SandboxError as exc:
        return GradeResult.from_failure(read_failure(exc, "answer"))


def _invalid(message: str, **details: Any) -> GradeResult:
    return GradeResult(Verdict.INVALID, message, details=details)


def _derivation_payload(payload: Mapping[str, Any], timeout: float | None) -> dict[str, Any]:
    steps = payload.get("steps")
    if not isinstance(steps, list) or not all(isinstance(s, str) for s in steps):
        return _invalid("'steps' must be a list of strings").to_dict()
    limit = (timeout or sandbox.default_pool().timeout) * max(1, len(steps))
    try:
        result = sandbox.run(
            _check_derivation_in_worker,
            steps,
            payload.get("where"),
            payload.get("goal"),
            payload.get("options") or (),
            timeout=limit,
        )
    except sandbox.SandboxError as exc:
        result = DerivationResult.from_failure(read_failure(exc, "derivation"))
    data = result.to_dict()
    data.setdefault("message", "")
    data.setdefault("interpreted", None)
    return data


# --------------------------------------------------------------------------- in a worker


def _grade_expression_in_worker(
    expect: str, answer: str, where: Mapping[str, str] | None, tol: object, test: str | None
) -> GradeResult:
    from studyapp.checking.exercises.judge import grade_expression_here

    return grade_expression_here(expect, answer, where, tol, test)


def _grade_exercise_in_worker(
    exercise: Exercise, answer: str, params: Mapping[str, object]
) -> GradeResult:
    from studyapp.checking.exercises.judge import grade_exercise_here

    return grade_exercise_here(exercise, answer, params)


def _check_derivation_in_worker(
    steps: list[str], where: Mapping[str, str] | None, goal: str | None, options: object
) -> DerivationResult:
    from studyapp.checking.derivations import check_derivation_here

    return check_derivation_here(steps, where, goal, (), options)
