"""Create or migrate the server's schema (Alembic, its own migration line and version table).

A sync that finds the schema at head costs one query; only a first sync or a newer
studyapp imports SQLAlchemy and Alembic. A transaction-scoped advisory lock makes two
devices that sync a fresh server at the same moment migrate it once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import psycopg
    from sqlalchemy import Engine

SERVER_MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "studyapp_server_version"
SERVER_HEAD = "s0001"
_MIGRATION_LOCK = 0x5757_0001  # any constant: the advisory lock's name


class NewerServerSchema(Exception):
    """The server was set up by a newer studyapp."""


def server_revision(connection: psycopg.Connection) -> str | None:
    exists = connection.execute("SELECT to_regclass(%s)", (VERSION_TABLE,)).fetchone()
    if exists is None or exists[0] is None:
        return None
    row = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
    return None if row is None else row[0]


def ensure_server_schema(
    connection: psycopg.Connection, connect: Callable[[], psycopg.Connection]
) -> None:
    """Bring the server to ``SERVER_HEAD``; ``connection`` checks, and if a migration is
    needed it runs in one transaction on a connection from ``connect``."""
    if server_revision(connection) == SERVER_HEAD:
        return
    from sqlalchemy import create_engine
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.pool import StaticPool

    engine = create_engine("postgresql+psycopg://", creator=connect, poolclass=StaticPool)
    try:
        _migrate(engine)
    except DBAPIError as exc:  # the driver's own error, as every other step raises it
        raise exc.orig from None
    finally:
        engine.dispose()


def _migrate(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    with engine.begin() as sa_connection:
        sa_connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        revision = server_revision(sa_connection.connection.driver_connection)
        script = ScriptDirectory(str(SERVER_MIGRATIONS_DIR))
        if revision is not None and revision not in {r.revision for r in script.walk_revisions()}:
            raise NewerServerSchema(revision)
        if revision != SERVER_HEAD:
            config = Config()
            config.set_main_option("script_location", str(SERVER_MIGRATIONS_DIR))
            config.attributes["connection"] = sa_connection
            command.upgrade(config, "head")
