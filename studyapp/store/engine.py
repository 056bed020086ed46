"""The SQLite engine: WAL, foreign keys, and a full fsync on every commit."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 5000


def make_engine(db_path: Path) -> Engine:
    """An engine whose every connection is set up for durable, concurrent-safe use.

    ``synchronous=FULL`` in WAL mode syncs the log on each commit, so a review is on disk
    before ``rate`` returns and ``kill -9`` cannot lose it.
    """
    engine = create_engine(f"sqlite:///{db_path}")

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    return engine
