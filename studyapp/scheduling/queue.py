"""What to study next: learning due now, then reviews due today, then new items.

The queries are the store's (``studyapp.store.queries.queue``), over a DB-API (sqlite3)
connection, so the TUI's fast start and the service see the same queue. A ``Today`` is
computed once per question from the day's (non-undone) reviews: how much of its limits
each deck has used, and which siblings are buried.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from studyapp.config import Settings
from studyapp.scheduling.day import StudyDay
from studyapp.scheduling.state import Queue
from studyapp.store.queries import queue as queries
from studyapp.store.queries.decks import active_deck_ids
from studyapp.store.queries.queue import Query, QueueRow
from studyapp.store.times import to_millis

# Like Anki's "learn ahead limit": with nothing else left, a learning step due within this
# window is shown now rather than making the user wait.
LEARN_AHEAD = timedelta(minutes=20)


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
        """Built once per ``Today``: every queue and count query of the day repeats it."""
        return queries.not_buried(self.buried_groups, self.reviewed_ids)


def load_today(db: sqlite3.Connection, now: datetime, day: StudyDay, settings: Settings) -> Today:
    rows = queries.reviewed_since(db, to_millis(day.start))
    new_seen: Counter[str] = Counter()
    reviews_done: Counter[str] = Counter()
    new, review = Queue.NEW.label, Queue.REVIEW.label  # (an enum's property, per row, showed)
    for row in rows:
        if row.queue == new:
            new_seen[row.deck_id] += 1
        elif row.queue == review:
            reviews_done[row.deck_id] += 1
    default = DeckLimits(settings.new_per_day, settings.reviews_per_day)
    limits = {
        deck_id: DeckLimits(
            new if new is not None else default.new_per_day,
            review if review is not None else default.reviews_per_day,
        )
        for deck_id, new, review in queries.deck_limits(db)
    }
    return Today(
        now=now,
        day=day,
        limits=limits,
        default_limits=default,
        new_seen=new_seen,
        reviews_done=reviews_done,
        reviewed_ids={row.item_id for row in rows},
        buried_groups={row.sibling_of for row in rows if row.sibling_of},
    )


def learning_due(
    today: Today, deck_id: str | None, until: datetime, limit: int | None = None
) -> Query:
    return queries.by_due(_learning(today, deck_id, until), limit)


def reviews_due(today: Today, deck_ids: list[str], limit: int | None = None) -> Query:
    return queries.by_due(_reviews(today, deck_ids), limit)


def new_in_deck(today: Today, deck_id: str, limit: int | None) -> Query:
    return queries.in_content_order(queries.new_where(today.not_buried, deck_id), limit)


def _learning(today: Today, deck_id: str | None, until: datetime) -> Query:
    return queries.learning_where(today.not_buried, deck_id, to_millis(until))


def _reviews(today: Today, deck_ids: list[str]) -> Query:
    return queries.reviews_where(today.not_buried, deck_ids, to_millis(today.day.end))


def deck_order(db: sqlite3.Connection, deck_id: str | None) -> list[str]:
    """Active deck ids in content order (or just ``deck_id``)."""
    return [deck_id] if deck_id is not None else active_deck_ids(db)


def next_item_id(db: sqlite3.Connection, today: Today, deck_id: str | None) -> str | None:
    """The id of the item to show now, or None when nothing is left for now."""
    found = queries.first(db, learning_due(today, deck_id, today.now, 1))
    if found:
        return found.id
    deck_ids = deck_order(db, deck_id)
    with_quota = [d for d in deck_ids if today.review_quota(d) > 0]
    if with_quota:
        found = queries.first(db, reviews_due(today, with_quota, 1))
        if found:
            return found.id
    for deck in deck_ids:
        if today.new_quota(deck) > 0:
            found = queries.first(db, new_in_deck(today, deck, 1))
            if found:
                return found.id
    found = queries.first(db, learning_due(today, deck_id, today.now + LEARN_AHEAD, 1))
    return found.id if found else None


def counts(db: sqlite3.Connection, today: Today, deck_id: str | None) -> dict[str, dict[str, int]]:
    """Per deck: {"new", "learning", "review"} still to do now, after the day's limits.

    New and review counts stop at the deck's remaining quota, so a deck with 50k new items
    costs no more than one with 20.
    """
    deck_ids = deck_order(db, deck_id)
    result = {d: {"new": 0, "learning": 0, "review": 0} for d in deck_ids}
    learning = queries.count_per_deck(db, _learning(today, deck_id, today.now + LEARN_AHEAD))
    for deck, count in learning.items():
        if deck in result:
            result[deck]["learning"] = count
    limited = [
        (kind, deck, where, quota)
        for deck in deck_ids
        for kind, where, quota in (
            ("review", _reviews(today, [deck]), today.review_quota(deck)),
            ("new", queries.new_where(today.not_buried, deck), today.new_quota(deck)),
        )
        if quota > 0
    ]
    for kind, deck, count in queries.counts_up_to(db, limited):
        result[deck][kind] = count
    return result


def due_list(db: sqlite3.Connection, today: Today, deck_id: str | None) -> list[QueueRow]:
    """Everything the queue would show today, in queue order (after limits)."""
    learning = queries.every(db, learning_due(today, deck_id, today.now + LEARN_AHEAD))
    now = to_millis(today.now)
    rows = [row for row in learning if row.due is not None and row.due <= now]
    deck_ids = deck_order(db, deck_id)
    quota = {d: today.review_quota(d) for d in deck_ids}
    for row in queries.every(db, reviews_due(today, [d for d in deck_ids if quota[d] > 0])):
        if quota[row.deck_id] > 0:
            quota[row.deck_id] -= 1
            rows.append(row)
    for deck in deck_ids:
        rows.extend(queries.every(db, new_in_deck(today, deck, today.new_quota(deck))))
    # learning steps due soon come once nothing else is left, as in next_item_id
    rows.extend(row for row in learning if row.due is None or row.due > now)
    return rows
