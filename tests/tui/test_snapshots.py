"""How the screens look: fixed content, a fixed clock and no interval fuzz keep them stable.

Update after an intended change with ``pytest tests/tui --snapshot-update`` and review the
SVGs in ``__snapshots__`` before committing them.
"""

from __future__ import annotations

from textual.widgets import Input
from tui_support import CARDS, DECK, VARIED, settle

from studyapp.tui.app import create_app

SIZE = (100, 30)
BROKEN = "```topic\ntitle: a topic without an id\n```\n"


def test_home_with_decks_progress_and_problems(snap_compare, make_config, clock) -> None:
    from datetime import UTC

    config = make_config({"ml/deck.md": DECK, "ml/boosting.md": CARDS, "ml/broken.md": BROKEN})
    app = create_app(config, clock=clock, tz=UTC, fuzz=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_card_review_with_chinese_text(snap_compare, cards_app) -> None:
    async def reveal_first_card(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)

    assert snap_compare(cards_app, terminal_size=SIZE, run_before=reveal_first_card)


def test_exercise_verdict_with_feedback(snap_compare, exercise_app) -> None:
    async def answer_wrongly(pilot) -> None:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        pilot.app.screen.query_one(Input).value = "sigmoid(x)**2"
        await settle(pilot, delay=0.3)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(exercise_app, terminal_size=SIZE, run_before=answer_wrongly)


def test_help_screen(snap_compare, cards_app) -> None:
    async def open_help(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(cards_app, terminal_size=(100, 44), run_before=open_help)


def test_browser_with_a_search(snap_compare, cards_app) -> None:
    async def search(pilot) -> None:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press(*"boost")
        await settle(pilot, delay=0.2)
        await pilot.press("enter")  # to the rows: no blinking cursor in the shot
        await settle(pilot)

    assert snap_compare(cards_app, terminal_size=SIZE, run_before=search)


def test_history_of_a_varied_exercise(snap_compare, make_config, clock) -> None:
    from datetime import UTC

    config = make_config({"ml/deck.md": DECK, "ml/sizes.md": VARIED})
    app = create_app(config, clock=clock, tz=UTC, fuzz=False)

    async def open_its_history(pilot) -> None:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("enter", "enter")  # to the rows, then open the row
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_its_history)


def test_browser_with_a_filter_open(snap_compare, cards_app) -> None:
    async def open_the_state_filter(pilot) -> None:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        pilot.app.screen.query_one("#browse-state").focus()
        await pilot.press("enter", "down")
        await settle(pilot)

    assert snap_compare(cards_app, terminal_size=SIZE, run_before=open_the_state_filter)
