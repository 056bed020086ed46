"""A bulk write (an import) commits through a rollback journal when it has the file to
itself, stays in WAL when it does not, and is never half-written."""

import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from studyapp.store import engine
from studyapp.store.database import connect_database
from studyapp.store.engine import bulk_transaction
from studyapp.store.errors import StoreError

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
ROWS = [(f"k{n}", "v" * 100) for n in range(2000)]


def _journal_mode(db):
    return db.execute("PRAGMA journal_mode").fetchone()[0]


def _insert(db):
    db.execute("CREATE TABLE IF NOT EXISTS bulk (k TEXT PRIMARY KEY, v TEXT)")
    db.executemany("INSERT INTO bulk VALUES (?, ?)", ROWS)


def _count(db_path):
    with sqlite3.connect(db_path) as db:
        exists = db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'bulk'").fetchone()
        return db.execute("SELECT count(*) FROM bulk").fetchone()[0] if exists[0] else 0


def test_alone_it_commits_through_a_rollback_journal_then_goes_back_to_wal(config):
    db = connect_database(config, NOW)
    try:
        with bulk_transaction(db):
            modes = [_journal_mode(db)]
            _insert(db)
        modes.append(_journal_mode(db))
    finally:
        db.close()
    assert modes == ["delete", "wal"]
    assert _count(config.db_path) == len(ROWS)


def test_with_another_connection_open_it_stays_in_wal(config):
    db = connect_database(config, NOW)
    reader = sqlite3.connect(config.db_path)
    try:
        reader.execute("SELECT count(*) FROM items").fetchone()  # holds the file in WAL
        with bulk_transaction(db):
            mode = _journal_mode(db)
            _insert(db)
        assert reader.execute("SELECT count(*) FROM bulk").fetchone()[0] == len(ROWS)
    finally:
        reader.close()
        db.close()
    assert mode == "wal"


def test_a_failure_rolls_everything_back_and_leaves_wal(config):
    db = connect_database(config, NOW)
    try:
        with pytest.raises(RuntimeError), bulk_transaction(db):
            _insert(db)  # the table too: the schema change is in the transaction
            raise RuntimeError("stop")
        assert _journal_mode(db) == "wal"
    finally:
        db.close()
    assert _count(config.db_path) == 0


CHILD = """
import os, sys
from datetime import UTC, datetime
from studyapp.config import AppConfig, Settings
from pathlib import Path
from studyapp.store.database import connect_database
from studyapp.store.engine import bulk_transaction
config = AppConfig(home=Path(sys.argv[1]), include_bundled=False, settings=Settings())
db = connect_database(config, datetime(2026, 3, 2, tzinfo=UTC))
with bulk_transaction(db):
    db.execute("CREATE TABLE bulk (k TEXT PRIMARY KEY, v TEXT)")
    rows = [(f"k{n}", "v" * 500) for n in range(50000)]
    db.executemany("INSERT INTO bulk VALUES (?, ?)", rows)
    mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    print("written", mode, flush=True)  # the pages spilled to the file already
    sys.stdin.readline()  # killed while it waits, it never commits; given a line, it does
print("committed", flush=True)
"""


def _start_long_import(config):
    """A child in the middle of a bulk transaction through a rollback journal, its pages
    already in the file, waiting for a line on its input to commit."""
    connect_database(config, NOW).close()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(config.home)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert child.stdout.readline().split() == ["written", "delete"]
    return child


def test_killed_before_its_commit_nothing_of_it_remains(config):
    child = _start_long_import(config)
    try:
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    db = connect_database(config, NOW)  # the next start rolls the journal back, in WAL
    try:
        assert _journal_mode(db) == "wal"
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        db.close()
    assert _count(config.db_path) == 0


def test_a_start_during_a_long_import_is_told_the_database_is_busy_not_damaged(
    config, monkeypatch
):
    child = _start_long_import(config)
    try:
        monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 200)  # gives up waiting sooner
        with pytest.raises(StoreError, match="is busy: another process is writing") as error:
            connect_database(config, NOW)
        assert "damaged" not in str(error.value) and "backup" not in str(error.value)
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "committed"
    finally:
        child.kill()
        child.wait()
    db = connect_database(config, NOW)  # once the import is over: opened, in WAL, all there
    try:
        assert _journal_mode(db) == "wal"
        assert db.execute("SELECT count(*) FROM bulk").fetchone()[0] == 50000
    finally:
        db.close()
