"""The schema revision this version of studyapp reads and writes, and a fresh database's DDL.

Kept apart from ``schema`` (which imports SQLAlchemy) so the fast start-up path can tell
whether a database is readable as it is, and a first start (or a first import) can create
its database without importing SQLAlchemy: ``schema_head.sql`` holds the statements the
models' ``create_all`` runs (written by ``schema.head_schema_script``; a test checks that
the file makes exactly the models' schema, and the revision against the newest migration).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

HEAD_REVISION = "0013"
# What ``alembic stamp head`` writes (see ``schema_head.sql`` for the rest).
STAMP_DDL = (
    "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
    "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
)
STAMP = "INSERT INTO alembic_version VALUES (?)"
HEAD_SQL = Path(__file__).with_name("schema_head.sql")


def create_at_head(db: sqlite3.Connection) -> bool:
    """Create the schema at ``HEAD_REVISION`` in the database of ``db`` and commit, if it
    has no table yet; False (nothing written) if it has one (another process made it)."""
    db.execute("BEGIN IMMEDIATE")  # no other process creates it meanwhile
    try:
        empty = db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is None
        if empty:
            for statement in head_statements():
                db.execute(statement)
            db.execute(STAMP_DDL)
            db.execute(STAMP, (HEAD_REVISION,))
    except BaseException:
        db.rollback()
        raise
    db.commit()
    return empty


def head_statements() -> list[str]:
    """The statements of ``schema_head.sql``, one by one."""
    statements, pending = [], ""
    for line in HEAD_SQL.read_text(encoding="utf-8").splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return statements
