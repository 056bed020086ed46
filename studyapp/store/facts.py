"""The device's identity and the facts log, through plain sqlite3 (the review path's API).

A fact is something that happened besides a review: an undo (``undo:<review uid>``), a
suspension (``suspended:<item id>``, true or false), the scheduling settings in force
(``scheduling``), or an FSRS parameter set adopted (``parameters`` for every deck,
``parameters:<deck id>`` for one) or given up (``parameters-reverted[:<deck id>]``; see
``studyapp.store.queries.parameter_sets``).
Facts are appended, never changed, and travel between devices like reviews; for a key the
latest ``written_at`` wins, ties broken by device then uid, so every device picks the
same winner. A device keeps the facts of a kind it does not know and ignores them.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any
from uuid import uuid4

DEVICE_KEY = "device_id"
SCHEDULING_KEY = "scheduling"
PARAMETERS_KEY = "parameters"
REVERTED_PARAMETERS_KEY = "parameters-reverted"
# The order in which facts of one key are applied; the last one wins.
FACT_ORDER = "written_at, device_id, uid"
LATEST_FIRST = "written_at DESC, device_id DESC, uid DESC"


def undo_key(review_uid: str) -> str:
    return f"undo:{review_uid}"


def suspension_key(item_id: str) -> str:
    return f"suspended:{item_id}"


def parameters_key(deck_id: str | None, kind: str = PARAMETERS_KEY) -> str:
    """The key of the parameter sets adopted (or, with ``REVERTED_PARAMETERS_KEY``, given
    up) for ``deck_id`` (None: every deck)."""
    return kind if deck_id is None else f"{kind}:{deck_id}"


def device_id(db: sqlite3.Connection) -> str:
    """This database's device id, made on first use (migration 0006 makes it for old ones)."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (DEVICE_KEY,)).fetchone()
    if row is not None:
        return row[0]
    db.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (DEVICE_KEY, uuid4().hex)
    )
    return db.execute("SELECT value FROM meta WHERE key = ?", (DEVICE_KEY,)).fetchone()[0]


def record_fact(
    db: sqlite3.Connection, key: str, value: Any, written_at: int, device: str
) -> None:
    db.execute(
        "INSERT INTO facts (uid, key, value, written_at, device_id) VALUES (?, ?, ?, ?, ?)",
        (uuid4().hex, key, json.dumps(value), written_at, device),
    )


def latest_fact(db: sqlite3.Connection, key: str) -> tuple[Any, int] | None:
    """The winning value of ``key`` and when it was written, or None if none was recorded."""
    row = db.execute(
        f"SELECT value, written_at FROM facts WHERE key = ? ORDER BY {LATEST_FIRST} LIMIT 1",
        (key,),
    ).fetchone()
    return None if row is None else (json.loads(row[0]), row[1])


def fact_history(db: sqlite3.Connection, key: str) -> list[tuple[int, Any]]:
    """Every value ``key`` has had, as (written_at, value), oldest first."""
    rows = db.execute(
        f"SELECT written_at, value FROM facts WHERE key = ? ORDER BY {FACT_ORDER}", (key,)
    ).fetchall()
    return [(written_at, json.loads(value)) for written_at, value in rows]
