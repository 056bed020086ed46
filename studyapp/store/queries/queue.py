"""The queue's queries: learning due now, reviews due today, new items, and their counts.

Plain SQL over a DB-API (sqlite3) connection: the service runs it on SQLAlchemy's driver
connection, and the TUI's fast start runs it before SQLAlchemy is even imported, so both
see the same queue. Every query is answered from the ``items`` table's partial indexes (a
test checks the plans); the scheduler decides which to ask and with what limits.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable
from typing import NamedTuple

from studyapp.store.item_conditions import ACTIVE, IS_LEARNING, IS_NEW, IS_REVIEW

ROW_COLUMNS = "id, deck_id, kind, state, due"
# SQLite caps a compound SELECT at 500 terms.
COUNTS_PER_STATEMENT = 400


class Query(NamedTuple):
    sql: str
    params: tuple


class QueueRow(NamedTuple):
    id: str
    deck_id: str
    kind: str
    state: int
    due: int | None  # epoch ms


class ReviewedToday(NamedTuple):
    item_id: str
    queue: str  # the item's state before the review
    deck_id: str
    sibling_of: str | None


class DeckLimitRow(NamedTuple):
    deck_id: str
    new_per_day: int | None
    reviews_per_day: int | None


NOTHING_BURIED = Query("1", ())


def reviewed_since(db: sqlite3.Connection, start_ms: int) -> list[ReviewedToday]:
    """The (non-undone) reviews since ``start_ms``, with their item's deck and sibling group."""
    rows = db.execute(
        "SELECT r.item_id, r.queue, i.deck_id, i.sibling_of FROM reviews AS r"
        " JOIN items AS i ON i.id = r.item_id"
        " WHERE r.reviewed_at >= ? AND r.undone_at IS NULL",
        (start_ms,),
    )
    return list(map(ReviewedToday._make, rows))


def deck_limits(db: sqlite3.Connection) -> list[DeckLimitRow]:
    """Each deck's own daily limits (None: the settings' default)."""
    rows = db.execute("SELECT id, new_per_day, reviews_per_day FROM decks")
    return list(map(DeckLimitRow._make, rows))


def not_buried(buried_groups: Collection[str], reviewed_ids: Collection[str]) -> Query:
    """Siblings of an item reviewed today wait until tomorrow (the reviewed one does not)."""
    if not buried_groups:
        return NOTHING_BURIED
    groups, reviewed = sorted(buried_groups), sorted(reviewed_ids)
    # sibling_of IS NOT NULL: NULL IN (...) would hide every lone item.
    return Query(
        f"NOT (sibling_of IS NOT NULL AND sibling_of IN ({marks(groups)})"
        f" AND id NOT IN ({marks(reviewed)}))",
        (*groups, *reviewed),
    )


def learning_where(buried: Query, deck_id: str | None, until_ms: int) -> Query:
    """The WHERE clause (and its parameters) of learning items due by ``until_ms``."""
    in_deck, deck_params = ("", ()) if deck_id is None else (" AND deck_id = ?", (deck_id,))
    return Query(
        f"{ACTIVE}{in_deck} AND {IS_LEARNING} AND due <= ? AND {buried.sql}",
        (*deck_params, until_ms, *buried.params),
    )


def reviews_where(buried: Query, deck_ids: list[str], day_end_ms: int) -> Query:
    """Reviews of ``deck_ids`` due before the study day ends."""
    return Query(
        f"{ACTIVE} AND deck_id IN ({marks(deck_ids)}) AND {IS_REVIEW} AND due < ? AND {buried.sql}",
        (*deck_ids, day_end_ms, *buried.params),
    )


def new_where(buried: Query, deck_id: str) -> Query:
    return Query(
        f"{ACTIVE} AND deck_id = ? AND {IS_NEW} AND {buried.sql}", (deck_id, *buried.params)
    )


def by_due(where: Query, limit: int | None = None) -> Query:
    """The rows ``where`` keeps, soonest due first."""
    return _rows(where, "due", limit)


def in_content_order(where: Query, limit: int | None = None) -> Query:
    """The rows ``where`` keeps, in file order (how new items are introduced)."""
    return _rows(where, "position", limit)


def first(db: sqlite3.Connection, query: Query) -> QueueRow | None:
    row = db.execute(query.sql, query.params).fetchone()
    return QueueRow(*row) if row else None


def every(db: sqlite3.Connection, query: Query) -> list[QueueRow]:
    return [QueueRow(*row) for row in db.execute(query.sql, query.params)]


def count_per_deck(db: sqlite3.Connection, where: Query) -> dict[str, int]:
    rows = db.execute(
        f"SELECT deck_id, count(*) FROM items WHERE {where.sql} GROUP BY deck_id", where.params
    )
    return dict(rows)


def counts_up_to(
    db: sqlite3.Connection, wanted: Iterable[tuple[str, str, Query, int]]
) -> list[tuple[str, str, int]]:
    """For each ``(kind, deck_id, where, limit)``: ``(kind, deck_id, count)`` of the matching
    items, counting at most ``limit``, in as few statements as SQLite allows."""
    limited = [
        Query(
            f"SELECT ?, ?, count(*) FROM (SELECT id FROM items WHERE {where.sql} LIMIT ?)",
            (kind, deck_id, *where.params, limit),
        )
        for kind, deck_id, where, limit in wanted
    ]
    counted = []
    for start in range(0, len(limited), COUNTS_PER_STATEMENT):
        chunk = limited[start : start + COUNTS_PER_STATEMENT]
        sql = " UNION ALL ".join(query.sql for query in chunk)
        params = tuple(p for query in chunk for p in query.params)
        counted.extend(db.execute(sql, params))
    return counted


def _rows(where: Query, order: str, limit: int | None) -> Query:
    limit_sql = "" if limit is None else f" LIMIT {int(limit)}"
    return Query(
        f"SELECT {ROW_COLUMNS} FROM items WHERE {where.sql} ORDER BY {order}{limit_sql}",
        where.params,
    )


def marks(values: Collection[str]) -> str:
    return ", ".join("?" * len(values))
