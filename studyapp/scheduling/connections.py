"""The study service's connections to its database, and the scopes it works in.

One plain sqlite3 connection serves the service's calls (they never interleave: the TUI
makes them on one thread), so its page cache stays warm from one review to the next. A
scope opened while that connection is in use (inside another scope, or on another thread)
gets a connection of its own, as a pool would give. A write scope that ends normally
commits; anything else left open is rolled back. A damaged database (or a full disk)
becomes a StoreError with a message for the learner.
"""

from __future__ import annotations

import sqlite3
import threading
from types import TracebackType

from studyapp.config import AppConfig
from studyapp.store.database import is_disk_full, unreadable_database_error
from studyapp.store.engine import connect


class Connections:
    def __init__(self, config: AppConfig, db: sqlite3.Connection) -> None:
        self.config = config
        self._db = db
        self._free = threading.Lock()  # held while a scope uses ``_db``

    def connect(self) -> sqlite3.Connection:
        """A connection of its own (for reads on any thread: the stored content's items)."""
        return connect(self.config.db_path, self.config.settings.durability)

    def transaction(self) -> Scope:
        return Scope(self, write=True)

    def reading(self) -> Scope:
        return Scope(self, write=False)

    def close(self) -> None:
        self._db.close()


class Scope:
    def __init__(self, connections: Connections, write: bool) -> None:
        self._connections = connections
        self._write = write
        self._db: sqlite3.Connection | None = None
        self._own = False

    def __enter__(self) -> sqlite3.Connection:
        connections = self._connections
        if connections._free.acquire(blocking=False):
            self._db = connections._db
            return self._db
        try:
            self._db, self._own = connections.connect(), True
        except sqlite3.DatabaseError as exc:
            raise unreadable_database_error(connections.config, exc) from exc
        return self._db

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        assert self._db is not None
        config = self._connections.config
        try:
            _end(self._db, commit=self._write and exc is None)
        except sqlite3.DatabaseError as error:
            raise unreadable_database_error(config, error) from error
        finally:
            if self._own:
                self._db.close()
            else:
                self._connections._free.release()
        if isinstance(exc, sqlite3.DatabaseError) or (
            isinstance(exc, OSError) and is_disk_full(exc)
        ):
            raise unreadable_database_error(config, exc) from exc
        return False


def _end(db: sqlite3.Connection, commit: bool) -> None:
    try:
        if commit:
            db.commit()
    finally:
        if db.in_transaction:  # not committed: nothing of it stays
            db.rollback()
