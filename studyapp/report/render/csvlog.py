"""CSV exports streamed straight from the database: the review log and the item table.

They do not go through ``Report``: a log of a million reviews is written row by row
without holding it in memory. ``topic_title`` comes from the loaded content (the database
holds only topic ids); it is empty when the caller passes no titles or the topic has none.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TextIO

from sqlalchemy import Connection

from studyapp.report import catalog
from studyapp.report.mastery import recall_now
from studyapp.report.render.text import RATINGS
from studyapp.report.scope import Scope
from studyapp.scheduling.state import Queue
from studyapp.store.engine import driver
from studyapp.store.queries.report_reviews import review_log
from studyapp.store.times import DAY_MS, from_millis

REVIEW_COLUMNS = (
    "time",
    "day",
    "item_id",
    "deck",
    "topic",
    "topic_title",
    "kind",
    "queue",
    "rating",
    "rating_name",
    "elapsed_ms",
    "verdict",
    "mistake",
    "interval_days",
    "stability",
    "difficulty",
)
ITEM_COLUMNS = (
    "item_id",
    "deck",
    "topic",
    "topic_title",
    "kind",
    "state",
    "due",
    "last_review",
    "stability",
    "difficulty",
    "retrievability",
    "reps",
    "lapses",
    "suspended",
    "leech",
)


def write_review_csv(
    connection: Connection,
    out: TextIO,
    scope: Scope,
    topic_titles: Mapping[str, str] | None = None,
) -> int:
    """One row per review in time order (undone ones left out); returns the row count.

    ``interval_days``, ``stability`` and ``difficulty`` are the item's state after the
    review: the interval is how long until it was due again (fractions for learning steps).
    """
    topic_titles = topic_titles or {}
    items = {item.id: item for item in _catalog(connection, scope)}
    rows = review_log(driver(connection), scope.review_filter())
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REVIEW_COLUMNS)
    written = 0
    for (
        at,
        item_id,
        queue,
        rating,
        elapsed,
        verdict,
        mistake,
        interval,
        stability,
        difficulty,
    ) in rows:
        item = items.get(item_id)
        writer.writerow(
            (
                _iso(at),
                scope.calendar.day_of(from_millis(at)).isoformat(),
                item_id,
                item.deck_id if item else "",
                item.topic_id if item else "",
                topic_titles.get(item.topic_id, "") if item else "",
                item.kind if item else "",
                queue,
                rating,
                RATINGS.get(rating, ""),
                elapsed,
                verdict or "",
                mistake or "",
                "" if interval is None else round(interval / DAY_MS, 4),
                _round(stability),
                _round(difficulty),
            )
        )
        written += 1
    return written


def write_item_csv(
    connection: Connection,
    out: TextIO,
    scope: Scope,
    topic_titles: Mapping[str, str] | None = None,
) -> int:
    """One row per item in the content (retired ones left out); returns the row count."""
    topic_titles = topic_titles or {}
    items = catalog.active_items(_catalog(connection, scope), scope)
    recalls = recall_now(items, scope)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ITEM_COLUMNS)
    for item in items:
        writer.writerow(
            (
                item.id,
                item.deck_id,
                item.topic_id,
                topic_titles.get(item.topic_id, ""),
                item.kind,
                Queue(item.state).label,
                _iso(item.due),
                _iso(item.last_review),
                _round(item.stability),
                _round(item.difficulty),
                _round(recalls.get(item.id)),
                item.reps,
                item.lapses,
                int(bool(item.suspended)),
                int(bool(item.leech)),
            )
        )
    return len(items)


def _catalog(connection: Connection, scope: Scope) -> list[catalog.ItemState]:
    items = catalog.load_items(connection)
    if scope.filter.deck is not None:
        catalog.register_deck_filter(connection, scope)
    return items


def _iso(ms: int | None) -> str:
    if ms is None:
        return ""
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat(timespec="seconds")


def _round(value: float | None) -> str | float:
    return "" if value is None else round(value, 4)
