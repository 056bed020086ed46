"""What an item's scheduling columns mean, and the conditions every query on them shares.

The partial indexes of ``models.ItemRow`` are built from these strings, and every query
repeats them word for word: SQLite uses a partial index only when the query's WHERE
contains the index's own terms. Free of SQLAlchemy: the fast first-card read uses them.
"""

from __future__ import annotations

from enum import IntEnum

from fsrs import State


class Queue(IntEnum):
    """``items.state``: 0 for never reviewed, else the ``fsrs.State`` value."""

    NEW = 0
    LEARNING = State.Learning.value
    REVIEW = State.Review.value
    RELEARNING = State.Relearning.value

    @property
    def label(self) -> str:
        return self.name.lower()


# An item still in the content and not suspended: the queue's partial indexes hold only these.
ACTIVE = "retired_at IS NULL AND suspended = 0"
NOT_RETIRED = "retired_at IS NULL"
IS_NEW = f"state = {Queue.NEW.value}"
IS_LEARNING = f"state IN ({Queue.LEARNING.value}, {Queue.RELEARNING.value})"
IS_REVIEW = f"state = {Queue.REVIEW.value}"
# Learning, review or relearning: the items that have a due date.
IS_SCHEDULED = f"state IN ({Queue.LEARNING.value}, {Queue.REVIEW.value}, {Queue.RELEARNING.value})"
