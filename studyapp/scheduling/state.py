"""An item's scheduling state as a plain snapshot, and its conversion to ``fsrs.Card``.

The snapshot is what the review log stores before and after each review; restoring the
"before" snapshot is how undo puts an item back exactly as it was.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fsrs import Card, State

from studyapp.store.item_conditions import Queue
from studyapp.store.times import from_millis


def card_from_snapshot(snapshot: dict[str, Any], now: datetime) -> Card:
    """The ``fsrs.Card`` for a snapshot; a new item is a Learning card at step 0 due now."""
    if snapshot["state"] == Queue.NEW:
        return Card(card_id=0, state=State.Learning, step=0, due=now)
    return Card(
        card_id=0,
        state=State(snapshot["state"]),
        step=snapshot["step"],
        stability=snapshot["stability"],
        difficulty=snapshot["difficulty"],
        due=from_millis(snapshot["due"]),
        last_review=(
            from_millis(snapshot["last_review"]) if snapshot["last_review"] is not None else None
        ),
    )
