"""The content loader's parse cache, kept in the ``content_files`` table.

A file whose (mtime_ns, size) match the stored row is not read again; its stored outline
(the parse with each item reduced to a ref, see ``content.loader.hollow``) is unpickled
instead. Rows written by another app version are ignored, because the parsed model may
have changed shape (and so are those of the versions that kept whole parses).
"""

from __future__ import annotations

import pickle
import sqlite3
from typing import Any

from studyapp import __version__

_FORMAT = f"{__version__}+outline"  # what ``app_version`` holds for rows this build can read

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
    """

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._rows = {
            row[0]: row[1:]
            for row in db.execute("SELECT key, mtime_ns, size, app_version FROM content_files")
        }
        self._seen: set[str] = set()
        self.hits = 0
        self.misses = 0

    def get(self, key: str, mtime_ns: int, size: int) -> Any | None:
        self._seen.add(key)
        if self._rows.get(key) != (mtime_ns, size, _FORMAT):
            self.misses += 1
            return None
        [(blob,)] = self._db.execute(_SELECT_PARSED, (key,)).fetchall()
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
        self._db.execute(_UPSERT, (key, mtime_ns, size, sha256, _FORMAT, blob))

    def forget_unseen(self) -> None:
        """Drop rows for files the last load did not visit (deleted or moved files)."""
        gone = [(key,) for key in set(self._rows) - self._seen]
        self._db.executemany("DELETE FROM content_files WHERE key = ?", gone)
