"""An import's reviews staged by a forked child: the same log as when the import writes
them itself, and a child that fails or dies fails the import, leaving nothing of it."""

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
STATES = (
    "SELECT id, state, step, stability, difficulty, due, last_review, reps, lapses, suspended,"
    " leech FROM items ORDER BY id"
)


def imported(package: Path, home: Path) -> AppConfig:
    home.mkdir()
    config = AppConfig(home=home, include_bundled=False, settings=Settings())
    import_package(config, package, None, NOW)
    return config


def read(config: AppConfig, sql: str) -> list[tuple]:
    with sqlite3.connect(config.db_path) as db:
        return db.execute(sql).fetchall()


def without_device(rows: list[tuple], device_column: int) -> list[tuple]:
    return [row[:device_column] + row[device_column + 1 :] for row in rows]


def test_staged_reviews_are_the_log_the_import_writes_itself(anki_fixture, tmp_path, monkeypatch):
    package = anki_fixture.export()
    staged = imported(package, tmp_path / "staged")
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


def nothing_imported(config: AppConfig) -> bool:
    reviews_and_items = "SELECT (SELECT count(*) FROM reviews), (SELECT count(*) FROM items)"
    return read(config, reviews_and_items) == [(0, 0)] and not (config.home / "anki").exists()


def test_a_failing_child_fails_the_import_and_leaves_nothing(anki_fixture, tmp_path, monkeypatch):
    def failing(*_args: object) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr(history_job, "stage_reviews", failing)
    config = AppConfig(home=tmp_path / "home", include_bundled=False, settings=Settings())
    config.home.mkdir()
    with pytest.raises(RuntimeError, match="staging the imported reviews failed"):
        import_package(config, anki_fixture.export(), None, NOW)
    assert nothing_imported(config)


def test_a_child_that_dies_fails_the_import_instead_of_hanging(anki_fixture, tmp_path, monkeypatch):
    monkeypatch.setattr(history_job, "stage_reviews", lambda *_args: os._exit(3))
    config = AppConfig(home=tmp_path / "home", include_bundled=False, settings=Settings())
    config.home.mkdir()
    with pytest.raises(RuntimeError, match=r"stopped \(exit code 3\)"):
        import_package(config, anki_fixture.export(), None, NOW)
    assert nothing_imported(config)
