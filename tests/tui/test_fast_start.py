"""Starting on a database that is already set up: the first card comes from a quick read
and the store opens behind it, after which the screen is made current."""

from __future__ import annotations

from datetime import UTC

from textual.widgets import DataTable, Static
from tui_support import CARDS, DECK, review_rows, settle

from studyapp.scheduling.service import StudyService
from studyapp.tui.app import create_app
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.review import ReviewScreen
from studyapp.tui.widgets.card_view import CardView

SIZE = (100, 30)


def synced_config(make_config, clock, cards: str = CARDS):
    """A config whose database already holds the content, as after a first session."""
    config = make_config({"ml/deck.md": DECK, "ml/boosting.md": cards})
    with StudyService.open(config, clock, tz=UTC, fuzz=False) as service:
        service.sync()
    return config


async def test_the_review_starts_from_the_quick_read_and_works_once_the_store_opens(
    make_config, clock
) -> None:
    config = synced_config(make_config, clock)
    app = create_app(config, clock=clock, deck_id="ml", tz=UTC, fuzz=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.quick is not None and screen.quick.entry.item.id == "alpha"
        assert screen.item.id == "alpha"
        assert app.backend.service is not None  # opened behind the card
        where = str(screen.query_one("#item-where", Static).render())
        assert "Boosting" in where  # the topic's title arrives with the loaded content

        await pilot.press("space", "3")
        await settle(pilot)
        assert screen.item.id == "bagging"
        assert [row["item_id"] for row in review_rows(config)] == ["alpha"]

        await pilot.press("escape")  # no home screen was made yet: the decks appear
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#decks", DataTable).row_count == 2


async def test_a_card_edited_since_the_last_session_is_shown_as_it_is_now(
    make_config, clock
) -> None:
    config = synced_config(make_config, clock)
    path = config.content_dirs[0] / "ml" / "boosting.md"
    path.write_text(path.read_text(encoding="utf-8").replace("学习器权重", "弱学习器权重"))
    app = create_app(config, clock=clock, deck_id="ml", tz=UTC, fuzz=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        front = str(app.screen.query_one(CardView).query_one("#front", Static).render())
        assert "弱学习器权重" in front


async def test_a_card_deleted_since_the_last_session_is_skipped(make_config, clock) -> None:
    config = synced_config(make_config, clock)
    path = config.content_dirs[0] / "ml" / "boosting.md"
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in text if "alpha" not in line and "α =" not in line))
    app = create_app(config, clock=clock, deck_id="ml", tz=UTC, fuzz=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.item.id == "bagging"


async def test_the_home_screen_fills_from_the_quick_read(make_config, clock) -> None:
    config = synced_config(make_config, clock)
    app = create_app(config, clock=clock, tz=UTC, fuzz=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#decks", DataTable)
        assert table.row_count == 2  # all decks + the one deck
        assert "2 unchanged" in str(app.screen.query_one("#sync-status", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.item.id == "alpha"
