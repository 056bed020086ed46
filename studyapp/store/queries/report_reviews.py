"""The reports' queries over the review log, each answered from a covering index.

A report over a million reviews never reads the rows (their JSON): every query here names
or matches one of ``ReviewRow``'s covering indexes (a test checks the plans). The review
log is never joined to ``items`` per review: each item row carries its pickled content,
so the deck filter is a SQL function over a set of ids, and statistics count per item
first and look each item up once, in the items' (id, deck, kind) index (never the wide row).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter
from typing import Any

from studyapp.store.models import ITEM_DECK_KIND_INDEX

IN_DECK_FUNCTION = "report_in_deck"  # defined per connection by register_deck_filter
UNKNOWN_DECK = "?"  # the deck of a review whose item row is gone


@dataclass(frozen=True)
class ReviewFilter:
    """Which reviews a report counts: undone ones never; the dates as epoch ms bounds."""

    since_ms: int | None = None
    until_ms: int | None = None  # exclusive
    in_deck: bool = False  # keep only the deck given to ``register_deck_filter``

    def conditions(self) -> tuple[str, dict[str, Any]]:
        """A WHERE clause on reviews ``r`` and its parameters."""
        clauses = ["r.undone_at IS NULL"]
        params: dict[str, Any] = {}
        if self.since_ms is not None:
            clauses.append("r.reviewed_at >= :since_ms")
            params["since_ms"] = self.since_ms
        if self.until_ms is not None:
            clauses.append("r.reviewed_at < :until_ms")
            params["until_ms"] = self.until_ms
        if self.in_deck:
            clauses.append(f"{IN_DECK_FUNCTION}(r.item_id)")
        return " AND ".join(clauses), params


def register_deck_filter(db: sqlite3.Connection, deck_id: str) -> None:
    """Define the SQL function a ``ReviewFilter(in_deck=True)`` calls to keep the deck's
    reviews: a set lookup per review beats joining the log to ``items``."""
    rows = db.execute("SELECT id FROM items WHERE deck_id = ?", (deck_id,))
    ids = frozenset(map(itemgetter(0), rows))
    db.create_function(IN_DECK_FUNCTION, 1, lambda item_id: item_id in ids, deterministic=True)


def first_review_at(db: sqlite3.Connection, kept: ReviewFilter) -> int | None:
    """Epoch ms of the first review the filter keeps (read from the time index)."""
    where, params = kept.conditions()
    first = db.execute(
        f"SELECT r.reviewed_at FROM reviews r WHERE {where} ORDER BY r.reviewed_at LIMIT 1",
        params,
    ).fetchone()
    return None if first is None else first[0]


def day_activity(
    db: sqlite3.Connection, kept: ReviewFilter, edges: Sequence[int]
) -> Iterator[tuple[int, float, int, int, int, int, int]]:
    """Per range ``[edges[n], edges[n + 1])``: count, total time, count per rating 1–4, new.

    One range query per day on the time index (``ix_reviews_day``), which covers every
    column read: the log is read once, in time order, and never sorted, unlike a
    ``GROUP BY`` over an expression of the time. ``count(*) FILTER``: SQLite skips the
    aggregate step where the condition is false, which halves the cost of summing a
    comparison per review.
    """
    where, params = kept.conditions()
    statement = f"""
        SELECT count(*), total(r.elapsed_ms), count(*) FILTER (WHERE r.rating = 1),
               count(*) FILTER (WHERE r.rating = 2), count(*) FILTER (WHERE r.rating = 3),
               count(*) FILTER (WHERE r.rating = 4), count(*) FILTER (WHERE r.queue = 'new')
        FROM reviews r
        WHERE r.reviewed_at >= :start_ms AND r.reviewed_at < :end_ms AND {where}
    """
    for start, end in pairwise(edges):
        yield db.execute(statement, {**params, "start_ms": start, "end_ms": end}).fetchone()


def answer_time_counts(
    db: sqlite3.Connection, kept: ReviewFilter, start_ms: int, end_ms: int, edges: Sequence[int]
) -> list[int]:
    """How many reviews in ``[start_ms, end_ms)`` took ``[edges[n], edges[n + 1])`` ms.

    One range of the answer-time index per bucket: comparing each review's time with
    every bound costs more than the rest of the per-day statistics together.
    """
    where, params = kept.conditions()
    statement = f"""
        SELECT count(*) FROM reviews r INDEXED BY ix_reviews_answer_time
        WHERE r.elapsed_ms >= :low AND r.elapsed_ms < :high
          AND r.reviewed_at >= :start_ms AND r.reviewed_at < :end_ms AND {where}
    """
    return [
        db.execute(
            statement,
            {**params, "low": low, "high": high, "start_ms": start_ms, "end_ms": end_ms},
        ).fetchone()[0]
        for low, high in pairwise(edges)
    ]


def verdict_counts(
    db: sqlite3.Connection, kept: ReviewFilter
) -> Iterator[tuple[str, str, str | None, float]]:
    """``(item kind, verdict, mistake of a wrong answer, count)``, counted per item from the
    verdicts' covering index, then per kind (a vanished item's kind is "?")."""
    where, params = kept.conditions()
    # Named: with a date filter and no statistics, SQLite would pick the time index and
    # read every row in the range from the table.
    return db.execute(
        f"""
        SELECT coalesce(i.kind, '?'), per_item.verdict, per_item.mistake, total(per_item.n)
        FROM (
            SELECT r.item_id, r.verdict, CASE WHEN r.verdict != 'correct' THEN r.mistake END
                       AS mistake,
                   count(*) AS n
            FROM reviews r INDEXED BY ix_reviews_verdicts
            WHERE r.verdict IS NOT NULL AND {where}
            GROUP BY r.verdict, r.item_id, r.mistake
        ) AS per_item
        LEFT JOIN items i INDEXED BY {ITEM_DECK_KIND_INDEX} ON i.id = per_item.item_id
        GROUP BY 1, 2, 3
        """,
        params,
    )


def review_queue_passes(
    db: sqlite3.Connection, kept: ReviewFilter, mature_days: int
) -> Iterator[tuple[str, float, float, float, float]]:
    """Per deck, over reviews in the review queue: ``(deck, mature passed, mature, passed,
    reviews)``; a review is mature when the stability before it was ``mature_days`` or
    more, and passes above Again. The deck of a vanished item is ``UNKNOWN_DECK``."""
    where, params = kept.conditions()
    # The index is named: with a date filter and no statistics, SQLite would pick the time
    # index and read every row in the range from the table.
    return db.execute(
        f"""
        SELECT coalesce(i.deck_id, '{UNKNOWN_DECK}') AS deck, total(mature_passed), total(mature),
               total(passed), total(reviews)
        FROM (
            SELECT r.item_id,
                   count(*) FILTER (WHERE r.stability_before >= :mature AND r.rating > 1)
                       AS mature_passed,
                   count(*) FILTER (WHERE r.stability_before >= :mature) AS mature,
                   count(*) FILTER (WHERE r.rating > 1) AS passed, count(*) AS reviews
            FROM reviews r INDEXED BY ix_reviews_retention
            WHERE r.queue = 'review' AND {where}
            GROUP BY r.item_id
        ) AS per_item
        -- The deck of each item's group, looked up once per item rather than once per review.
        LEFT JOIN items i INDEXED BY {ITEM_DECK_KIND_INDEX} ON i.id = per_item.item_id
        GROUP BY deck
        """,
        {**params, "mature": mature_days},
    )


def review_log(db: sqlite3.Connection, kept: ReviewFilter) -> Iterator[tuple[Any, ...]]:
    """The log in time order: time, item, queue, rating, elapsed ms, verdict, mistake, and
    the item's state after the review: interval (ms), stability, difficulty."""
    where, params = kept.conditions()
    return db.execute(
        f"""
        SELECT r.reviewed_at, r.item_id, r.queue, r.rating, r.elapsed_ms, r.verdict,
               json_extract(r.feedback, '$.mistake'),
               json_extract(r.state_after, '$.due')
                   - json_extract(r.state_after, '$.last_review'),
               json_extract(r.state_after, '$.stability'),
               json_extract(r.state_after, '$.difficulty')
        FROM reviews r WHERE {where} ORDER BY r.reviewed_at, r.id
        """,
        params,
    )
