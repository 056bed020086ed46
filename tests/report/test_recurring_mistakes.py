"""The report's recurring mistakes: per exercise, named as told, resolved by a right answer."""

from __future__ import annotations

from datetime import UTC, timedelta

from report_support import DAY, NOW, History

from studyapp.report import ReportFilter, build_report
from studyapp.report.render import render_html

FORGOT = {"message": "forgot the 1/2", "mistake": "declared"}
SIGN = {"message": "your answer has the opposite sign", "mistake": "sign"}


def report_of(history: History, *filters: ReportFilter):
    """The report for each of ``filters`` (one with none) over the saved history."""
    engine = history.save()
    try:
        with engine.connect() as connection:
            settings = history.config.settings
            reports = [
                build_report(connection, settings, f, now=NOW, tz=UTC)
                for f in filters or (ReportFilter(),)
            ]
            return reports[0] if len(reports) == 1 else reports
    finally:
        engine.dispose()


def test_mistakes_made_more_than_once_are_listed_with_their_exercise(history: History) -> None:
    history.item("half-log", state="review", stability=5, last_review=NOW, due=NOW)
    history.item("slope", state="review", stability=5, last_review=NOW, due=NOW)
    for hours in (5, 4, 3):
        history.review(
            "half-log", NOW - timedelta(hours=hours), verdict="incorrect", feedback=FORGOT
        )
    history.review("slope", NOW - timedelta(hours=3), verdict="incorrect", feedback=SIGN)
    history.review("slope", NOW - timedelta(hours=2), verdict="incorrect", feedback=SIGN)
    history.review("slope", NOW - timedelta(hours=1), verdict="correct", feedback={"message": "ok"})
    recurring = report_of(history).recurring_mistakes
    assert [(m.exercise, m.mistake, m.count, m.resolved) for m in recurring] == [
        ("half-log", "forgot the 1/2", 3, False),
        ("slope", "your answer has the opposite sign", 2, True),
    ]


def test_the_html_report_names_the_exercise_of_each_recurring_mistake(history: History) -> None:
    history.item("half-log", state="review", stability=5, last_review=NOW, due=NOW)
    for hours in (5, 4):
        history.review(
            "half-log", NOW - timedelta(hours=hours), verdict="incorrect", feedback=FORGOT
        )
    page = render_html(report_of(history))
    assert "Recurring mistakes" in page
    assert "<code>half-log</code>" in page and "forgot the 1/2" in page


def test_a_report_until_a_day_counts_the_mistakes_as_they_stood_that_day(history: History) -> None:
    history.item("half-log", state="review", stability=5, last_review=NOW, due=NOW)
    for days in (5, 4):
        history.review("half-log", NOW - days * DAY, verdict="incorrect", feedback=FORGOT)
    history.review("half-log", NOW - 2 * DAY, verdict="incorrect", feedback=FORGOT)
    history.review("half-log", NOW - DAY, verdict="correct", feedback={"message": "ok"})
    until = ReportFilter(until=(NOW - 3 * DAY).date())
    then, now = report_of(history, until, ReportFilter())
    [mistake] = then.recurring_mistakes
    assert (mistake.count, mistake.resolved) == (2, False)  # nothing after the 3rd day back
    assert mistake.last_seen == NOW - 4 * DAY
    [mistake] = now.recurring_mistakes
    assert (mistake.count, mistake.resolved) == (3, True)


def test_only_the_ten_most_made_are_listed_and_a_mistake_made_once_is_not(
    history: History,
) -> None:
    for n in range(12):
        history.item(f"ex{n}", state="review", stability=5, last_review=NOW, due=NOW)
        for hours in range(2 + n):  # ex11 made its mistake most often
            history.review(
                f"ex{n}", NOW - timedelta(hours=hours + 1), verdict="incorrect", feedback=SIGN
            )
    history.item("once", state="review", stability=5, last_review=NOW, due=NOW)
    history.review("once", NOW - timedelta(hours=1), verdict="incorrect", feedback=FORGOT)
    recurring = report_of(history).recurring_mistakes
    assert [(m.exercise, m.count) for m in recurring] == [
        (f"ex{n}", 2 + n) for n in range(11, 1, -1)
    ]
