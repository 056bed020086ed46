"""``StudyService``: the one facade the TUI and the CLI use to study.

It owns the database engine and answers every question with short transactions, so each
review is on disk (``synchronous=FULL``) before ``rate`` returns.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from types import TracebackType
from typing import Any, Self

from fsrs import Rating, Scheduler
from sqlalchemy import Connection, Engine, Integer, func, select, update
from sqlalchemy.exc import DatabaseError

from studyapp.config import AppConfig
from studyapp.content.model import ContentSet, Item
from studyapp.scheduling import queue
from studyapp.scheduling.day import StudyDay, study_day
from studyapp.scheduling.review import apply_rating, next_due
from studyapp.scheduling.state import Queue, snapshot_from_row, snapshot_to_columns
from studyapp.store.database import open_database, unreadable_database_error
from studyapp.store.errors import StoreError
from studyapp.store.meta import read_meta, write_meta
from studyapp.store.models import DeckRow, ItemRow, ReviewRow
from studyapp.store.parse_cache import SqliteParseCache
from studyapp.store.sync import SyncReport, sync_content, unchanged_report

items = ItemRow.__table__
reviews = ReviewRow.__table__
decks = DeckRow.__table__
FINGERPRINT = "content_fingerprint"  # of the files the last full sync stored


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
class ReviewRecord:
    id: int
    item_id: str
    rating: Rating
    reviewed_at: datetime
    queue: str  # the item's state before this review
    state_before: dict[str, Any]
    state_after: dict[str, Any]
    due: datetime  # when the item comes back
    became_leech: bool


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("the clock must return aware datetimes")
    return moment.astimezone(UTC)


class StudyService:
    """Study operations on one database; build it with ``StudyService.open``."""

    def __init__(
        self,
        config: AppConfig,
        engine: Engine,
        clock: Callable[[], datetime],
        tz: tzinfo | None,
        fuzz: bool,
    ) -> None:
        self.config = config
        self.content = ContentSet()
        self._engine = engine
        self._clock = clock
        self._tz = tz
        settings = config.settings
        self._scheduler = Scheduler(
            desired_retention=settings.desired_retention,
            learning_steps=tuple(timedelta(minutes=m) for m in settings.learning_steps_minutes),
            relearning_steps=tuple(timedelta(minutes=m) for m in settings.relearning_steps_minutes),
            enable_fuzzing=fuzz,
        )

    @classmethod
    def open(
        cls,
        config: AppConfig,
        clock: Callable[[], datetime] | None = None,
        *,
        tz: tzinfo | None = None,
        fuzz: bool = True,
    ) -> StudyService:
        """Open (creating, migrating and backing up as needed) the database of ``config``.

        ``tz`` is the zone whose calendar days count as "today" (default: local);
        ``fuzz=False`` makes intervals deterministic (tests).
        Raises StoreError with a message for the user.
        """
        clock = clock or _utc_now
        engine = open_database(config, _as_utc(clock()))
        return cls(config, engine, clock, tz, fuzz)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- content ---------------------------------------------------------------------

    def sync(self) -> SyncReport:
        """Load the content folders (unchanged files come from the parse cache) and store them."""
        from studyapp.content.loader import load_content

        with self._transaction() as connection:
            cache = SqliteParseCache(connection)
            content = load_content(self.config.content_dirs, cache=cache)
            fingerprint = cache.fingerprint()
            if cache.misses == 0 and fingerprint == read_meta(connection, FINGERPRINT):
                report = unchanged_report(content)
            else:
                cache.forget_unseen()
                report = sync_content(connection, content, self._now())
                write_meta(connection, FINGERPRINT, fingerprint)
            report.cached_files = cache.hits
        self.content = content
        return report

    def sync_content(self, content: ContentSet) -> SyncReport:
        """Store an already loaded ContentSet (what ``sync`` does after loading)."""
        with self._transaction() as connection:
            report = sync_content(connection, content, self._now())
            write_meta(connection, FINGERPRINT, "")  # the files may not say the same
        self.content = content
        return report

    # -- the queue -------------------------------------------------------------------

    def study_day(self) -> StudyDay:
        return study_day(self._now(), self.config.settings.rollover_hour, self._tz)

    def next_item(self, deck_id: str | None = None) -> QueueEntry | None:
        with self._reading() as connection:
            today = self._today(connection)
            item_id = queue.next_item_id(connection, today, deck_id)
            if item_id is None:
                return None
            row = connection.execute(
                select(items.c.payload, items.c.state, items.c.due).where(items.c.id == item_id)
            ).one()
        return QueueEntry(
            item=pickle.loads(row.payload),
            state=Queue(row.state).label,
            due=row.due or today.now,
        )

    def remaining(self, deck_id: str | None = None) -> QueueCounts:
        with self._reading() as connection:
            per_deck = queue.counts(connection, self._today(connection), deck_id)
        return QueueCounts(
            new=sum(c["new"] for c in per_deck.values()),
            learning=sum(c["learning"] for c in per_deck.values()),
            review=sum(c["review"] for c in per_deck.values()),
        )

    def due(self, deck_id: str | None = None) -> list[DueEntry]:
        with self._reading() as connection:
            today = self._today(connection)
            rows = queue.due_list(connection, today, deck_id)
        return [
            DueEntry(row.id, row.deck_id, row.kind, Queue(row.state).label, row.due or today.now)
            for row in rows
        ]

    def deck_summaries(self) -> list[DeckSummary]:
        with self._reading() as connection:
            per_deck = queue.counts(connection, self._today(connection), None)
            titles = dict(
                connection.execute(
                    select(decks.c.id, decks.c.title)
                    .where(decks.c.retired_at.is_(None))
                    .order_by(decks.c.position)
                ).all()
            )
            totals = {
                row.deck_id: row
                for row in connection.execute(
                    select(
                        items.c.deck_id,
                        func.count().label("total"),
                        func.sum(items.c.suspended).label("suspended"),
                        func.sum(items.c.leech).label("leeches"),
                    )
                    .where(items.c.retired_at.is_(None))
                    .group_by(items.c.deck_id)
                )
            }
        summaries = []
        for deck_id, title in titles.items():
            count = per_deck.get(deck_id, {"new": 0, "learning": 0, "review": 0})
            total = totals.get(deck_id)
            summaries.append(
                DeckSummary(
                    deck_id=deck_id,
                    title=title,
                    new=count["new"],
                    learning=count["learning"],
                    review=count["review"],
                    suspended=int(total.suspended or 0) if total else 0,
                    leeches=int(total.leeches or 0) if total else 0,
                    total=int(total.total) if total else 0,
                )
            )
        return summaries

    def today(self) -> DayProgress:
        day = self.study_day()
        with self._reading() as connection:
            row = connection.execute(
                select(
                    func.count(),
                    func.sum((reviews.c.queue == Queue.NEW.label).cast(Integer)),
                    func.sum((reviews.c.rating == Rating.Again.value).cast(Integer)),
                    func.sum(reviews.c.elapsed_ms),
                ).where(reviews.c.reviewed_at >= day.start, reviews.c.undone_at.is_(None))
            ).one()
        return DayProgress(
            reviews=row[0],
            new_seen=int(row[1] or 0),
            again=int(row[2] or 0),
            time_spent=timedelta(milliseconds=int(row[3] or 0)),
        )

    # -- reviewing -------------------------------------------------------------------

    def preview_intervals(self, item_id: str) -> dict[Rating, timedelta]:
        now = self._now()
        with self._reading() as connection:
            before = snapshot_from_row(self._item_row(connection, item_id))
        return {rating: next_due(before, rating, now, self._scheduler) - now for rating in Rating}

    def rate(
        self,
        item_id: str,
        rating: Rating,
        elapsed_ms: int,
        *,
        answer: str | None = None,
        verdict: str | None = None,
        feedback: dict | None = None,
        params: dict | None = None,
    ) -> ReviewRecord:
        """Record one review; it is durably committed when this returns."""
        rating = Rating(rating)
        now = self._now()
        with self._transaction() as connection:
            before = snapshot_from_row(self._item_row(connection, item_id))
            after = apply_rating(
                before, rating, now, self._scheduler, self.config.settings.leech_threshold
            )
            connection.execute(
                update(items).where(items.c.id == item_id).values(snapshot_to_columns(after))
            )
            label = Queue(before["state"]).label
            review_id = connection.execute(
                reviews.insert().values(
                    item_id=item_id,
                    reviewed_at=now,
                    rating=int(rating),
                    elapsed_ms=max(0, int(elapsed_ms)),
                    queue=label,
                    answer=answer,
                    verdict=verdict,
                    feedback=feedback,
                    params=params,
                    state_before=before,
                    state_after=after,
                )
            ).inserted_primary_key[0]
        return ReviewRecord(
            id=review_id,
            item_id=item_id,
            rating=rating,
            reviewed_at=now,
            queue=label,
            state_before=before,
            state_after=after,
            due=snapshot_to_columns(after)["due"],
            became_leech=after["leech"] and not before["leech"],
        )

    def undo(self) -> str | None:
        """Undo the latest review not yet undone: the item gets its exact previous state."""
        with self._transaction() as connection:
            last = connection.execute(
                select(reviews.c.id, reviews.c.item_id, reviews.c.state_before)
                .where(reviews.c.undone_at.is_(None))
                .order_by(reviews.c.id.desc())
                .limit(1)
            ).first()
            if last is None:
                return None
            connection.execute(
                update(items)
                .where(items.c.id == last.item_id)
                .values(snapshot_to_columns(last.state_before))
            )
            connection.execute(
                update(reviews).where(reviews.c.id == last.id).values(undone_at=self._now())
            )
        return last.item_id

    def suspend(self, item_id: str) -> None:
        self._set_suspended(item_id, True)

    def unsuspend(self, item_id: str) -> None:
        self._set_suspended(item_id, False)

    def is_suspended(self, item_id: str) -> bool:
        with self._reading() as connection:
            return bool(self._item_row(connection, item_id).suspended)

    # -- helpers ---------------------------------------------------------------------

    def _set_suspended(self, item_id: str, value: bool) -> None:
        with self._transaction() as connection:
            self._item_row(connection, item_id)
            connection.execute(update(items).where(items.c.id == item_id).values(suspended=value))

    def _item_row(self, connection: Connection, item_id: str) -> Any:
        row = connection.execute(select(items).where(items.c.id == item_id)).first()
        if row is None:
            raise KeyError(f"no item with id {item_id!r}; run `studyapp sync` or check the id")
        return row

    def _today(self, connection: Connection) -> queue.Today:
        now = self._now()
        day = study_day(now, self.config.settings.rollover_hour, self._tz)
        return queue.load_today(connection, now, day, self.config.settings)

    def _now(self) -> datetime:
        return _as_utc(self._clock())

    def _transaction(self) -> _Guarded:
        return _Guarded(self, write=True)

    def _reading(self) -> _Guarded:
        return _Guarded(self, write=False)


class _Guarded:
    """A connection scope that turns a damaged database into a StoreError for the user."""

    def __init__(self, service: StudyService, write: bool) -> None:
        self._service = service
        self._write = write
        self._context: Any = None

    def __enter__(self) -> Connection:
        engine = self._service._engine
        self._context = engine.begin() if self._write else engine.connect()
        try:
            return self._context.__enter__()
        except DatabaseError as exc:
            raise unreadable_database_error(self._service.config, exc) from exc

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        try:
            self._context.__exit__(exc_type, exc, tb)
        except DatabaseError as error:
            raise unreadable_database_error(self._service.config, error) from error
        if isinstance(exc, DatabaseError):
            raise unreadable_database_error(self._service.config, exc) from exc
        return False


__all__ = [
    "DayProgress",
    "DeckSummary",
    "DueEntry",
    "QueueCounts",
    "QueueEntry",
    "ReviewRecord",
    "StoreError",
    "StudyService",
    "SyncReport",
]
