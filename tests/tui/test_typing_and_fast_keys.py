"""Keys typed while answering stay in the answer; screens opened and closed fast never crash."""

from __future__ import annotations

from textual.widgets import Input
from tui_support import burst, open_exercise, settle, suspended

from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.review import ReviewScreen

SIZE = (100, 30)


async def test_tab_then_typing_writes_the_answer_and_runs_no_command(exercise_app) -> None:
    async with exercise_app.run_test(size=SIZE) as pilot:
        view = await open_exercise(pilot)
        screen = exercise_app.screen
        await pilot.press("tab", *"sqrt(x)", "shift+tab", "t")
        await settle(pilot)
        assert exercise_app.screen is screen
        assert view.query_one(Input).value == "sqrt(x)t"
        assert screen.focused is view.query_one(Input)
    assert not suspended(exercise_app, "sigmoid-slope")


async def test_after_escape_the_first_tab_goes_back_to_the_answer(exercise_app) -> None:
    async with exercise_app.run_test(size=SIZE) as pilot:
        view = await open_exercise(pilot)
        await pilot.press("x", "escape")
        await settle(pilot)
        assert exercise_app.screen.focused is None
        await pilot.press("tab", "y")
        assert view.query_one(Input).value == "xy"


async def test_quit_then_stats_on_the_home_screen_ends_cleanly(cards_app) -> None:
    async with cards_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(pilot, "q", "t")
        await pilot.pause()
    assert cards_app.return_code == 0


async def back_to_the_decks(pilot) -> None:
    """Esc (paced) until the decks show: whatever the bursts left, the app still obeys."""
    for _ in range(5):
        await settle(pilot)
        if isinstance(pilot.app.screen, HomeScreen):
            return
        await pilot.press("escape")
    raise AssertionError(f"stuck on {pilot.app.screen}")


BURSTS = (
    # From the very first frame: the store may still be opening behind the home screen.
    ("t", "escape", "question_mark", "escape", "enter", "escape"),
    ("enter", "escape", "t", "escape", "enter", "t", "escape", "escape"),
    ("t", "question_mark", "escape", "escape", "enter", "escape", "t", "escape", "enter"),
    # In the exercise: leave the box, suspend (the finish screen), undo, open and close.
    ("enter", "escape", "s", "t", "escape", "u", "question_mark", "escape", "escape"),
    ("enter", "escape", "s", "r", "escape", "enter", "t", "escape", "escape"),
)


async def test_screens_opened_and_closed_without_pause_do_not_crash(exercise_app) -> None:
    async with exercise_app.run_test(size=SIZE) as pilot:
        for keys in BURSTS:
            burst(pilot, *keys)
            await back_to_the_decks(pilot)
        await pilot.press("enter")
        await settle(pilot)
        # How far the bursts got depends on timing: an `s` that landed suspended the only
        # item, and then the decks stay; otherwise the review opens. Either way, it obeys.
        left_suspended = suspended(exercise_app, "sigmoid-slope")
        assert isinstance(exercise_app.screen, HomeScreen if left_suspended else ReviewScreen)
        burst(pilot, "escape", "escape", "t", "question_mark", "escape", "t", "escape", "t")
        await back_to_the_decks(pilot)
        burst(pilot, "t", "q", "t", "question_mark")
        await pilot.pause()
    assert exercise_app.return_code == 0
