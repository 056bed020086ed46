"""Grading a typed answer: the public API and the result every caller receives.

``grade_expression``, ``grade_exercise`` and ``grade_payload`` run the work (in
:mod:`studyapp.checking.exercises.judge`) inside the sandbox pool under the hard wall-clock cap.
This module stays free of sympy so the CLI and the TUI import it instantly; only the
pool's workers load the CAS.

Timeout policy: a check killed before the answer was read is ``invalid`` (the input is
too costly to read); one killed after it was read is ``undecided`` (the answer is fine,
the CAS ran out of time), so a learner is never marked wrong by a slow computer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from studyapp.checking import sandbox
from studyapp.content.model import Exercise

VERDICTS = ("correct", "incorrect", "invalid", "undecided")
_JUDGE = "studyapp.checking.exercises.judge"


@dataclass
class GradeResult:
    """A verdict with everything the TUI, the CLI and the review log want (JSON-able)."""

    verdict: str  # "correct" | "incorrect" | "invalid" | "undecided"
    message: str
    interpreted: str | None = None  # how the answer was read, e.g. "(1/2)·log((1 − e)/e)"
    expected: str | None = None  # the canonical answer
    mistake: str | None = None  # "declared", "constant-factor", "sign", "tolerance", ...
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GradeResult:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


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
        f"{_JUDGE}:grade_expression_here", expect, answer, where, tol, test, timeout=timeout
    )


def grade_exercise(
    exercise: Exercise,
    answer: str,
    params: Mapping[str, object] | None = None,
    timeout: float | None = None,
) -> GradeResult:
    """Grade a typed answer to a content exercise (``params``: a parameterised draw)."""
    return _sandboxed(
        f"{_JUDGE}:grade_exercise_here", exercise, answer, dict(params or {}), timeout=timeout
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


def _sandboxed(target: str, *args: Any, timeout: float | None = None) -> GradeResult:
    try:
        result = sandbox.run(target, *args, timeout=timeout)
    except sandbox.CheckTimeout as exc:
        if exc.progress == "parsed":
            return GradeResult(
                "undecided",
                f"could not decide within {exc.seconds:g} s; your answer was read correctly",
                details={"timeout": exc.seconds},
            )
        return _invalid(f"this input takes too long to read (over {exc.seconds:g} s)")
    except sandbox.SandboxError as exc:
        return GradeResult("undecided", f"the checker failed: {exc}", details={"error": str(exc)})
    return result


def _invalid(message: str, **details: Any) -> GradeResult:
    return GradeResult("invalid", message, details=details)


def _derivation_payload(payload: Mapping[str, Any], timeout: float | None) -> dict[str, Any]:
    steps = payload.get("steps")
    if not isinstance(steps, list) or not all(isinstance(s, str) for s in steps):
        return _invalid("'steps' must be a list of strings").to_dict()
    limit = (timeout or sandbox.default_pool().timeout) * max(1, len(steps))
    try:
        result = sandbox.run(
            "studyapp.checking.derivations.check:check_derivation_here",
            steps,
            payload.get("where"),
            payload.get("goal"),
            (),
            payload.get("options") or (),
            timeout=limit,
        )
    except sandbox.CheckTimeout as exc:
        return GradeResult(
            "undecided", f"could not check the derivation within {exc.seconds:g} s"
        ).to_dict()
    except sandbox.SandboxError as exc:
        return GradeResult("undecided", f"the checker failed: {exc}").to_dict()
    data = result.to_dict()
    data.setdefault("message", "")
    data.setdefault("interpreted", None)
    return data
