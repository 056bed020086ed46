"""The server's schema: its own migration line, created once even by concurrent devices."""

from __future__ import annotations

import threading

import psycopg
from alembic.script import ScriptDirectory

from studyapp.store.remote.server_schema import (
    SERVER_HEAD,
    SERVER_MIGRATIONS_DIR,
    VERSION_TABLE,
    ensure_server_schema,
    server_revision,
)


def test_the_head_constant_matches_the_server_migrations():
    assert ScriptDirectory(str(SERVER_MIGRATIONS_DIR)).get_current_head() == SERVER_HEAD


def test_devices_creating_the_schema_at_once_create_it_once(remote_url):
    errors: list[BaseException] = []

    def create() -> None:
        try:
            with psycopg.connect(remote_url, autocommit=True) as connection:
                ensure_server_schema(connection, lambda: psycopg.connect(remote_url))
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=create) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with psycopg.connect(remote_url, autocommit=True) as connection:
        assert server_revision(connection) == SERVER_HEAD
        tables = {
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
        }
    assert tables == {"devices", "reviews", "facts", VERSION_TABLE}
