"""Every item's identity and scheduling state as plain tuples (the CSV exports' rows), and
the deck filter on the review log.

The review log is never joined to ``items`` per review: each item row carries its pickled
content, so probing it once per review costs microseconds of page reads, a million
times. Statistics count per item first and look each item up once.
"""

from __future__ import annotations

from operator import itemgetter
from typing import NamedTuple

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


def register_deck_filter(connection: Connection, scope: Scope) -> None:
    """Define the SQL function ``Scope.review_conditions`` calls to keep the deck's reviews.

    A set lookup per review beats joining the log to ``items`` (see the module docstring).
    """
    db = driver(connection)
    rows = db.execute("SELECT id FROM items WHERE deck_id = ?", (scope.filter.deck,))
    ids = frozenset(map(itemgetter(0), rows))
    db.create_function(IN_DECK_FUNCTION, 1, lambda item_id: item_id in ids, deterministic=True)
