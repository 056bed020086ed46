"""The browser through Pilot: open it, type, filter, act on a row, undo, see the history."""

from __future__ import annotations

import io
from datetime import UTC

from rich.console import Console
from textual.widgets import Input, Static
from tui_support import CARDS, DECK, EXERCISE, VARIED, settle

from studyapp.scheduling import Rating
from studyapp.tui.app import create_app
from studyapp.tui.screens.browser import BrowserScreen
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.item_history import ItemHistoryScreen
from studyapp.tui.screens.review import ReviewScreen
from studyapp.tui.widgets.filter_choice import ChoiceList, FilterChoice
from studyapp.tui.widgets.item_rows import ItemRows


def rendered(renderable) -> str:
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def listed(app) -> list[str]:
    return list(app.screen.rows)


async def open_browser(pilot) -> BrowserScreen:
    await settle(pilot)
    await pilot.press("b")
    await settle(pilot)
    assert isinstance(pilot.app.screen, BrowserScreen)
    return pilot.app.screen


def browse_app(make_config, clock):
    config = make_config({"ml/deck.md": DECK, "ml/boosting.md": CARDS, "ml/calc.md": EXERCISE})
    return create_app(config, clock=clock, tz=UTC, fuzz=False)


async def test_b_opens_the_browser_listing_every_item_in_content_order(make_config, clock):
    app = browse_app(make_config, clock)
    async with app.run_test() as pilot:
        await open_browser(pilot)
        assert listed(app) == ["alpha", "bagging", "sigmoid-slope"]
        assert "Items 1–3 of 3" in str(app.screen.query_one("#browse-status", Static).render())


async def test_typing_narrows_the_list_and_letters_are_never_commands(make_config, clock):
    app = browse_app(make_config, clock)
    async with app.run_test() as pilot:
        await open_browser(pilot)
        await pilot.press(*"sigmoid")  # s, i, ...: text in the search box, not suspend
        await settle(pilot, delay=0.2)
        assert app.screen.query_one("#browse-search", Input).value == "sigmoid"
        assert listed(app) == ["sigmoid-slope"]
        assert not app.screen.rows["sigmoid-slope"].suspended
        await pilot.press("backspace", *" 学习")
        await settle(pilot, delay=0.2)
        assert listed(app) == []  # "sigmoi 学习" has no item with both
        app.screen.query_one("#browse-search", Input).value = "学习"
        await settle(pilot, delay=0.2)
        assert listed(app) == ["alpha"]


async def test_filters_narrow_the_list(make_config, clock):
    app = browse_app(make_config, clock)
    async with app.run_test() as pilot:
        screen = await open_browser(pilot)
        screen.query_one("#browse-kind", FilterChoice).value = "exercise"
        await settle(pilot)
        assert listed(app) == ["sigmoid-slope"]
        screen.query_one("#browse-kind", FilterChoice).clear()
        screen.query_one("#browse-state", FilterChoice).value = "suspended"
        await settle(pilot)
        assert listed(app) == []


async def test_a_filter_opens_its_list_with_enter_and_filters_by_the_choice(make_config, clock):
    app = browse_app(make_config, clock)
    async with app.run_test() as pilot:
        screen = await open_browser(pilot)
        screen.query_one("#browse-kind", FilterChoice).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceList)
        await pilot.press("down", "down", "enter")  # any kind, card, exercise
        await settle(pilot)
        assert app.screen is screen
        assert screen.query_one("#browse-kind", FilterChoice).value == "exercise"
        assert listed(app) == ["sigmoid-slope"]
        await pilot.press("enter", "escape")  # opened, then left without a choice
        await settle(pilot)
        assert app.screen is screen and listed(app) == ["sigmoid-slope"]


async def test_the_deck_filter_offers_the_decks(make_config, clock):
    app = browse_app(make_config, clock)
    async with app.run_test() as pilot:
        screen = await open_browser(pilot)
        assert screen.query_one("#browse-deck", FilterChoice).options == [
            ("机器学习 Machine learning", "ml")
        ]


