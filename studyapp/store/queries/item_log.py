"""What replaying items reads and writes: their reviews and suspensions, their new state.

Plain sqlite3 like the review write: a first sync replays every reviewed item, and the
statements here then run once per review. The log carries each review's recorded
snapshots, so a replay can reuse them where rating again would give the same.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from studyapp.store.facts import FACT_ORDER
from studyapp.store.review_write import SCHEDULED_WITH, STATE_COLUMNS


@dataclass(slots=True)  # not frozen: a replay reads a hundred thousand of them at once
class LoggedReview:
    uid: str
    reviewed_at: int  # epoch ms
    rating: int
    # What its device computed: the scheduler's fingerprint (None before reviews recorded
    # one) and the snapshots before and after, as JSON text (parsed only when needed).
    scheduled_with: str | None = None
    state_before: str = "null"
    state_after: str = "null"
    # Whether its snapshot before is, as text, the previous review's snapshot after.
    follows_previous: bool = False
    queue: str = "review"  # the item's state before it (``review_history.STUDY_QUEUES``)


@dataclass
class ItemLog:
    """An item's reviews (undone ones left out) and manual suspensions, in time order."""

    deck_id: str | None = None  # whose FSRS parameters schedule it
    stored: tuple | None = None  # the item's state columns as stored now
    reviews: list[LoggedReview] = field(default_factory=list)
    suspensions: list[tuple[int, bool]] = field(default_factory=list)  # (written_at, value)

    def holds(self, state: dict[str, Any]) -> bool:
        """Whether the item is stored in ``state`` already."""
        return self.stored == tuple(state[column] for column in STATE_COLUMNS)


def item_logs(db: sqlite3.Connection, item_ids: Iterable[str]) -> dict[str, ItemLog]:
    db.execute("CREATE TEMP TABLE IF NOT EXISTS replay_items (id TEXT PRIMARY KEY)")
    db.execute("DELETE FROM replay_items")
    db.executemany("INSERT OR IGNORE INTO replay_items VALUES (?)", ((i,) for i in item_ids))
    logs: dict[str, ItemLog] = {
        item_id: ItemLog(deck_id, None if deck_id is None else tuple(stored))
        for item_id, deck_id, *stored in db.execute(
            f"SELECT r.id, i.deck_id, {', '.join('i.' + c for c in STATE_COLUMNS)}"
            " FROM replay_items r LEFT JOIN items i USING (id)"
        )
    }
    rows = db.execute(
        "SELECT r.item_id, r.uid, r.reviewed_at, r.rating,"
        f" json_extract(r.state_after, '$.{SCHEDULED_WITH}'), r.state_before, r.state_after,"
        " r.queue"
        # The items outside: only their reviews are read, not every review in item order.
        " FROM replay_items i CROSS JOIN reviews r ON r.item_id = i.id"
        " WHERE r.undone_at IS NULL ORDER BY r.item_id, r.reviewed_at, r.uid"
    )
    previous = LoggedReview("", 0, 0)
    for item_id, uid, reviewed_at, rating, scheduled_with, before, after, queue in rows:
        reviews = logs[item_id].reviews
        review = LoggedReview(uid, reviewed_at, rating, scheduled_with, before, after, queue=queue)
        review.follows_previous = bool(reviews) and _follows(previous, before)
        reviews.append(review)
        previous = review
    facts = db.execute(
        "SELECT substr(f.key, 11), f.written_at, f.value FROM facts f"
        " JOIN replay_items i ON f.key = 'suspended:' || i.id"
        f" ORDER BY f.key, {', '.join('f.' + c.strip() for c in FACT_ORDER.split(','))}"
    )
    for item_id, written_at, value in facts:
        logs[item_id].suspensions.append((written_at, bool(json.loads(value))))
    db.execute("DELETE FROM replay_items")
    return logs


def _follows(previous: LoggedReview, state_before: str) -> bool:
    """Whether ``state_before`` is, as text, ``previous``'s snapshot after without the
    scheduler's fingerprint, as the device that made both writes them. Text that differs
    (another spelling of the same values) only costs the replay a parse."""
    if previous.scheduled_with is None:
        return False
    member = f', "{SCHEDULED_WITH}": "{previous.scheduled_with}"'
    return state_before == previous.state_after.replace(member, "", 1)


def write_states(db: sqlite3.Connection, states: list[tuple[str, dict[str, Any]]]) -> None:
    """Store each item's replayed state (only those that changed: an update rewrites the
    item's entries in every index over these columns).

    The reviews keep the snapshots their own device computed (what the reports show of
    them); undo checks a snapshot against the item before trusting it.
    """
    assignments = ", ".join(f"{column} = ?" for column in STATE_COLUMNS)
    db.executemany(
        f"UPDATE items SET {assignments} WHERE id = ?",
        ((*(state[c] for c in STATE_COLUMNS), item_id) for item_id, state in states),
    )


def has_later_review(db: sqlite3.Connection, item_id: str, reviewed_at: int, uid: str) -> bool:
    """Whether the item has a review (not undone) after the one at (``reviewed_at``, ``uid``)."""
    row = db.execute(
        "SELECT 1 FROM reviews WHERE item_id = ? AND undone_at IS NULL"
        " AND (reviewed_at > ? OR (reviewed_at = ? AND uid > ?)) LIMIT 1",
        (item_id, reviewed_at, reviewed_at, uid),
    ).fetchone()
    return row is not None
