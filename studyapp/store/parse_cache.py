"""The content loader's parse cache, kept in the ``content_files`` table.

A file whose (mtime_ns, size) match the stored row is not read again; the stored parse is
unpickled instead. Rows written by another app version are ignored, because the parsed
model may have changed shape.
"""

from __future__ import annotations

import pickle
from typing import Any

from sqlalchemy import Connection, delete, select

from studyapp import __version__
from studyapp.store.models import ContentFileRow

_table = ContentFileRow.__table__


_SELECT_PARSED = "SELECT parsed FROM content_files WHERE key = ?"
_UPSERT = (
    "INSERT INTO content_files (key, mtime_ns, size, sha256, app_version, parsed)"
    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET mtime_ns = excluded.mtime_ns,"
    " size = excluded.size, sha256 = excluded.sha256, app_version = excluded.app_version,"
    " parsed = excluded.parsed"
)


class SqliteParseCache:
    """Implements the loader's ``ParseCache`` protocol on an open connection.

    Writes join the caller's transaction, so a sync commits its cache and its items at once.
    Reads and writes of single rows go through the DB-API cursor: building a SQLAlchemy
    statement per file cost more than reading or writing the file's row.
    """

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._cursor = connection.connection.cursor()
        self._rows = {
            row.key: row
            for row in connection.execute(
                select(_table.c.key, _table.c.mtime_ns, _table.c.size, _table.c.app_version)
            )
        }
        self._seen: set[str] = set()
        self.hits = 0
        self.misses = 0

    def get(self, key: str, mtime_ns: int, size: int) -> Any | None:
        self._seen.add(key)
        row = self._rows.get(key)
        if row is None or (row.mtime_ns, row.size, row.app_version) != (
            mtime_ns,
            size,
            __version__,
        ):
            self.misses += 1
            return None
        [(blob,)] = self._cursor.execute(_SELECT_PARSED, (key,)).fetchall()
        try:
            parsed = pickle.loads(blob)
        except (pickle.UnpicklingError, AttributeError, ImportError, TypeError, EOFError):
            # written by a build whose content classes differ: parse the file again
            self.misses += 1
            return None
        self.hits += 1
        return parsed

    def put(self, key: str, mtime_ns: int, size: int, parsed: Any) -> None:
        self._seen.add(key)
        blob = pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL)
        sha256 = getattr(parsed, "sha256", None)
        self._cursor.execute(_UPSERT, (key, mtime_ns, size, sha256, __version__, blob))

    def forget_unseen(self) -> None:
        """Drop rows for files the last load did not visit (deleted or moved files)."""
        gone = set(self._rows) - self._seen
        if gone:
            self._connection.execute(delete(_table).where(_table.c.key.in_(gone)))
