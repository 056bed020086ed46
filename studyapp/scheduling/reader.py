"""The read side of studying: what is next, what is left, how the day went.

The store's plain DB-API queries (``studyapp.store.queries``) and no SQLAlchemy import:
``StudyService`` runs these on its engine's driver connection, and the TUI's fast start
(``quick``) runs them on a bare ``sqlite3`` connection to show the first card while the
store is opened.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from studyapp.config import Settings
from studyapp.content.model import Item
from studyapp.scheduling import queue
from studyapp.scheduling.day import StudyDay, study_day
from studyapp.scheduling.state import Queue
from studyapp.store.queries import reader as queries
from studyapp.store.queries.decks import active_deck_titles
from studyapp.store.times import from_millis, to_millis

AGAIN = 1  # fsrs.Rating.Again, spelled out so this module needs no fsrs import


@dataclass(frozen=True)
class QueueEntry:
    item: Item
    state: str  # "new" | "learning" | "review" | "relearning"
    due: datetime  # aware UTC; for a new item, now


@dataclass(frozen=True)
class QueueCounts:
    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


@dataclass(frozen=True)
class DeckSummary:
    deck_id: str
    title: str
    new: int
    learning: int
    review: int
    suspended: int
    leeches: int
    total: int


@dataclass(frozen=True)
class DayProgress:
    reviews: int
    new_seen: int
    again: int
    time_spent: timedelta


@dataclass(frozen=True)
class DueEntry:
    id: str
    deck: str
    kind: str  # card | exercise | derivation
    state: str  # new | learning | review | relearning
    due: datetime

    def to_json(self) -> dict[str, str]:
        return {
            "id": self.id,
            "deck": self.deck,
            "kind": self.kind,
            "state": self.state,
            "due": self.due.isoformat(),
        }


@dataclass(frozen=True)
class Upcoming:
    """What comes after the queue is empty for now (the finish screen's "Next: …")."""

    learning: int  # learning steps due later this study day
    learning_at: datetime | None  # when the first of them is due
    held_back: int  # reviews due today, held back by the daily limit or a buried sibling
    new_waiting: bool  # new items left that today's limit or burying holds back
    next_day: StudyDay | None  # the next study day with anything due
    next_day_count: int  # items due that day
    days_ahead: int  # study days from today to next_day (1: tomorrow)


class StudyReader:
    """Answers read-only questions about the queue at the moment ``now()`` returns."""

    def __init__(
        self, settings: Settings, now: Callable[[], datetime], tz: tzinfo | None = None
    ) -> None:
        self.settings = settings
        self.now = now  # aware UTC
        self.tz = tz

    def study_day(self) -> StudyDay:
        return study_day(self.now(), self.settings.rollover_hour, self.tz)

    def today(self, db: sqlite3.Connection) -> queue.Today:
        now = self.now()
        day = study_day(now, self.settings.rollover_hour, self.tz)
        return queue.load_today(db, now, day, self.settings)

    def next_item(self, db: sqlite3.Connection, deck_id: str | None) -> QueueEntry | None:
        today = self.today(db)
        item_id = queue.next_item_id(db, today, deck_id)
        if item_id is None:
            return None
        payload, state, due = queries.item_to_show(db, item_id)
        return QueueEntry(
            item=pickle.loads(payload),
            state=Queue(state).label,
            due=from_millis(due) if due is not None else today.now,
        )

    def remaining(self, db: sqlite3.Connection, deck_id: str | None) -> QueueCounts:
        per_deck = queue.counts(db, self.today(db), deck_id).values()
        return QueueCounts(
            new=sum(c["new"] for c in per_deck),
            learning=sum(c["learning"] for c in per_deck),
            review=sum(c["review"] for c in per_deck),
        )

    def due(self, db: sqlite3.Connection, deck_id: str | None) -> list[DueEntry]:
        today = self.today(db)
        return [
            DueEntry(
                row.id,
                row.deck_id,
                row.kind,
                Queue(row.state).label,
                from_millis(row.due) if row.due is not None else today.now,
            )
            for row in queue.due_list(db, today, deck_id)
        ]

    def deck_summaries(self, db: sqlite3.Connection) -> list[DeckSummary]:
        per_deck = queue.counts(db, self.today(db), None)
        totals = queries.deck_totals(db)
        summaries = []
        for deck_id, title in active_deck_titles(db):
            count = per_deck.get(deck_id, {"new": 0, "learning": 0, "review": 0})
            deck_totals = totals.get(deck_id, queries.DeckTotals(0, 0, 0))
            summaries.append(
                DeckSummary(
                    deck_id=deck_id,
                    title=title,
                    new=count["new"],
                    learning=count["learning"],
                    review=count["review"],
                    suspended=deck_totals.suspended,
                    leeches=deck_totals.leeches,
                    total=deck_totals.items,
                )
            )
        return summaries

    def upcoming(self, db: sqlite3.Connection, deck_id: str | None) -> Upcoming:
        """When studying resumes: later learning steps today, else the next day with items due."""
        day = self.study_day()
        later = queries.later_today(db, deck_id, to_millis(day.end))
        first = queries.first_due_from(db, deck_id, to_millis(day.end))
        next_day, next_day_count, days_ahead = None, 0, 0
        if first is not None:
            next_day = study_day(from_millis(first), self.settings.rollover_hour, self.tz)
            days_ahead = round((next_day.start - day.start) / timedelta(days=1))
            next_day_count = queries.due_between(
                db, deck_id, to_millis(next_day.start), to_millis(next_day.end)
            )
        return Upcoming(
            learning=later.learning,
            learning_at=from_millis(later.learning_at) if later.learning_at is not None else None,
            held_back=later.held_back,
            new_waiting=later.new_waiting,
            next_day=next_day,
            next_day_count=next_day_count,
            days_ahead=days_ahead,
        )

    def progress(self, db: sqlite3.Connection) -> DayProgress:
        """The day's reviews so far (undone ones do not count)."""
        totals = queries.day_totals(db, to_millis(self.study_day().start), AGAIN)
        return DayProgress(
            reviews=totals.reviews,
            new_seen=totals.new_seen,
            again=totals.again,
            time_spent=timedelta(milliseconds=totals.elapsed_ms),
        )
