"""What to study next: learning due now, then reviews due today, then new items.

Every query works on the ``items`` table through its partial indexes. A ``Today`` is
computed once per question from the day's (non-undone) reviews: how many new and review
items each deck has used of its limits, and which siblings are buried.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import (
    ColumnElement,
    Connection,
    Row,
    Select,
    and_,
    func,
    literal,
    literal_column,
    not_,
    select,
    true,
    union_all,
)

from studyapp.config import Settings
from studyapp.scheduling.day import StudyDay
from studyapp.scheduling.state import Queue
from studyapp.store.models import DeckRow, ItemRow, ReviewRow

items = ItemRow.__table__
reviews = ReviewRow.__table__
decks = DeckRow.__table__

# Like Anki's "learn ahead limit": with nothing else left, a learning step due within this
# window is shown now rather than making the user wait.
LEARN_AHEAD = timedelta(minutes=20)
LEARNING_STATES = (Queue.LEARNING.value, Queue.RELEARNING.value)
# Spelled as the partial index ``... AND state = 0`` spells it, so the planner can match
# the index without relying on bound values.
IS_NEW = items.c.state == literal_column(str(Queue.NEW.value))


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

    def not_buried(self) -> ColumnElement[bool]:
        """Siblings of an item reviewed today wait until tomorrow (the reviewed one does not)."""
        if not self.buried_groups:
            return true()
        return not_(
            and_(
                items.c.sibling_of.is_not(None),  # NULL IN (...) would hide every lone item
                items.c.sibling_of.in_(self.buried_groups),
                items.c.id.not_in(self.reviewed_ids),
            )
        )


def load_today(connection: Connection, now: datetime, day: StudyDay, settings: Settings) -> Today:
    rows = connection.execute(
        select(reviews.c.item_id, reviews.c.queue, items.c.deck_id, items.c.sibling_of)
        .join(items, items.c.id == reviews.c.item_id)
        .where(reviews.c.reviewed_at >= day.start, reviews.c.undone_at.is_(None))
    ).all()
    new_seen: Counter[str] = Counter()
    reviews_done: Counter[str] = Counter()
    for row in rows:
        if row.queue == Queue.NEW.label:
            new_seen[row.deck_id] += 1
        elif row.queue == Queue.REVIEW.label:
            reviews_done[row.deck_id] += 1
    default = DeckLimits(settings.new_per_day, settings.reviews_per_day)
    limits = {
        row.id: DeckLimits(
            row.new_per_day if row.new_per_day is not None else default.new_per_day,
            row.reviews_per_day if row.reviews_per_day is not None else default.reviews_per_day,
        )
        for row in connection.execute(
            select(decks.c.id, decks.c.new_per_day, decks.c.reviews_per_day)
        )
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


def active(deck_id: str | None) -> list[ColumnElement[bool]]:
    """Conditions matching the partial indexes: not retired, not suspended, in the deck."""
    conditions = [items.c.retired_at.is_(None), items.c.suspended == False]
    if deck_id is not None:
        conditions.append(items.c.deck_id == deck_id)
    return conditions


def learning_due(
    today: Today, deck_id: str | None, until: datetime, limit: int | None = None
) -> Select:
    return (
        select(items.c.id, items.c.deck_id, items.c.kind, items.c.state, items.c.due)
        .where(
            *active(deck_id),
            items.c.state.in_(LEARNING_STATES),
            items.c.due <= until,
            today.not_buried(),
        )
        .order_by(items.c.due)
        .limit(limit)
    )


def reviews_due(today: Today, deck_ids: list[str], limit: int | None = None) -> Select:
    return (
        select(items.c.id, items.c.deck_id, items.c.kind, items.c.state, items.c.due)
        .where(
            items.c.retired_at.is_(None),
            items.c.suspended == False,
            items.c.deck_id.in_(deck_ids),
            items.c.state == Queue.REVIEW.value,
            items.c.due < today.day.end,
            today.not_buried(),
        )
        .order_by(items.c.due)
        .limit(limit)
    )


def new_in_deck(today: Today, deck_id: str, limit: int | None) -> Select:
    return (
        select(items.c.id, items.c.deck_id, items.c.kind, items.c.state, items.c.due)
        .where(*active(deck_id), IS_NEW, today.not_buried())
        .order_by(items.c.position)
        .limit(limit)
    )


def deck_order(connection: Connection, deck_id: str | None) -> list[str]:
    """Active deck ids in content order (or just ``deck_id``)."""
    if deck_id is not None:
        return [deck_id]
    query = select(decks.c.id).where(decks.c.retired_at.is_(None)).order_by(decks.c.position)
    return list(connection.execute(query).scalars())


def next_item_id(connection: Connection, today: Today, deck_id: str | None) -> str | None:
    """The id of the item to show now, or None when nothing is left for now."""
    found = connection.execute(learning_due(today, deck_id, today.now, 1)).first()
    if found:
        return found.id
    deck_ids = deck_order(connection, deck_id)
    with_quota = [d for d in deck_ids if today.review_quota(d) > 0]
    if with_quota:
        found = connection.execute(reviews_due(today, with_quota, 1)).first()
        if found:
            return found.id
    for deck in deck_ids:
        if today.new_quota(deck) > 0:
            found = connection.execute(new_in_deck(today, deck, 1)).first()
            if found:
                return found.id
    found = connection.execute(learning_due(today, deck_id, today.now + LEARN_AHEAD, 1)).first()
    return found.id if found else None


def counts(connection: Connection, today: Today, deck_id: str | None) -> dict[str, dict[str, int]]:
    """Per deck: {"new", "learning", "review"} still to do now, after the day's limits.

    New and review counts stop at the deck's remaining quota, so a deck with 50k new items
    costs no more than one with 20.
    """
    deck_ids = deck_order(connection, deck_id)
    result = {d: {"new": 0, "learning": 0, "review": 0} for d in deck_ids}
    learning = connection.execute(
        select(items.c.deck_id, func.count())
        .where(
            *active(deck_id),
            items.c.state.in_(LEARNING_STATES),
            items.c.due <= today.now + LEARN_AHEAD,
            today.not_buried(),
        )
        .group_by(items.c.deck_id)
    )
    for deck, count in learning:
        if deck in result:
            result[deck]["learning"] = count
    limited = [
        _count_up_to(kind, deck, query, quota)
        for deck in deck_ids
        for kind, query, quota in (
            ("review", reviews_due(today, [deck]), today.review_quota(deck)),
            ("new", new_in_deck(today, deck, None), today.new_quota(deck)),
        )
        if quota > 0
    ]
    if limited:
        for kind, deck, count in connection.execute(union_all(*limited)):
            result[deck][kind] = count
    return result


def _count_up_to(kind: str, deck_id: str, query: Select, limit: int) -> Select:
    """``kind, deck_id, count`` of the query's rows, counting at most ``limit``."""
    rows = query.with_only_columns(items.c.id).order_by(None).limit(limit).subquery()
    return select(literal(kind), literal(deck_id), func.count()).select_from(rows)


def due_list(connection: Connection, today: Today, deck_id: str | None) -> list[Row]:
    """Everything the queue would show today, in queue order (after limits)."""
    rows = list(connection.execute(learning_due(today, deck_id, today.now + LEARN_AHEAD)))
    deck_ids = deck_order(connection, deck_id)
    quota = {d: today.review_quota(d) for d in deck_ids}
    for row in connection.execute(reviews_due(today, [d for d in deck_ids if quota[d] > 0])):
        if quota[row.deck_id] > 0:
            quota[row.deck_id] -= 1
            rows.append(row)
    for deck in deck_ids:
        rows.extend(connection.execute(new_in_deck(today, deck, today.new_quota(deck))))
    return rows
