"""One review as a pure function: snapshot before + rating → snapshot after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fsrs import Card, Rating, Scheduler

from studyapp.scheduling.fuzz import SeededScheduler, fuzz_seed
from studyapp.scheduling.state import Queue, card_from_snapshot
from studyapp.store.times import to_millis


def apply_rating(
    before: dict[str, Any],
    rating: Rating,
    now: datetime,
    scheduler: Scheduler,
    leech_threshold: int,
    item_id: str = "",
) -> dict[str, Any]:
    """The snapshot after rating; a lapse that reaches the leech threshold suspends the item.

    Like Anki, an item is flagged again every half-threshold lapses after the first time, so
    a leech the user unsuspended without rewriting comes back to their attention.
    ``item_id`` seeds the fuzz of a ``SeededScheduler`` (with the item's review count).
    """
    card = _review(before, rating, now, scheduler, item_id)
    lapsed = before["state"] == Queue.REVIEW and rating == Rating.Again
    lapses = before["lapses"] + int(lapsed)
    becomes_leech = lapsed and is_leech_lapse(lapses, leech_threshold)
    return {
        "state": int(card.state),
        "step": card.step,
        "stability": card.stability,
        "difficulty": card.difficulty,
        "due": to_millis(card.due),
        "last_review": to_millis(card.last_review) if card.last_review else None,
        "reps": before["reps"] + 1,
        "lapses": lapses,
        "suspended": before["suspended"] or becomes_leech,
        "leech": before["leech"] or becomes_leech,
    }


def is_leech_lapse(lapses: int, threshold: int) -> bool:
    if threshold <= 0 or lapses < threshold:
        return False
    return (lapses - threshold) % max(1, threshold // 2) == 0


def next_due(
    before: dict[str, Any], rating: Rating, now: datetime, scheduler: Scheduler, item_id: str = ""
) -> datetime:
    """When the item would be due after ``rating`` (for the rating buttons' labels)."""
    return _review(before, rating, now, scheduler, item_id).due


def _review(
    before: dict[str, Any], rating: Rating, now: datetime, scheduler: Scheduler, item_id: str
) -> Card:
    card = card_from_snapshot(before, now)
    if isinstance(scheduler, SeededScheduler):
        return scheduler.review(card, rating, now, fuzz_seed(item_id, before["reps"]))
    reviewed, _log = scheduler.review_card(card, rating, now)
    return reviewed
