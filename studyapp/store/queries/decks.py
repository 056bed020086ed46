"""Decks and topics: their ids and titles, for the queue, the reports and the command line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from studyapp.store.item_conditions import NOT_RETIRED


def deck_titles(db: sqlite3.Connection) -> dict[str, str]:
    """Every deck's title by its id, retired decks included (their reviews are history)."""
    return dict(db.execute("SELECT id, title FROM decks").fetchall())


def active_deck_titles(db: sqlite3.Connection) -> list[tuple[str, str]]:
    """(id, title) of the decks still in the content, in content order."""
    return db.execute(
        f"SELECT id, title FROM decks WHERE {NOT_RETIRED} ORDER BY position"
    ).fetchall()


def active_deck_ids(db: sqlite3.Connection) -> list[str]:
    """Ids of the decks still in the content, in content order."""
    return [deck_id for deck_id, _title in active_deck_titles(db)]


def all_deck_ids(db: sqlite3.Connection) -> list[str]:
    """Every deck's id, retired decks included, in content order."""
    return [row[0] for row in db.execute("SELECT id FROM decks ORDER BY position")]


def synced_deck_ids(db_path: Path) -> list[str]:
    """The deck ids stored in the database file at ``db_path``, read without opening the
    store; none when there is no file or SQLite cannot read it (opening the store then
    reports why)."""
    if not db_path.exists():
        return []
    try:
        with sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True) as connection:
            return all_deck_ids(connection)
    except sqlite3.Error:
        return []


def stored_topic_titles(db: sqlite3.Connection) -> dict[str, str]:
    """Topic id -> title as last synced with its items, for topics whose folder is not
    loaded now."""
    rows = db.execute(
        "SELECT topic_id, topic_title FROM items WHERE topic_title IS NOT NULL"
    ).fetchall()
    return dict(rows)
