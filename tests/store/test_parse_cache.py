from datetime import UTC, datetime

import pytest

from studyapp.content.parser import parse_text
from studyapp.store.database import connect_database
from studyapp.store.parse_cache import SqliteParseCache

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
PARSED = parse_text("```topic\nid: t\ntitle: T\n```\n", "t.md")


@pytest.fixture
def db(config):
    db = connect_database(config, NOW)
    yield db
    db.close()


def test_a_stored_parse_is_returned_while_mtime_and_size_hold(db):
    with db as connection:
        SqliteParseCache(connection).put("t.md", 10, 20, PARSED)
    with db as connection:
        cache = SqliteParseCache(connection)
        assert cache.get("t.md", 10, 20) == PARSED
        assert cache.get("t.md", 11, 20) is None


def test_a_parse_from_another_app_version_is_ignored(db):
    with db as connection:
        SqliteParseCache(connection).put("t.md", 10, 20, PARSED)
        connection.execute("UPDATE content_files SET app_version = '0.0.1'")
    with db as connection:
        assert SqliteParseCache(connection).get("t.md", 10, 20) is None


def test_files_not_visited_by_a_load_are_forgotten(db):
    with db as connection:
        cache = SqliteParseCache(connection)
        cache.put("kept.md", 1, 1, PARSED)
        cache.put("gone.md", 1, 1, PARSED)
    with db as connection:
        cache = SqliteParseCache(connection)
        cache.get("kept.md", 1, 1)
        cache.forget_unseen()
        keys = connection.execute("SELECT key FROM content_files").fetchall()
    assert keys == [("kept.md",)]
