"""What a report's queries share: the study calendar, "now", the forgetting curve and the
filter, as the store's review and item filters.

Study days follow ``studyapp.scheduling.day``: a local calendar day that starts at the
rollover hour, so "reviews per day" matches the day the user sees in the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from studyapp.report.model import ReportFilter
from studyapp.report.retrievability import ForgettingCurve
from studyapp.scheduling.day import study_day
from studyapp.scheduling.parameters import FSRS_DEFAULTS
from studyapp.store.queries.report_items import ItemFilter
from studyapp.store.queries.report_reviews import ReviewFilter
from studyapp.store.times import to_millis

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


@dataclass(frozen=True)
class Scope:
    now: datetime  # aware UTC
    calendar: Calendar
    filter: ReportFilter
    curve: ForgettingCurve  # of the parameters in force

    @property
    def now_ms(self) -> int:
        return to_millis(self.now)

    @property
    def today(self) -> date:
        return self.calendar.day_of(self.now)

    def review_filter(self) -> ReviewFilter:
        """The reviews of the filter's days (undone ones excluded) and deck; the deck's
        reviews are told apart by ``catalog.register_deck_filter``."""
        since, until = self.filter.since, self.filter.until
        return ReviewFilter(
            since_ms=None if since is None else to_millis(self.calendar.start_of(since)),
            until_ms=(
                None
                if until is None
                else to_millis(self.calendar.start_of(until + timedelta(days=1)))
            ),
            in_deck=self.filter.deck is not None,
        )

    def item_filter(self) -> ItemFilter:
        """The content's items of the filtered deck, with what their recall now needs."""
        return ItemFilter(
            now_ms=self.now_ms,
            decay=self.curve.decay,
            factor=self.curve.factor,
            deck_id=self.filter.deck,
        )


def make_scope(
    rollover_hour: int,
    report_filter: ReportFilter,
    now: datetime,
    tz: tzinfo | None,
    parameters: Sequence[float] = FSRS_DEFAULTS,
) -> Scope:
    """``parameters``: the FSRS parameters whose forgetting curve gives recall; a report
    passes those in force (``scheduling.parameters.parameters_in_force``)."""
    return Scope(
        now=now,
        calendar=Calendar(rollover_hour, tz),
        filter=report_filter,
        curve=ForgettingCurve.of(parameters),
    )
