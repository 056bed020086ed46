"""``studyapp optimize`` through the real entry point."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from entry_point import run_studyapp
from fsrs_support import learner_log, write_reviews

from studyapp.config import DB_FILENAME
from studyapp.store.schema_head import HEAD_REVISION

ITEMS = 300
KEYS = {
    "reviews",
    "parameters",
    "log_loss_before",
    "log_loss_after",
    "rmse_before",
    "rmse_after",
    "seconds",
    "adopted",
}


def deck_file(items: int) -> str:
    cards = "\n".join(f"Q: Question {n}? {{#c{n}}}\nA: Answer {n}." for n in range(items))
    return (
        "```deck\nid: ml\ntitle: Machine learning\n```\n\n"
        "```topic\nid: t\ntitle: Topic\n```\n\n"
        f"```cards\n{cards}\n```\n"
    )


@pytest.fixture
def studyapp(tmp_path: Path, write_content):
    content = write_content({"ml.md": deck_file(ITEMS)})
    home = tmp_path / "home"
    where = ("--home", str(home), "--content", str(content), "--no-bundled")

    def run(*args: str, code: int = 0):
        result = run_studyapp(*args, *where)
        assert result.returncode == code, result.stderr
        return result

    run("sync")
    run.db_path = home / DB_FILENAME  # type: ignore[attr-defined]
    return run


def last_json(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


def test_optimize_json_fits_and_adopts_parameters_on_a_long_history(studyapp):
    ids = [f"c{n}" for n in range(ITEMS)]
    write_reviews(studyapp.db_path, learner_log(ids, 10, datetime.now(UTC)))
    result = last_json(studyapp("optimize", "--json").stdout)
    assert KEYS <= set(result)
    assert len(result["parameters"]) == 21 and all(
        isinstance(p, float) for p in result["parameters"]
    )
    assert result["adopted"] is True and result["reviews"] >= 3000
    assert result["log_loss_after"] < result["log_loss_before"]
    reverted = last_json(studyapp("optimize", "--revert", "--json").stdout)
    assert reverted["reverted"] is True and reverted["defaults"] is True


def test_optimize_on_a_short_history_says_why_it_keeps_the_defaults(studyapp):
    ids = [f"c{n}" for n in range(10)]
    write_reviews(studyapp.db_path, learner_log(ids, 5, datetime.now(UTC)))
    out = studyapp("optimize").stdout
    assert "not adopted: not enough history yet" in out


def test_optimize_retention_shows_reviews_per_day_for_each_retention(studyapp):
    result = last_json(studyapp("optimize", "--retention", "--json").stdout)
    retentions = [row["retention"] for row in result["retentions"]]
    assert 0.9 in retentions and len(result["retentions"][0]["reviews_per_day_by_month"]) == 6
    by_retention = {row["retention"]: row for row in result["retentions"]}
    assert sum(by_retention[0.97]["reviews_per_day_by_month"]) > sum(
        by_retention[0.8]["reviews_per_day_by_month"]
    )


def test_optimize_an_unknown_deck_is_a_one_line_error(studyapp):
    result = studyapp("optimize", "--deck", "nope", code=2)
    assert result.stderr.strip() == "studyapp: error: no deck 'nope'; decks: ml"


def test_adopting_says_the_items_memory_states_follow_and_due_dates_stay(studyapp):
    ids = [f"c{n}" for n in range(ITEMS)]
    write_reviews(studyapp.db_path, learner_log(ids, 10, datetime.now(UTC)))
    out = studyapp("optimize").stdout
    assert "adopted: the new parameters" in out
    assert "memory states now follow the parameters in force; due dates are kept" in out


def test_optimize_on_a_database_at_this_versions_schema_does_not_load_sqlalchemy(studyapp):
    # Most of a second of every fit: the command opens the file itself when no migration
    # is due. The parent test process has SQLAlchemy loaded, so ask a fresh interpreter.
    home = studyapp.db_path.parent
    script = (
        "import sys\nfrom studyapp.cli import main\n"
        f"code = main(['--home', {str(home)!r}, '--no-bundled', 'optimize', '--json'])\n"
        "print('sqlalchemy' in sys.modules, code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=300
    )
    assert result.stdout.strip().splitlines()[-1] == "False 0"


def test_optimize_on_an_older_database_backs_it_up_and_migrates_it_first(studyapp):
    with sqlite3.connect(studyapp.db_path) as db:  # as revision 0008 left it
        db.execute("DROP INDEX ix_reviews_item_time")
        db.execute("CREATE INDEX ix_reviews_item_time ON reviews (item_id, reviewed_at)")
        db.execute("DROP INDEX ix_reviews_undo")  # migration 0012's
        db.execute("UPDATE alembic_version SET version_num = '0008'")
    db.close()
    result = last_json(studyapp("optimize", "--json").stdout)
    assert result["adopted"] is False
    with sqlite3.connect(studyapp.db_path) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (HEAD_REVISION,)
        ]
    db.close()
    backups = list((studyapp.db_path.parent / "backups").glob("*before-migration*"))
    assert backups
