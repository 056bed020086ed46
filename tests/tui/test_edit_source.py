"""`e` hands the terminal to $EDITOR at the item's source line, then shows the edited item.

Pilot's headless driver cannot suspend, so the hand-over test uses a headless driver that
says it can (as Textual's own suspend tests do) and a fake editor that records its argv
and rewrites the card, the way a learner would.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from textual.drivers.headless_driver import HeadlessDriver
from tui_support import settle

from studyapp.tui.screens.review import ReviewScreen
from studyapp.tui.widgets.card_view import CardView

SIZE = (100, 30)
OLD_FRONT = "什么是 AdaBoost 的学习器权重 α?"
NEW_FRONT = "How is AdaBoost's learner weight α computed?"
# The editor's name decides how the line is passed; "vim" takes +LINE FILE.
FAKE_EDITOR = f"""#!{sys.executable}
import json, pathlib, sys
pathlib.Path(__file__).with_name("argv.json").write_text(json.dumps(sys.argv[1:]))
source = pathlib.Path(sys.argv[-1])
source.write_text(source.read_text(encoding="utf-8").replace({OLD_FRONT!r}, {NEW_FRONT!r}), encoding="utf-8")
"""


class SuspendableHeadlessDriver(HeadlessDriver):
    """Headless, but lets ``App.suspend`` run its block (there is no terminal to restore)."""

    @property
    def is_headless(self) -> bool:
        return False

    @property
    def can_suspend(self) -> bool:
        return True

    def start_application_mode(self) -> None:
        pass

    def stop_application_mode(self) -> None:
        pass


@pytest.fixture
def fake_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "editor"
    folder.mkdir()
    script = folder / "vim"
    script.write_text(FAKE_EDITOR, encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    return folder / "argv.json"


def front(screen: ReviewScreen) -> str:
    return str(screen.query_one(CardView).query_one("#front").render())


async def test_edit_opens_the_source_line_and_shows_the_edited_card(cards_app, fake_editor) -> None:
    cards_app.driver_class = SuspendableHeadlessDriver
    async with cards_app.run_test(size=SIZE, headless=False) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = cards_app.screen
        assert isinstance(screen, ReviewScreen) and front(screen) == OLD_FRONT
        path = Path(screen.item.source.path).resolve()
        question_line = (
            path.read_text(encoding="utf-8").splitlines().index(f"Q: {OLD_FRONT} {{#alpha}}")
        )
        await pilot.press("e")
        await settle(pilot)
        assert json.loads(fake_editor.read_text()) == [f"+{question_line + 1}", str(path)]
        assert screen.item.id == "alpha"
        assert front(screen) == NEW_FRONT


async def test_edit_says_so_when_the_terminal_cannot_hand_over(cards_app, fake_editor) -> None:
    async with cards_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        messages = [n.message for n in cards_app._notifications]
        assert "This terminal cannot hand over to an editor." in messages
        assert not fake_editor.exists()
        assert front(cards_app.screen) == OLD_FRONT
