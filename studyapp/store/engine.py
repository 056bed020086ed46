"""The SQLite engine: WAL, foreign keys, and the commit durability the user chose.

In WAL mode every commit is atomic whatever ``synchronous`` says, and a committed
transaction is in the operating system's hands before ``commit`` returns, so killing
studyapp (even ``kill -9``) can neither lose it nor corrupt the file. The two levels
differ only when the operating system itself stops (power cut, kernel crash):

- ``normal`` (default, ``synchronous=NORMAL``): the log is flushed to the disk at
  checkpoints, not at each commit, so such a stop can lose the commits the system had not
  yet written out (the database stays consistent). A review costs no disk flush.
- ``full`` (``synchronous=FULL``): every commit waits for the disk to flush the log, so no
  acknowledged review is ever lost; each review then costs one flush.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event

from studyapp.config import DURABILITY_LEVELS

BUSY_TIMEOUT_MS = 5000
# Pages the log may grow to before a commit also checkpoints it into the database file.
# A review writes 10-20 pages, so SQLite's default (1000) makes about one review in 60
# pay for a checkpoint and its two flushes; 4000 pages (16 MB) hold a typical day's
# reviews. Syncing content and closing the last connection checkpoint anyway.
WAL_AUTOCHECKPOINT_PAGES = 4000


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


def checkpoint(connection: Connection) -> None:
    """Copy the log into the database file now, so that no review has to do it soon after.

    PASSIVE: it never waits for readers or writers, it copies what it can.
    """
    connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")


def driver(connection: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under ``connection``: the plain DB-API queries of
    ``studyapp.store.queries`` run on it, and bulk reads get plain tuples from it without
    a SQLAlchemy row object per row."""
    return connection.connection.driver_connection  # type: ignore[return-value]
