"""The review log's derived columns: written with every review, backfilled by 0003."""

import json
import sqlite3
from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import text

from studyapp.scheduling import Rating
from studyapp.scheduling.service import StudyService
from studyapp.store.backup import list_backups
from studyapp.store.database import open_database
from studyapp.store.engine import make_engine
from studyapp.store.review_facts import mistake_category
from studyapp.store.schema import alembic_config
from studyapp.store.schema_head import HEAD_REVISION

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)

EXERCISE_MISTAKE = {"message": "The sign is wrong.", "mistake": "sign"}
DERIVATION_BREAK = {
    "verdict": "incorrect",
    "first_wrong_step": 1,
    "steps": [{"status": "ok"}, {"status": "wrong"}, {"status": "unreadable"}],
}
DERIVATION_WITHOUT_BREAK = {"verdict": "invalid", "first_wrong_step": None, "steps": []}
FEEDBACKS = (None, EXERCISE_MISTAKE, DERIVATION_BREAK, DERIVATION_WITHOUT_BREAK, {"message": "x"})


def snapshot(stability: float | None) -> dict:
    return {
        "state": 2 if stability else 0,
        "step": None,
        "stability": stability,
        "difficulty": 5.0 if stability else None,
        "due": 0,
        "last_review": None,
        "reps": 1,
        "lapses": 0,
        "suspended": False,
        "leech": False,
    }


def database_at_0002_with_reviews(config) -> list[tuple[float | None, dict | None]]:
    """A database migrated to 0002 only, holding one review per (stability, feedback)."""
    engine = make_engine(config.db_path)
    written = []
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0002")
        connection.execute(
            text(
                "INSERT INTO items (id, kind, deck_id, topic_id, position, content_hash, "
                "source_path, source_line, payload) "
                "VALUES ('x', 'exercise', 'd', 't', 0, 'h', 'a.md', 1, x'00')"
            )
        )
        for n, feedback in enumerate(FEEDBACKS * 2):
            stability = None if n == 0 else 1.5 * n
            connection.execute(
                text(
                    "INSERT INTO reviews (item_id, reviewed_at, rating, elapsed_ms, queue, "
                    "verdict, feedback, state_before, state_after) "
                    "VALUES ('x', :at, 3, 1000, 'review', 'incorrect', :feedback, :before, '{}')"
                ),
                {
                    "at": n,
                    "feedback": None if feedback is None else json.dumps(feedback),
                    "before": json.dumps(snapshot(stability)),
                },
            )
            written.append((stability, feedback))
    engine.dispose()
    return written


def test_migration_0003_backfills_the_columns_from_the_json(config):
    written = database_at_0002_with_reviews(config)
    open_database(config, NOW).dispose()
    with sqlite3.connect(config.db_path) as db:
        rows = db.execute("SELECT stability_before, mistake FROM reviews ORDER BY id").fetchall()
        assert db.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
    assert rows == [(stability, mistake_category(feedback)) for stability, feedback in written]
    assert {mistake for _s, mistake in rows} == {None, "sign", "step wrong"}


def test_migration_0003_backs_the_database_up_first(config):
    database_at_0002_with_reviews(config)
    open_database(config, NOW).dispose()
    backups = list_backups(config.backup_dir)
    assert [b.name for b in backups] == ["studyapp-20260302-120000-before-migration-0002.sqlite3"]
    with sqlite3.connect(backups[0]) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
        assert old.execute("SELECT count(*) FROM reviews").fetchone() == (len(FEEDBACKS) * 2,)


def test_a_rated_review_stores_its_stability_before_and_mistake(config):
    clock = [NOW]
    service = StudyService.open(config, clock=lambda: clock[0], tz=UTC, fuzz=False)
    try:
        service.sync()
        service.rate("bagging", Rating.Good, 1000)
        clock[0] += timedelta(days=30)
        service.rate("bagging", Rating.Again, 1000, verdict="incorrect", feedback=DERIVATION_BREAK)
    finally:
        service.close()
    with sqlite3.connect(config.db_path) as db:
        rows = db.execute(
            "SELECT json_extract(state_before, '$.stability'), stability_before, mistake "
            "FROM reviews ORDER BY id"
        ).fetchall()
    (new_json, new_column, new_mistake), (seen_json, seen_column, seen_mistake) = rows
    assert (new_json, new_column, new_mistake) == (None, None, None)
    assert seen_column == seen_json > 0
    assert seen_mistake == "step wrong"


def test_mistake_category_of_an_exercise_and_of_a_derivation():
    assert mistake_category(EXERCISE_MISTAKE) == "sign"
    assert mistake_category(DERIVATION_BREAK) == "step wrong"
    assert mistake_category(DERIVATION_WITHOUT_BREAK) is None
    assert mistake_category(None) is None
