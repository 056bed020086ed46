"""The `studyapp grade` contract, through the real entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

DECK = """# Test deck

```deck
id: test-deck
title: Test deck
about: Exercises for the grade command.
```

# Boosting

```topic
id: test-topic
title: Boosting
zh: 提升
seeds: none.txt
summary: A topic for tests.
```

```exercise
id: test-alpha
kind: symbolic
prompt: AdaBoost's classifier weight for weighted error e.
# declare as symbols: e
var: e real (0, 1/2)
answer: (1/2)*log((1 - e)/e)
alt: atanh(1 - 2*e)
alt: log(sqrt((1 - e)/e))
wrong: log((1 - e)/e) | you dropped the 1/2 from the exponential-loss minimiser
wrong: (1/2)*log(e/(1 - e)) | the odds are upside down
```

```exercise
id: test-kfold
kind: numeric
prompt: 5-fold cross-validation on 1,000 examples. How many training examples per model?
given: n = 1000
given: k = 5
reference: n - n // k
answer: 800
tolerance: 0
```
"""


def studyapp(*args: str, stdin: str | None = None, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "studyapp", "--home", str(home), *args],
        input=stdin,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("content")
    (folder / "test.md").write_text(DECK, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("home")


def grade_one(home: Path, content: Path, exercise_id: str, answer: str) -> dict:
    done = studyapp(
        "grade", exercise_id, answer, "--json", "--no-bundled", "--content", str(content), home=home
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_grade_exercise_json_declared_mistake(home, content):
    result = grade_one(home, content, "test-alpha", "log((1-e)/e)")
    assert result["verdict"] == "incorrect"
    assert result["mistake"] == "declared"
    assert "dropped the 1/2" in result["message"]
    assert result["interpreted"] == "log((1 − e)/e)"


def test_grade_numeric_exercise(home, content):
    assert grade_one(home, content, "test-kfold", "800")["verdict"] == "correct"


def test_unknown_exercise_is_a_usage_error(home, content):
    done = studyapp(
        "grade", "nope", "1", "--json", "--no-bundled", "--content", str(content), home=home
    )
    assert done.returncode == 2
    assert "nope" in done.stderr


BATCH = [
    {"expect": "1/2*log((1-e)/e)", "answer": "atanh(1-2*e)", "where": {"e": "(0, 1/2)"}},
    {"expect": "1/2*log((1-e)/e)", "answer": "log((1-e)/e)", "where": {"e": "(0, 1/2)"}},
    "this line is not JSON",
    {"expect": "x"},
    {"expect": "x", "answer": "__import__('os').system('true')", "where": {"x": "real"}},
    {"expect": "(1-1/100)**100", "answer": "0.366", "tol": 0.01},
    {"expect": "n*(n+1)/2", "answer": "sum(k, (k, 1, n))", "where": {"n": "integer >= 1"}},
    {
        "expect": "-log(sigmoid(b*x))",
        "answer": "softplus(-b*x)",
        "where": {"x": "real", "b": "positive"},
    },
    {"steps": ["x**2 + 2*x + 1", "(x + 1)**2"], "where": {"x": "real"}},
    {"steps": "not a list"},
]
EXPECTED = [
    "correct",
    "incorrect",
    "invalid",
    "invalid",
    "invalid",
    "correct",
    None,
    "correct",
    "correct",
    "invalid",
]


def test_batch_writes_one_line_per_input_and_survives_bad_lines(home, tmp_path):
    lines = [item if isinstance(item, str) else json.dumps(item) for item in BATCH]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = studyapp("grade", "--batch", str(batch), home=home)
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == len(BATCH)
    for result, expected in zip(results, EXPECTED, strict=True):
        assert {"verdict", "message", "interpreted"} <= set(result)
        if expected is not None:
            assert result["verdict"] == expected, result
    assert [r["line"] for r in results] == list(range(1, len(BATCH) + 1))


def test_batch_reads_stdin(home):
    line = json.dumps({"expect": "sqrt(12)", "answer": "2*sqrt(3)", "id": "surd"})
    done = studyapp("grade", "--batch", "-", stdin=line + "\n", home=home)
    result = json.loads(done.stdout)
    assert (result["verdict"], result["id"]) == ("correct", "surd"), result


def test_the_human_verdict_line_does_not_repeat_itself(capsys):
    from studyapp.cli.grade import _print_human

    _print_human({"verdict": "correct", "message": "correct", "interpreted": "2·x"})
    _print_human({"verdict": "incorrect", "message": "forgot the 1/2"})
    assert capsys.readouterr().out.splitlines() == [
        "correct",
        "  read as:  2·x",
        "incorrect: forgot the 1/2",
    ]
