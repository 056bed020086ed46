"""Compute a whole report from the database: a few aggregate scans of the log and items."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from studyapp.config import Settings
from studyapp.report import activity, answers, catalog, forecast, mastery, retention
from studyapp.report.model import Report, ReportFilter, Summary
from studyapp.report.scope import make_scope
from studyapp.scheduling.parameters import parameters_in_force
from studyapp.store.engine import driver
from studyapp.store.queries.decks import deck_titles

if TYPE_CHECKING:
    from studyapp.content.model import ContentSet

HEATMAP_DAYS = 365
# The stages announced to the progress callback, in order.
STAGES = ("items", "reviews per day", "retention", "answers", "mastery")

Progress = Callable[[int, int, str], None]  # (stages done, stages in all, next stage)


def build_report(
    connection: Connection,
    settings: Settings,
    report_filter: ReportFilter | None = None,
    *,
    now: datetime,
    tz: tzinfo | None = None,
    progress: Progress | None = None,
    topic_titles: Mapping[str, str] | None = None,
) -> Report:
    """Statistics over the reviews and items ``report_filter`` selects, as of ``now``.

    ``tz`` is the zone whose calendar defines study days (default: local).
    ``topic_titles`` (topic id -> title, see ``topic_titles_of``) names the topics; the
    database holds only their ids, which are shown where a title is missing.
    """
    report_filter = report_filter or ReportFilter()
    db = driver(connection)
    parameters = parameters_in_force(db, report_filter.deck)
    scope = make_scope(settings.rollover_hour, report_filter, now, tz, parameters)
    step = _stepper(progress)

    step("items")
    titles = deck_titles(db)
    if report_filter.deck is not None:
        catalog.register_deck_filter(connection, scope)

    step("reviews per day")
    last_day = report_filter.until or scope.today
    first_review = activity.first_review_day(connection, scope)
    first_day = min(report_filter.since or first_review or last_day, last_day)
    active, times = activity.daily_activity(
        connection, scope, max(first_day, first_review or last_day), last_day
    )
    days = activity.fill_days(active, first_day, last_day)
    heatmap = activity.fill_days(active, last_day - timedelta(days=HEATMAP_DAYS - 1), last_day)
    streaks = activity.streaks(active, scope.today)

    step("retention")
    retention_rows = retention.true_retention(connection, scope, titles)

    step("answers")
    verdicts, mistakes = answers.verdicts_and_mistakes(connection, scope)
    recurring = answers.recurring_mistakes(connection, scope)

    step("mastery")
    decks, topics, everything = mastery.mastery(connection, scope, titles, topic_titles)
    due = forecast.forecast(connection, scope)
    weakest = mastery.weakest(connection, scope, settings.desired_retention)
    step(None)

    today = active.get(scope.today)
    summary = Summary(
        reviews=sum(d.reviews for d in days),
        time_ms=sum(d.time_ms for d in days),
        days_studied=sum(1 for d in days if d.reviews),
        reviews_today=today.reviews if today else 0,
        items=everything.items,
        new=everything.new,
        learning=everything.learning,
        review=everything.review,
        mature=everything.mature,
        suspended=everything.suspended,
        leeches=everything.leeches,
        due_today=due[0].due,
        due_tomorrow=due[1].due,
        true_retention=retention_rows[0].overall.rate,
        desired_retention=settings.desired_retention,
        mean_retrievability=everything.mean_retrievability,
        current_streak=streaks.current,
        longest_streak=streaks.longest,
    )
    return Report(
        generated_at=now,
        filter=report_filter,
        first_day=first_day,
        last_day=last_day,
        summary=summary,
        days=days,
        heatmap=heatmap,
        streaks=streaks,
        forecast=due,
        retention=retention_rows,
        decks=decks,
        topics=topics,
        stability=mastery.stability_spread(everything),
        weakest=weakest,
        verdicts=verdicts,
        mistakes=mistakes,
        answer_times=times,
        deck_titles=titles,
        recurring_mistakes=recurring,
    )


def topic_titles_of(content: ContentSet) -> dict[str, str]:
    """Each loaded topic's title by its id (topic ids are unique across decks)."""
    return {topic.id: topic.title for deck in content.decks for topic in deck.topics}


def _stepper(progress: Progress | None) -> Callable[[str | None], None]:
    done = -1

    def step(label: str | None) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, len(STAGES), label or "done")

    return step
