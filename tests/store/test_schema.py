import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from studyapp.store.backup import list_backups
from studyapp.store.database import connect_database, open_database
from studyapp.store.engine import driver, make_engine
from studyapp.store.errors import StoreError
from studyapp.store.models import Base
from studyapp.store.queries.search_index import SEARCH_TABLES
from studyapp.store.schema import (
    alembic_config,
    current_revision,
    head_schema_script,
    known_revisions,
)
from studyapp.store.schema_head import (
    HEAD_REVISION,
    HEAD_SQL,
    STAMP,
    STAMP_DDL,
    create_at_head,
)

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


def _everything(path) -> tuple[list, dict]:
    """Every schema object of the database at ``path``, and every table's rows."""
    with closing(sqlite3.connect(path)) as db:
        objects = db.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        rows = {
            name: db.execute(f'SELECT * FROM "{name}"').fetchall()
            for kind, name, _table, _sql in objects
            if kind == "table" and not name.startswith("sqlite_")
        }
    return objects, rows


def test_the_head_schema_file_makes_exactly_the_models_schema(tmp_path):
    engine = make_engine(tmp_path / "models.sqlite3")
    with engine.begin() as connection:
        Base.metadata.create_all(connection)
        driver(connection).execute(STAMP_DDL)
        driver(connection).execute(STAMP, (HEAD_REVISION,))
    engine.dispose()
    with closing(sqlite3.connect(tmp_path / "file.sqlite3")) as db:
        assert create_at_head(db)
    stale = "schema_head.sql is out of date: write studyapp.store.schema.head_schema_script() to it"
    assert _everything(tmp_path / "file.sqlite3") == _everything(tmp_path / "models.sqlite3"), stale
    # (each table's indexes in one order, by name: the planner breaks ties by that order)
    assert HEAD_SQL.read_text(encoding="utf-8") == head_schema_script(), stale


def test_a_database_with_tables_is_not_created_again(tmp_path):
    with closing(sqlite3.connect(tmp_path / "other.sqlite3")) as db:
        db.execute("CREATE TABLE other (x)")
        assert not create_at_head(db)
        assert db.execute("SELECT name FROM sqlite_master").fetchall() == [("other",)]
        assert not db.in_transaction


def test_a_first_start_creates_the_database_without_sqlalchemy(config):
    code = (
        "import sys\n"
        "from datetime import UTC, datetime\n"
        "from pathlib import Path\n"
        "from studyapp.config import AppConfig\n"
        "from studyapp.store.database import connect_database\n"
        "db = connect_database(AppConfig(home=Path(sys.argv[1])), datetime.now(UTC))\n"
        "print(db.execute('SELECT version_num FROM alembic_version').fetchone()[0])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(config.home)],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split("\n")[:2] == [HEAD_REVISION, "[]"]
    assert _everything(config.db_path)[0] == _schema_of_open_database(config)


def _schema_of_open_database(config) -> list:
    config.db_path.rename(config.db_path.with_suffix(".first"))
    open_database(config, NOW).dispose()
    return _everything(config.db_path)[0]


def test_connect_database_creates_a_database_at_head_with_wal(config):
    db = connect_database(config, NOW)
    assert db.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert db.execute("PRAGMA foreign_keys").fetchone() == (1,)
    db.close()
    assert list_backups(config.backup_dir) == []
