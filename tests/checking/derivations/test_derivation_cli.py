"""``studyapp grade DERIVATION_ID --steps-file FILE --json`` against a content folder."""

from __future__ import annotations

import json

import pytest

from studyapp.cli import main

DECK = """# Test deck

```deck
id: test-deck
title: Test deck
about: one derivation
```

```topic
id: squares
title: Squares
summary: Expanding a square.
```

```derivation
id: square-derivation
prompt: Expand (x + 1)**2.
var: x real (-oo, oo) sample [-5, 5]
step: given: (x + 1)**2 | the square
step: equal: x**2 + 2*x + 1 | expand
flawed: given: (x + 1)**2 | the square
flawed: equal: x**2 + x + 1 | expand
wrong-step: 2
mistake: Dropped the factor 2 of the cross term.
```
"""


@pytest.fixture
def content(write_content):
    return write_content({"test/deck.md": DECK})


def grade(content, tmp_path, capsys, lines: list[str]) -> dict:
    steps = tmp_path / "steps.txt"
    steps.write_text("\n".join(lines) + "\n", encoding="utf-8")
    argv = ["grade", "square-derivation", "--steps-file", str(steps), "--json"]
    code = main([*argv, "--no-bundled", "--content", str(content)])
    assert code == 0
    return json.loads(capsys.readouterr().out)


def test_correct_lines_from_a_steps_file(content, tmp_path, capsys):
    data = grade(content, tmp_path, capsys, ["(x + 1)**2", "x**2 + 2*x + 1"])
    assert data["verdict"] == "correct"
    assert data["first_wrong_step"] is None
    assert [s["status"] for s in data["steps"]] == ["given", "ok"]


def test_a_wrong_line_from_a_steps_file_is_located(content, tmp_path, capsys):
    data = grade(content, tmp_path, capsys, ["(x + 1)**2", "x**2 + x + 1"])
    assert data["verdict"] == "incorrect"
    assert data["first_wrong_step"] == 1


def test_steps_file_lines_are_numbered_as_in_the_file(content, tmp_path, capsys):
    data = grade(content, tmp_path, capsys, ["(x + 1)**2", "", "x**2 + x + 1"])
    assert (data["first_wrong_step"], data["first_wrong_line"]) == (1, 3)
    # the content's flawed step, so the author's explanation is shown
    assert data["message"].startswith("line 3 is a known mistake: Dropped the factor 2")
    assert [s["line"] for s in data["steps"]] == [1, 3]


def test_human_output_numbers_lines_as_in_the_file(content, tmp_path, capsys):
    steps = tmp_path / "steps.txt"
    steps.write_text("(x + 1)**2\n\nx**2 + x + 1\n", encoding="utf-8")
    argv = ["grade", "square-derivation", "--steps-file", str(steps)]
    assert main([*argv, "--no-bundled", "--content", str(content)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("incorrect: line 3 is a known mistake")
    assert "  3. wrong: " in out
