"""The user's study day: a local calendar day that starts at the rollover hour (like Anki).

Internal times are aware UTC; only the day's boundaries depend on the local time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo


@dataclass(frozen=True)
class StudyDay:
    start: datetime  # aware UTC
    end: datetime  # aware UTC, exclusive

    def __contains__(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


def study_day(now: datetime, rollover_hour: int, tz: tzinfo | None = None) -> StudyDay:
    """The study day containing ``now``; ``tz`` defaults to the machine's local zone.

    With a ``zoneinfo`` zone the day is 23 or 25 hours long across a DST change, because
    aware arithmetic within one zone follows the wall clock.
    """
    local = now.astimezone(tz)
    start = local.replace(hour=rollover_hour, minute=0, second=0, microsecond=0)
    if local.hour < rollover_hour:
        start -= timedelta(days=1)
    end = start + timedelta(days=1)
    return StudyDay(start.astimezone(UTC), end.astimezone(UTC))


def study_day_number(moment: datetime, rollover_hour: int, tz: tzinfo | None = None) -> int:
    """The study day containing ``moment`` as a day count (a ``date.toordinal``): two
    moments' numbers differ by the study days between them, as FSRS counts elapsed days."""
    local = moment.astimezone(tz)
    return (local - timedelta(hours=rollover_hour)).date().toordinal()
