"""The reports' queries over items: every item's state, due counts, mastery tallies and
the weakest items, with each item's recall now computed by SQLite.

Statistics over items are aggregated inside SQLite, which reads the items table in C:
building a Python object per item costs more than the whole aggregate (100k items).
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from studyapp.store.item_conditions import (
    ACTIVE,
    IS_LEARNING,
    IS_NEW,
    IS_REVIEW,
    IS_SCHEDULED,
    NOT_RETIRED,
)
from studyapp.store.models import MASTERY_INDEX
from studyapp.store.times import DAY_MS

# The forgetting curve (``report.retrievability.ForgettingCurve``) in SQL, on a row of
# ``items``: whole elapsed days (integer division; negatives clamp to 0 as the floor
# does), the same operations in the same order, so the same C ``pow`` gives the same floats.
RECALL = f"""
    CASE WHEN NOT {IS_NEW} AND last_review IS NOT NULL AND stability > 0
         THEN pow(1 + :factor * max(0, (:now_ms - last_review) / {DAY_MS}) / stability, :decay)
    END
"""


@dataclass(frozen=True)
class ItemFilter:
    """The items a report counts (those in the content, of one deck or all) and what
    ``RECALL`` needs: now, and the forgetting curve's constants."""

    now_ms: int
    decay: float
    factor: float
    deck_id: str | None = None

    def conditions(self, active_only: bool = False) -> tuple[str, dict[str, Any]]:
        """A WHERE clause on ``items`` and its parameters (those of ``RECALL`` included:
        bound, so no float goes through SQL text); ``active_only`` leaves suspended items
        out too."""
        clauses = [ACTIVE if active_only else NOT_RETIRED]
        params: dict[str, Any] = {"now_ms": self.now_ms, "factor": self.factor, "decay": self.decay}
        if self.deck_id is not None:
            clauses.append("deck_id = :deck")
            params["deck"] = self.deck_id
        return " AND ".join(clauses), params


def ensure_pow(db: sqlite3.Connection) -> None:
    """SQLite has ``pow`` only when built with its math functions; else Python's, which
    is the same C function."""
    try:
        db.execute("SELECT pow(2, 0.5)")
    except sqlite3.OperationalError:
        db.create_function("pow", 2, math.pow, deterministic=True)


def every_item(db: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    """All items, retired ones included (their reviews are still history), in the order
    sync stored them (file order): id, deck, topic, kind, retired, state, stability,
    difficulty, last review, due, reps, lapses, suspended, leech."""
    return db.execute(
        """
        SELECT id, deck_id, topic_id, kind, retired_at IS NOT NULL, state, stability,
               difficulty, last_review, due, reps, lapses, suspended, leech
        FROM items
        """
    )


def due_counts(db: sqlite3.Connection, kept: ItemFilter, edges: Sequence[int]) -> list[int]:
    """How many items (suspended ones left out, as the queue leaves them out) fall due in
    each ``[edges[n], edges[n + 1])``: one range of the queue's due index per span."""
    where, params = kept.conditions(active_only=True)
    statement = f"""
        SELECT count(*) FROM items INDEXED BY ix_items_active_due
        WHERE {IS_SCHEDULED} AND due >= :low AND due < :high AND {where}
    """
    return [
        db.execute(statement, {**params, "low": low, "high": high}).fetchone()[0]
        for low, high in pairwise(edges)
    ]


def topic_tallies(
    db: sqlite3.Connection, kept: ItemFilter, mature_ms: int, stability_bounds: Sequence[float]
) -> Iterator[tuple[Any, ...]]:
    """Per (deck, topic), in file order: deck, topic, items, new, learning, review, mature
    (an interval of ``mature_ms`` or more), suspended, leeches, items with a recall, the sum
    of recalls, then one count per stability bucket (as ``bisect_right`` over
    ``stability_bounds`` places an item)."""
    where, params = kept.conditions()
    ensure_pow(db)
    # ``FILTER`` skips the aggregate step where the condition is false: cheaper than
    # summing it. The mastery index covers every column read, so the wide rows (payloads)
    # are never read, and holds the items in (topic, deck) order, so they group unsorted.
    return db.execute(
        f"""
        SELECT deck_id, topic_id, count(*), count(*) FILTER (WHERE {IS_NEW}),
               count(*) FILTER (WHERE {IS_LEARNING}), count(*) FILTER (WHERE {IS_REVIEW}),
               count(*) FILTER (WHERE {IS_REVIEW} AND due - last_review >= {int(mature_ms)}),
               count(*) FILTER (WHERE suspended), count(*) FILTER (WHERE leech), count(recall),
               total(recall),
               {_stability_counts(stability_bounds)}
        FROM (SELECT {_SCHEDULING}, rowid AS position, {RECALL} AS recall
              FROM items INDEXED BY {MASTERY_INDEX} WHERE {where})
        GROUP BY deck_id, topic_id
        ORDER BY min(position)
        """,
        params,
    )


def most_lapsed(db: sqlite3.Connection, kept: ItemFilter, limit: int) -> list[tuple[Any, ...]]:
    """The items with the most lapses (then reps): see ``_weak`` for the columns."""
    return _weak(db, kept, "lapses > 0", "lapses DESC, reps DESC", limit)


def least_recalled(
    db: sqlite3.Connection, kept: ItemFilter, below: float, limit: int
) -> list[tuple[Any, ...]]:
    """Items not suspended whose recall now is below ``below``, least likely first."""
    return _weak(db, kept, "recall < :below AND NOT suspended", "recall", limit, below=below)


def leeches(db: sqlite3.Connection, kept: ItemFilter, limit: int) -> list[tuple[Any, ...]]:
    return _weak(db, kept, "leech", "lapses DESC", limit)


def _weak(
    db: sqlite3.Connection,
    kept: ItemFilter,
    condition: str,
    order: str,
    limit: int,
    **extra: Any,
) -> list[tuple[Any, ...]]:
    """id, deck, kind, payload, lapses, reps, recall, leech, suspended of the items kept
    that meet ``condition``; ties go to the item first in the content (the table's rowid
    order is sync's file order).

    The items are chosen from the mastery index alone; only the chosen few rows are read
    for their payload.
    """
    where, params = kept.conditions()
    ensure_pow(db)
    ranked = f"{order}, position"
    return db.execute(
        f"""
        SELECT id, deck_id, kind, (SELECT payload FROM items WHERE rowid = weak.position),
               lapses, reps, recall, leech, suspended
        FROM (
            SELECT * FROM (SELECT {_SCHEDULING}, rowid AS position, {RECALL} AS recall
                           FROM items INDEXED BY {MASTERY_INDEX} WHERE {where})
            WHERE {condition} ORDER BY {ranked} LIMIT {int(limit)}
        ) AS weak
        ORDER BY {ranked}
        """,
        {**params, **extra},
    ).fetchall()


# The columns of ``items`` the tallies and the weakest items read: all in the mastery index.
_SCHEDULING = (
    "id, deck_id, kind, topic_id, state, stability, due, last_review, reps, lapses,"
    " suspended, leech"
)


def _stability_counts(bounds: Sequence[float]) -> str:
    counts = []
    for low, high in pairwise((None, *bounds, None)):
        test = [f"NOT {IS_NEW}", "stability IS NOT NULL"]
        test += [] if low is None else [f"stability >= {low}"]
        test += [] if high is None else [f"stability < {high}"]
        counts.append(f"count(*) FILTER (WHERE {' AND '.join(test)})")
    return ", ".join(counts)
