"""The read side of studying: one item's payload, deck totals, what is due later, the day.

Plain SQL over a DB-API (sqlite3) connection and no SQLAlchemy import, like ``queue``.
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

from studyapp.store.item_conditions import (
    ACTIVE,
    IS_LEARNING,
    IS_NEW,
    IS_REVIEW,
    NOT_RETIRED,
    Queue,
)


class ItemToShow(NamedTuple):
    payload: bytes  # the pickled content-model item
    state: int
    due: int | None  # epoch ms


class DeckTotals(NamedTuple):
    items: int
    suspended: int
    leeches: int


class DayTotals(NamedTuple):
    reviews: int
    new_seen: int
    again: int
    elapsed_ms: int


class LaterToday(NamedTuple):
    learning: int  # learning steps due before the day ends
    learning_at: int | None  # epoch ms of the first of them
    held_back: int  # reviews due before the day ends
    new_waiting: bool  # any new item left at all


def item_to_show(db: sqlite3.Connection, item_id: str) -> ItemToShow:
    row = db.execute("SELECT payload, state, due FROM items WHERE id = ?", (item_id,)).fetchone()
    return ItemToShow(*row)


def deck_totals(db: sqlite3.Connection) -> dict[str, DeckTotals]:
    """Per deck: its items still in the content, how many are suspended, how many leeches."""
    rows = db.execute(
        "SELECT deck_id, count(*), sum(suspended), sum(leech) FROM items"
        f" WHERE {NOT_RETIRED} GROUP BY deck_id"
    )
    return {
        deck_id: DeckTotals(int(total), int(suspended or 0), int(leeches or 0))
        for deck_id, total, suspended, leeches in rows
    }


def later_today(db: sqlite3.Connection, deck_id: str | None, day_end_ms: int) -> LaterToday:
    """What is left before ``day_end_ms`` whatever the limits and burying say."""
    deck, params = _in_deck(deck_id)
    learning, learning_at = db.execute(
        f"SELECT count(*), min(due) FROM items WHERE {ACTIVE}{deck} AND {IS_LEARNING} AND due < ?",
        (*params, day_end_ms),
    ).fetchone()
    (held_back,) = db.execute(
        f"SELECT count(*) FROM items WHERE {ACTIVE}{deck} AND {IS_REVIEW} AND due < ?",
        (*params, day_end_ms),
    ).fetchone()
    new_waiting = db.execute(
        f"SELECT 1 FROM items WHERE {ACTIVE}{deck} AND {IS_NEW} LIMIT 1", params
    ).fetchone()
    return LaterToday(learning, learning_at, held_back, new_waiting is not None)


def first_due_from(db: sqlite3.Connection, deck_id: str | None, from_ms: int) -> int | None:
    """Epoch ms of the first learning or review item due at or after ``from_ms``."""
    deck, params = _in_deck(deck_id)
    (first,) = db.execute(
        f"SELECT min(due) FROM items WHERE {_LEARNING_OR_REVIEW}{deck} AND due >= ?",
        (*params, from_ms),
    ).fetchone()
    return first


def due_between(db: sqlite3.Connection, deck_id: str | None, start_ms: int, end_ms: int) -> int:
    """How many learning or review items fall due in ``[start_ms, end_ms)``."""
    deck, params = _in_deck(deck_id)
    (count,) = db.execute(
        f"SELECT count(*) FROM items WHERE {_LEARNING_OR_REVIEW}{deck} AND due >= ? AND due < ?",
        (*params, start_ms, end_ms),
    ).fetchone()
    return count


def day_totals(db: sqlite3.Connection, start_ms: int, again_rating: int) -> DayTotals:
    """The (non-undone) reviews since ``start_ms``: how many, new ones, lapses, time spent."""
    reviews, new_seen, again, elapsed_ms = db.execute(
        "SELECT count(*), sum(queue = ?), sum(rating = ?), sum(elapsed_ms) FROM reviews"
        " WHERE reviewed_at >= ? AND undone_at IS NULL",
        (Queue.NEW.label, again_rating, start_ms),
    ).fetchone()
    return DayTotals(reviews, int(new_seen or 0), int(again or 0), int(elapsed_ms or 0))


_LEARNING_OR_REVIEW = f"{ACTIVE} AND ({IS_LEARNING} OR {IS_REVIEW})"


def _in_deck(deck_id: str | None) -> tuple[str, tuple[str, ...]]:
    return ("", ()) if deck_id is None else (" AND deck_id = ?", (deck_id,))
