"""Bring a database file to the current schema: create it, or back up and migrate it.

Alembic is imported only when a migration actually runs: it is slow to import and the
common case (a database already at head) needs one ``SELECT``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import groupby
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, inspect, text

from studyapp.store.engine import driver
from studyapp.store.errors import StoreError
from studyapp.store.schema_head import HEAD_REVISION, create_at_head

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_empty(connection: Connection) -> bool:
    return not inspect(connection).get_table_names()


def ensure_schema(engine: Engine, before_migration: Callable[[str], None]) -> str | None:
    """Create or upgrade the schema; returns the revision migrated from, if any.

    ``before_migration(revision)`` runs before an existing database is changed (it takes
    the backup).
    """
    with engine.connect() as connection:
        revision = current_revision(connection)
        if revision == HEAD_REVISION:
            return None
        if revision is None:
            if not is_empty(connection):
                raise StoreError(
                    "the database has tables but no schema version; it was not made by "
                    "studyapp. Move it away or choose another home with --home."
                )
            create_at_head(driver(connection))  # (or another start did, just before)
            return None
    if revision not in known_revisions():
        raise StoreError(
            f"the database is at schema revision {revision}, which this studyapp does not "
            "know; it was written by a newer version. Upgrade studyapp."
        )
    before_migration(revision)
    with engine.begin() as connection:
        _run_alembic(connection, "upgrade", "head")
    return revision


def alembic_config(connection: Connection):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return {rev.revision for rev in script.walk_revisions()}


def head_schema_script() -> str:
    """What ``schema_head.sql`` holds: the statements ``create_all`` runs to make the models'
    schema in an empty database (the revision stamp apart)."""
    from sqlalchemy import create_engine, event

    from studyapp.store.models import Base

    engine = create_engine("sqlite://")
    statements = []

    @event.listens_for(engine, "before_cursor_execute")
    def _record(*args: Any) -> None:  # (connection, cursor, statement, parameters, ...)
        statement = args[2]
        if statement.lstrip().startswith(("CREATE", "INSERT")):
            statements.append(statement.strip())

    with engine.begin() as connection:
        Base.metadata.create_all(connection)
    engine.dispose()
    # create_all makes a table's indexes in no fixed order (a set), and SQLite's planner
    # breaks ties between indexes by their order: the file makes each table's by name.
    ordered = [
        statement
        for is_index, run in groupby(statements, key=lambda s: _index_name(s) is not None)
        for statement in (sorted(run, key=_index_name) if is_index else run)
    ]
    return "".join(f"{statement};\n\n" for statement in ordered)


def _index_name(statement: str) -> str | None:
    """The index a ``CREATE [UNIQUE] INDEX`` statement makes (None for another statement)."""
    match = re.match(r"CREATE (?:UNIQUE )?INDEX (\S+)", statement)
    return match[1] if match else None


def _run_alembic(connection: Connection, command_name: str, revision: str) -> None:
    from alembic import command

    getattr(command, command_name)(alembic_config(connection), revision)
