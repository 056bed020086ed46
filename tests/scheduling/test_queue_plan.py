"""The queue's queries use their covering partial indexes (what keeps them fast at 100k)."""

from sched_helpers import DeckSpec
from sqlalchemy.dialects import sqlite

from studyapp.scheduling import queue


def plan(service, statement) -> str:
    compiled = statement.compile(
        dialect=sqlite.dialect(), compile_kwargs={"render_postcompile": True}
    )
    params = tuple(compiled.params[name] for name in compiled.positiontup)
    with service._engine.connect() as connection:
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", params).all()
    return " ".join(str(row[-1]) for row in rows)


def test_new_items_are_read_from_the_new_item_index(make_service):
    service = make_service(DeckSpec("d", ["a", "b"]))
    with service._engine.connect() as connection:
        today = service._today(connection)
    assert "ix_items_active_new" in plan(service, queue.new_in_deck(today, "d", 1))


def test_due_reviews_are_read_from_the_due_index(make_service):
    service = make_service(DeckSpec("d", ["a", "b"]))
    with service._engine.connect() as connection:
        today = service._today(connection)
    assert "ix_items_active_due" in plan(service, queue.reviews_due(today, ["d"], 1))
