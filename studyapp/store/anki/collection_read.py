"""The rows of an Anki collection, read from its bytes in memory.

Two schemas are read: 11 (note types, decks and settings as JSON in the ``col`` row) and
15-18 (their own tables). Anki sorts names with a ``unicase`` collation, which must be
registered to read those tables.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

Row = tuple[Any, ...]


@contextmanager
def open_collection(data: bytes) -> Iterator[sqlite3.Connection]:
    """The collection in ``data`` as an in-memory database; sqlite3.DatabaseError if damaged."""
    db = sqlite3.connect(":memory:")
    try:
        db.deserialize(_without_wal(data))
        db.create_collation("unicase", _unicase)
        yield db
    finally:
        db.close()


def _without_wal(data: bytes) -> bytes:
    """The file as a rollback-journal database: Anki saves in WAL mode, which SQLite cannot
    open from memory. Bytes 18-19 of the header are the read and write format versions
    (2 = WAL, 1 = legacy)."""
    if data[18:20] != b"\x02\x02":
        return data
    return data[:18] + b"\x01\x01" + data[20:]


def _unicase(left: str, right: str) -> int:
    a, b = left.casefold(), right.casefold()
    return (a > b) - (a < b)


def collection_row(db: sqlite3.Connection) -> tuple[int, int, str | None]:
    """(schema version, creation time in epoch seconds, settings JSON of schema 11)."""
    return db.execute("SELECT ver, crt, conf FROM col").fetchone()


def legacy_models_and_decks(db: sqlite3.Connection) -> tuple[str | None, str | None]:
    """Schema 11: the JSON of the note types and of the decks."""
    return db.execute("SELECT models, decks FROM col").fetchone()


def config_rows(db: sqlite3.Connection) -> list[tuple[str, bytes | str]]:
    """Schema 15+: (key, JSON value) of each setting."""
    return db.execute("SELECT key, val FROM config").fetchall()


def deck_rows(db: sqlite3.Connection) -> list[tuple[int, str]]:
    """Schema 15+: (id, name with ``\\x1f`` between levels)."""
    return db.execute("SELECT id, name FROM decks").fetchall()


def field_rows(db: sqlite3.Connection) -> list[tuple[int, str]]:
    """Schema 15+: (note type id, field name), each note type's fields in order."""
    return db.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord").fetchall()


def notetype_rows(db: sqlite3.Connection) -> list[tuple[int, str, bytes]]:
    """Schema 15+: (id, name, protobuf config)."""
    return db.execute("SELECT id, name, config FROM notetypes").fetchall()


def note_rows(db: sqlite3.Connection) -> list[tuple[int, str, int, str, str]]:
    """(id, guid, note type id, tags, fields joined by ``\\x1f``), in id order."""
    return db.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id").fetchall()


def card_rows(db: sqlite3.Connection) -> list[Row]:
    """Each card's (id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, left,
    odue, odid, data), by note and ordinal."""
    return db.execute(
        "SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, left, "
        "odue, odid, data FROM cards ORDER BY nid, ord"
    ).fetchall()


def revlog_rows(db: sqlite3.Connection) -> list[Row]:
    """Each review log entry's (id, cid, ease, ivl, lastIvl, factor, time, type), in time
    order."""
    return db.execute(
        "SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY id"
    ).fetchall()
