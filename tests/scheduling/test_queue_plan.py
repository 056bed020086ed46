"""The queue's queries use their covering partial indexes (what keeps them fast at 100k)."""

from sched_helpers import DeckSpec

from studyapp.scheduling import queue
from studyapp.store.queries.queue import Query


def plan(service, query: Query) -> str:
    with service._reading() as db:
        rows = db.execute(f"EXPLAIN QUERY PLAN {query.sql}", query.params).fetchall()
    return " ".join(str(row[-1]) for row in rows)


def today_of(service) -> queue.Today:
    with service._reading() as db:
        return service._reader.today(db)


def test_new_items_are_read_from_the_new_item_index(make_service):
    service = make_service(DeckSpec("d", ["a", "b"]))
    assert "ix_items_active_new" in plan(service, queue.new_in_deck(today_of(service), "d", 1))


def test_due_reviews_are_read_from_the_due_index(make_service):
    service = make_service(DeckSpec("d", ["a", "b"]))
    assert "ix_items_active_due" in plan(service, queue.reviews_due(today_of(service), ["d"], 1))


def test_learning_items_are_read_from_the_due_index(make_service):
    service = make_service(DeckSpec("d", ["a", "b"]))
    today = today_of(service)
    assert "ix_items_active_due" in plan(service, queue.learning_due(today, "d", today.now, 1))
