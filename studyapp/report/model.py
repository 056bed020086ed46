"""The report as plain data: frozen dataclasses that renderers read and JSON serialises.

Dates are the user's study days (local calendar days starting at the rollover hour);
instants are aware UTC. ``Report.to_dict`` gives the JSON form.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class ReportFilter:
    """Which reviews and items a report covers; ``since``/``until`` are inclusive study days."""

    deck: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class DayActivity:
    day: date
    reviews: int
    time_ms: int
    again: int = 0
    hard: int = 0
    good: int = 0
    easy: int = 0
    new: int = 0  # first reviews of new items


@dataclass(frozen=True)
class Streaks:
    current: int  # consecutive study days up to today (today may still be empty)
    longest: int
    days_studied: int


@dataclass(frozen=True)
class ForecastDay:
    day: date
    due: int  # items due that day (today includes everything overdue)


@dataclass(frozen=True)
class PassRate:
    passed: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.total if self.total else None


@dataclass(frozen=True)
class Retention:
    """True retention (Anki): pass rate of reviews of graduated items, Again = fail."""

    deck_id: str | None  # None: all decks
    title: str
    young: PassRate
    mature: PassRate

    @property
    def overall(self) -> PassRate:
        return PassRate(
            self.young.passed + self.mature.passed, self.young.total + self.mature.total
        )


@dataclass(frozen=True)
class Mastery:
    """Where a deck's or topic's items stand now."""

    key: str  # deck id, or "deck/topic"
    title: str
    items: int
    new: int
    learning: int  # learning or relearning
    review: int
    mature: int  # review items with a scheduled interval of 21 days or more
    suspended: int
    leeches: int
    mean_retrievability: float | None  # over items reviewed at least once
    stability: tuple[int, ...] = ()  # reviewed items per stability bucket (see mastery.py)

    @property
    def mature_share(self) -> float | None:
        return self.mature / self.items if self.items else None


@dataclass(frozen=True)
class Bucket:
    label: str
    count: int


@dataclass(frozen=True)
class RecurringMistake:
    """A mistake made more than once on one exercise, named as the learner was told."""

    exercise: str  # the item's id
    mistake: str
    count: int
    last_seen: datetime
    resolved: bool  # answered right since


@dataclass(frozen=True)
class WeakItem:
    id: str
    deck_id: str
    kind: str
    label: str  # the card's front or the exercise's prompt, shortened
    lapses: int
    reps: int
    retrievability: float | None
    leech: bool
    suspended: bool


@dataclass(frozen=True)
class Weakest:
    most_lapses: tuple[WeakItem, ...]
    lowest_retrievability: tuple[WeakItem, ...]
    leeches: tuple[WeakItem, ...]


@dataclass(frozen=True)
class VerdictCount:
    kind: str  # exercise | derivation
    correct: int
    incorrect: int
    invalid: int
    undecided: int

    @property
    def total(self) -> int:
        return self.correct + self.incorrect + self.invalid + self.undecided

    @property
    def accuracy(self) -> float | None:
        graded = self.correct + self.incorrect
        return self.correct / graded if graded else None


@dataclass(frozen=True)
class Summary:
    reviews: int
    time_ms: int
    days_studied: int
    reviews_today: int
    items: int
    new: int
    learning: int
    review: int
    mature: int
    suspended: int
    leeches: int
    due_today: int
    due_tomorrow: int
    true_retention: float | None
    desired_retention: float
    mean_retrievability: float | None
    current_streak: int
    longest_streak: int


@dataclass(frozen=True)
class Report:
    generated_at: datetime
    filter: ReportFilter
    first_day: date  # the range the day-based figures cover
    last_day: date
    summary: Summary
    days: tuple[DayActivity, ...]  # every day of the range, zeros included
    heatmap: tuple[DayActivity, ...]  # the last 365 days up to last_day
    streaks: Streaks
    forecast: tuple[ForecastDay, ...]
    retention: tuple[Retention, ...]  # the first row is all decks
    decks: tuple[Mastery, ...]
    topics: tuple[Mastery, ...]
    stability: tuple[Bucket, ...]
    weakest: Weakest
    verdicts: tuple[VerdictCount, ...]
    mistakes: tuple[Bucket, ...]  # most frequent first
    answer_times: tuple[Bucket, ...]
    deck_titles: dict[str, str] = field(default_factory=dict)
    recurring_mistakes: tuple[RecurringMistake, ...] = ()  # most frequent first

    def to_dict(self) -> dict[str, Any]:
        """The whole report as JSON-able data (dates as ISO strings, rates included)."""
        data = _jsonable(asdict(self))
        data["retention"] = [
            {
                **row,
                "overall": _rate_dict(r.overall),
                "young": _rate_dict(r.young),
                "mature": _rate_dict(r.mature),
            }
            for row, r in zip(data["retention"], self.retention, strict=True)
        ]
        for row, mastery in zip(
            data["decks"] + data["topics"], self.decks + self.topics, strict=True
        ):
            row["mature_share"] = mastery.mature_share
        for row, verdict in zip(data["verdicts"], self.verdicts, strict=True):
            row["total"], row["accuracy"] = verdict.total, verdict.accuracy
        return data


def _rate_dict(rate: PassRate) -> dict[str, Any]:
    return {"passed": rate.passed, "total": rate.total, "rate": rate.rate}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
