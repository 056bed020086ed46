"""Reviews per study day (count, time, ratings), the activity calendar and streaks."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import Connection, text

from studyapp.report.model import DayActivity, Streaks
from studyapp.report.scope import BUCKET_MS, Scope

FIELDS = ("reviews", "time_ms", "again", "hard", "good", "easy", "new")


def daily_activity(connection: Connection, scope: Scope) -> dict[date, DayActivity]:
    """Study days that have reviews, from one grouped scan of the review log."""
    where, params = scope.review_conditions()
    rows = connection.execute(
        text(
            f"""
            SELECT r.reviewed_at / {BUCKET_MS} AS bucket, count(*), sum(r.elapsed_ms),
                   sum(r.rating = 1), sum(r.rating = 2), sum(r.rating = 3), sum(r.rating = 4),
                   sum(r.queue = 'new')
            FROM reviews r WHERE {where} GROUP BY bucket
            """
        ),
        params,
    )
    totals: dict[date, list[int]] = defaultdict(lambda: [0] * len(FIELDS))
    for bucket, *values in rows:
        day_totals = totals[scope.calendar.day_of_bucket(bucket)]
        for index, value in enumerate(values):
            day_totals[index] += int(value or 0)
    return {day: DayActivity(day, *values) for day, values in totals.items()}


def fill_days(active: dict[date, DayActivity], first: date, last: date) -> tuple[DayActivity, ...]:
    """Every day from ``first`` to ``last``, with zeros on days without reviews."""
    count = (last - first).days + 1
    days = (first + timedelta(days=offset) for offset in range(max(0, count)))
    return tuple(active.get(day) or DayActivity(day, 0, 0) for day in days)


def streaks(active: dict[date, DayActivity], today: date) -> Streaks:
    """Like Anki: today without reviews yet does not break the current streak."""
    studied = sorted(day for day, activity in active.items() if activity.reviews)
    longest = run = 0
    previous: date | None = None
    for day in studied:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    studied_set = set(studied)
    current = 0
    day = today if today in studied_set else today - timedelta(days=1)
    while day in studied_set:
        current += 1
        day -= timedelta(days=1)
    return Streaks(current=current, longest=longest, days_studied=len(studied))
