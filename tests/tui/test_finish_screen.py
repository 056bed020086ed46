"""The finish screen: when to come back and what was done today."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, timedelta

from textual.widgets import Static
from tui_support import CARDS, DECK, NOW, settle

from studyapp.scheduling.day import study_day
from studyapp.scheduling.reader import DayProgress, Upcoming
from studyapp.tui.app import create_app
from studyapp.tui.screens.finish import FinishScreen, done_text, next_text
from studyapp.tui.screens.review import ReviewScreen

SIZE = (100, 30)
TODAY = study_day(NOW, 4, UTC)


def upcoming(**fields) -> Upcoming:
    nothing = Upcoming(0, None, 0, False, None, 0, 0)
    return replace(nothing, **fields)


def later_day(days: int):
    return study_day(TODAY.start + timedelta(days=days, hours=1), 4, UTC)


def test_learning_later_today_comes_first_with_the_wait() -> None:
    text = next_text(upcoming(learning=3, learning_at=NOW + timedelta(minutes=42)), NOW)
    assert text.splitlines()[0] == "Next: 3 learning items in 42 min."


def test_a_learning_step_inside_the_learn_ahead_window_is_ready_now() -> None:
    text = next_text(upcoming(learning=1, learning_at=NOW + timedelta(minutes=5)), NOW)
    assert text == "Next: 1 learning item, ready now (r to review)."


def test_long_waits_read_in_hours() -> None:
    text = next_text(upcoming(learning=1, learning_at=NOW + timedelta(hours=2, minutes=5)), NOW)
    assert text == "Next: 1 learning item in 2 h 5 min."


def test_the_next_review_day_is_tomorrow_or_counted_in_days() -> None:
    tomorrow = upcoming(next_day=later_day(1), next_day_count=47, days_ahead=1)
    assert next_text(tomorrow, NOW) == "Next reviews due tomorrow: 47 items."
    later = upcoming(next_day=later_day(3), next_day_count=1, days_ahead=3)
    assert next_text(later, NOW, UTC) == "Next reviews due in 3 days (Thu 5 Mar): 1 item."


def test_held_back_reviews_and_new_items_are_explained() -> None:
    text = next_text(upcoming(held_back=1, new_waiting=True), NOW)
    assert text.splitlines() == [
        "No reviews are scheduled yet.",
        "1 review due today wait for tomorrow "
        + "(the daily review limit, or a sibling was reviewed today).",
        "More new items tomorrow: today's limit for new items is reached.",
    ]


def test_the_day_in_figures() -> None:
    progress = DayProgress(reviews=12, new_seen=5, again=2, time_spent=timedelta(seconds=485))
    assert done_text(progress) == "Today: 12 reviews (5 new) in 8m 5s; 2 answered Again."
    one = DayProgress(reviews=1, new_seen=1, again=0, time_spent=timedelta(seconds=9))
    assert done_text(one) == "Today: 1 review (1 new) in 9s; none answered Again."
    assert done_text(DayProgress(0, 0, 0, timedelta(0))) == "Nothing reviewed yet today."


async def test_finishing_a_session_says_when_to_come_back(cards_app) -> None:
    async with cards_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for _ in range(2):
            await pilot.press("space", "4")
            await settle(pilot)
        screen = cards_app.screen
        assert isinstance(screen, FinishScreen)
        next_line = str(screen.query_one("#finish-next", Static).render())
        assert next_line.startswith("Next reviews due ") and next_line.endswith(": 2 items.")
        done = str(screen.query_one("#finish-progress", Static).render())
        assert done.startswith("Today: 2 reviews (2 new) in ")


async def test_a_learning_step_is_next_and_r_reviews_it_once_ready(make_config) -> None:
    config = make_config({"ml/deck.md": DECK, "ml/boosting.md": CARDS})
    config = replace(config, settings=replace(config.settings, learning_steps_minutes=(60,)))
    now = [NOW]
    app = create_app(config, clock=lambda: now[0], tz=UTC, fuzz=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("space", "1")  # alpha: Again, back in 60 min
        await settle(pilot)
        await pilot.press("space", "4")  # bagging: Easy
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FinishScreen)
        next_line = str(screen.query_one("#finish-next", Static).render())
        assert next_line.splitlines()[0] == "Next: 1 learning item in 1 h."
        now[0] = NOW + timedelta(minutes=45)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen) and app.screen.item.id == "alpha"


def test_finish_screen_snapshot(snap_compare, cards_app) -> None:
    """Reviews are recorded through the service, so the time spent is fixed, not measured."""

    async def finish(pilot) -> None:
        await settle(pilot)
        backend = pilot.app.backend
        await backend.call(backend.service.rate, "alpha", 4, 65_000)
        await backend.call(backend.service.rate, "bagging", 1, 5_000)
        pilot.app.push_screen(FinishScreen(None))
        await settle(pilot)

    assert snap_compare(cards_app, terminal_size=SIZE, run_before=finish)
