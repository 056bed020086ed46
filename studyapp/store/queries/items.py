"""One item at a time: suspending it, putting its state back, undoing its review.

Plain DB-API, inside the study service's transactions (its item's state is read with
``review_write.read_state``). Times are epoch milliseconds, states are snapshots.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, NamedTuple

from studyapp.store.review_write import STATE_COLUMNS, UNDOABLE

_RESTORE = f"UPDATE items SET {', '.join(f'{c} = ?' for c in STATE_COLUMNS)} WHERE id = ?"


class LoggedReview(NamedTuple):
    id: int
    uid: str
    item_id: str
    reviewed_at: int  # epoch ms
    state_before: dict[str, Any]
    state_after: dict[str, Any]


def set_suspended(db: sqlite3.Connection, item_id: str, value: bool) -> None:
    db.execute("UPDATE items SET suspended = ? WHERE id = ?", (value, item_id))


def latest_review_not_undone(db: sqlite3.Connection, device_id: str) -> LoggedReview | None:
    """The latest review ``device_id`` made that is not yet undone (an imported one is not
    made here), or None."""
    row = db.execute(
        "SELECT id, uid, item_id, reviewed_at, state_before, state_after FROM reviews"
        f" WHERE device_id = ? AND {UNDOABLE} ORDER BY id DESC LIMIT 1",  # see ix_reviews_undo
        (device_id,),
    ).fetchone()
    if row is None:
        return None
    return LoggedReview(*row[:4], json.loads(row[4]), json.loads(row[5]))


def restore_item(db: sqlite3.Connection, item_id: str, snapshot: dict[str, Any]) -> None:
    """Put the item's scheduling columns back as ``snapshot`` has them (undo)."""
    db.execute(_RESTORE, (*(snapshot[c] for c in STATE_COLUMNS), item_id))


def mark_undone(db: sqlite3.Connection, review_id: int, at_ms: int) -> None:
    db.execute("UPDATE reviews SET undone_at = ? WHERE id = ?", (at_ms, review_id))
