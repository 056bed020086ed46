"""Anki's day numbers: a review card's ``due`` counts days from the collection's creation.

The count follows Anki's ``scheduler/timing.rs``: local calendar days between the
creation time and now, each day starting at the rollover hour. Converting through "today"
on both sides makes a card due on the same calendar day in studyapp as in Anki.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

_DAY_SECONDS = 86_400


def days_elapsed(
    created: int, now: datetime, rollover_hour: int, creation_offset: int | None
) -> int:
    """Anki's ``days_elapsed`` at ``now`` (aware) for a collection created at ``created``.

    ``creation_offset`` is minutes west of UTC where the collection was created; a
    collection without it uses Anki's older rule (whole days since creation's rollover).
    """
    local_now = now.astimezone()
    if creation_offset is None:
        created_local = datetime.fromtimestamp(created, local_now.tzinfo)
        start = created_local.replace(hour=rollover_hour, minute=0, second=0, microsecond=0)
        return max(0, int((now.timestamp() - start.timestamp()) // _DAY_SECONDS))
    created_local = datetime.fromtimestamp(created, timezone(timedelta(minutes=-creation_offset)))
    rollover_today = local_now.replace(hour=rollover_hour, minute=0, second=0, microsecond=0)
    days = local_now.date().toordinal() - created_local.date().toordinal()
    if rollover_today > local_now:
        days -= 1
    return max(0, days)


def study_date(now: datetime, rollover_hour: int) -> date:
    """The local calendar date of the study day containing ``now``."""
    local = now.astimezone()
    return (local - timedelta(hours=rollover_hour)).date()


def day_start(day: date, rollover_hour: int) -> datetime:
    """When that study day starts (local rollover hour), as aware UTC."""
    naive = datetime(day.year, day.month, day.day, rollover_hour)
    return naive.astimezone().astimezone(UTC)
