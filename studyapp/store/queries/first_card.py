"""A read-only connection for the first card, straight on the SQLite file, no SQLAlchemy.

Opening the store imports SQLAlchemy, checks the schema, backs up and syncs: over a
second. The fast start (``studyapp.scheduling.quick``) reads the first card through this
connection instead, only when the file is already at this version's schema.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from studyapp.store.schema_head import HEAD_REVISION


def open_at_head(path: Path) -> sqlite3.Connection | None:
    """A read-only connection to the database at ``path`` if it is at this version's
    schema, else None (no file, an older or newer schema, a file SQLite cannot read)."""
    if not path.is_file():
        return None
    # mode=rw: never create a file here; query_only: never write through this connection.
    db: sqlite3.Connection | None = None
    revision = None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True)
        db.execute("PRAGMA query_only = 1")
        revision = db.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        pass  # no usable database here: the full path says why
    if db is not None and revision != (HEAD_REVISION,):
        db.close()
        return None
    return db
