"""CSV exports streamed straight from the database: the review log and the item table.

They do not go through ``Report``: a log of a million reviews is written row by row
without holding it in memory.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from typing import TextIO

from sqlalchemy import Connection, text

from studyapp.report import retrievability
from studyapp.report.render.text import RATINGS
from studyapp.report.scope import DAY_MS, Scope
from studyapp.scheduling.state import Queue

REVIEW_COLUMNS = (
    "time",
    "day",
    "item_id",
    "deck",
    "topic",
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


def write_review_csv(connection: Connection, out: TextIO, scope: Scope) -> int:
    """One row per review in time order (undone ones left out); returns the row count.

    ``interval_days``, ``stability`` and ``difficulty`` are the item's state after the
    review: the interval is how long until it was due again (fractions for learning steps).
    """
    where, params = scope.review_conditions(items="i")
    rows = connection.execute(
        text(
            f"""
            SELECT r.reviewed_at, r.item_id, i.deck_id, i.topic_id, i.kind, r.queue, r.rating,
                   r.elapsed_ms, r.verdict, json_extract(r.feedback, '$.mistake'),
                   json_extract(r.state_after, '$.due')
                       - json_extract(r.state_after, '$.last_review'),
                   json_extract(r.state_after, '$.stability'),
                   json_extract(r.state_after, '$.difficulty')
            FROM reviews r CROSS JOIN items i ON i.id = r.item_id
            WHERE {where} ORDER BY r.reviewed_at, r.id
            """
        ),
        params,
    )
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REVIEW_COLUMNS)
    written = 0
    for (
        at,
        item,
        deck,
        topic,
        kind,
        queue,
        rating,
        elapsed,
        verdict,
        mistake,
        interval,
        stability,
        difficulty,
    ) in rows:
        moment = datetime.fromtimestamp(at / 1000, tz=UTC)
        writer.writerow(
            (
                _iso(at),
                scope.calendar.day_of(moment).isoformat(),
                item,
                deck,
                topic,
                kind,
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


def write_item_csv(connection: Connection, out: TextIO, scope: Scope) -> int:
    """One row per item in the content (retired ones left out); returns the row count."""
    retrievability.register(connection)
    where, params = scope.item_conditions()
    rows = connection.execute(
        text(
            f"""
            SELECT i.id, i.deck_id, i.topic_id, i.kind, i.state, i.due, i.last_review,
                   i.stability, i.difficulty,
                   CASE WHEN i.state > 0 THEN
                       {retrievability.SQL_FUNCTION}(:now_ms - i.last_review, i.stability) END,
                   i.reps, i.lapses, i.suspended, i.leech
            FROM items i WHERE {where} ORDER BY i.position
            """
        ),
        {**params, "now_ms": scope.now_ms},
    )
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ITEM_COLUMNS)
    written = 0
    for (
        item,
        deck,
        topic,
        kind,
        state,
        due,
        last,
        stability,
        difficulty,
        recall,
        reps,
        lapses,
        suspended,
        leech,
    ) in rows:
        writer.writerow(
            (
                item,
                deck,
                topic,
                kind,
                Queue(state).label,
                _iso(due),
                _iso(last),
                _round(stability),
                _round(difficulty),
                _round(recall),
                reps,
                lapses,
                int(bool(suspended)),
                int(bool(leech)),
            )
        )
        written += 1
    return written


def _iso(ms: int | None) -> str:
    if ms is None:
        return ""
    return datetime.fromtimestamp(ms / 1000, tz=UTC).isoformat(timespec="seconds")


def _round(value: float | None) -> str | float:
    return "" if value is None else round(value, 4)
