"""The review log as FSRS training items: study days, same-day reviews, what is left out."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fsrs_rs_python import FSRSItem
from fsrs_support import write_reviews
from sched_helpers import DeckSpec

from studyapp.scheduling.fitting.training import training_set
from studyapp.store.engine import driver
from studyapp.store.queries.review_history import rated_reviews
from studyapp.store.times import to_millis

DAY0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)  # a study day that starts at 04:00 UTC


def at(days: float = 0, hours: float = 0) -> int:
    return to_millis(DAY0 + timedelta(days=days, hours=hours))


def pairs(item: FSRSItem) -> list[tuple[int, int]]:
    """(rating, delta_t) of each review: the binding's reviews show them only in their repr."""
    found = re.findall(r"rating: (\d+), delta_t: (\d+)", repr(item))
    return [(int(rating), int(days)) for rating, days in found]


def items_of(rows: list[tuple[str, int, int, str]], rollover_hour: int = 4) -> list[FSRSItem]:
    return training_set(rows, rollover_hour, UTC).items


def test_same_day_reviews_stay_in_the_history_as_short_term_reviews_but_are_not_targets():
    rows = [
        ("a", at(), 1, "new"),
        ("a", at(hours=0.2), 3, "learning"),
        ("a", at(days=2), 3, "review"),
    ]
    (item,) = items_of(rows)
    assert pairs(item) == [(1, 0), (3, 0), (3, 2)]


def test_every_review_a_day_or_more_after_the_previous_one_is_a_training_item():
    rows = [("a", at(), 3, "new"), ("a", at(days=1), 3, "review"), ("a", at(days=4), 1, "review")]
    items = items_of(rows)
    assert [pairs(item) for item in items] == [
        [(3, 0), (3, 1)],
        [(3, 0), (3, 1), (1, 3)],
    ]


def test_elapsed_days_count_study_days_that_start_at_the_rollover_hour():
    # 23:00 and 03:00 the next calendar morning are one study day; 03:00 and 05:00 are two.
    late = DAY0.replace(hour=23)
    rows = [
        ("a", to_millis(late), 3, "new"),
        ("a", to_millis(late + timedelta(hours=4)), 3, "learning"),
        ("a", to_millis(late + timedelta(hours=6)), 3, "review"),
    ]
    (item,) = items_of(rows)
    assert pairs(item) == [(3, 0), (3, 0), (3, 1)]


def test_items_come_in_the_order_of_their_last_review_across_items():
    rows = [
        ("a", at(), 3, "new"),
        ("a", at(days=5), 3, "review"),
        ("b", at(), 3, "new"),
        ("b", at(days=2), 4, "review"),
    ]
    training = training_set(rows, 4, UTC)
    assert [pairs(item)[-1] for item in training.items] == [(4, 2), (3, 5)]
    assert training.card_ids == [1, 0]


def test_a_history_without_its_first_review_is_left_out():
    rows = [("a", at(), 3, "review"), ("a", at(days=3), 3, "review")]
    training = training_set(rows, 4, UTC)
    assert training.items == [] and training.reviews == 0


def test_undone_and_manual_entries_are_not_read_from_the_log(make_service, clock):
    service = make_service(DeckSpec("d", ["a"]))
    kept = [("a", at(), 3, "new"), ("a", at(days=3), 3, "review")]
    write_reviews(service.config.db_path, kept)
    write_reviews(service.config.db_path, [("a", at(days=1), 1, "review")], undone=True)
    write_reviews(service.config.db_path, [("a", at(days=2), 3, "manual")])
    write_reviews(service.config.db_path, [("a", at(days=2, hours=1), 0, "review")])
    with service._reading() as connection:
        log = rated_reviews(driver(connection))
    assert list(zip(log.reviewed_at.tolist(), log.ratings.tolist())) == [(at(), 3), (at(days=3), 3)]
    (item,) = training_set(log, 4, UTC).items
    assert pairs(item) == [(3, 0), (3, 3)]


def test_a_review_taken_back_with_undo_is_not_learned_from(make_service, clock):
    service = make_service(DeckSpec("d", ["a"]))
    service.rate("a", 3, 1000)
    clock.advance(days=2)
    service.rate("a", 1, 1000)
    service.undo()
    with service._reading() as connection:
        log = rated_reviews(driver(connection))
    assert log.ratings.tolist() == [3]


@pytest.mark.parametrize("deck_id", [None, "d"], ids=["every deck", "one deck"])
def test_the_log_is_read_from_the_per_item_index_alone_without_a_sort(make_service, deck_id):
    service = make_service(DeckSpec("d", ["a"]))
    write_reviews(service.config.db_path, [("a", at(), 3, "new"), ("a", at(days=3), 3, "review")])
    statements: list[str] = []
    with service._reading() as connection:
        db = driver(connection)
        db.set_trace_callback(statements.append)
        log = rated_reviews(db, deck_id)
        db.set_trace_callback(None)
        (statement,) = [s for s in statements if "FROM reviews" in s]
        plan = " / ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {statement}"))
    assert log.ratings.tolist() == [3, 3]
    assert "COVERING INDEX ix_reviews_item_time" in plan, plan
    assert "TEMP B-TREE" not in plan, plan
