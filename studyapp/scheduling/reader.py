"""The read side of studying: what is next, what is left, how the day went.

Plain SQL over a DB-API (sqlite3) connection and no SQLAlchemy import: ``StudyService``
runs these on its engine's driver connection, and the TUI's fast start (``quick``) runs
them on a bare ``sqlite3`` connection to show the first card while the store is opened.
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
        payload, state, due = db.execute(
            "SELECT payload, state, due FROM items WHERE id = ?", (item_id,)
        ).fetchone()
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
        titles = db.execute(
            "SELECT id, title FROM decks WHERE retired_at IS NULL ORDER BY position"
        ).fetchall()
        totals = {
            deck_id: (total, suspended or 0, leeches or 0)
            for deck_id, total, suspended, leeches in db.execute(
                "SELECT deck_id, count(*), sum(suspended), sum(leech) FROM items"
                " WHERE retired_at IS NULL GROUP BY deck_id"
            )
        }
        summaries = []
        for deck_id, title in titles:
            count = per_deck.get(deck_id, {"new": 0, "learning": 0, "review": 0})
            total, suspended, leeches = totals.get(deck_id, (0, 0, 0))
            summaries.append(
                DeckSummary(
                    deck_id=deck_id,
                    title=title,
                    new=count["new"],
                    learning=count["learning"],
                    review=count["review"],
                    suspended=int(suspended),
                    leeches=int(leeches),
                    total=int(total),
                )
            )
        return summaries

    def upcoming(self, db: sqlite3.Connection, deck_id: str | None) -> Upcoming:
        """When studying resumes: later learning steps today, else the next day with items due."""
        day = self.study_day()
        end = to_millis(day.end)
        where = f"{queue.ACTIVE} AND ({queue.IS_LEARNING} OR {queue.IS_REVIEW})"
        deck, params = ("", ()) if deck_id is None else (" AND deck_id = ?", (deck_id,))
        learning, learning_at = db.execute(
            f"SELECT count(*), min(due) FROM items WHERE {queue.ACTIVE}{deck}"
            f" AND {queue.IS_LEARNING} AND due < ?",
            (*params, end),
        ).fetchone()
        (held_back,) = db.execute(
            f"SELECT count(*) FROM items WHERE {queue.ACTIVE}{deck} AND {queue.IS_REVIEW}"
            " AND due < ?",
            (*params, end),
        ).fetchone()
        new_waiting = db.execute(
            f"SELECT 1 FROM items WHERE {queue.ACTIVE}{deck} AND {queue.IS_NEW} LIMIT 1", params
        ).fetchone()
        (first,) = db.execute(
            f"SELECT min(due) FROM items WHERE {where}{deck} AND due >= ?", (*params, end)
        ).fetchone()
        next_day, next_day_count, days_ahead = None, 0, 0
        if first is not None:
            next_day = study_day(from_millis(first), self.settings.rollover_hour, self.tz)
            days_ahead = round((next_day.start - day.start) / timedelta(days=1))
            (next_day_count,) = db.execute(
                f"SELECT count(*) FROM items WHERE {where}{deck} AND due >= ? AND due < ?",
                (*params, to_millis(next_day.start), to_millis(next_day.end)),
            ).fetchone()
        return Upcoming(
            learning=learning,
            learning_at=from_millis(learning_at) if learning_at is not None else None,
            held_back=held_back,
            new_waiting=new_waiting is not None,
            next_day=next_day,
            next_day_count=next_day_count,
            days_ahead=days_ahead,
        )

    def progress(self, db: sqlite3.Connection) -> DayProgress:
        """The day's reviews so far (undone ones do not count)."""
        reviews, new_seen, again, elapsed_ms = db.execute(
            "SELECT count(*), sum(queue = ?), sum(rating = ?), sum(elapsed_ms) FROM reviews"
            " WHERE reviewed_at >= ? AND undone_at IS NULL",
            (Queue.NEW.label, AGAIN, to_millis(self.study_day().start)),
        ).fetchone()
        return DayProgress(
            reviews=reviews,
            new_seen=int(new_seen or 0),
            again=int(again or 0),
            time_spent=timedelta(milliseconds=int(elapsed_ms or 0)),
        )
