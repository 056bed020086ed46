"""What every check returns: one verdict vocabulary and the results built on it.

Exercises, answer tests and derivations all answer with a :class:`Verdict`; an exercise or
an answer test gives a :class:`GradeResult`, a derivation a ``DerivationResult`` (in
:mod:`studyapp.checking.derivations`), both a :class:`CheckResult`. A check that did not
finish in the sandbox becomes a result in one place only, :func:`read_failure`.

Timeout policy: an answer whose check is killed before it was read is ``invalid`` (the
input is too costly to read); one killed after it was read is ``undecided`` (the answer
is fine, the CAS ran out of time), so a learner is never marked wrong by a slow computer.
A derivation that overruns is ``invalid``: it is too long or too hard to check.

Cheap to import (no sympy): the CLI, the TUI and the report use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Literal

from studyapp.checking.sandbox import CheckTimeout, SandboxError


class Verdict(StrEnum):
    """A ``str`` enum, so JSON output and stored values are the plain words."""

    CORRECT = "correct"
    INCORRECT = "incorrect"
    INVALID = "invalid"
    UNDECIDED = "undecided"


class CheckResult:
    """What every result has: a verdict and a message for the learner."""

    verdict: Verdict
    message: str


@dataclass
class GradeResult(CheckResult):
    """A verdict with everything the TUI, the CLI and the review log want (JSON-able)."""

    verdict: Verdict
    message: str
    interpreted: str | None = None  # how the answer was read, e.g. "(1/2)·log((1 − e)/e)"
    expected: str | None = None  # the canonical answer
    mistake: str | None = None  # "declared", "constant-factor", "sign", "tolerance", ...
    details: dict[str, Any] = field(default_factory=dict)
    # the value is right and only its precision is not: the learner may answer once more
    # before rating, as after an unreadable answer
    retry_allowed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GradeResult:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        known["verdict"] = Verdict(known["verdict"])
        return cls(**known)

    @classmethod
    def from_failure(cls, failure: Failure) -> GradeResult:
        return cls(failure.verdict, failure.message, details=dict(failure.details))


@dataclass(frozen=True)
class Failure:
    """A sandboxed check that gave no result, read as a verdict."""

    verdict: Verdict
    message: str
    details: Mapping[str, Any] = field(default_factory=dict)


def read_failure(exc: SandboxError, task: Literal["answer", "derivation"]) -> Failure:
    """The one place a sandbox failure (timeout, crash, memory) becomes a verdict."""
    if isinstance(exc, CheckTimeout):
        if task == "derivation":
            return Failure(
                Verdict.INVALID, f"the derivation takes too long to check (over {exc.seconds:g} s)"
            )
        if exc.progress == "parsed":
            return Failure(
                Verdict.UNDECIDED,
                f"could not decide within {exc.seconds:g} s; your answer was read correctly",
                {"timeout": exc.seconds},
            )
        return Failure(
            Verdict.INVALID, f"this input takes too long to read (over {exc.seconds:g} s)"
        )
    verdict = Verdict.INVALID if task == "derivation" else Verdict.UNDECIDED
    return Failure(verdict, f"the checker failed: {exc}", {"error": str(exc)})
