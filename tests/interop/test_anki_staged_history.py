"""An import's reviews staged by a forked child: the same log as when the import writes
them itself, which it does when the child fails or dies; staging folders left by killed
imports are removed."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from studyapp.config import AppConfig, Settings
from studyapp.interop.anki import history_job
from studyapp.interop.anki.importer import import_package

pytestmark = pytest.mark.skipif(not history_job.can_stage(), reason="needs a fork and two cores")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
REVIEWS = "SELECT * FROM reviews ORDER BY id"
REVIEWS_WITHOUT_DEVICE = (
    "SELECT item_id, reviewed_at, rating, elapsed_ms, queue, state_before, state_after, uid"
    " FROM reviews ORDER BY id"
)
STATES = (
    "SELECT id, state, step, stability, difficulty, due, last_review, reps, lapses, suspended,"
    " leech FROM items ORDER BY id"
)


def imported(package: Path, home: Path, said: list[str] | None = None) -> AppConfig:
    home.mkdir()
    config = AppConfig(home=home, include_bundled=False, settings=Settings())
    import_package(config, package, None, NOW, None if said is None else said.append)
    return config


def read(config: AppConfig, sql: str) -> list[tuple]:
    with sqlite3.connect(config.db_path) as db:
        return db.execute(sql).fetchall()


def without_device(rows: list[tuple], device_column: int) -> list[tuple]:
    return [row[:device_column] + row[device_column + 1 :] for row in rows]


def test_staged_reviews_are_the_log_the_import_writes_itself(anki_fixture, tmp_path, monkeypatch):
    package = anki_fixture.export()
    said: list[str] = []
    staged = imported(package, tmp_path / "staged", said)
    assert not any("written here" in message for message in said)  # the child staged them
    monkeypatch.setattr(history_job, "can_stage", lambda: False)
    written = imported(package, tmp_path / "written")
    with sqlite3.connect(staged.db_path) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(reviews)")]
        checks = [db.execute(f"PRAGMA {check}").fetchall()
                  for check in ("integrity_check", "foreign_key_check", "journal_mode")]
    device = columns.index("device_id")
    staged_reviews = read(staged, REVIEWS)
    assert len(staged_reviews) >= 3  # the fixture's reviews
    assert without_device(staged_reviews, device) == without_device(read(written, REVIEWS), device)
    assert read(staged, STATES) == read(written, STATES)
    assert checks == [[("ok",)], [], [("wal",)]]  # indexes whole, no orphan review


def no_space(*_args: object) -> None:
    raise OSError("no space left on device")


@pytest.mark.parametrize(
    ("staging", "said_why"),
    [
        (no_space, "the second process failed: OSError: no space left on device"),
        (lambda *_args: os._exit(3), "the second process stopped, exit code 3"),
    ],
)
def test_a_child_that_fails_or_dies_leaves_the_reviews_to_the_import(
    anki_fixture, tmp_path, monkeypatch, staging, said_why
):
    package = anki_fixture.export()
    monkeypatch.setattr(history_job, "stage_reviews", staging)
    said: list[str] = []
    staged = imported(package, tmp_path / "staged", said)
    assert f"reviews: written here ({said_why})" in said
    monkeypatch.setattr(history_job, "can_stage", lambda: False)
    written = imported(package, tmp_path / "written")
    assert read(staged, REVIEWS_WITHOUT_DEVICE) == read(written, REVIEWS_WITHOUT_DEVICE) != []
    assert read(staged, STATES) == read(written, STATES)


def test_staging_folders_of_imports_that_were_killed_are_removed(anki_fixture, tmp_path):
    home = tmp_path / "home"
    abandoned = home / ".import-staging-999999999-abcd"  # no such process
    running = home / f".import-staging-{os.getppid()}-abcd"
    for folder in (abandoned, running):
        folder.mkdir(parents=True)
        (folder / "reviews.sqlite3").write_bytes(b"half written")
    config = AppConfig(home=home, include_bundled=False, settings=Settings())
    import_package(config, anki_fixture.export(), None, NOW)
    assert not abandoned.exists()
    assert running.exists()
    assert sorted(p.name for p in home.glob(".import-staging-*")) == [running.name]
