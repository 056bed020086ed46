"""Grading a typed answer for the review log, with the checker calls the review TUI makes.

``studyapp rate ID RATING --answer A`` records what the TUI records for the same answer:
the verdict and the checker's feedback (with its named mistake). Checker imports stay in
this one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from studyapp.content.model import Derivation, Exercise
from studyapp.scheduling.variant import ExerciseVariant


@dataclass(frozen=True)
class GradedAnswer:
    verdict: str  # "correct" | "incorrect" | "invalid" | "undecided"
    feedback: dict[str, Any]  # as the review log keeps it

    @property
    def message(self) -> str:
        return str(self.feedback.get("message") or "")


def grade_answer(
    item: Exercise | Derivation, answer: str, variant: ExerciseVariant, timeout: float
) -> GradedAnswer:
    """Grade ``answer`` to ``item`` shown as ``variant`` (an exercise's drawn values);
    ``timeout`` caps an exercise's check, a derivation gets the checker's longer default."""
    if isinstance(item, Exercise):
        from studyapp.checking import GradeResult, grade_exercise

        try:
            result = grade_exercise(item, answer, variant.values, timeout)
        except Exception as exc:  # noqa: BLE001 (as in the TUI: a checker bug is undecided)
            result = GradeResult("undecided", f"the checker failed: {exc}")
        return GradedAnswer(result.verdict, result.to_dict())
    from studyapp.checking.derivations import DerivationResult, grade_derivation

    try:
        steps = grade_derivation(item, answer.splitlines())
    except Exception as exc:  # noqa: BLE001
        steps = DerivationResult.invalid(f"the checker failed: {exc}")
    return GradedAnswer(steps.verdict, steps.to_dict())
