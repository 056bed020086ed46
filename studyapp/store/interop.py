"""Review history in bulk, for importing it from and exporting it to other programs.

Plain DB-API over the caller's SQLAlchemy connection and transaction: an import writes
hundreds of thousands of reviews, which ``executemany`` does in one pass. The rows are
those ``review_write`` writes for a rating (times as epoch milliseconds, JSON as text).
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from studyapp.store.review_write import (
    INSERT_REVIEW,
    STATE_COLUMNS,
    NewReview,
    bulk_insert,
    review_values,
)

_CHUNK = 500  # ids per IN (...) list, well under SQLite's limit on parameters
_FLAGS = ("suspended", "leech")
_SNAPSHOT_TEMPLATE = "{" + ", ".join(f'"{column}": %s' for column in STATE_COLUMNS) + "}"


@dataclass(frozen=True)
class LoggedReview:
    """A review as an export needs it."""

    item_id: str
    reviewed_at: int  # epoch ms
    rating: int
    elapsed_ms: int
    queue: str  # the item's state before: new|learning|review|relearning
    state_after: str  # JSON snapshot


def _chunks(ids: Collection[str]) -> Iterator[list[str]]:
    ordered = list(ids)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def _marks(chunk: list[str]) -> str:
    return ", ".join("?" * len(chunk))


def review_times(connection: Connection, item_ids: Collection[str]) -> set[tuple[str, int]]:
    """(item id, reviewed_at) of every review of these items, undone ones too."""
    cursor = connection.connection.cursor()
    found: set[tuple[str, int]] = set()
    for chunk in _chunks(item_ids):
        cursor.execute(
            f"SELECT item_id, reviewed_at FROM reviews WHERE item_id IN ({_marks(chunk)})", chunk
        )
        found.update(cursor.fetchall())
    cursor.close()
    return found


def item_states(connection: Connection, item_ids: Collection[str]) -> dict[str, dict[str, Any]]:
    """Each existing item's scheduling snapshot (``STATE_COLUMNS``, times in epoch ms)."""
    cursor = connection.connection.cursor()
    states = {}
    columns = ", ".join(STATE_COLUMNS)
    for chunk in _chunks(item_ids):
        cursor.execute(f"SELECT id, {columns} FROM items WHERE id IN ({_marks(chunk)})", chunk)
        for item_id, *values in cursor.fetchall():
            snapshot = dict(zip(STATE_COLUMNS, values, strict=True))
            for flag in _FLAGS:
                snapshot[flag] = bool(snapshot[flag])
            states[item_id] = snapshot
    cursor.close()
    return states


def insert_reviews(connection: Connection, reviews: list[NewReview]) -> None:
    """Append reviews to the log without touching the items (``set_item_states`` does).

    Give them in time order: the log's main index then grows at its end. A large batch
    drops the log's other indexes and builds them again afterwards, in the same
    transaction: one sort per index instead of a random insert per review. The snapshots
    must stay alive until this returns (they are recognised by identity)."""
    written: dict[int, str] = {}

    def dumps(snapshot: dict[str, Any]) -> str:
        # One review's "after" is usually the next one's "before": write it once.
        key = id(snapshot)
        if key not in written:
            written[key] = snapshot_json(snapshot)
        return written[key]

    cursor = connection.connection.cursor()
    try:
        with bulk_insert(cursor, len(reviews)):
            cursor.executemany(INSERT_REVIEW, (review_values(r, dumps) for r in reviews))
    finally:
        cursor.close()


def snapshot_json(snapshot: dict[str, Any]) -> str:
    """``json.dumps`` of a state snapshot (``STATE_COLUMNS``) as one template: an import
    writes one per review, and the general encoder's set-up costs more than the text."""
    return _SNAPSHOT_TEMPLATE % tuple(_json_scalar(snapshot[c]) for c in STATE_COLUMNS)


def _json_scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is float:
        return repr(value) if math.isfinite(value) else json.dumps(value)  # NaN, Infinity
    return str(int(value))


def set_item_states(connection: Connection, states: dict[str, dict[str, Any]]) -> None:
    if not states:
        return
    assignments = ", ".join(f"{column} = ?" for column in STATE_COLUMNS)
    cursor = connection.connection.cursor()
    cursor.executemany(
        f"UPDATE items SET {assignments} WHERE id = ?",
        ((*(state[c] for c in STATE_COLUMNS), item_id) for item_id, state in states.items()),
    )
    cursor.close()


def logged_reviews(connection: Connection, item_ids: Collection[str]) -> list[LoggedReview]:
    """The reviews of these items that stand (not undone), oldest first."""
    cursor = connection.connection.cursor()
    found: list[LoggedReview] = []
    for chunk in _chunks(item_ids):
        cursor.execute(
            "SELECT item_id, reviewed_at, rating, elapsed_ms, queue, state_after FROM reviews "
            f"WHERE undone_at IS NULL AND item_id IN ({_marks(chunk)})",
            chunk,
        )
        found.extend(LoggedReview(*row) for row in cursor.fetchall())
    cursor.close()
    return sorted(found, key=lambda review: (review.reviewed_at, review.item_id))
