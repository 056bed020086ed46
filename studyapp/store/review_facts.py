"""Columns of the review log derived from its JSON, so statistics never parse JSON.

A review row keeps the scheduler's snapshots and the checker's feedback as JSON (for undo
and later optimisation); reports over a million reviews read these plain columns instead.
``ReviewRow`` fills them on insert through these column defaults; migration 0003 computed
the same values in SQL for the reviews written before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the review write path imports this module and must stay free of it
    from sqlalchemy.engine.interfaces import ExecutionContext


def stability_before(context: ExecutionContext) -> float | None:
    """The item's FSRS stability before the review (its interval at 90% retention)."""
    before = context.get_current_parameters().get("state_before")
    return before.get("stability") if isinstance(before, dict) else None


def mistake(context: ExecutionContext) -> str | None:
    return mistake_category(context.get_current_parameters().get("feedback"))


def mistake_category(feedback: Any) -> str | None:
    """The checker's category: an exercise's ``mistake``, or for a derivation the status of
    the first step that broke the chain ("step wrong", "step unreadable", ...)."""
    if not isinstance(feedback, dict):
        return None
    if feedback.get("mistake") is not None:
        return feedback["mistake"]
    steps, index = feedback.get("steps"), feedback.get("first_wrong_step")
    if not isinstance(steps, list) or not isinstance(index, int) or not 0 <= index < len(steps):
        return None
    status = steps[index].get("status") if isinstance(steps[index], dict) else None
    return None if status is None else f"step {status}"


def mistake_message(context: ExecutionContext) -> str | None:
    return mistake_text(context.get_current_parameters().get("feedback"))


def mistake_text(feedback: Any) -> str | None:
    """The mistake as the learner was told it: an exercise's feedback message when it
    named a mistake ("forgot the 1/2"), or the message of a derivation's first wrong step."""
    if not isinstance(feedback, dict):
        return None
    if feedback.get("mistake") is not None:
        return feedback.get("message") or feedback["mistake"]
    steps, index = feedback.get("steps"), feedback.get("first_wrong_step")
    if not isinstance(steps, list) or not isinstance(index, int) or not 0 <= index < len(steps):
        return None
    return steps[index].get("message") if isinstance(steps[index], dict) else None
