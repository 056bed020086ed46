"""Every item's identity and scheduling state as plain tuples (the CSV exports' rows), and
the deck filter on the review log (see ``studyapp.store.queries.report_reviews``)."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Connection

from studyapp.report.scope import Scope
from studyapp.store.engine import driver
from studyapp.store.queries import report_items, report_reviews


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
    rows = report_items.every_item(driver(connection))
    return list(map(ItemState._make, rows))


def active_items(items: list[ItemState], scope: Scope) -> list[ItemState]:
    """Items still in the content, of the filtered deck."""
    deck = scope.filter.deck
    return [i for i in items if not i.retired and (deck is None or i.deck_id == deck)]


def register_deck_filter(connection: Connection, scope: Scope) -> None:
    """Keep only the filtered deck's reviews in the queries of ``scope.review_filter()``."""
    report_reviews.register_deck_filter(driver(connection), scope.filter.deck)
