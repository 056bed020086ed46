import sqlite3
from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from studyapp.store.backup import list_backups
from studyapp.store.database import open_database
from studyapp.store.engine import make_engine
from studyapp.store.errors import StoreError
from studyapp.store.models import Base
from studyapp.store.queries.search_index import SEARCH_TABLES
from studyapp.store.schema import alembic_config, current_revision, known_revisions
from studyapp.store.schema_head import HEAD_REVISION

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_head_revision_constant_matches_the_migrations():
    from alembic.script import ScriptDirectory

    from studyapp.store.schema import MIGRATIONS_DIR

    assert ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head() == HEAD_REVISION
    assert HEAD_REVISION in known_revisions()


def test_the_migrations_build_exactly_the_models_schema(tmp_path):
    engine = make_engine(tmp_path / "migrated.sqlite3")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    with engine.connect() as connection:
        # The FTS5 table and its shadow tables are no models (see the next test).
        options = {"include_name": lambda name, kind, _parent: name not in SEARCH_TABLES}
        context = MigrationContext.configure(connection, opts=options)
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def _search_objects(path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT type, name FROM sqlite_master WHERE name LIKE 'item_search%'"
            " OR type = 'trigger' ORDER BY name"
        ).fetchall()


def test_a_fresh_database_has_the_same_search_index_as_a_migrated_one(tmp_path, config):
    engine = make_engine(tmp_path / "migrated.sqlite3")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    engine.dispose()
    open_database(config, NOW).dispose()
    migrated = _search_objects(tmp_path / "migrated.sqlite3")
    assert {name for _type, name in migrated} >= SEARCH_TABLES
    assert _search_objects(config.db_path) == migrated


def test_a_fresh_database_is_stamped_the_way_alembic_reads_it(config):
    open_database(config, NOW).dispose()
    engine = make_engine(config.db_path)
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == HEAD_REVISION
    engine.dispose()


def test_a_fresh_database_is_created_at_head_with_wal_and_foreign_keys(config):
    engine = open_database(config, NOW)
    with engine.connect() as connection:
        assert current_revision(connection) == HEAD_REVISION
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    engine.dispose()
    assert list_backups(config.backup_dir) == []  # nothing worth backing up yet


def test_an_older_database_is_backed_up_then_upgraded_keeping_its_data(config):
    engine = make_engine(config.db_path)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
        connection.execute(
            text(
                "INSERT INTO items (id, kind, deck_id, topic_id, position, content_hash, "
                "source_path, source_line, payload, reps) "
                "VALUES ('kept', 'card', 'd', 't', 0, 'h', 'a.md', 1, x'00', 5)"
            )
        )
    engine.dispose()

    engine = open_database(config, NOW)
    with engine.connect() as connection:
        assert current_revision(connection) == HEAD_REVISION
        assert connection.execute(text("SELECT reps FROM items WHERE id='kept'")).scalar() == 5
    engine.dispose()
    backups = list_backups(config.backup_dir)
    assert [b.name for b in backups] == ["studyapp-20260302-120000-before-migration-0001.sqlite3"]
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_a_database_from_a_newer_version_is_refused(config):
    engine = open_database(config, NOW)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer version"):
        open_database(config, NOW)