async def test_suspend_and_forget_a_row_then_undo_both(make_config, clock):
    app = browse_app(make_config, clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        service = await app.backend.open()
        await app.backend.call(service.rate, "bagging", Rating.Good, 1000)
        await open_browser(pilot)
        await pilot.press("down")  # from the search box to the rows
        await pilot.press("down")  # the second row: bagging
        await pilot.press("s")
        await settle(pilot)
        assert app.screen.rows["bagging"].suspended
        await pilot.press("r")
        await settle(pilot)
        assert app.screen.rows["bagging"].state == 0  # new again
        assert await app.backend.call(service.history, "bagging")  # the history is kept
        await pilot.press("u")
        await settle(pilot)
        assert app.screen.rows["bagging"].state != 0
        await pilot.press("u")
        await settle(pilot)
        assert not app.screen.rows["bagging"].suspended
        assert await app.backend.call(service.queue_label, "bagging") == "learning"


async def test_enter_shows_the_item_with_its_graded_answers(make_config, clock):
    app = browse_app(make_config, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        service = await app.backend.open()
        feedback = {"message": "squared the sigmoid", "mistake": "declared"}
        await app.backend.call(
            service.rate,
            "sigmoid-slope",
            Rating.Again,
            1000,
            answer="sigmoid(x)**2",
            verdict="incorrect",
            feedback=feedback,
        )
        await open_browser(pilot)
        app.screen.query_one("#browse-search", Input).value = "sigmoid"
        await settle(pilot, delay=0.2)
        await pilot.press("enter", "enter")  # to the rows, then open the row
        await settle(pilot)
        assert isinstance(app.screen, ItemHistoryScreen)
        shown = rendered(app.screen.query_one("#history-reviews", Static).content)
        assert "sigmoid(x)**2" in shown and "incorrect" in shown
        assert "squared the sigmoid" in shown and "Again" in shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)


async def test_b_from_a_review_opens_the_browser_and_esc_returns_to_it(make_config, clock):
    app = browse_app(make_config, clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BrowserScreen)
        await pilot.press("escape", "escape")  # out of the search box, then back
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)


async def test_opening_and_closing_fast_never_crashes(make_config, clock):
    app = browse_app(make_config, clock)
    async with app.run_test() as pilot:
        await settle(pilot)
        for _ in range(3):
            await pilot.press("b", "x", "escape", "escape", "b", "down", "enter", "escape")
            await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, HomeScreen)
        assert not [n for n in app._notifications if n.severity == "error"]


async def test_paging_reads_the_next_window_of_rows(make_config, clock, monkeypatch):
    monkeypatch.setattr("studyapp.tui.screens.browser.PAGE_ROWS", 2)
    app = browse_app(make_config, clock)
    async with app.run_test() as pilot:
        await open_browser(pilot)
        assert listed(app) == ["alpha", "bagging"]
        assert app.screen.query_one("#browse-rows", ItemRows).row_count == 2
        await pilot.press("pagedown")
        await settle(pilot)
        assert listed(app) == ["sigmoid-slope"]
        await pilot.press("pageup")
        await settle(pilot)
        assert listed(app) == ["alpha", "bagging"]


CALCULUS_CARD = """
```cards
Q: What is the derivative of the sigmoid? {#sigmoid-card}
A: σ(1 − σ)
```
"""


async def test_m_reviews_the_exercises_with_repeated_mistakes_and_their_topics_cards(
    make_config, clock
):
    files = {"ml/deck.md": DECK, "ml/boosting.md": CARDS, "ml/calc.md": EXERCISE + CALCULUS_CARD}
    app = create_app(make_config(files), clock=clock, tz=UTC, fuzz=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        service = await app.backend.open()
        feedback = {"message": "squared the sigmoid", "mistake": "declared"}
        for _ in range(2):
            await app.backend.call(
                service.rate,
                "sigmoid-slope",
                Rating.Again,
                1000,
                answer="sigmoid(x)**2",
                verdict="incorrect",
                feedback=feedback,
            )
        app.screen.refresh_summary()
        await settle(pilot)
        assert "2 items" in str(app.screen.query_one("#mistakes", Static).render())
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.item.id == "sigmoid-card"  # the topic's card first, then the exercise
        await pilot.press("space", "3")
        await settle(pilot)
        assert app.screen.item.id == "sigmoid-slope"
        await pilot.press("escape", "escape")  # out of the answer box, then to the decks
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        # Nothing outside the mistakes review was touched.
        assert await app.backend.call(service.queue_label, "bagging") == "new"


async def test_a_varied_exercise_is_listed_and_shown_with_its_own_values(make_config, clock):
    config = make_config({"ml/deck.md": DECK, "ml/sizes.md": VARIED})
    app = create_app(config, clock=clock, tz=UTC, fuzz=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_browser(pilot)
        row = screen.rows["rectangle-area"]
        assert row.text.startswith("A rectangle has width w = 3 and height h = 4.")
        await pilot.press("enter", "enter")  # to the rows, then open the row
        await settle(pilot)
        assert isinstance(app.screen, ItemHistoryScreen)
        shown = rendered(app.screen.query_one("#history-item", Static).content)
        assert "A rectangle has width w = 3 and height h = 4. What is its area?" in shown
        assert "{" not in shown
        assert "each review draws new ones" in shown
