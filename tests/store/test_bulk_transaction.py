"""A bulk write (an import) commits through a rollback journal when it has the file to
itself, stays in WAL when it does not, and is never half-written."""

import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from studyapp.store.database import open_database
from studyapp.store.engine import bulk_transaction, driver

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
ROWS = [(f"k{n}", "v" * 100) for n in range(2000)]


def _journal_mode(connection):
    return connection.execute(text("PRAGMA journal_mode")).scalar()


def _insert(connection):
    connection.execute(text("CREATE TABLE IF NOT EXISTS bulk (k TEXT PRIMARY KEY, v TEXT)"))
    driver(connection).executemany("INSERT INTO bulk VALUES (?, ?)", ROWS)


def _count(db_path):
    with sqlite3.connect(db_path) as db:
        exists = db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'bulk'").fetchone()
        return db.execute("SELECT count(*) FROM bulk").fetchone()[0] if exists[0] else 0


def test_alone_it_commits_through_a_rollback_journal_then_goes_back_to_wal(config):
    engine = open_database(config, NOW)
    try:
        with bulk_transaction(engine) as connection:
            modes = [_journal_mode(connection)]
            _insert(connection)
        with engine.connect() as connection:
            modes.append(_journal_mode(connection))
    finally:
        engine.dispose()
    assert modes == ["delete", "wal"]
    assert _count(config.db_path) == len(ROWS)


def test_with_another_connection_open_it_stays_in_wal(config):
    engine = open_database(config, NOW)
    reader = sqlite3.connect(config.db_path)
    try:
        reader.execute("SELECT count(*) FROM items").fetchone()  # holds the file in WAL
        with bulk_transaction(engine) as connection:
            mode = _journal_mode(connection)
            _insert(connection)
        assert reader.execute("SELECT count(*) FROM bulk").fetchone()[0] == len(ROWS)
    finally:
        reader.close()
        engine.dispose()
    assert mode == "wal"


def test_a_failure_rolls_everything_back_and_leaves_wal(config):
    engine = open_database(config, NOW)
    try:
        with pytest.raises(RuntimeError), bulk_transaction(engine) as connection:
            _insert(connection)
            raise RuntimeError("stop")
        with engine.connect() as connection:
            assert _journal_mode(connection) == "wal"
    finally:
        engine.dispose()
    assert _count(config.db_path) == 0


CHILD = """
import os, sys
from datetime import UTC, datetime
from sqlalchemy import text
from studyapp.config import AppConfig, Settings
from pathlib import Path
from studyapp.store.database import open_database
from studyapp.store.engine import bulk_transaction, driver
config = AppConfig(home=Path(sys.argv[1]), include_bundled=False, settings=Settings())
engine = open_database(config, datetime(2026, 3, 2, tzinfo=UTC))
with bulk_transaction(engine) as connection:
    connection.execute(text("CREATE TABLE bulk (k TEXT PRIMARY KEY, v TEXT)"))
    rows = [(f"k{n}", "v" * 500) for n in range(50000)]
    driver(connection).executemany("INSERT INTO bulk VALUES (?, ?)", rows)
    mode = connection.execute(text("PRAGMA journal_mode")).scalar()
    print("written", mode, flush=True)  # the pages spilled to the file already
    sys.stdin.readline()  # killed while waiting: the transaction never commits
"""


def test_killed_before_its_commit_nothing_of_it_remains(config):
    open_database(config, NOW).dispose()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(config.home)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert child.stdout.readline().split() == ["written", "delete"]
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    engine = open_database(config, NOW)  # the next start rolls the journal back, in WAL
    try:
        with engine.connect() as connection:
            assert _journal_mode(connection) == "wal"
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        engine.dispose()
    assert _count(config.db_path) == 0
