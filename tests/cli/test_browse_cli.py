"""``find``, ``rate --answer`` and ``mistakes`` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from entry_point import run_studyapp

from studyapp.cli.browse import KINDS, STATES
from studyapp.store.queries.browse import KINDS as STORE_KINDS
from studyapp.store.queries.browse import STATE_CONDITIONS

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


def test_mistakes_since_reads_a_date_as_the_report_does(studyapp):
    result = studyapp("mistakes", "--since", "2026-02-30", code=2)
    assert result.stderr.strip().splitlines()[-1] == (
        "studyapp mistakes: error: argument --since: '2026-02-30' is not a date like 2026-03-01"
    )


def test_rate_grades_the_answer_and_keeps_the_verdict_and_the_mistake(studyapp):
    result = studyapp("rate", "half-log", "again", "--answer", "log(y)", "--json")
    assert json.loads(result.stdout)["verdict"] == "incorrect"
    assert json.loads(result.stdout)["feedback"] == "forgot the 1/2"
    [mistake] = json.loads(studyapp("mistakes", "--json").stdout)
    assert {key: mistake[key] for key in ("exercise", "mistake", "count", "resolved")} == {
        "exercise": "half-log",
        "mistake": "forgot the 1/2",
        "count": 1,
        "resolved": False,
    }


def test_an_unreadable_answer_records_nothing(studyapp):
    result = studyapp("rate", "half-log", "again", "--answer", "log(y", code=2)
    assert "nothing was recorded" in result.stderr
    assert json.loads(studyapp("mistakes", "--json").stdout) == []
    assert "nothing to undo" in studyapp("undo", code=1).stdout


def test_mistakes_are_counted_named_as_told_and_resolved_by_a_right_answer(studyapp):
    for answer in ("log(y)", "log(y)", "2*log(y)"):
        studyapp("rate", "half-log", "again", "--answer", answer)
    studyapp("rate", "sigmoid-slope", "again", "--answer", "sigmoid(x)**2")
    studyapp("rate", "sigmoid-slope", "good", "--answer", "sigmoid(x) - sigmoid(x)^2")
    found = json.loads(studyapp("mistakes", "--json").stdout)
    assert found[0]["exercise"] == "half-log"
    assert (found[0]["mistake"], found[0]["count"], found[0]["resolved"]) == (
        "forgot the 1/2",
        2,
        False,
    )
    assert {(m["exercise"], m["mistake"], m["count"], m["resolved"]) for m in found[1:]} == {
        ("half-log", "your answer is 4× the expected one", 1, False),
        ("sigmoid-slope", "squared the sigmoid instead of multiplying by 1 − σ", 1, True),
    }
    assert all(m["last_seen"] for m in found)
    assert json.loads(studyapp("mistakes", "--since", "2999-01-01", "--json").stdout) == []
    assert "2×  half-log: forgot the 1/2" in studyapp("mistakes").stdout
