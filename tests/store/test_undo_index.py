"""Undo finds this device's latest review through its index, not by reading the log (which
an import or a pull can fill with reviews from elsewhere), and never an imported one."""

from __future__ import annotations

from datetime import UTC, datetime

from studyapp.scheduling import Rating
from studyapp.scheduling.service import StudyService
from studyapp.store.facts import device_id
from studyapp.store.interop import ImportedReview, insert_imported, marked_imported, snapshot_json
from studyapp.store.queries.items import latest_review_not_undone

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
NEW = snapshot_json({"state": 0, "step": None, "stability": None, "difficulty": None,
                     "due": None, "last_review": None, "reps": 0, "lapses": 0,
                     "suspended": False, "leech": False})


def test_undo_reads_its_review_through_the_undo_index(config):
    with StudyService.open(config, clock=lambda: NOW, fuzz=False) as service:
        service.sync()
        service.rate("bagging", Rating.Good, 1000)
        statements: list[str] = []
        with service._reading() as db:
            db.set_trace_callback(statements.append)
            found = latest_review_not_undone(db, device_id(db))
            db.set_trace_callback(None)
            plans = [
                row[3]
                for statement in statements
                if "FROM reviews" in statement
                for row in db.execute(f"EXPLAIN QUERY PLAN {statement}")
            ]
        assert found is not None and found.item_id == "bagging"
        assert any("USING INDEX ix_reviews_undo" in plan for plan in plans), plans


def test_undo_passes_over_imported_reviews_of_this_device(config):
    with StudyService.open(config, clock=lambda: NOW, fuzz=False) as service:
        service.sync()
        service.rate("bagging", Rating.Good, 1000)
        with service.write_transaction() as db:
            imported = ImportedReview("oob", 1_000, 3, 500, "new", NEW, marked_imported(NEW), None, "u1")
            insert_imported(db, [imported], device_id(db))
        assert service.undo() == "bagging"
        assert service.undo() is None
