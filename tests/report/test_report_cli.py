"""``studyapp report`` through the real entry point (``studyapp.cli.main``)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from report_support import DAY, NOW, History

from studyapp.cli import main


@pytest.fixture
def home(history: History) -> Path:
    """A saved history: 4 reviews in deck ``ml``, 1 in ``prob``, one review undone."""
    history.deck("ml", "Machine learning")
    history.deck("prob", "Probability")
    history.item("a", state="review", stability=30, last_review=NOW, due=NOW + 30 * DAY)
    history.item("b", deck="prob", state="review", stability=3, last_review=NOW, due=NOW)
    for n in range(4):
        history.review("a", NOW - n * DAY, rating=3 if n else 1, interval_days=30)
    history.review("b", NOW - timedelta(hours=1))
    history.review("b", NOW, undone=True)
    history.save().dispose()
    return history.config.home


def run(home: Path, *args: str) -> int:
    return main(["report", "--home", str(home), "--no-bundled", *args])


def test_json_to_stdout(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(home, "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["reviews"] == 5
    assert data["retention"][0]["mature"] == {"passed": 3, "total": 4, "rate": 0.75}


def test_deck_and_date_filters(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    since = (NOW - 2 * DAY).date().isoformat()
    assert run(home, "--format", "json", "--deck", "ml", "--since", since) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["reviews"] == 3 and data["filter"]["deck"] == "ml"


def test_markdown_to_a_file(home: Path, tmp_path: Path) -> None:
    target = tmp_path / "notes" / "progress.md"
    assert run(home, "--format", "md", "-o", str(target)) == 0
    assert target.read_text(encoding="utf-8").startswith("# Study report: all decks")


@pytest.mark.parametrize("fmt", ["html", "md", "csv"])
def test_dash_output_means_stdout(
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
) -> None:
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    assert run(home, "--format", fmt, "-o", "-") == 0
    assert capsys.readouterr().out
    assert list(folder.iterdir()) == []


def test_html_defaults_to_a_file_in_the_current_folder(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(home) == 0
    page = (tmp_path / "studyapp-report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page


def test_csv_into_a_folder_writes_reviews_and_items(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    out.mkdir()
    assert run(home, "--format", "csv", "-o", str(out)) == 0
    with (out / "reviews.csv").open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 5
    with (out / "items.csv").open(encoding="utf-8") as f:
        assert {row["item_id"] for row in csv.DictReader(f)} == {"a", "b"}


def test_csv_file_name_gets_an_items_twin(home: Path, tmp_path: Path) -> None:
    assert run(home, "--format", "csv", "-o", str(tmp_path / "log.csv")) == 0
    assert (tmp_path / "log.csv").exists() and (tmp_path / "log-items.csv").exists()


def test_csv_without_output_prints_the_review_log(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(home, "--format", "csv", "--deck", "prob") == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert [(r["item_id"], r["deck"]) for r in rows] == [("b", "prob")]


def test_unknown_deck_is_an_error(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(home, "--deck", "nope")
    assert exit_info.value.code == 2
    assert "no deck 'nope'; decks: ml, prob" in capsys.readouterr().err


def test_bad_date_is_rejected(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(home, "--since", "yesterday")
    assert "is not a date like" in capsys.readouterr().err


def test_installed_command_runs(home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "studyapp", "report", "--home", str(home), "--format", "md"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "**Reviews:** 5" in result.stdout
