"""``studyapp check``: the content lint and self-test, through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

from entry_point import run_studyapp

REPO = Path(__file__).resolve().parents[2]

DECK = "```deck\nid: d\ntitle: D\n```\n"
TOPIC = """```topic
id: t
title: Topic (主题)
```

```cards
Q: A card without an id
A: yes
```

```exercise
id: half-log
kind: symbolic
prompt: Give alpha.
var: e real (0, 1/2)
answer: log((1 - e)/e)/2
alt: atanh(1 - 2*e)
wrong: log((1 - e)/e) | dropped the half
```
"""


def test_bundled_content_passes_check_with_zero_problems():
    result = run_studyapp("check", str(REPO / "content"), "--json", timeout=900)
    report = json.loads(result.stdout)
    assert report["problems"] == [] and result.returncode == 0, result.stderr[-2000:]
    assert len(report["decks"]) >= 9


def test_check_reports_path_line_and_fails(write_content):
    root = write_content({"d/deck.md": DECK, "d/t.md": TOPIC.replace("answer: log((1 - e)/e)/2", "answer: log((1 - e)/e)")})
    result = run_studyapp("check", str(root))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any("t.md:7: warning: no stable id" in line for line in lines), lines
    # The canonical answer now equals the declared wrong answer: the self-test must say so.
    assert any("t.md:11" in line and "alt `atanh(1 - 2*e)` is graded incorrect" in line for line in lines), lines


def test_check_fix_pins_ids_and_then_passes(write_content):
    root = write_content({"d/deck.md": DECK, "d/t.md": TOPIC})
    fixed = run_studyapp("check", "--fix", str(root), "--json")
    assert json.loads(fixed.stdout)["fixed_ids"] == 1
    assert "{#t-" in (root / "d" / "t.md").read_text()
    again = run_studyapp("check", str(root))
    assert again.returncode == 0, again.stdout
    assert "checked 1 deck, 2 items: 0 errors, 0 warnings" in again.stdout
