"""Statistics computed from histories whose figures are known by construction."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fsrs import Card, Scheduler, State
from report_support import DAY, NOW, History

from studyapp.report import ReportFilter, build_report
from studyapp.report.build import STAGES
from studyapp.report.retrievability import ForgettingCurve
from studyapp.report.scope import Calendar, make_scope
from studyapp.scheduling.parameters import FSRS_DEFAULTS

TODAY = date(2026, 3, 2)


def passes_and_fails(history: History, item: str, passed: int, failed: int, **kw) -> None:
    for n in range(passed + failed):
        history.review(item, NOW - timedelta(hours=n + 1), rating=3 if n < passed else 1, **kw)


def test_true_retention_is_the_share_of_mature_reviews_passed(history: History) -> None:
    history.item("a", state="review", stability=40, last_review=NOW, due=NOW + 40 * DAY)
    passes_and_fails(history, "a", passed=7, failed=3, interval_days=30)
    retention = history.report().retention[0]
    assert (retention.mature.passed, retention.mature.total) == (7, 10)
    assert retention.mature.rate == pytest.approx(0.70)


def test_young_reviews_are_those_with_an_interval_under_21_days(history: History) -> None:
    history.item("a", state="review", stability=10, last_review=NOW, due=NOW + 10 * DAY)
    passes_and_fails(history, "a", passed=3, failed=1, interval_days=20)
    passes_and_fails(history, "a", passed=1, failed=0, interval_days=21)
    retention = history.report().retention[0]
    assert (retention.young.passed, retention.young.total) == (3, 4)
    assert (retention.mature.passed, retention.mature.total) == (1, 1)


def test_retention_ignores_learning_steps_and_undone_reviews(history: History) -> None:
    history.item("a", state="review", stability=40, last_review=NOW, due=NOW + 40 * DAY)
    passes_and_fails(history, "a", passed=1, failed=0, interval_days=30)
    history.review("a", NOW - DAY, rating=1, queue="learning", interval_days=30)
    history.review("a", NOW - DAY, rating=1, queue="relearning", interval_days=30)
    history.review("a", NOW - DAY, rating=1, interval_days=30, undone=True)
    assert history.report().retention[0].mature.rate == 1.0


def test_retention_is_given_per_deck_after_the_total(history: History) -> None:
    history.deck("ml", "Machine learning")
    history.deck("prob", "Probability")
    for item, deck in (("a", "ml"), ("b", "prob")):
        history.item(
            item, deck=deck, state="review", stability=40, last_review=NOW, due=NOW + 40 * DAY
        )
    passes_and_fails(history, "a", passed=7, failed=3, interval_days=30)
    passes_and_fails(history, "b", passed=9, failed=1, interval_days=30)
    rows = history.report().retention
    assert [r.title for r in rows] == ["All decks", "Machine learning", "Probability"]
    assert [r.mature.rate for r in rows] == pytest.approx([0.8, 0.7, 0.9])


def test_summary_compares_true_retention_with_the_desired_one(history: History) -> None:
    history.item("a", state="review", stability=40, last_review=NOW, due=NOW + 40 * DAY)
    passes_and_fails(history, "a", passed=3, failed=1, interval_days=30)
    summary = history.report().summary
    assert (summary.true_retention, summary.desired_retention) == (0.75, 0.9)


def test_reviews_per_day_follow_the_rollover_hour(history: History) -> None:
    history.item("a", state="review", stability=5, last_review=NOW, due=NOW + 5 * DAY)
    history.review("a", datetime(2026, 3, 2, 3, 59, tzinfo=UTC), elapsed_ms=1000)
    history.review("a", datetime(2026, 3, 2, 4, 0, tzinfo=UTC), elapsed_ms=2000)
    history.review("a", datetime(2026, 3, 2, 11, 0, tzinfo=UTC), elapsed_ms=3000)
    days = {d.day: (d.reviews, d.time_ms) for d in history.report().days}
    assert days == {date(2026, 3, 1): (1, 1000), TODAY: (2, 5000)}


def test_days_without_reviews_are_listed_with_zeros(history: History) -> None:
    history.item("a", state="review", stability=5, last_review=NOW, due=NOW + 5 * DAY)
    history.review("a", NOW - 3 * DAY)
    report = history.report()
    assert [d.reviews for d in report.days] == [1, 0, 0, 0]
    assert (report.first_day, report.last_day) == (TODAY - timedelta(days=3), TODAY)


def test_ratings_and_first_reviews_are_counted_per_day(history: History) -> None:
    history.item("a", state="review", stability=5, last_review=NOW, due=NOW + 5 * DAY)
    for rating in (1, 1, 2, 3, 4):
        history.review("a", NOW - timedelta(hours=1), rating=rating, queue="review")
    history.review("a", NOW - timedelta(hours=2), rating=3, queue="new")
    day = history.report().days[-1]
    assert (day.again, day.hard, day.good, day.easy, day.new) == (2, 1, 2, 1, 1)


def test_heatmap_covers_the_last_365_days(history: History) -> None:
    history.item("a", state="review", stability=5, last_review=NOW, due=NOW + 5 * DAY)
    history.review("a", NOW - 400 * DAY)
    heatmap = history.report().heatmap
    assert (len(heatmap), heatmap[-1].day, sum(d.reviews for d in heatmap)) == (365, TODAY, 0)


def test_streaks_current_and_longest(history: History) -> None:
    history.item("a", state="review", stability=5, last_review=NOW, due=NOW + 5 * DAY)
    for days_ago in (0, 1, 2, 10, 11, 12, 13, 14, 20):
        history.review("a", NOW - days_ago * DAY)
    streaks = history.report().streaks
    assert (streaks.current, streaks.longest, streaks.days_studied) == (3, 5, 9)


def test_a_day_not_yet_studied_does_not_break_the_streak(history: History) -> None:
    history.item("a", state="review", stability=5, last_review=NOW, due=NOW + 5 * DAY)
    for days_ago in (1, 2):
        history.review("a", NOW - days_ago * DAY)
    assert history.report().streaks.current == 2


def test_a_missed_day_ends_the_streak(history: History) -> None:
    history.item("a", state="review", stability=5, last_review=NOW, due=NOW + 5 * DAY)
    for days_ago in (2, 3):
        history.review("a", NOW - days_ago * DAY)
    assert history.report().streaks.current == 0


def test_forecast_counts_due_items_per_day_with_overdue_today(history: History) -> None:
    for n, due in enumerate((NOW - 3 * DAY, NOW, NOW + DAY, NOW + DAY, NOW + 40 * DAY)):
        history.item(f"i{n}", state="review", stability=5, last_review=NOW - 5 * DAY, due=due)
    history.item("suspended", state="review", stability=5, last_review=NOW, due=NOW, suspended=True)
    history.item("new")
    forecast = history.report().forecast
    assert len(forecast) == 30
    assert (forecast[0].day, forecast[0].due, forecast[1].due) == (TODAY, 2, 2)
    assert sum(f.due for f in forecast) == 4


def test_mean_retrievability_uses_the_fsrs_forgetting_curve(history: History) -> None:
    history.item("a", state="review", stability=10, last_review=NOW - 10 * DAY, due=NOW)
    history.item("b", state="review", stability=10, last_review=NOW, due=NOW + 10 * DAY)
    history.item("new")
    deck = history.report().decks[0]
    assert deck.mean_retrievability == pytest.approx((0.9 + 1.0) / 2)


# The defaults with a faster-forgetting curve (parameter 20, the decay): personal
# parameters the optimiser could find.
PERSONAL = (*FSRS_DEFAULTS[:20], 0.5)


@pytest.mark.parametrize("parameters", [FSRS_DEFAULTS, PERSONAL], ids=["defaults", "personal"])
def test_retrievability_matches_the_fsrs_scheduler(parameters: tuple[float, ...]) -> None:
    scheduler = Scheduler(parameters=parameters)
    curve = ForgettingCurve.of(parameters)
    last = datetime(2026, 1, 1, 9, 30, tzinfo=UTC)
    for stability, elapsed in (
        (0.5, timedelta(hours=30)),
        (12.0, timedelta(days=33)),
        (300.0, timedelta(days=700, hours=23)),
    ):
        card = Card(state=State.Review, stability=stability, difficulty=5, last_review=last)
        expected = scheduler.get_card_retrievability(card, last + elapsed)
        assert curve.retrievability(
            int(elapsed.total_seconds() * 1000), stability
        ) == pytest.approx(expected)


def test_a_scope_has_the_default_curve_unless_given_other_parameters() -> None:
    assert make_scope(4, ReportFilter(), NOW, UTC).curve == ForgettingCurve.of(FSRS_DEFAULTS)
    personal = make_scope(4, ReportFilter(), NOW, UTC, parameters=PERSONAL).curve
    assert personal == ForgettingCurve.of(PERSONAL) != ForgettingCurve.of(FSRS_DEFAULTS)


def test_mastery_counts_states_mature_items_and_leeches(history: History) -> None:
    history.item("new")
    history.item("learning", state="learning", stability=1, last_review=NOW, due=NOW)
    history.item("young", state="review", stability=10, last_review=NOW, due=NOW + 20 * DAY)
    history.item("mature", state="review", stability=30, last_review=NOW, due=NOW + 21 * DAY)
    history.item(
        "leech",
        state="relearning",
        stability=1,
        last_review=NOW,
        due=NOW,
        lapses=8,
        leech=True,
        suspended=True,
    )
    history.item(
        "gone", state="review", stability=30, last_review=NOW, due=NOW + 30 * DAY, retired=True
    )
    deck = history.report().decks[0]
    assert (deck.items, deck.new, deck.learning, deck.review, deck.mature) == (5, 1, 2, 2, 1)
    assert (deck.suspended, deck.leeches, deck.mature_share) == (1, 1, 0.2)


def test_mastery_is_given_per_topic(history: History) -> None:
    history.item("a", topic="boosting")
    history.item("b", topic="boosting")
    history.item("c", topic="bagging")
    topics = history.report().topics
    assert [(t.key, t.items) for t in topics] == [("ml/boosting", 2), ("ml/bagging", 1)]


def test_stability_distribution_buckets(history: History) -> None:
    for n, stability in enumerate((0.5, 3, 3, 15, 50, 200, 800)):
        history.item(f"i{n}", state="review", stability=stability, last_review=NOW, due=NOW)
    history.item("new")
    assert [b.count for b in history.report().stability] == [1, 2, 1, 1, 1, 1]


def test_stability_distribution_per_deck(history: History) -> None:
    history.item("a", deck="ml", state="review", stability=3, last_review=NOW, due=NOW)
    history.item("b", deck="prob", state="review", stability=400, last_review=NOW, due=NOW)
    decks = {d.key: d.stability for d in history.report().decks}
    assert decks == {"ml": (0, 1, 0, 0, 0, 0), "prob": (0, 0, 0, 0, 0, 1)}


def test_weakest_items_by_lapses_retrievability_and_leeches(history: History) -> None:
    history.item("fine", state="review", stability=100, last_review=NOW, due=NOW + 90 * DAY)
    history.item(
        "forgotten", state="review", stability=1, last_review=NOW - 60 * DAY, due=NOW, lapses=1
    )
    history.item(
        "leech",
        state="relearning",
        stability=2,
        last_review=NOW,
        due=NOW,
        lapses=9,
        leech=True,
        suspended=True,
    )
    weakest = history.report().weakest
    assert [w.id for w in weakest.most_lapses] == ["leech", "forgotten"]
    assert [w.id for w in weakest.lowest_retrievability] == ["forgotten"]
    assert [w.id for w in weakest.leeches] == ["leech"]
    assert weakest.leeches[0].label == "Front of leech"


def test_exercise_accuracy_and_mistake_categories(history: History) -> None:
    history.item("ex", kind="exercise", state="review", stability=5, last_review=NOW, due=NOW)
    history.item("der", kind="derivation", state="review", stability=5, last_review=NOW, due=NOW)
    at = NOW - timedelta(hours=1)
    for verdict, mistake in (
        ("correct", None),
        ("correct", "tolerance"),
        ("incorrect", "sign"),
        ("incorrect", "sign"),
        ("incorrect", "constant-factor"),
        ("invalid", None),
    ):
        history.review("ex", at, verdict=verdict, feedback={"message": "m", "mistake": mistake})
    steps = [{"status": "ok"}, {"status": "wrong"}]
    history.review(
        "der",
        at,
        verdict="incorrect",
        feedback={"verdict": "incorrect", "first_wrong_step": 1, "steps": steps},
    )
    history.review("der", at, verdict="correct", feedback={"verdict": "correct", "steps": []})
    report = history.report()
    by_kind = {v.kind: v for v in report.verdicts}
    ex = by_kind["exercise"]
    assert (ex.correct, ex.incorrect, ex.invalid, ex.accuracy) == (2, 3, 1, 0.4)
    assert (by_kind["derivation"].correct, by_kind["derivation"].incorrect) == (1, 1)
    assert [(m.label, m.count) for m in report.mistakes] == [
        ("sign", 2),
        ("constant-factor", 1),
        ("step wrong", 1),
    ]


def test_answer_time_distribution(history: History) -> None:
    history.item("a", state="review", stability=5, last_review=NOW, due=NOW)
    for elapsed in (1000, 4999, 5000, 45_000, 600_000):
        history.review("a", NOW - timedelta(hours=1), elapsed_ms=elapsed)
    counts = {b.label: b.count for b in history.report().answer_times if b.count}
    assert counts == {"< 5 s": 2, "5–10 s": 1, "30–60 s": 1, "≥ 5 min": 1}


def test_deck_filter_limits_reviews_and_items(history: History) -> None:
    history.item("a", deck="ml", state="review", stability=40, last_review=NOW, due=NOW)
    history.item("b", deck="prob", state="review", stability=40, last_review=NOW, due=NOW)
    history.review("a", NOW - timedelta(hours=1))
    history.review("b", NOW - timedelta(hours=1))
    history.review("b", NOW - timedelta(hours=2))
    report = history.report(deck="prob")
    assert (report.summary.reviews, report.summary.items) == (2, 1)
    assert [d.key for d in report.decks] == ["prob"]


def test_date_filter_keeps_inclusive_study_days(history: History) -> None:
    history.item("a", state="review", stability=5, last_review=NOW, due=NOW)
    for days_ago in range(6):
        history.review("a", NOW - days_ago * DAY)
    report = history.report(since=TODAY - timedelta(days=4), until=TODAY - timedelta(days=2))
    assert [(d.day.day, d.reviews) for d in report.days] == [(26, 1), (27, 1), (28, 1)]


def test_empty_database_gives_an_empty_report(history: History) -> None:
    report = history.report()
    assert (report.summary.reviews, report.summary.items, report.summary.true_retention) == (
        0,
        0,
        None,
    )
    assert [d.day for d in report.days] == [TODAY]


def test_calendar_start_of_a_study_day_is_the_rollover_hour() -> None:
    calendar = Calendar(rollover_hour=4, tz=UTC)
    assert calendar.start_of(TODAY) == datetime(2026, 3, 2, 4, tzinfo=UTC)
    assert calendar.day_of(datetime(2026, 3, 2, 3, 59, tzinfo=UTC)) == date(2026, 3, 1)


def test_progress_is_reported_stage_by_stage(history: History) -> None:
    calls: list[tuple[int, int, str]] = []
    engine = history.save()
    with engine.connect() as connection:
        build_report(
            connection,
            history.config.settings,
            now=NOW,
            tz=UTC,
            progress=lambda done, total, stage: calls.append((done, total, stage)),
        )
    engine.dispose()
    assert [done for done, _total, _stage in calls] == list(range(len(STAGES) + 1))
    assert calls[-1] == (len(STAGES), len(STAGES), "done")


def test_study_days_follow_the_local_rollover_across_a_dst_change(history: History) -> None:
    berlin = ZoneInfo("Europe/Berlin")  # clocks go forward at 01:00 UTC on 29 March 2026
    history.item("a", state="review", stability=5, last_review=NOW, due=NOW)
    history.review("a", datetime(2026, 3, 29, 1, 59, tzinfo=UTC))  # 03:59 CEST: still the 28th
    history.review("a", datetime(2026, 3, 29, 2, 0, tzinfo=UTC))  # 04:00 CEST: the 29th
    history.review("a", datetime(2026, 3, 30, 1, 59, tzinfo=UTC))  # 03:59 CEST: the 29th
    now = datetime(2026, 3, 30, 12, tzinfo=UTC)
    days = {d.day.day: d.reviews for d in history.report(now=now, tz=berlin).days}
    assert days == {28: 1, 29: 2, 30: 0}
