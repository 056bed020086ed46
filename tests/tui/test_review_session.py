"""A whole card session through the keyboard: reveal, rate, undo, suspend, finish."""

from __future__ import annotations

from textual.widgets import DataTable, Static
from tui_support import CARDS, DECK, review_rows, settle

from studyapp.tui.screens.finish import FinishScreen
from studyapp.tui.screens.help import HelpScreen
from studyapp.tui.screens.home import HomeScreen
from studyapp.tui.screens.review import ReviewScreen
from studyapp.tui.widgets.card_view import CardView
from studyapp.tui.widgets.rating_bar import RatingBar

SIZE = (100, 30)


async def test_full_session_reveal_rate_undo_finish(cards_app) -> None:
    async with cards_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = cards_app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.item.id == "alpha"
        assert not screen.query_one(CardView).revealed
        assert not screen.query_one(RatingBar).display
        await pilot.press("3")  # rating keys do nothing before the answer is shown
        await settle(pilot)
        assert screen.item.id == "alpha"

        await pilot.press("space")
        assert screen.query_one(CardView).revealed
        await settle(pilot)
        assert "10m" in str(screen.query_one("#rating-good", Static).render())

        await pilot.press("3")
        await settle(pilot)
        assert screen.item.id == "bagging"

        await pilot.press("u")
        await settle(pilot)
        assert screen.item.id == "alpha"
        assert screen.phase == "question"

        for _ in range(2):
            await pilot.press("space", "4")
            await settle(pilot)
        assert isinstance(cards_app.screen, FinishScreen)

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(cards_app.screen, HomeScreen)

    rows = review_rows(cards_app.config)
    assert [(r["item_id"], r["rating"], r["undone_at"] is None) for r in rows] == [
        ("alpha", 3, False),
        ("alpha", 4, True),
        ("bagging", 4, True),
    ]


async def test_enter_rates_good_and_undo_works_after_finishing(cards_app) -> None:
    async with cards_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter", "enter")  # reveal, then accept Good (as in Anki)
        await settle(pilot)
        assert cards_app.screen.item.id == "bagging"
        await pilot.press("space", "4")
        await settle(pilot)
        assert cards_app.screen.item.id == "alpha"  # back from learning (learn-ahead)
        await pilot.press("space", "4")
        await settle(pilot)
        assert isinstance(cards_app.screen, FinishScreen)
        assert [r["rating"] for r in review_rows(cards_app.config)] == [3, 4, 4]
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(cards_app.screen, ReviewScreen)
        assert cards_app.screen.item.id == "alpha"


async def test_suspended_item_leaves_the_queue(cards_app) -> None:
    async with cards_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert cards_app.screen.item.id == "bagging"
        await pilot.press("escape")
        await settle(pilot)
        table = cards_app.screen.query_one(DataTable)
        assert [str(c) for c in table.get_row("ml")][1:5] == ["1", "0", "0", "1"]


async def test_help_lists_the_review_keys_and_closes(cards_app) -> None:
    async with cards_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(cards_app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(cards_app.screen, HomeScreen)


async def test_home_shows_deck_counts_and_content_problems(make_config, clock) -> None:
    from datetime import UTC

    from studyapp.tui.app import create_app

    config = make_config(
        {"ml/deck.md": DECK, "ml/boosting.md": CARDS, "ml/broken.md": "```topic\ntitle: x\n```\n"}
    )
    app = create_app(config, clock=clock, tz=UTC, fuzz=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert [str(c) for c in table.get_row("ml")][:2] == ["机器学习 Machine learning", "2"]
        problems = str(app.screen.query_one("#problem-list", Static).render())
        assert problems.startswith("ml/broken.md:1: error:")

        (config.extra_content_dirs[0] / "ml" / "broken.md").write_text(
            "```topic\nid: fixed\ntitle: Fixed\n```\n\n```cards\nQ: new? {#new}\nA: yes\n```\n"
        )
        await pilot.press("r")
        await settle(pilot)
        assert [str(c) for c in table.get_row("ml")][1] == "3"
        assert not app.screen.query_one("#problems").display


async def test_a_damaged_database_is_explained_not_a_traceback(make_config, clock) -> None:
    from studyapp.tui.app import create_app
    from studyapp.tui.screens.error import ErrorScreen

    config = make_config({"ml/deck.md": DECK})
    config.db_path.write_bytes(b"this is not a database" * 100)
    app = create_app(config, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert str(config.db_path.name) in app.screen.message


async def test_ctrl_c_quits(cards_app) -> None:
    async with cards_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not cards_app.is_running
