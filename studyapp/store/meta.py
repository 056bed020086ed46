"""Small named values kept in the ``meta`` table."""

from __future__ import annotations

import sqlite3


def read_meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else row[0]


def write_meta(db: sqlite3.Connection, key: str, value: str) -> None:
    """Set ``key``; writes nothing when it already holds ``value``."""
    if read_meta(db, key) == value:
        return
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
