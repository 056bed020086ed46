"""How many items fall due on each of the coming study days."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

from sqlalchemy import Connection

from studyapp.report.model import ForecastDay
from studyapp.report.scope import Scope, driver
from studyapp.report.standing import active_conditions
from studyapp.store.times import to_millis

FORECAST_DAYS = 30
_NO_LIMIT = -(2**63)  # before any due instant in milliseconds


def forecast(
    connection: Connection, scope: Scope, days: int = FORECAST_DAYS
) -> tuple[ForecastDay, ...]:
    """Due counts for today (overdue included) and the next ``days - 1`` days.

    Suspended items are left out, as the queue leaves them out. Each day is one range of
    the queue's due index (``ix_items_active_due``), whose partial condition the query repeats.
    """
    where, params = active_conditions(scope)
    statement = f"""
        SELECT count(*) FROM items INDEXED BY ix_items_active_due
        WHERE state IN (1, 2, 3) AND due >= :low AND due < :high
          AND suspended = 0 AND {where}
    """
    today = scope.today
    # Day 0 starts with the earliest due instant; day n ends where day n + 1 starts.
    edges = [_NO_LIMIT] + [
        to_millis(scope.calendar.start_of(today + timedelta(days=n))) for n in range(1, days + 1)
    ]
    db = driver(connection)
    counts = [
        db.execute(statement, {**params, "low": low, "high": high}).fetchone()[0]
        for low, high in pairwise(edges)
    ]
    return tuple(
        ForecastDay(today + timedelta(days=offset), count) for offset, count in enumerate(counts)
    )
