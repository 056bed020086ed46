"""The review log as the FSRS optimiser reads it: every rating, item by item, in time order.

Undone reviews are left out (undo restored the item as if they never happened), and so is
anything in the log that is not a rating of 1–4 in one of the four study queues (an entry
written by hand or imported, like Anki's "manual" entries, says nothing about memory).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from studyapp.store.item_conditions import ACTIVE

STUDY_QUEUES = ("new", "learning", "review", "relearning")
_RATED = (
    "r.undone_at IS NULL AND r.rating BETWEEN 1 AND 4"
    f" AND r.queue IN ({', '.join(repr(q) for q in STUDY_QUEUES)})"
)


def rated_reviews(
    db: sqlite3.Connection, deck_id: str | None = None
) -> Iterator[tuple[str, int, int, str]]:
    """``(item_id, reviewed_at ms, rating, queue)`` ordered by item, then time."""
    in_deck = "" if deck_id is None else " AND i.deck_id = ?"
    return db.execute(
        "SELECT r.item_id, r.reviewed_at, r.rating, r.queue FROM reviews AS r"
        f" JOIN items AS i ON i.id = r.item_id WHERE {_RATED}{in_deck}"
        " ORDER BY r.item_id, r.reviewed_at, r.id",
        () if deck_id is None else (deck_id,),
    )


def rated_review_count(
    db: sqlite3.Connection, deck_id: str | None = None, since_ms: int | None = None
) -> int:
    """How many rated reviews the log holds (made at or after ``since_ms``, if given)."""
    clauses, params = [_RATED], []
    if deck_id is not None:
        clauses.append("r.item_id IN (SELECT id FROM items WHERE deck_id = ?)")
        params.append(deck_id)
    if since_ms is not None:
        clauses.append("r.reviewed_at >= ?")
        params.append(since_ms)
    sql = f"SELECT count(*) FROM reviews AS r WHERE {' AND '.join(clauses)}"
    return db.execute(sql, params).fetchone()[0]


def active_item_count(db: sqlite3.Connection, deck_id: str | None = None) -> int:
    """Items a learner studies (not retired, not suspended), in one deck or all."""
    in_deck = "" if deck_id is None else " AND deck_id = ?"
    sql = f"SELECT count(*) FROM items WHERE {ACTIVE}{in_deck}"
    return db.execute(sql, () if deck_id is None else (deck_id,)).fetchone()[0]
