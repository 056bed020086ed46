"""What to study next: learning due now, then reviews due today, then new items.

Plain SQL over a DB-API (sqlite3) connection: the service runs it on SQLAlchemy's driver
connection, and the TUI's fast start runs it before SQLAlchemy is even imported, so both
see the same queue. Every query is answered from the ``items`` table's partial indexes (a
test checks the plans). A ``Today`` is computed once per question from the day's
(non-undone) reviews: how much of its limits each deck has used, and which siblings are
buried.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import NamedTuple

from studyapp.config import Settings
from studyapp.scheduling.day import StudyDay
from studyapp.scheduling.state import Queue
from studyapp.store.times import to_millis

# Like Anki's "learn ahead limit": with nothing else left, a learning step due within this
# window is shown now rather than making the user wait.
LEARN_AHEAD = timedelta(minutes=20)
# Spelled as the partial indexes spell their conditions, so the planner can match them.
ACTIVE = "retired_at IS NULL AND suspended = 0"
IS_NEW = f"state = {Queue.NEW.value}"
IS_LEARNING = f"state IN ({Queue.LEARNING.value}, {Queue.RELEARNING.value})"
IS_REVIEW = f"state = {Queue.REVIEW.value}"
ROW_COLUMNS = "id, deck_id, kind, state, due"


class Query(NamedTuple):
    sql: str
    params: tuple


class QueueRow(NamedTuple):
    id: str
    deck_id: str
    kind: str
    state: int
    due: int | None  # epoch ms


@dataclass(frozen=True)
class DeckLimits:
    new_per_day: int
    reviews_per_day: int


@dataclass
class Today:
    """The day's usage of limits, and the siblings it buries."""

    now: datetime
    day: StudyDay
    limits: dict[str, DeckLimits]
    default_limits: DeckLimits
    new_seen: Counter[str]
    reviews_done: Counter[str]
    reviewed_ids: set[str]
    buried_groups: set[str]

    def new_quota(self, deck_id: str) -> int:
        limit = self.limits.get(deck_id, self.default_limits).new_per_day
        return max(0, limit - self.new_seen[deck_id])

    def review_quota(self, deck_id: str) -> int:
        limit = self.limits.get(deck_id, self.default_limits).reviews_per_day
        return max(0, limit - self.reviews_done[deck_id])

    @cached_property
    def not_buried(self) -> Query:
        """Siblings of an item reviewed today wait until tomorrow (the reviewed one does not).

        Built once per ``Today``: every queue and count query of the day repeats it."""
        if not self.buried_groups:
            return Query("1", ())
        groups, reviewed = sorted(self.buried_groups), sorted(self.reviewed_ids)
        # sibling_of IS NOT NULL: NULL IN (...) would hide every lone item.
        return Query(
            f"NOT (sibling_of IS NOT NULL AND sibling_of IN ({_marks(groups)})"
            f" AND id NOT IN ({_marks(reviewed)}))",
            (*groups, *reviewed),
        )


def load_today(db: sqlite3.Connection, now: datetime, day: StudyDay, settings: Settings) -> Today:
    rows = db.execute(
        "SELECT r.item_id, r.queue, i.deck_id, i.sibling_of FROM reviews AS r"
        " JOIN items AS i ON i.id = r.item_id"
        " WHERE r.reviewed_at >= ? AND r.undone_at IS NULL",
        (to_millis(day.start),),
    ).fetchall()
    new_seen: Counter[str] = Counter()
    reviews_done: Counter[str] = Counter()
    for _, queue, deck_id, _ in rows:
        if queue == Queue.NEW.label:
            new_seen[deck_id] += 1
        elif queue == Queue.REVIEW.label:
            reviews_done[deck_id] += 1
    default = DeckLimits(settings.new_per_day, settings.reviews_per_day)
    limits = {
        deck_id: DeckLimits(
            new if new is not None else default.new_per_day,
            review if review is not None else default.reviews_per_day,
        )
        for deck_id, new, review in db.execute("SELECT id, new_per_day, reviews_per_day FROM decks")
    }
    return Today(
        now=now,
        day=day,
        limits=limits,
        default_limits=default,
        new_seen=new_seen,
        reviews_done=reviews_done,
        reviewed_ids={row[0] for row in rows},
        buried_groups={row[3] for row in rows if row[3]},
    )


def learning_due(
    today: Today, deck_id: str | None, until: datetime, limit: int | None = None
) -> Query:
    return _rows(_learning(today, deck_id, until), "due", limit)


def reviews_due(today: Today, deck_ids: list[str], limit: int | None = None) -> Query:
    return _rows(_reviews(today, deck_ids), "due", limit)


def new_in_deck(today: Today, deck_id: str, limit: int | None) -> Query:
    return _rows(_new(today, deck_id), "position", limit)


def _learning(today: Today, deck_id: str | None, until: datetime) -> Query:
    """The WHERE clause (and its parameters) of learning items due by ``until``."""
    buried = today.not_buried
    in_deck, deck_params = _in_deck(deck_id)
    return Query(
        f"{ACTIVE}{in_deck} AND {IS_LEARNING} AND due <= ? AND {buried.sql}",
        (*deck_params, to_millis(until), *buried.params),
    )


