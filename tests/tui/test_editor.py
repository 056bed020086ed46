from pathlib import Path

import pytest

from studyapp.tui.editor import editor_command, resolve_source

FILE = Path("/notes/deck.md")


@pytest.mark.parametrize(
    ("editor", "command"),
    [
        ("vim", ["vim", "+12", "/notes/deck.md"]),
        ("/usr/bin/nano", ["/usr/bin/nano", "+12", "/notes/deck.md"]),
        ("emacsclient -t", ["emacsclient", "-t", "+12", "/notes/deck.md"]),
        ("code --wait", ["code", "--wait", "--goto", "/notes/deck.md:12"]),
        ("hx", ["hx", "/notes/deck.md:12"]),
        ("unknown-editor", ["unknown-editor", "/notes/deck.md"]),
    ],
)
def test_editor_command_jumps_to_the_line(editor: str, command: list[str]) -> None:
    assert editor_command(FILE, 12, {"EDITOR": editor}) == command


def test_visual_wins_over_editor_and_vi_is_the_fallback() -> None:
    assert editor_command(FILE, 3, {"VISUAL": "nvim", "EDITOR": "nano"})[0] == "nvim"
    assert editor_command(FILE, 3, {})[0] == "vi"


def test_relative_sources_are_found_under_the_content_folders(tmp_path: Path) -> None:
    (tmp_path / "deck").mkdir()
    (tmp_path / "deck" / "a.md").write_text("x")
    assert resolve_source("deck/a.md", [tmp_path / "none", tmp_path]) == tmp_path / "deck" / "a.md"
    assert resolve_source(str(tmp_path / "missing.md"), [tmp_path]) is None
