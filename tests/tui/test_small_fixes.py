"""Small things a first session found: a stale verdict, silent keys, a cramped top line."""

from __future__ import annotations

import threading
from datetime import UTC

from rich.cells import cell_len
from textual.widgets import DataTable, Input, Static
from tui_support import CARDS, DECK, EXERCISE, VARIED, open_exercise, settle, submit, verdict_text

from studyapp.tui.app import create_app
from studyapp.tui.screens.finish import FinishScreen
from studyapp.tui.screens.review import ReviewScreen

SIZE = (100, 30)
NARROW = (80, 24)
LONG_DECK = DECK.replace("机器学习 Machine learning", "Parameter-efficient fine-tuning of models")


def said(app) -> list[str]:
    """The app's notifications from now on, as text."""
    messages: list[str] = []
    original = app.notify

    def notify(message: str, **options) -> None:
        messages.append(str(message))
        original(message, **options)

    app.notify = notify
    return messages


async def test_a_new_answer_clears_the_previous_verdict(exercise_app) -> None:
    async with exercise_app.run_test(size=SIZE) as pilot:
        view = await open_exercise(pilot)
        await submit(pilot, view, "sigmoid(x")  # unreadable: the learner may try again
        assert "Could not read" in verdict_text(view)
        await pilot.press(")")
        await settle(pilot)
        assert verdict_text(view) == ""
        assert view.query_one(Input).value == "sigmoid(x)"


async def test_a_hint_asked_of_an_exercise_without_hints_says_so(make_config, clock) -> None:
    app = create_app(make_config({"ml/deck.md": DECK, "ml/sizes.md": VARIED}), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_exercise(pilot)
        messages = said(app)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert messages == ["This exercise has no hints."]


async def test_r_on_the_finish_screen_says_when_nothing_is_due(cards_app) -> None:
    async with cards_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for _ in range(2):
            await pilot.press("space", "4")
            await settle(pilot)
        screen = cards_app.screen
        assert isinstance(screen, FinishScreen)
        messages = said(cards_app)
        await pilot.press("r")
        await settle(pilot)
        assert cards_app.screen is screen
        assert messages and messages[0].startswith("Nothing is due yet")


async def test_enter_pressed_while_the_store_opens_starts_the_review(
    cards_app, monkeypatch
) -> None:
    from studyapp.scheduling.service import StudyService

    opened = threading.Event()
    slow_open = StudyService.open.__func__

    def open_when_allowed(cls, *args, **kwargs) -> StudyService:
        opened.wait(timeout=30)
        return slow_open(cls, *args, **kwargs)

    monkeypatch.setattr(StudyService, "open", classmethod(open_when_allowed))
    async with cards_app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # first run: no quick read, the decks are not known yet
        home = cards_app.screen
        assert not home.ready and "the review starts next" in str(
            home.query_one("#progress", Static).render()
        )
        opened.set()
        await settle(pilot)
        assert isinstance(cards_app.screen, ReviewScreen)
        assert cards_app.screen.item.id == "alpha"


async def test_r_pressed_while_the_store_opens_says_why_it_waits(cards_app) -> None:
    async with cards_app.run_test(size=SIZE) as pilot:
        messages = said(cards_app)
        await pilot.press("r")
        assert messages == ["The content is still being loaded; r works once it is."]


async def test_at_80_columns_the_deck_table_shows_every_column(make_config, clock) -> None:
    config = make_config({"ml/deck.md": LONG_DECK, "ml/boosting.md": CARDS})
    app = create_app(config, clock=clock, tz=UTC, fuzz=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#decks", DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert str(table.get_row("ml")[0]).endswith("…")  # the long title is cut instead


async def test_at_80_columns_the_top_line_keeps_the_items_state(make_config, clock) -> None:
    config = make_config({"ml/deck.md": LONG_DECK, "ml/calculus.md": EXERCISE})
    app = create_app(config, clock=clock, tz=UTC, fuzz=False)
    async with app.run_test(size=NARROW) as pilot:
        await open_exercise(pilot)
        kind = app.screen.query_one("#item-kind", Static)
        text = str(kind.render())
        assert text.endswith("exercise · new")
        assert kind.region.width == cell_len(text) and kind.region.right <= NARROW[0]
