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

A command that needs no migration can skip SQLAlchemy (most of a second to import) with a
plain connection configured the same way (``connect_at_head``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.config import DURABILITY_LEVELS
from studyapp.store.schema_head import HEAD_REVISION

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

BUSY_TIMEOUT_MS = 5000
# Pages the log may grow to before a commit also checkpoints it into the database file.
# A review writes 10-20 pages, so SQLite's default (1000) makes about one review in 60
# pay for a checkpoint and its two flushes; 4000 pages (16 MB) hold a typical day's
# reviews. Syncing content and closing the last connection checkpoint anyway.
WAL_AUTOCHECKPOINT_PAGES = 4000


def connect(db_path: Path, durability: str = "normal") -> sqlite3.Connection:
    """A plain connection configured as the engine's, to a database already at this
    version's schema (``store.database.connect_database`` makes sure of it): what the study
    service works on. Usable from one thread at a time, not only the one that made it."""
    db = sqlite3.connect(db_path, check_same_thread=False)
    configure(db, durability)
    return db


def make_engine(db_path: Path, durability: str = "normal") -> Engine:
    """An engine whose every connection uses WAL, foreign keys and ``durability``."""
    from sqlalchemy import create_engine, event  # here: connect_at_head's users skip it

    _check_durability(durability)
    engine = create_engine(f"sqlite:///{db_path}")

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        configure(dbapi_connection, durability)

    return engine


def configure(db: sqlite3.Connection, durability: str) -> None:
    """WAL, foreign keys, ``durability``, and how long to wait for another writer."""
    _check_durability(durability)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute(f"PRAGMA synchronous = {durability.upper()}")
    db.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
    db.execute("PRAGMA foreign_keys = ON")


def connect_at_head(db_path: Path, durability: str = "normal") -> sqlite3.Connection | None:
    """A plain connection to the database at ``db_path``, configured as the engine's, if the
    file is at this version's schema; else None (no file, an older or newer schema, a file
    SQLite cannot read: ``store.database.open_database`` migrates it or says what is wrong)."""
    if not db_path.is_file():
        return None
    try:
        # Usable from another thread, as SQLAlchemy's connections are: the optimiser writes
        # memory states on one while fsrs-rs computes on the first (one at a time).
        db = sqlite3.connect(
            f"{db_path.resolve().as_uri()}?mode=rw", uri=True, check_same_thread=False
        )
    except sqlite3.Error:
        return None
    try:
        at_head = db.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (HEAD_REVISION,)
        ]
    except sqlite3.Error:
        at_head = False
    if not at_head:
        db.close()
        return None
    configure(db, durability)
    return db


def _check_durability(durability: str) -> None:
    if durability not in DURABILITY_LEVELS:
        raise ValueError(f"durability must be one of {DURABILITY_LEVELS}, got {durability!r}")


def checkpoint(db: sqlite3.Connection) -> None:
    """Copy the log into the database file now, so that no review has to do it soon after.

    PASSIVE: it never waits for readers or writers, it copies what it can.
    """
    db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


@contextmanager
def bulk_transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One transaction on ``db`` writing a large share of the database (an import of a
    whole history): committed through a rollback journal when no other connection has
    the file open, WAL again afterwards.

    A commit in WAL mode writes every changed page to the log and the checkpoint writes
    it again into the file; a rollback journal keeps only the pages the transaction
    overwrote, and an import mostly appends new pages, so the data is written once. The
    commit is as atomic either way (an interrupted one is rolled back from the journal
    by the next connection). Leaving WAL needs the file to itself: with another
    connection open (a review session), the transaction simply stays in WAL."""
    left_wal = _journal_mode(db, "DELETE") == "delete"
    try:
        db.execute("BEGIN")  # explicitly: the statements that change the schema are in it too
        with db:  # commits, or rolls back on an exception
            yield
    finally:
        if left_wal:  # (should another connection hold the file now, the next
            _journal_mode(db, "WAL")  # connection's ``configure`` goes back to WAL)


def _journal_mode(db: sqlite3.Connection, mode: str) -> str:
    """Switch the journal mode if SQLite can; the mode the file is in afterwards."""
    try:
        return str(db.execute(f"PRAGMA journal_mode = {mode}").fetchone()[0]).lower()
    except sqlite3.OperationalError:  # busy: another connection is using the file
        return str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower()


def driver(connection: Connection | sqlite3.Connection) -> sqlite3.Connection:
    """The sqlite3 connection under ``connection`` (a plain one is its own): the plain
    DB-API queries of ``studyapp.store.queries`` run on it, and bulk reads get plain tuples
    from it without a SQLAlchemy row object per row."""
    if isinstance(connection, sqlite3.Connection):
        return connection
    return connection.connection.driver_connection  # type: ignore[return-value]
