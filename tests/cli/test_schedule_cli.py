"""The study commands through the real entry point, as a user or a script runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

TOPIC = """```deck
id: ml
title: Machine learning
```

```topic
id: boosting
title: Boosting
```

```cards
Q: What does bagging reduce? {#bagging}
A: Variance.
Q: What does boosting reduce? {#boosting-bias}
A: Bias.
```
"""


@pytest.fixture
def run(tmp_path: Path, write_content):
    content = write_content({"ml.md": TOPIC})
    home = tmp_path / "home"

    def studyapp(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "studyapp",
                *args,
                "--home",
                str(home),
                "--content",
                str(content),
                "--no-bundled",
            ],
            capture_output=True,
            check=False,
            text=True,
            timeout=60,
        )
        if check:
            assert result.returncode == 0, result.stderr
        return result

    studyapp.home = home  # type: ignore[attr-defined]
    return studyapp


def due_json(run) -> list[dict]:
    return json.loads(run("due", "--json").stdout)


def test_due_lists_id_deck_kind_and_due_time_as_json_after_sync(run):
    assert json.loads(run("sync", "--json").stdout)["added"] == 2
    entries = due_json(run)
    assert [e["id"] for e in entries] == ["bagging", "boosting-bias"]
    assert set(entries[0]) >= {"id", "deck", "kind", "due"}
    assert entries[0]["deck"] == "ml" and entries[0]["kind"] == "card"


def test_rate_then_undo_round_trips(run):
    rated = json.loads(run("rate", "bagging", "easy", "--json").stdout)
    assert rated["id"] == "bagging" and rated["state_before"] == "new"
    assert [e["id"] for e in due_json(run)] == ["boosting-bias"]
    assert "bagging" in run("undo").stdout
    assert [e["id"] for e in due_json(run)] == ["bagging", "boosting-bias"]


def test_undo_with_nothing_to_undo_says_so(run):
    result = run("undo", check=False)
    assert result.returncode == 1 and "nothing to undo" in result.stdout


def test_a_suspended_item_is_not_due(run):
    run("sync")
    run("suspend", "bagging")
    assert [e["id"] for e in due_json(run)] == ["boosting-bias"]


def test_rating_an_unknown_id_is_a_clear_error(run):
    result = run("rate", "no-such-card", "good", check=False)
    assert result.returncode == 2
    assert "no-such-card" in result.stderr and "Traceback" not in result.stderr


def test_backup_then_restore_latest_brings_the_old_state_back(run):
    run("sync")
    assert "backed up to" in run("backup").stdout
    run("rate", "bagging", "easy")
    assert "brought back 1 review made after" in run("restore", "--latest").stdout
    assert len(due_json(run)) == 1  # the review made after the backup is kept
    assert "restored" in run("restore", "--latest", "--without-journal").stdout
    assert len(due_json(run)) == 2


def test_a_damaged_database_gives_a_message_not_a_traceback(run):
    run("sync")
    run("backup")
    db = run.home / "studyapp.sqlite3"
    for extra in db.parent.glob("studyapp.sqlite3-*"):
        extra.unlink()
    db.write_bytes(b"not sqlite at all" * 100)
    result = run("due", check=False)
    assert result.returncode == 2
    assert "studyapp restore --latest" in result.stderr and "Traceback" not in result.stderr


def due_in_process(home: Path, content: Path, *args: str) -> int:
    from studyapp.cli import main

    return main(["due", *args, "--home", str(home), "--content", str(content), "--no-bundled"])


def test_due_for_an_unknown_deck_names_the_decks(tmp_path, write_content, capsys):
    content = write_content({"ml.md": TOPIC})
    with pytest.raises(SystemExit) as exit_info:
        due_in_process(tmp_path / "home", content, "--deck", "nosuch")
    assert exit_info.value.code == 2
    assert "no deck 'nosuch'; decks: ml" in capsys.readouterr().err


def test_due_lines_keep_the_id_column_aligned_across_decks(tmp_path, write_content, capsys):
    content = write_content({"ml.md": TOPIC, "prob.md": LONG_DECK})
    assert due_in_process(tmp_path / "home", content) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[-1] for line in lines] == ["bagging", "boosting-bias", "prior"]
    assert len({line.index(line.split()[-1]) for line in lines}) == 1


def test_a_reader_that_closes_the_pipe_early_gets_no_traceback(tmp_path, write_content):
    content = write_content({"ml.md": TOPIC})
    command = [sys.executable, "-m", "studyapp", "due", "--home", str(tmp_path / "home")]
    command += ["--content", str(content), "--no-bundled"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # like `| head -0`: gone before studyapp writes anything
    stderr = process.communicate(timeout=60)[1].decode()
    assert "BrokenPipeError" not in stderr and process.returncode == 141


LONG_DECK = """```deck
id: probability-and-statistics
title: Probability
```

```topic
id: bayes
title: Bayes
```

```cards
Q: What is updated into the posterior? {#prior}
A: The prior.
```
"""


def test_due_mentions_content_problems_on_stderr(tmp_path, write_content, capsys):
    content = write_content({"ml.md": TOPIC, "broken.md": "```cards\nQ: left open {#open}\n"})
    assert due_in_process(tmp_path / "home", content) == 0
    captured = capsys.readouterr()
    assert "content problem" in captured.err and "`studyapp sync` lists them" in captured.err
    assert "bagging" in captured.out


def test_rating_a_suspended_item_is_refused(tmp_path, write_content, capsys):
    from studyapp.cli import main

    content = write_content({"ml.md": TOPIC})
    common = ["--home", str(tmp_path / "home"), "--content", str(content), "--no-bundled"]
    assert main(["suspend", "bagging", *common]) == 0  # on a fresh home: suspend syncs first
    with pytest.raises(SystemExit) as exit_info:
        main(["rate", "bagging", "good", *common])
    assert exit_info.value.code == 2
    assert "bagging is suspended; `studyapp unsuspend bagging` first" in capsys.readouterr().err
