"""``find``, ``rate --answer`` and ``mistakes`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_studyapp

from studyapp.cli.browse import KINDS, STATES
from studyapp.store.queries.browse import STATE_CONDITIONS
from studyapp.store.queries.browse import KINDS as STORE_KINDS

CONTENT = """```deck
id: ml
title: Machine learning
```

```topic
id: calculus
title: Calculus
zh: 微积分
```

```cards
Q: What is the derivative of the sigmoid? {#sigmoid-card}
A: σ(1 − σ)
```

```exercise
id: sigmoid-slope
kind: symbolic
prompt: Differentiate sigmoid(x) with respect to x.
var: x real (-oo, oo) sample [-3, 3]
answer: sigmoid(x)*(1 - sigmoid(x))
wrong: sigmoid(x)**2 | squared the sigmoid instead of multiplying by 1 − σ
```

```exercise
id: half-log
kind: symbolic
prompt: Write half the log of y.
var: y real (0, oo)
answer: log(y)/2
wrong: log(y) | forgot the 1/2
```
"""


@pytest.fixture
def studyapp(tmp_path: Path, write_content):
    content = write_content({"ml.md": CONTENT})
    home = tmp_path / "home"

    def run(*args: str, code: int = 0):
        result = run_studyapp(*args, "--home", str(home), "--content", str(content), "--no-bundled")
        assert result.returncode == code, result.stderr
        return result

    return run


def test_the_command_line_offers_the_stores_filters():
    assert set(STATES) == set(STATE_CONDITIONS)
    assert KINDS == STORE_KINDS


def test_find_prints_ranked_matches_as_json(studyapp):
    found = json.loads(studyapp("find", "SIGMOID", "--json").stdout)
    # The exercise names the sigmoid in its prompt, its answer and its id: it ranks first.
    assert [item["id"] for item in found] == ["sigmoid-slope", "sigmoid-card"]
    first = found[1]
    assert {key: first[key] for key in ("deck", "kind", "state", "due", "suspended")} == {
        "deck": "ml",
        "kind": "card",
        "state": "new",
        "due": None,
        "suspended": False,
    }
    assert "sigmoid" in first["text"]


def test_find_filters_and_finds_chinese_terms(studyapp):
    found = json.loads(studyapp("find", "微积分", "--kind", "exercise", "--json").stdout)
    assert {item["id"] for item in found} == {"sigmoid-slope", "half-log"}


def test_find_rejects_an_unknown_deck_in_one_line(studyapp):
    result = studyapp("find", "x", "--deck", "nope", code=2)
    assert result.stderr.strip().splitlines() == ["studyapp: error: no deck 'nope'; decks: ml"]
