"""Every item's identity and scheduling state, read once per report as plain tuples.

The review log is never joined to ``items`` in SQL: each item row carries its pickled
content, so probing it once per review costs microseconds of page reads, a million
times. Reports map ``item_id`` to deck, topic and kind in Python instead, from this one
read of the items table (100k items: a tenth of a second).
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Connection

from studyapp.report.scope import IN_DECK_FUNCTION, Scope, driver


class ItemState(NamedTuple):
    """A named tuple: built straight from the row tuple, a hundred thousand times."""

    id: str
    deck_id: str
    topic_id: str
    kind: str
    retired: bool
    state: int  # 0 new, 1 learning, 2 review, 3 relearning
    stability: float | None
    difficulty: float | None
    last_review: int | None  # epoch ms
    due: int | None  # epoch ms
    reps: int
    lapses: int
    suspended: bool
    leech: bool


def load_items(connection: Connection) -> list[ItemState]:
    """All items, retired ones included (their reviews are still history), in the order
    sync stored them (file order)."""
    rows = driver(connection).execute(
        """
        SELECT id, deck_id, topic_id, kind, retired_at IS NOT NULL, state, stability,
               difficulty, last_review, due, reps, lapses, suspended, leech
        FROM items
        """
    )
    return list(map(ItemState._make, rows))


def active_items(items: list[ItemState], scope: Scope) -> list[ItemState]:
    """Items still in the content, of the filtered deck."""
    deck = scope.filter.deck
    return [i for i in items if not i.retired and (deck is None or i.deck_id == deck)]


def decks_and_kinds(connection: Connection) -> tuple[dict[str, str], dict[str, str]]:
    """``{item id: deck id}`` and ``{item id: kind}`` over all items, retired ones included:
    three short columns, without building an object per item."""
    rows = driver(connection).execute("SELECT id, deck_id, kind FROM items").fetchall()
    ids = list(map(itemgetter(0), rows))
    return (
        dict(zip(ids, map(itemgetter(1), rows), strict=True)),
        dict(zip(ids, map(itemgetter(2), rows), strict=True)),
    )


def register_deck_filter(connection: Connection, deck_of: dict[str, str], scope: Scope) -> None:
    """Define the SQL function ``Scope.review_conditions`` calls to keep the deck's reviews.

    A set lookup per review beats joining the log to ``items`` (see the module docstring).
    """
    deck = scope.filter.deck
    ids = frozenset(item_id for item_id, item_deck in deck_of.items() if item_deck == deck)
    driver(connection).create_function(
        IN_DECK_FUNCTION, 1, lambda item_id: item_id in ids, deterministic=True
    )


def attributes(items: list[ItemState], name: str) -> dict[str, Any]:
    """``{item id: item.<name>}``, e.g. each item's deck."""
    index = ItemState._fields.index(name)
    return dict(zip(map(itemgetter(0), items), map(itemgetter(index), items), strict=True))
