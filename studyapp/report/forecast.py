"""How many items fall due on each of the coming study days."""

from __future__ import annotations

from bisect import bisect_right
from datetime import timedelta

from studyapp.report.catalog import ItemState
from studyapp.report.model import ForecastDay
from studyapp.report.scope import Scope
from studyapp.store.models import to_millis

FORECAST_DAYS = 30


def forecast(
    items: list[ItemState], scope: Scope, days: int = FORECAST_DAYS
) -> tuple[ForecastDay, ...]:
    """Due counts for today (overdue included) and the next ``days - 1`` days.

    Suspended items are left out, as the queue leaves them out.
    """
    today = scope.today
    # The instants days 1..days start at; an item's day is how many of them have passed.
    starts = [
        to_millis(scope.calendar.start_of(today + timedelta(days=n))) for n in range(1, days + 1)
    ]
    counts = [0] * (days + 1)
    for item in items:
        if item.state and not item.suspended and item.due is not None:
            counts[bisect_right(starts, item.due)] += 1
    return tuple(
        ForecastDay(today + timedelta(days=offset), counts[offset]) for offset in range(days)
    )
