"""The bulk review writer an import uses: snapshot text and the log's indexes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert

from studyapp.store import interop, review_write
from studyapp.store.models import Base, ItemRow
from studyapp.store.review_write import NewReview

SNAPSHOTS = [
    {"state": 2, "step": None, "stability": 3.1234567891234, "difficulty": 5.0,
     "due": 1_700_000_000_000, "last_review": None, "reps": 3, "lapses": 0,
     "suspended": False, "leech": True},
    {"state": 0, "step": 0, "stability": 1e-7, "difficulty": float("nan"), "due": None,
     "last_review": 12, "reps": 0, "lapses": 1, "suspended": True, "leech": False},
]


@pytest.mark.parametrize("snapshot", SNAPSHOTS)
def test_snapshot_text_is_what_json_dumps_writes(snapshot: dict) -> None:
    assert interop.snapshot_json(snapshot) == json.dumps(snapshot)


def review_indexes(connection) -> set[str]:  # type: ignore[no-untyped-def]
    rows = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reviews'"
    )
    return {f"{name}: {sql}" for name, sql in rows}


def test_a_large_batch_rebuilds_every_index_of_the_log(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(review_write, "_REBUILD_INDEXES_AT", 2)
    engine = create_engine(f"sqlite:///{tmp_path / 'bulk.db'}")
    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(ItemRow).values(
            id="i", kind="card", deck_id="d", topic_id="t", position=0, content_hash="h",
            source_path="p", source_line=1, payload=b"",
        ))
        before = review_indexes(connection)
        reviews = [
            NewReview("i", 1000 * n, 3, 500, "review", SNAPSHOTS[0], SNAPSHOTS[0])
            for n in range(5)
        ]
        interop.insert_reviews(connection, reviews)
        assert review_indexes(connection) == before
        found = connection.exec_driver_sql(
            "SELECT reviewed_at, state_after FROM reviews INDEXED BY ix_reviews_item_time "
            "WHERE item_id = 'i' ORDER BY reviewed_at"
        ).all()
    engine.dispose()
    assert [at for at, _ in found] == [0, 1000, 2000, 3000, 4000]
    assert json.loads(found[0][1]) == SNAPSHOTS[0]
    assert len(before) == 6
