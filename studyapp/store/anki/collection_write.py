"""Scheduling and the review log, written into the collection genanki builds for an export.

Each function takes the cursor genanki writes with, inside its transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable


def collection_settings(cursor: sqlite3.Cursor) -> str:
    """The collection's settings as JSON (schema 11's ``col.conf``)."""
    return cursor.execute("SELECT conf FROM col").fetchone()[0]


def set_collection_start(cursor: sqlite3.Cursor, created: int, settings_json: str) -> None:
    """Set the creation time (epoch seconds; day numbers count from it) and the settings."""
    cursor.execute("UPDATE col SET crt = ?, conf = ?", (created, settings_json))


def card_keys(cursor: sqlite3.Cursor) -> list[tuple[int, str, int]]:
    """(card id, its note's guid, card ordinal) of every card."""
    return cursor.execute(
        "SELECT cards.id, notes.guid, cards.ord FROM cards JOIN notes ON notes.id = cards.nid"
    ).fetchall()


def set_card_scheduling(cursor: sqlite3.Cursor, rows: Iterable[tuple]) -> None:
    """Rows of (type, queue, due, ivl, factor, reps, lapses, left, data, card id)."""
    cursor.executemany(
        "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, "
        "lapses = ?, left = ?, data = ? WHERE id = ?",
        rows,
    )


def insert_revlog(cursor: sqlite3.Cursor, rows: Iterable[tuple]) -> None:
    """Rows of (id, cid, usn, ease, ivl, lastIvl, factor, time, type)."""
    cursor.executemany("INSERT INTO revlog VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
