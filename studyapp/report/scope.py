"""What a report's queries share: the study calendar, "now" and the filter as SQL.

Study days follow ``studyapp.scheduling.day``: a local calendar day that starts at the
rollover hour, so "reviews per day" matches the day the user sees in the app.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import Connection

from studyapp.report.model import ReportFilter
from studyapp.scheduling.day import study_day
from studyapp.store.times import to_millis

DAY_MS = 86_400_000
MATURE_DAYS = 21  # Anki's threshold for a mature interval
IN_DECK_FUNCTION = "report_in_deck"  # defined per connection by catalog.register_deck_filter


@dataclass(frozen=True)
class Calendar:
    rollover_hour: int
    tz: tzinfo | None = None  # None: the machine's local zone

    def day_of(self, moment: datetime) -> date:
        local = moment.astimezone(self.tz)
        return (local - timedelta(hours=self.rollover_hour)).date()

    def start_of(self, day: date) -> datetime:
        """The aware UTC instant the study day ``day`` starts."""
        local = datetime.combine(day, time(self.rollover_hour))
        aware = local.astimezone() if self.tz is None else local.replace(tzinfo=self.tz)
        return study_day(aware, self.rollover_hour, self.tz).start


@dataclass(frozen=True)
class Scope:
    now: datetime  # aware UTC
    calendar: Calendar
    filter: ReportFilter

    @property
    def now_ms(self) -> int:
        return to_millis(self.now)

    @property
    def today(self) -> date:
        return self.calendar.day_of(self.now)

    def review_conditions(self) -> tuple[str, dict[str, Any]]:
        """A WHERE clause on reviews ``r`` (undone ones excluded) and its parameters.

        The deck filter calls the SQL function ``IN_DECK_FUNCTION``.
        """
        clauses = ["r.undone_at IS NULL"]
        params: dict[str, Any] = {}
        if self.filter.since is not None:
            clauses.append("r.reviewed_at >= :since_ms")
            params["since_ms"] = to_millis(self.calendar.start_of(self.filter.since))
        if self.filter.until is not None:
            clauses.append("r.reviewed_at < :until_ms")
            params["until_ms"] = to_millis(
                self.calendar.start_of(self.filter.until + timedelta(days=1))
            )
        if self.filter.deck is not None:
            clauses.append(f"{IN_DECK_FUNCTION}(r.item_id)")
        return " AND ".join(clauses), params


def make_scope(
    rollover_hour: int, report_filter: ReportFilter, now: datetime, tz: tzinfo | None
) -> Scope:
    return Scope(now=now, calendar=Calendar(rollover_hour, tz), filter=report_filter)


def driver(connection: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under ``connection``: bulk reads get plain tuples from it,
    without building a SQLAlchemy row object per review."""
    return connection.connection.driver_connection  # type: ignore[return-value]
