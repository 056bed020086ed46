"""Grading one exercise: the sandboxed public API (:mod:`.grade`), the judge that runs in a
worker (reading → meaning → verdict), the named answer tests, how decimals are written,
and the self-test of the bundled content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studyapp.checking.lazy import exports

if TYPE_CHECKING:
    from studyapp.checking.exercises.grade import grade_exercise, grade_expression, grade_payload
    from studyapp.checking.exercises.judge import (
        grade_exercise_here,
        grade_expression_here,
        read_tolerance,
    )
    from studyapp.checking.exercises.selftest import (
        exercise_problems,
        expected_correct,
        run_selftest,
        written_as_asked,
    )
    from studyapp.checking.exercises.written import Written, written_number

_HOMES = {
    "grade": ["grade_exercise", "grade_expression", "grade_payload"],
    "judge": ["grade_exercise_here", "grade_expression_here", "read_tolerance"],
    "selftest": ["exercise_problems", "expected_correct", "run_selftest", "written_as_asked"],
    "written": ["Written", "written_number"],
}
__all__ = [
    "Written",
    "exercise_problems",
    "expected_correct",
    "grade_exercise",
    "grade_exercise_here",
    "grade_expression",
    "grade_expression_here",
    "grade_payload",
    "read_tolerance",
    "run_selftest",
    "written_as_asked",
    "written_number",
]
__getattr__ = exports(__name__, _HOMES)
