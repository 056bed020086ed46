"""What every answer test shares: its signature and how it words a verdict."""

from __future__ import annotations

import random
from collections.abc import Callable

from studyapp.checking.meaning import VariableSpace
from studyapp.checking.verdict import GradeResult, Verdict

# (expected text, typed text, the test's arguments, the variables, a seeded generator)
Grader = Callable[[str, str, list, VariableSpace, random.Random], GradeResult]


def verdict(ok: bool, message: str, interpreted: str | None = None) -> GradeResult:
    """Correct, or incorrect with ``message``."""
    return GradeResult(
        Verdict.CORRECT if ok else Verdict.INCORRECT, "correct" if ok else message, interpreted
    )
