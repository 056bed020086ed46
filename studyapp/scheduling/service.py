"""``StudyService``: the one facade the TUI and the CLI use to study.

It owns a plain sqlite3 connection to the database and answers every question with short
transactions; each review is committed before ``rate`` returns (how hard that commit
waits for the disk is the ``durability`` setting, see ``studyapp.store.engine``). It never
imports SQLAlchemy on a database at this version's schema: that import alone cost more
than opening and syncing the store (SQLAlchemy is for the schema, reports and interop).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, Self

from fsrs import Rating

from studyapp.config import AppConfig
from studyapp.content.model import ContentSet
from studyapp.scheduling.connections import Connections, Scope
from studyapp.scheduling.day import StudyDay
from studyapp.scheduling.fuzz import SeededScheduler
from studyapp.scheduling.in_force import SchedulingSettings, Timeline, effective
from studyapp.scheduling.parameters import parameters_in_force
from studyapp.scheduling.reader import (
    DayProgress,
    DeckSummary,
    DueEntry,
    QueueCounts,
    QueueEntry,
    StudyReader,
    Upcoming,
)
from studyapp.scheduling.replay import replay_items
from studyapp.scheduling.review import apply_rating, next_due
from studyapp.scheduling.state import Queue
from studyapp.store.database import connect_database, unreadable_database_error
from studyapp.store.engine import checkpoint
from studyapp.store.errors import StoreError
from studyapp.store.facts import (
    SCHEDULING_KEY,
    device_id,
    fact_history,
    latest_fact,
    record_fact,
    suspension_key,
    undo_key,
)
from studyapp.store.meta import write_meta
from studyapp.store.parse_cache import SqliteParseCache
from studyapp.store.queries import browse, parameter_sets
from studyapp.store.queries import items as item_queries
from studyapp.store.queries import mistakes as mistake_queries
from studyapp.store.queries.decks import active_deck_titles
from studyapp.store.queries.item_log import has_later_review
from studyapp.store.queries.stored_content import (
    FINGERPRINT,
    StoredContent,
    save_outline,
    stored_content,
)
from studyapp.store.review_write import (
    STATE_COLUMNS,
    NewReview,
    append_review,
    read_state,
    write_transaction,
)
from studyapp.store.safekeeping.daily_backup import DailyBackup
from studyapp.store.safekeeping.journal import ReviewJournal, journal_dir
from studyapp.store.safekeeping.replay import ImportReader, Replayed, replay_journal
from studyapp.store.sync import SyncReport, sync_content, unchanged_report
from studyapp.store.times import from_millis, to_millis

REPEATED = 2  # a mistake made this often is one the learner keeps making
# What ``forget`` sets: the scheduling columns of an item never reviewed.
NEW_STATE = {
    "state": Queue.NEW.value,
    "step": None,
    "stability": None,
    "difficulty": None,
    "due": None,
    "last_review": None,
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


def _schedule(snapshot: dict[str, Any] | None) -> dict[str, Any] | None:
    """A state snapshot without its manual suspension flag (nor what computed it)."""
    if snapshot is None:
        return None
    return {k: snapshot[k] for k in STATE_COLUMNS if k != "suspended"}


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
        db: sqlite3.Connection,
        clock: Callable[[], datetime],
        tz: tzinfo | None,
        fuzz: bool,
    ) -> None:
        self.config = config
        self.content: ContentSet = ContentSet()  # until ``sync``
        self._connections = Connections(config, db)
        self._clock = clock
        self._reader = StudyReader(config.settings, self._now, tz)
        self.daily_backup = DailyBackup(
            config.db_path, config.backup_dir, config.settings.backups_to_keep
        )
        self._journal = ReviewJournal(
            journal_dir(config.db_path), flush_to_disk=config.settings.durability == "full"
        )
        self._fuzz = fuzz
        self._device: str | None = None
        self.scheduling = SchedulingSettings.of(config.settings)
        self._schedulers: dict[tuple[SchedulingSettings, tuple[float, ...]], SeededScheduler] = {}

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
        db = connect_database(config, _as_utc(clock()))
        service = cls(config, db, clock, tz, fuzz)
        service.adopt_synced_settings()
        return service

    def close(self) -> None:
        self._connections.close()

    def backup_if_due(self) -> str | None:
        """Take the day's backup if it is due; a warning for the learner if it could not be.

        Safe on another thread than the other calls (it copies on its own connection)."""
        return self.daily_backup.run(self._now())

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- content ---------------------------------------------------------------------

    def sync(self) -> SyncReport:
        """Store the content folders; when their files are as the last sync found them,
        read nothing (see ``studyapp.content.fingerprint``), else read the files changed
        since (the others' outlines come from the parse cache) and compare. Items stay in
        the store afterwards."""
        from studyapp.content.fingerprint import content_stamp

        stamp = content_stamp(self.config.content_dirs)
        with self._transaction() as db:
            stored = stored_content(db, self._connections.connect, stamp.fingerprint)
            if stored is not None:
                content, unchanged = stored
                report = unchanged_report(unchanged, content.problems)
                report.cached_files = stamp.files
            else:
                report, content = self._sync_files(db, stamp.fingerprint)
        with self._reading() as db:  # the sync's writes reach the file now, not in a review
            checkpoint(db)
        self.content = content
        return report

    def _sync_files(
        self, db: sqlite3.Connection, fingerprint: str | None
    ) -> tuple[SyncReport, StoredContent]:
        from studyapp.content.loader import load_content

        # One cache for both loads: what it held before this sync decides what is read, so
        # a file changed since is read in full again when some other file must be.
        cache = SqliteParseCache(db)

        def load(reparse: Collection[str] = ()) -> ContentSet:
            cache.hits = 0
            return load_content(self.config.content_dirs, cache=cache, reparse=reparse)

        report, loaded = sync_content(db, load(), self._now(), reload=load)
        cache.forget_unseen()
        self._journal_renames(report)
        report.cached_files = cache.hits
        return report, save_outline(db, loaded, fingerprint, self._connections.connect)

    def sync_content(self, content: ContentSet) -> SyncReport:
        """Store an already loaded ContentSet (what ``sync`` does after loading)."""
        with self._transaction() as db:
            report, _ = sync_content(db, content, self._now())
            self._journal_renames(report)
            # The files may not say the same: the next sync reads every one of them.
            write_meta(db, FINGERPRINT, "")
            SqliteParseCache(db).forget_unseen()
        self.content = content
        return report

    def _journal_renames(self, report: SyncReport) -> None:
        """Edited items' new ids, so that replaying older reviews finds their item."""
        for old_id, new_id in report.renamed:
            self._journal.record_rename(old_id, new_id, to_millis(self._now()))

    # -- the queue -------------------------------------------------------------------

    def study_day(self) -> StudyDay:
        return self._reader.study_day()

    def next_item(self, deck_id: str | None = None) -> QueueEntry | None:
        with self._reading() as db:
            return self._reader.next_item(db, deck_id)

    def remaining(self, deck_id: str | None = None) -> QueueCounts:
        with self._reading() as db:
            return self._reader.remaining(db, deck_id)

    def due(self, deck_id: str | None = None) -> list[DueEntry]:
        with self._reading() as db:
            return self._reader.due(db, deck_id)

    def deck_summaries(self) -> list[DeckSummary]:
        with self._reading() as db:
            return self._reader.deck_summaries(db)

    def today(self) -> DayProgress:
        with self._reading() as db:
            return self._reader.progress(db)

    def upcoming(self, deck_id: str | None = None) -> Upcoming:
        with self._reading() as db:
            return self._reader.upcoming(db, deck_id)

    # -- reviewing -------------------------------------------------------------------

    def preview_intervals(self, item_id: str) -> dict[Rating, timedelta]:
        now = self._now()
        with self._reading() as db:
            before = self._state(db, item_id)
            scheduler = self._scheduler_for(db, item_id, to_millis(now))
        return {
            rating: next_due(before, rating, now, scheduler, item_id) - now for rating in Rating
        }

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
        """Record one review; it is committed (see the ``durability`` setting) on return."""
        rating = Rating(rating)
        now = from_millis(to_millis(self._now()))  # what the log keeps, so a replay agrees
        with self._reading() as connection:  # the write is its own transaction
            try:
                with write_transaction(connection) as db:
                    device = self._device_in(db)
                    before = self._state(db, item_id)
                    scheduler = self._scheduler_for(db, item_id, to_millis(now))
                    after = apply_rating(
                        before,
                        rating,
                        now,
                        scheduler,
                        self.scheduling.leech_threshold,
                        item_id,
                    )
                    label = Queue(before["state"]).label
                    review = NewReview(
                        item_id=item_id,
                        reviewed_at=to_millis(now),
                        rating=int(rating),
                        elapsed_ms=max(0, int(elapsed_ms)),
                        queue=label,
                        state_before=before,
                        state_after=after,
                        answer=answer,
                        verdict=verdict,
                        feedback=feedback,
                        params=params,
                        device_id=device,
                        scheduled_with=scheduler.fingerprint,
                    )
                    review_id = append_review(db, review)
                    self._journal.record_review(review_id, review)  # before the commit
            except (sqlite3.DatabaseError, OSError) as exc:
                raise unreadable_database_error(self.config, exc) from exc
        return ReviewRecord(
            id=review_id,
            item_id=item_id,
            rating=rating,
            reviewed_at=now,
            queue=label,
            state_before=before,
            state_after=after,
            due=from_millis(after["due"]),
            became_leech=after["leech"] and not before["leech"],
        )

    def replay_journal(self, read_import: ImportReader | None = None) -> Replayed:
        """Add the journal's reviews (and undos, and imports read by ``read_import``) this
        database lacks, e.g. after a restore."""
        with self._reading() as db:
            return replay_journal(db, self._journal, read_import)

    def undo(self) -> str | None:
        """Undo this device's latest review not yet undone: the item gets its exact previous
        state (replayed from its log if reviews from elsewhere came after it).

        The review stays in the log, stamped undone, and the undo is recorded as a fact
        that a remote carries to the other devices.
        """
        now = self._now()
        with self._transaction() as db:
            device = self._device_in(db)
            last = item_queries.latest_review_not_undone(db, device)
            if last is None:
                return None
            item_queries.mark_undone(db, last.id, to_millis(now))
            record_fact(db, undo_key(last.uid), None, to_millis(now), device)
            self._journal.record_undo(last.uid, to_millis(now))
            # The review's own snapshot is exact unless the item's schedule changed since:
            # a review from elsewhere came after it, or a replay recomputed the item (a
            # suspension alone does not count: undo restores the snapshot, as it always has).
            if has_later_review(db, last.item_id, last.reviewed_at, last.uid) or _schedule(
                read_state(db, last.item_id)
            ) != _schedule(last.state_after):
                replay_items(db, [last.item_id], self.timeline(db))
            else:
                item_queries.restore_item(db, last.item_id, last.state_before)
        return last.item_id

    def suspend(self, item_id: str) -> None:
        self._set_suspended(item_id, True)

    def unsuspend(self, item_id: str) -> None:
        self._set_suspended(item_id, False)

    def is_suspended(self, item_id: str) -> bool:
        with self._reading() as db:
            return bool(self._state(db, item_id)["suspended"])

    def queue_label(self, item_id: str) -> str:
        """Where the item stands: "new", "learning", "review" or "relearning"."""
        with self._reading() as db:
            return Queue(self._state(db, item_id)["state"]).label

    # -- what a remote sync needs ---------------------------------------------------

    def adopt_synced_settings(self) -> None:
        """Schedule with the latest synced settings when they are newer than config.toml."""
        with self._reading() as db:
            latest = latest_fact(db, SCHEDULING_KEY)
        if latest is None:  # never synced: config.toml, as always
            return
        self.use_scheduling(effective(self.config, latest)[0])

    def use_scheduling(self, settings: SchedulingSettings) -> None:
        self.scheduling = settings

    def timeline(self, db: sqlite3.Connection) -> Timeline:
        """The scheduling settings and parameters in force over time, for replaying items."""
        return Timeline(
            fact_history(db, SCHEDULING_KEY),
            self.scheduling,
            self._fuzz,
            parameter_sets.every_adoption(db),
        )

    @contextmanager
    def write_transaction(self) -> Iterator[sqlite3.Connection]:
        """A plain sqlite3 transaction holding the write lock (a remote sync's local side)."""
        with self._reading() as connection, write_transaction(connection) as db:
            yield db

    def device_id(self) -> str:
        with self.write_transaction() as db:
            return self._device_in(db)

    # -- browsing and mistakes -------------------------------------------------------

    def item_filter(
        self,
        words: str = "",
        *,
        deck: str | None = None,
        state: str | None = None,
        kind: str | None = None,
        due: str | None = None,
    ) -> browse.ItemFilter:
        """What to find; ``due`` is "today" (due before today ends) or "overdue" (due
        before today began)."""
        due_before = None
        if due is not None:
            day = self.study_day()
            due_before = to_millis(day.end if due == "today" else day.start)
        return browse.ItemFilter(words, deck, state, kind, due_before)

    def find(
        self, where: browse.ItemFilter, limit: int, offset: int = 0, prompt_only: bool = False
    ) -> list[browse.FoundItem]:
        with self._reading() as db:
            return browse.find_items(db, where, limit, offset, prompt_only)

    def count_found(self, where: browse.ItemFilter, cap: int) -> int:
        with self._reading() as db:
            return browse.count_items(db, where, cap)

    def browse_window(
        self, where: browse.ItemFilter, limit: int, offset: int, cap: int
    ) -> tuple[list[browse.FoundItem], int]:
        """The browser's rows (texts from the prompt) and their count up to ``cap``, read
        together: one call, so one trip to and from the database thread."""
        with self._reading() as db:
            found = browse.find_items(db, where, limit, offset, prompt_only=True)
            return found, browse.count_items(db, where, cap)

    def deck_titles(self) -> list[tuple[str, str]]:
        """(id, title) of the decks in the content, in content order (no figures: quick)."""
        with self._reading() as db:
            return active_deck_titles(db)

    def history(self, item_id: str) -> list[mistake_queries.HistoryEntry]:
        with self._reading() as db:
            return mistake_queries.item_history(db, item_id)

    def forget(self, item_id: str) -> dict[str, Any]:
        """Put the item back to new (its reviews stay); returns its state before, for undo."""
        with self._transaction() as db:
            before = self._state(db, item_id)
            item_queries.restore_item(db, item_id, {**before, **NEW_STATE})
        return before

    def restore(self, item_id: str, snapshot: dict[str, Any]) -> None:
        """Give the item back a state ``forget`` returned (undo)."""
        with self._transaction() as db:
            self._state(db, item_id)
            item_queries.restore_item(db, item_id, snapshot)

    def mistakes(
        self, deck_id: str | None = None, since: datetime | None = None
    ) -> list[mistake_queries.Mistake]:
        since_ms = None if since is None else to_millis(_as_utc(since))
        with self._reading() as db:
            return mistake_queries.mistakes(db, deck_id, since_ms)

    def mistake_drill(self, deck_id: str | None = None) -> list[str]:
        """The items a mistakes review goes through: every exercise or derivation with a
        mistake made at least ``REPEATED`` times and not answered right since, and the
        cards of their topics, in content order."""
        with self._reading() as db:
            made = mistake_queries.mistakes(db, deck_id, least=REPEATED)
            item_ids = list(dict.fromkeys(m.item_id for m in made if not m.resolved))
            return mistake_queries.with_topic_cards(db, item_ids) if item_ids else []

    # -- helpers ---------------------------------------------------------------------

    def _device_in(self, db: sqlite3.Connection) -> str:
        if self._device is None:
            self._device = device_id(db)
        return self._device

    def _scheduler_for(self, db: sqlite3.Connection, item_id: str, now_ms: int) -> SeededScheduler:
        """The scheduler for the settings in force and the FSRS parameters of the item's
        deck at ``now_ms``, read on every review so a fit adopted meanwhile (``studyapp
        optimize``, or on another device) applies at once. One scheduler is kept per pair,
        used on this service's thread only (a scheduler holds the seed of the review it is
        making)."""
        key = (self.scheduling, parameters_in_force(db, item_id=item_id, at=now_ms))
        if key not in self._schedulers:
            self._schedulers[key] = key[0].scheduler(self._fuzz, key[1])
        return self._schedulers[key]

    def _set_suspended(self, item_id: str, value: bool) -> None:
        with self._transaction() as db:
            self._state(db, item_id)
            item_queries.set_suspended(db, item_id, value)
            record_fact(
                db, suspension_key(item_id), value, to_millis(self._now()), self._device_in(db)
            )

    def _state(self, db: sqlite3.Connection, item_id: str) -> dict[str, Any]:
        """The item's scheduling snapshot; KeyError (with the message) if there is none."""
        state = read_state(db, item_id)
        if state is None:
            raise KeyError(f"no item with id {item_id!r}; run `studyapp sync` or check the id")
        return state

    def _now(self) -> datetime:
        return _as_utc(self._clock())

    def _transaction(self) -> Scope:
        return self._connections.transaction()

    def _reading(self) -> Scope:
        return self._connections.reading()


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
