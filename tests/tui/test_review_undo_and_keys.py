"""Undo takes back a suspension as well as a review; escape leaves an answer box first."""

from __future__ import annotations

import sqlite3

from textual.widgets import Input, Static
from tui_support import settle

from studyapp.tui.screens.review import ReviewScreen

SIZE = (100, 30)


def suspended(app, item_id: str) -> bool:
    with sqlite3.connect(app.config.db_path) as db:
        return bool(
            db.execute("SELECT suspended FROM items WHERE id = ?", (item_id,)).fetchone()[0]
        )


def where(screen: ReviewScreen) -> str:
    """The top line: deck › topic, then the item's kind and state."""
    parts = (screen.query_one(f"#item-{part}", Static).render() for part in ("where", "kind"))
    return "".join(map(str, parts))


async def test_undo_after_suspend_unsuspends_and_shows_the_item_again(cards_app) -> None:
    async with cards_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("space", "3")  # review alpha: it is now learning
        await settle(pilot)
        screen = cards_app.screen
        assert screen.item.id == "bagging"
        await pilot.press("s")
        await settle(pilot)
        assert suspended(cards_app, "bagging")

        await pilot.press("u")  # takes back the suspension, not alpha's review
        await settle(pilot)
        assert not suspended(cards_app, "bagging")
        assert screen.item.id == "bagging"
        assert "card · new" in where(screen)

        await pilot.press("u")  # then the review
        await settle(pilot)
        assert screen.item.id == "alpha"
        assert "card · new" in where(screen)  # the state it had before that review


async def test_escape_leaves_the_answer_box_before_the_review(exercise_app) -> None:
    async with exercise_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = exercise_app.screen
        assert isinstance(focused := screen.focused, Input)
        await pilot.press("s")  # typed into the answer, not a command
        assert focused.value == "s"
        await pilot.press("escape")
        await settle(pilot)
        assert exercise_app.screen is screen and screen.focused is None
        await pilot.press("s")  # now a command: the exercise is suspended
        await settle(pilot)
        assert suspended(exercise_app, "sigmoid-slope")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(exercise_app.screen, ReviewScreen)
