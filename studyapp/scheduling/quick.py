"""The first screen's data, read straight from the SQLite file before the store is open.

Opening the store means importing SQLAlchemy, checking the schema, taking the daily
backup and syncing the content: over a second. The first card needs none of it when the
database is already at this version's schema, so the TUI shows it from here and opens the
store behind it (the sync then corrects anything the content files changed meanwhile).
Anything unusual (no database yet, an older or newer schema, a damaged file) answers
None, and the caller takes the full path, which explains the problem to the user.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from studyapp.config import AppConfig
from studyapp.scheduling.reader import (
    DayProgress,
    DeckSummary,
    QueueCounts,
    QueueEntry,
    StudyReader,
)
from studyapp.store.queries.decks import deck_titles
from studyapp.store.queries.first_card import open_at_head

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class QuickReview:
    """The first item of a review session, what remains, and the deck titles."""

    entry: QueueEntry
    counts: QueueCounts
    deck_titles: dict[str, str]


@dataclass(frozen=True)
class QuickHome:
    summaries: list[DeckSummary]
    progress: DayProgress


def quick_review(
    config: AppConfig, deck_id: str | None, clock: Clock | None = None, tz: tzinfo | None = None
) -> QuickReview | None:
    """The item a review of ``deck_id`` starts with; None if there is none or no fast path."""
    with _reading(config) as db:
        if db is None:
            return None
        reader = _reader(config, clock, tz)
        entry = reader.next_item(db, deck_id)
        if entry is None:  # the finish screen wants the full store anyway
            return None
        return QuickReview(entry, reader.remaining(db, deck_id), deck_titles(db))
    return None  # the read failed: see _reading


def quick_home(
    config: AppConfig, clock: Clock | None = None, tz: tzinfo | None = None
) -> QuickHome | None:
    """The home screen's deck table and the day's progress; None if there is no fast path."""
    with _reading(config) as db:
        if db is None:
            return None
        reader = _reader(config, clock, tz)
        return QuickHome(reader.deck_summaries(db), reader.progress(db))
    return None  # the read failed: see _reading


def _reader(config: AppConfig, clock: Clock | None, tz: tzinfo | None) -> StudyReader:
    def now() -> datetime:
        return (clock() if clock is not None else datetime.now(UTC)).astimezone(UTC)

    return StudyReader(config.settings, now, tz)


@contextlib.contextmanager
def _reading(config: AppConfig) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection to a database at this version's schema, else None.

    Any failure while reading is swallowed: this path is only a shortcut, and the full
    path that follows reports the same problem properly.
    """
    db = open_at_head(config.db_path)
    if db is None:
        yield None
        return
    # Suppressing Exception is deliberate: a stale payload fails to unpickle in ways
    # (AttributeError, ImportError, ...) that only mean "take the full path".
    with contextlib.closing(db), contextlib.suppress(Exception):
        yield db
