"""How many items fall due on each of the coming study days."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Connection, text

from studyapp.report.model import ForecastDay
from studyapp.report.scope import BUCKET_MS, Scope
from studyapp.store.models import to_millis

FORECAST_DAYS = 30


def forecast(
    connection: Connection, scope: Scope, days: int = FORECAST_DAYS
) -> tuple[ForecastDay, ...]:
    """Due counts for today (overdue included) and the next ``days - 1`` days.

    Suspended items are left out, as the queue leaves them out.
    """
    where, params = scope.item_conditions()
    today = scope.today
    end = scope.calendar.start_of(today + timedelta(days=days))
    rows = connection.execute(
        text(
            f"""
            SELECT i.due / {BUCKET_MS} AS bucket, count(*) FROM items i
            WHERE {where} AND i.state > 0 AND i.suspended = 0 AND i.due < :end_ms
            GROUP BY bucket
            """
        ),
        {**params, "end_ms": to_millis(end)},
    )
    counts = [0] * days
    for bucket, count in rows:
        offset = (scope.calendar.day_of_bucket(bucket) - today).days
        counts[min(max(offset, 0), days - 1)] += int(count)
    return tuple(
        ForecastDay(today + timedelta(days=offset), count) for offset, count in enumerate(counts)
    )