def _reviews(today: Today, deck_ids: list[str]) -> Query:
    buried = today.not_buried
    return Query(
        f"{ACTIVE} AND deck_id IN ({_marks(deck_ids)}) AND {IS_REVIEW} AND due < ?"
        f" AND {buried.sql}",
        (*deck_ids, to_millis(today.day.end), *buried.params),
    )


def _new(today: Today, deck_id: str) -> Query:
    buried = today.not_buried
    return Query(
        f"{ACTIVE} AND deck_id = ? AND {IS_NEW} AND {buried.sql}", (deck_id, *buried.params)
    )


def _rows(where: Query, order: str, limit: int | None) -> Query:
    limit_sql = "" if limit is None else f" LIMIT {int(limit)}"
    return Query(
        f"SELECT {ROW_COLUMNS} FROM items WHERE {where.sql} ORDER BY {order}{limit_sql}",
        where.params,
    )


def deck_order(db: sqlite3.Connection, deck_id: str | None) -> list[str]:
    """Active deck ids in content order (or just ``deck_id``)."""
    if deck_id is not None:
        return [deck_id]
    rows = db.execute("SELECT id FROM decks WHERE retired_at IS NULL ORDER BY position")
    return [row[0] for row in rows]


def next_item_id(db: sqlite3.Connection, today: Today, deck_id: str | None) -> str | None:
    """The id of the item to show now, or None when nothing is left for now."""
    found = _first(db, learning_due(today, deck_id, today.now, 1))
    if found:
        return found.id
    deck_ids = deck_order(db, deck_id)
    with_quota = [d for d in deck_ids if today.review_quota(d) > 0]
    if with_quota:
        found = _first(db, reviews_due(today, with_quota, 1))
        if found:
            return found.id
    for deck in deck_ids:
        if today.new_quota(deck) > 0:
            found = _first(db, new_in_deck(today, deck, 1))
            if found:
                return found.id
    found = _first(db, learning_due(today, deck_id, today.now + LEARN_AHEAD, 1))
    return found.id if found else None


def counts(db: sqlite3.Connection, today: Today, deck_id: str | None) -> dict[str, dict[str, int]]:
    """Per deck: {"new", "learning", "review"} still to do now, after the day's limits.

    New and review counts stop at the deck's remaining quota, so a deck with 50k new items
    costs no more than one with 20.
    """
    deck_ids = deck_order(db, deck_id)
    result = {d: {"new": 0, "learning": 0, "review": 0} for d in deck_ids}
    where = _learning(today, deck_id, today.now + LEARN_AHEAD)
    learning = db.execute(
        f"SELECT deck_id, count(*) FROM items WHERE {where.sql} GROUP BY deck_id", where.params
    )
    for deck, count in learning:
        if deck in result:
            result[deck]["learning"] = count
    limited = [
        _count_up_to(kind, deck, where, quota)
        for deck in deck_ids
        for kind, where, quota in (
            ("review", _reviews(today, [deck]), today.review_quota(deck)),
            ("new", _new(today, deck), today.new_quota(deck)),
        )
        if quota > 0
    ]
    # One statement for all decks; SQLite caps a compound SELECT at 500 terms.
    for start in range(0, len(limited), 400):
        chunk = limited[start : start + 400]
        sql = " UNION ALL ".join(query.sql for query in chunk)
        params = tuple(p for query in chunk for p in query.params)
        for kind, deck, count in db.execute(sql, params):
            result[deck][kind] = count
    return result


def due_list(db: sqlite3.Connection, today: Today, deck_id: str | None) -> list[QueueRow]:
    """Everything the queue would show today, in queue order (after limits)."""
    rows = _all(db, learning_due(today, deck_id, today.now + LEARN_AHEAD))
    deck_ids = deck_order(db, deck_id)
    quota = {d: today.review_quota(d) for d in deck_ids}
    for row in _all(db, reviews_due(today, [d for d in deck_ids if quota[d] > 0])):
        if quota[row.deck_id] > 0:
            quota[row.deck_id] -= 1
            rows.append(row)
    for deck in deck_ids:
        rows.extend(_all(db, new_in_deck(today, deck, today.new_quota(deck))))
    return rows


def _count_up_to(kind: str, deck_id: str, where: Query, limit: int) -> Query:
    """``kind, deck_id, count`` of the matching items, counting at most ``limit``."""
    return Query(
        f"SELECT ?, ?, count(*) FROM (SELECT id FROM items WHERE {where.sql} LIMIT ?)",
        (kind, deck_id, *where.params, limit),
    )


def _first(db: sqlite3.Connection, query: Query) -> QueueRow | None:
    row = db.execute(query.sql, query.params).fetchone()
    return QueueRow(*row) if row else None


def _all(db: sqlite3.Connection, query: Query) -> list[QueueRow]:
    return [QueueRow(*row) for row in db.execute(query.sql, query.params)]


def _in_deck(deck_id: str | None) -> tuple[str, tuple]:
    return ("", ()) if deck_id is None else (" AND deck_id = ?", (deck_id,))


def _marks(values: list[str] | set[str]) -> str:
    return ", ".join("?" * len(values))
