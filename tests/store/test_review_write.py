"""The plain-sqlite3 review write stores exactly what the SQLAlchemy models would."""

import dataclasses
import sqlite3
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, text

from studyapp.scheduling import Rating
from studyapp.scheduling.service import StudyService
from studyapp.store.database import open_database
from studyapp.store.errors import StoreError
from studyapp.store.models import ItemRow, ReviewRow
from studyapp.store.review_write import (
    NewReview,
    append_review,
    read_state,
    write_transaction,
)
from studyapp.store.times import to_millis

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
BEFORE = {
    "state": 2,
    "step": None,
    "stability": 4.5,
    "difficulty": 5.25,
    "due": to_millis(NOW),
    "last_review": to_millis(NOW) - 86_400_000,
    "reps": 3,
    "lapses": 0,
    "suspended": False,
    "leech": False,
}
AFTER = {**BEFORE, "stability": 11.0, "due": to_millis(NOW) + 9 * 86_400_000, "reps": 4}
FEEDBACK = {"message": "The sign is wrong.", "mistake": "sign", "points": [1, 2.5]}
REVIEW = NewReview(
    item_id="x",
    reviewed_at=to_millis(NOW),
    rating=3,
    elapsed_ms=4200,
    queue="review",
    state_before=BEFORE,
    state_after=AFTER,
    answer="-1/2",
    verdict="incorrect",
    feedback=FEEDBACK,
    params={"eps": 0.25},
)


@pytest.fixture
def engine(config):
    engine = open_database(config, NOW)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO items (id, kind, deck_id, topic_id, position, content_hash, "
                "source_path, source_line, payload, state, stability, difficulty, due, "
                "last_review, reps) VALUES ('x', 'exercise', 'd', 't', 0, 'h', 'a.md', 1, "
                "x'00', :state, :stability, :difficulty, :due, :last_review, :reps)"
            ),
            BEFORE,
        )
    yield engine
    engine.dispose()


def _write(engine, review: NewReview) -> int:
    raw = engine.raw_connection()
    try:
        with write_transaction(raw.driver_connection) as db:
            return append_review(db, review)
    finally:
        raw.close()


def _row_without_ids(connection, review_id: int) -> tuple:
    """The row without its local id and global uid (unique to each row)."""
    row = connection.execute(select(ReviewRow.__table__).where(ReviewRow.id == review_id)).one()
    return tuple(value for key, value in row._mapping.items() if key not in ("id", "uid"))


@pytest.mark.parametrize("feedback", [FEEDBACK, None])
def test_a_review_row_is_the_one_the_model_insert_writes(engine, feedback):
    review = dataclasses.replace(REVIEW, feedback=feedback, device_id="laptop")
    raw_id = _write(engine, review)
    with engine.begin() as connection:
        model_id = connection.execute(
            ReviewRow.__table__.insert().values(
                item_id="x",
                reviewed_at=NOW,
                rating=3,
                elapsed_ms=4200,
                queue="review",
                answer="-1/2",
                verdict="incorrect",
                feedback=feedback,
                params={"eps": 0.25},
                state_before=BEFORE,
                state_after=AFTER,
                device_id="laptop",
            )
        ).inserted_primary_key[0]
        columns = "* FROM reviews WHERE id ="
        raw_sql = connection.execute(text(f"SELECT {columns} {raw_id}")).one()._asdict()
        model_sql = connection.execute(text(f"SELECT {columns} {model_id}")).one()._asdict()
        assert _row_without_ids(connection, raw_id) == _row_without_ids(connection, model_id)
    for row in (raw_sql, model_sql):
        assert len(row.pop("uid")) == 32  # a uuid, as hex
        row.pop("id")
    assert raw_sql == model_sql  # the stored text too, not only what it decodes to


def test_the_item_moves_to_the_state_after(engine):
    _write(engine, REVIEW)
    raw = engine.raw_connection()
    try:
        assert read_state(raw.driver_connection, "x") == AFTER
    finally:
        raw.close()


def test_a_failure_inside_the_transaction_writes_nothing(engine):
    raw = engine.raw_connection()
    try:
        with pytest.raises(RuntimeError), write_transaction(raw.driver_connection) as db:
            append_review(db, REVIEW)
            raise RuntimeError("the scheduler failed")
    finally:
        raw.close()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM reviews")).scalar() == 0
        item = connection.execute(select(ItemRow.__table__).where(ItemRow.id == "x")).one()
    assert item.reps == BEFORE["reps"]


def test_an_unknown_item_has_no_state(engine):
    raw = engine.raw_connection()
    try:
        assert read_state(raw.driver_connection, "nope") is None
    finally:
        raw.close()


def test_a_review_the_database_refuses_is_a_store_error_for_the_user(config):
    with StudyService.open(config, fuzz=False) as service:
        service.sync()
        vandal = sqlite3.connect(config.db_path)
        vandal.execute("DROP TABLE reviews")
        vandal.close()
        with pytest.raises(StoreError, match="cannot be read"):
            service.rate("bagging", Rating.Good, 1000)
