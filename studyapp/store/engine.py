"""The SQLite engine: WAL, foreign keys, and the commit durability the user chose.

In WAL mode every commit is atomic whatever ``synchronous`` says, and a committed
transaction is in the operating system's hands before ``commit`` returns, so killing
studyapp (even ``kill -9``) can neither lose it nor corrupt the file. The two levels
differ only when the operating system itself stops (power cut, kernel crash):

- ``normal`` (default): the log is synced at checkpoints, not at each commit; a power cut
  can lose the last few commits (the database stays intact). A review takes well under a
  millisecond instead of a disk flush.
- ``full``: every commit waits for the disk to flush the log, so no acknowledged review is
  ever lost; each review then costs one flush (about 10 ms on a typical SSD).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from studyapp.config import DURABILITY_LEVELS

BUSY_TIMEOUT_MS = 5000
# Pages the log may grow to before a commit also checkpoints it into the database file.
# SQLite's default (1000) makes about one review in 80 pay for a checkpoint and its two
# flushes; at 10000 (40 MB) a day's reviews rarely reach it, and closing the last
# connection checkpoints anyway.
WAL_AUTOCHECKPOINT_PAGES = 10_000


def make_engine(db_path: Path, durability: str = "normal") -> Engine:
    """An engine whose every connection uses WAL, foreign keys and ``durability``."""
    if durability not in DURABILITY_LEVELS:
        raise ValueError(f"durability must be one of {DURABILITY_LEVELS}, got {durability!r}")
    synchronous = durability.upper()
    engine = create_engine(f"sqlite:///{db_path}")

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute(f"PRAGMA synchronous = {synchronous}")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    return engine
