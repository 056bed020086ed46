"""The bulk review writer an import uses: snapshot text and the log's indexes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert

from studyapp.store import interop
from studyapp.store.models import Base, ItemRow

SNAPSHOTS = [
    {"state": 2, "step": None, "stability": 3.1234567891234, "difficulty": 5.0,
     "due": 1_700_000_000_000, "last_review": None, "reps": 3, "lapses": 0,
     "suspended": False, "leech": True},
    {"state": 0, "step": 0, "stability": 1e-7, "difficulty": float("nan"), "due": None,
     "last_review": 12, "reps": 0, "lapses": 1, "suspended": True, "leech": False},
]


@pytest.mark.parametrize("snapshot", SNAPSHOTS)
def test_snapshot_text_is_what_json_dumps_writes_without_spaces(snapshot: dict) -> None:
    assert interop.snapshot_json(snapshot) == json.dumps(snapshot, separators=(",", ":"))


def test_an_imported_snapshot_after_says_it_was_imported() -> None:
    marked = interop.marked_imported(interop.snapshot_json(SNAPSHOTS[0]))
    assert json.loads(marked) == {**SNAPSHOTS[0], "scheduled_with": "imported"}


def review_indexes(connection) -> set[str]:  # type: ignore[no-untyped-def]
    rows = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reviews'"
    )
    return {f"{name}: {sql}" for name, sql in rows}


def test_a_large_batch_rebuilds_every_index_of_the_log(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(interop, "REBUILD_INDEXES_AT", 2)
    engine = create_engine(f"sqlite:///{tmp_path / 'bulk.db'}")
    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(ItemRow).values(
            id="i", kind="card", deck_id="d", topic_id="t", position=0, content_hash="h",
            source_path="p", source_line=1, payload=b"",
        ))
        before = review_indexes(connection)
        text = interop.snapshot_json(SNAPSHOTS[0])
        reviews = [
            interop.ImportedReview("i", 1000 * n, 3, 500, "review", text, text, 3.1, f"u{n}")
            for n in range(5)
        ]
        interop.insert_imported(connection.connection.driver_connection, reviews, "device")
        assert review_indexes(connection) == before
        found = connection.exec_driver_sql(
            "SELECT reviewed_at, state_after FROM reviews INDEXED BY ix_reviews_item_time "
            "WHERE item_id = 'i' ORDER BY reviewed_at"
        ).all()
    engine.dispose()
    assert [at for at, _ in found] == [0, 1000, 2000, 3000, 4000]
    assert json.loads(found[0][1]) == SNAPSHOTS[0]
    assert len(before) == 7  # the partial ones (verdicts, undo) are kept, the others rebuilt


def history_database(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = create_engine(f"sqlite:///{tmp_path / 'history.db'}")
    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        for item_id in ("a", "b"):
            connection.execute(insert(ItemRow).values(
                id=item_id, kind="card", deck_id="d", topic_id="t", position=0,
                content_hash="h", source_path="p", source_line=1, payload=b"",
            ))
    return engine


def reviewed(item_id: str, at: int) -> interop.ImportedReview:
    text = interop.snapshot_json(SNAPSHOTS[0])
    return interop.ImportedReview(item_id, at, 3, 500, "review", text,
                                  interop.marked_imported(text), 3.1, f"{item_id}-{at}")


def state(last_review: int) -> dict:
    return {**SNAPSHOTS[0], "last_review": last_review, "leech": False}


def test_a_history_is_stored_once_and_leaves_out_what_the_database_lacks(tmp_path: Path) -> None:
    engine = history_database(tmp_path)
    reviews = [reviewed("a", 2000), reviewed("a", 1000), reviewed("gone", 1500)]
    with engine.begin() as connection:
        db = connection.connection.driver_connection
        first = interop.store_history(db, reviews, {"a": state(2000)}, "laptop")
        again = interop.store_history(db, reviews, {"a": state(2000)}, "laptop")
        logged = db.execute("SELECT item_id, reviewed_at, device_id FROM reviews ORDER BY id").fetchall()
    engine.dispose()
    assert (first.added, first.states, first.unknown_reviews) == (2, 1, 1)
    assert (again.added, again.states) == (0, 0)
    assert logged == [("a", 1000, "laptop"), ("a", 2000, "laptop")]  # in time order


def test_an_item_reviewed_here_after_the_history_keeps_its_state(tmp_path: Path) -> None:
    engine = history_database(tmp_path)
    with engine.begin() as connection:
        db = connection.connection.driver_connection
        interop.set_item_states(db, {"a": state(5000), "b": state(500)})
        stored = interop.store_history(db, [], {"a": state(2000), "b": state(2000)}, "laptop")
        states = interop.item_states(db, ["a", "b"])
    engine.dispose()
    assert stored.states == 1
    assert (states["a"]["last_review"], states["b"]["last_review"]) == (5000, 2000)


def staged(tmp_path: Path, connection, reviews: list[interop.ImportedReview]) -> Path:  # type: ignore[no-untyped-def]
    """``reviews`` staged for ``connection``'s log, as an import's child stages them."""
    path = tmp_path / "staged.sqlite3"
    schema = interop.review_log_schema(connection.connection.driver_connection)
    interop.stage_reviews(path, schema, reviews, "laptop")
    return path


def test_a_staged_history_is_copied_whole_and_leaves_out_what_the_database_lacks(
    tmp_path: Path,
) -> None:
    engine = history_database(tmp_path)
    reviews = [reviewed("a", 1000), reviewed("gone", 1500), reviewed("a", 2000)]
    waited = []
    with engine.connect() as connection:
        db = connection.connection.driver_connection
        path = staged(tmp_path, connection, reviews)
        db.commit()
        with interop.receiving_staged_reviews(db):
            db.execute("BEGIN")
            stored = interop.store_staged_history(
                db, path, {"a": state(2000), "gone": state(1500)}, {"a": 2, "gone": 1},
                "laptop", lambda: waited.append(True),
            )
            db.commit()
        logged = db.execute("SELECT id, item_id, reviewed_at, device_id FROM reviews").fetchall()
        checks = [db.execute(f"PRAGMA {check}").fetchall()
                  for check in ("integrity_check", "foreign_key_check", "foreign_keys")]
        attached = [row[1] for row in db.execute("PRAGMA database_list")]
    engine.dispose()
    assert waited == [True]
    assert (stored.added, stored.states, stored.unknown_reviews) == (2, 1, 1)
    assert logged == [(1, "a", 1000, "laptop"), (3, "a", 2000, "laptop")]
    assert checks == [[("ok",)], [], [(1,)]]  # indexes whole, no orphan, enforced again
    assert "staged" not in attached


def test_a_staged_history_joins_a_log_written_meanwhile_as_any_history_does(
    tmp_path: Path,
) -> None:
    engine = history_database(tmp_path)
    with engine.connect() as connection:
        db = connection.connection.driver_connection
        path = staged(tmp_path, connection, [reviewed("a", 1000), reviewed("b", 3000)])
        interop.insert_imported(db, [reviewed("a", 1000), reviewed("a", 2000)], "phone")
        db.commit()
        with interop.receiving_staged_reviews(db):
            db.execute("BEGIN")
            stored = interop.store_staged_history(
                db, path, {}, {"a": 1, "b": 1}, "laptop", lambda: None
            )
            db.commit()
        logged = db.execute(
            "SELECT item_id, reviewed_at, device_id FROM reviews ORDER BY id"
        ).fetchall()
    engine.dispose()
    assert stored.added == 1
    assert logged == [("a", 1000, "phone"), ("a", 2000, "phone"), ("b", 3000, "laptop")]
