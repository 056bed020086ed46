"""The review log as the FSRS optimiser reads it: every rating, item by item, in time order.

Undone reviews are left out (undo restored the item as if they never happened), and so is
anything in the log that is not a rating of 1–4 in one of the four study queues (an entry
written by hand or imported, like Anki's "manual" entries, says nothing about memory).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

import numpy as np

from studyapp.store.item_conditions import ACTIVE

STUDY_QUEUES = ("new", "learning", "review", "relearning")
FIRST_QUEUE = STUDY_QUEUES[0]  # the queue an item is in before its first review
# What makes a review of the log (``reviews AS r``) a rating the optimiser reads.
RATED = (
    "r.undone_at IS NULL AND r.rating BETWEEN 1 AND 4"
    f" AND r.queue IN ({', '.join(repr(q) for q in STUDY_QUEUES)})"
)


def is_rated(rating: int, queue: str) -> bool:
    """``RATED`` for a review read already (an undone one left out by the caller)."""
    return 1 <= rating <= 4 and queue in STUDY_QUEUES


# A review packed in one integer, so that SQLite hands over an item's whole history as one
# string of numbers that numpy parses at C speed: bit 0 whether it was the item's first
# (made in the new queue), bits 1-3 the rating, the rest the time in epoch ms.
_PACKED = f"r.reviewed_at * 16 + r.rating * 2 + (r.queue = '{FIRST_QUEUE}')"


@dataclass(frozen=True)
class RatedReviews:
    """The rated reviews as columns, item after item, each item's in time order."""

    item_ids: list[str]  # the items, in the order of the columns
    counts: np.ndarray  # how many of the reviews below are each item's
    reviewed_at: np.ndarray  # epoch ms (int64)
    ratings: np.ndarray  # 1-4 (int8)
    first_sight: np.ndarray  # bool: made while the item was new (its first, or a reset's)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, int, int, str]]) -> RatedReviews:
        """From ``(item_id, reviewed_at ms, rating, queue)`` rows grouped by item, each
        item's in time order (a log written by hand, or a synthetic learner's)."""
        groups = [(item_id, list(reviews)) for item_id, reviews in groupby(rows, itemgetter(0))]
        reviews = [review for _item_id, item_reviews in groups for review in item_reviews]
        return cls(
            [item_id for item_id, _reviews in groups],
            np.array([len(item_reviews) for _item_id, item_reviews in groups], dtype=np.int64),
            np.array([review[1] for review in reviews], dtype=np.int64),
            np.array([review[2] for review in reviews], dtype=np.int8),
            np.array([review[3] == FIRST_QUEUE for review in reviews], dtype=bool),
        )


def rated_reviews(db: sqlite3.Connection, deck_id: str | None = None) -> RatedReviews:
    """The rated reviews of the items in ``deck_id`` (every item: None).

    Read from the log's per-item index alone (``models.ReviewRow``'s ix_reviews_item_time,
    which holds every column read here), in its order: no sort, no row (their JSON)
    touched, and one row per item (a test checks the plan). Reviews of one item made in the same millisecond (which
    no learner makes) come in the index's order."""
    in_deck = (
        "" if deck_id is None else " AND r.item_id IN (SELECT id FROM items WHERE deck_id = ?)"
    )
    rows = db.execute(
        f"SELECT r.item_id, group_concat({_PACKED}) FROM reviews AS r"
        f" INDEXED BY ix_reviews_item_time WHERE {RATED}{in_deck} GROUP BY r.item_id",
        () if deck_id is None else (deck_id,),
    ).fetchall()
    counts = np.fromiter((row[1].count(",") + 1 for row in rows), dtype=np.int64, count=len(rows))
    packed = np.fromstring(",".join(row[1] for row in rows), dtype=np.int64, sep=",")
    # SQLite concatenates in the order it reads, the index's; should that ever change,
    # the time order is restored here.
    item_of = np.repeat(np.arange(len(rows)), counts)
    if np.any((np.diff(packed) < 0) & (item_of[1:] == item_of[:-1])):
        packed = packed[np.lexsort((packed, item_of))]
    return RatedReviews(
        [row[0] for row in rows],
        counts,
        packed >> 4,
        ((packed >> 1) & 7).astype(np.int8),
        (packed & 1).astype(bool),
    )


def rated_review_count(
    db: sqlite3.Connection, deck_id: str | None = None, since_ms: int | None = None
) -> int:
    """How many rated reviews the log holds (made at or after ``since_ms``, if given)."""
    clauses, params = [RATED], []
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
