"""Reviews per study day (count, time, ratings, answer times), the calendar and streaks.

Each study day is one range query on the review log's time index (see
``studyapp.store.queries.report_reviews.day_activity``). Day boundaries come from the
calendar in Python, so a change of rollover hour or time zone applies to the whole history.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Connection

from studyapp.report.model import Bucket, DayActivity, Streaks
from studyapp.report.scope import Scope
from studyapp.store.engine import driver
from studyapp.store.queries import report_reviews
from studyapp.store.times import from_millis, to_millis

# Upper bounds in seconds; the last bucket is open.
TIME_BUCKETS = (
    (5, "< 5 s"),
    (10, "5–10 s"),
    (20, "10–20 s"),
    (30, "20–30 s"),
    (60, "30–60 s"),
    (120, "1–2 min"),
    (300, "2–5 min"),
    (None, "≥ 5 min"),
)
_BOUNDS = tuple(bound for bound, _label in TIME_BUCKETS if bound is not None)
_NO_LIMIT = 2**63 - 1  # beyond any answer time in milliseconds


def first_review_day(connection: Connection, scope: Scope) -> date | None:
    """The study day of the first review the filter keeps (read from the time index)."""
    first = report_reviews.first_review_at(driver(connection), scope.review_filter())
    return None if first is None else scope.calendar.day_of(from_millis(first))


def daily_activity(
    connection: Connection, scope: Scope, first: date, last: date
) -> tuple[dict[date, DayActivity], tuple[Bucket, ...]]:
    """Study days from ``first`` to ``last`` that have reviews, and the answer-time spread."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    edges = [to_millis(scope.calendar.start_of(day)) for day in (*days, last + timedelta(days=1))]
    rows = report_reviews.day_activity(driver(connection), scope.review_filter(), edges)
    active = {
        day: DayActivity(day, count, *(int(v) for v in sums))
        for day, (count, *sums) in zip(days, rows, strict=True)
        if count
    }
    return active, answer_times(connection, scope, edges[0], edges[-1])


def answer_times(
    connection: Connection, scope: Scope, start_ms: int, end_ms: int
) -> tuple[Bucket, ...]:
    """How many reviews in ``[start_ms, end_ms)`` took each bucket's time to answer."""
    edges = (-_NO_LIMIT, *(bound * 1000 for bound in _BOUNDS), _NO_LIMIT)
    counts = report_reviews.answer_time_counts(
        driver(connection), scope.review_filter(), start_ms, end_ms, edges
    )
    return tuple(Bucket(label, n) for (_bound, label), n in zip(TIME_BUCKETS, counts, strict=True))


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
