"""What a report's queries share: the study calendar, "now" and the filter as SQL.

Study days follow ``studyapp.scheduling.day``: a local calendar day that starts at the
rollover hour, so "reviews per day" matches the day the user sees in the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from studyapp.report.model import ReportFilter
from studyapp.scheduling.day import study_day
from studyapp.store.models import to_millis

DAY_MS = 86_400_000
# Due times are grouped in SQL by quarter hour, then each group is given its study day in
# Python: every zone's UTC offset is a multiple of 15 minutes, so no group straddles a
# day boundary, and DST is handled by the same code the scheduler uses.
BUCKET_MS = 900_000
MATURE_DAYS = 21  # Anki's threshold for a mature interval


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

    def day_of_bucket(self, bucket: int) -> date:
        return self.day_of(datetime.fromtimestamp(bucket * BUCKET_MS / 1000, tz=UTC))


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

    def review_conditions(self, items: str | None = None) -> tuple[str, dict[str, Any]]:
        """A WHERE clause on reviews ``r`` (undone ones excluded) and its parameters.

        ``items`` names the items table when the query joins it, so the deck filter is a
        plain column test instead of a subquery. Such queries write ``reviews r CROSS JOIN
        items i``: SQLite then keeps the log as the outer loop and reads it in order,
        instead of probing the log once per item of the deck.
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
            clauses.append(
                f"{items}.deck_id = :deck"
                if items
                else "r.item_id IN (SELECT id FROM items WHERE deck_id = :deck)"
            )
            params["deck"] = self.filter.deck
        return " AND ".join(clauses), params

    def item_conditions(self, alias: str = "i") -> tuple[str, dict[str, Any]]:
        """Items still in the content, of the filtered deck."""
        clauses = [f"{alias}.retired_at IS NULL"]
        params: dict[str, Any] = {}
        if self.filter.deck is not None:
            clauses.append(f"{alias}.deck_id = :deck")
            params["deck"] = self.filter.deck
        return " AND ".join(clauses), params


def make_scope(
    rollover_hour: int, report_filter: ReportFilter, now: datetime, tz: tzinfo | None
) -> Scope:
    return Scope(now=now, calendar=Calendar(rollover_hour, tz), filter=report_filter)
