"""How many items fall due on each of the coming study days."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Connection

from studyapp.report.model import ForecastDay
from studyapp.report.scope import Scope
from studyapp.store.engine import driver
from studyapp.store.queries.report_items import due_counts
from studyapp.store.times import to_millis

FORECAST_DAYS = 30
_NO_LIMIT = -(2**63)  # before any due instant in milliseconds


def forecast(
    connection: Connection, scope: Scope, days: int = FORECAST_DAYS
) -> tuple[ForecastDay, ...]:
    """Due counts for today (overdue included) and the next ``days - 1`` days.

    Suspended items are left out, as the queue leaves them out.
    """
    today = scope.today
    # Day 0 starts with the earliest due instant; day n ends where day n + 1 starts.
    edges = [_NO_LIMIT] + [
        to_millis(scope.calendar.start_of(today + timedelta(days=n))) for n in range(1, days + 1)
    ]
    counts = due_counts(driver(connection), scope.item_filter(), edges)
    return tuple(
        ForecastDay(today + timedelta(days=offset), count) for offset, count in enumerate(counts)
    )
