from datetime import timedelta

import pytest
from sched_helpers import DeckSpec
from sqlalchemy import select

from studyapp.scheduling import Rating
from studyapp.store.engine import make_engine
from studyapp.store.models import ReviewRow


def item_state(service, item_id: str) -> dict:
    with service._reading() as db:
        return service._state(db, item_id)


def test_undo_25_reviews_restores_each_exact_previous_state(make_service, clock):
    service = make_service(DeckSpec("d", ["a", "b", "c"]))
    ratings = [Rating.Again, Rating.Good, Rating.Hard, Rating.Easy, Rating.Good]
    history = []
    for i in range(25):
        item_id = "abc"[i % 3]
        history.append((item_id, item_state(service, item_id)))
        service.rate(item_id, ratings[i % len(ratings)], 1500)
        clock.advance(hours=7)
    for item_id, before in reversed(history):
        assert service.undo() == item_id
        assert item_state(service, item_id) == before
    assert service.undo() is None


def test_undone_reviews_no_longer_count_for_today(make_service):
    service = make_service(DeckSpec("d", ["a", "b"]), new_per_day=1)
    service.rate("a", Rating.Good, 1000)
    assert service.remaining().new == 0
    service.undo()
    assert service.remaining().new == 1
    assert service.today().reviews == 0


def test_a_review_keeps_the_answer_verdict_feedback_and_params(make_service):
    service = make_service(DeckSpec("d", ["a"]))
    record = service.rate(
        "a",
        Rating.Hard,
        4200,
        answer="1/2*log((1-e)/e)",
        verdict="correct",
        feedback={"mistake": None},
        params={"eps": 0.1},
    )
    engine = make_engine(service.config.db_path)
    with engine.connect() as connection:
        row = connection.execute(select(ReviewRow.__table__)).one()
    engine.dispose()
    assert (row.id, row.item_id, row.rating, row.elapsed_ms) == (record.id, "a", 2, 4200)
    assert (row.answer, row.verdict) == ("1/2*log((1-e)/e)", "correct")
    assert (row.feedback, row.params) == ({"mistake": None}, {"eps": 0.1})
    assert row.state_before["reps"] == 0 and row.state_after["reps"] == 1


def test_today_reports_reviews_new_items_again_and_time(make_service):
    service = make_service(DeckSpec("d", ["a", "b"]))
    service.rate("a", Rating.Again, 1000)
    service.rate("b", Rating.Good, 2500)
    progress = service.today()
    assert (progress.reviews, progress.new_seen, progress.again) == (2, 2, 1)
    assert progress.time_spent == timedelta(milliseconds=3500)


def test_reviews_before_the_rollover_belong_to_yesterday(make_service, clock):
    service = make_service(DeckSpec("d", ["a", "b"]), new_per_day=1, rollover_hour=4)
    clock.now = clock.now.replace(hour=3, minute=30)
    service.rate("a", Rating.Easy, 1000)
    assert service.remaining().new == 0
    clock.advance(minutes=45)  # 04:15: a new study day
    assert service.remaining().new == 1
    assert service.today().reviews == 0


def test_preview_intervals_match_what_rating_does(make_service, clock):
    service = make_service(DeckSpec("d", ["a"]))
    preview = service.preview_intervals("a")
    assert preview[Rating.Again] < preview[Rating.Good] < preview[Rating.Easy]
    record = service.rate("a", Rating.Good, 1000)
    assert record.due - clock.now == preview[Rating.Good]


def test_desired_retention_changes_review_intervals(make_service, clock):
    strict = make_service(DeckSpec("d", ["a"]), desired_retention=0.97)
    easy = strict.preview_intervals("a")[Rating.Easy]
    strict.close()
    relaxed = make_service(DeckSpec("d", ["a"]), desired_retention=0.8)
    assert relaxed.preview_intervals("a")[Rating.Easy] > easy


def test_rating_an_unknown_item_names_it(make_service):
    service = make_service(DeckSpec("d", ["a"]))
    with pytest.raises(KeyError, match="nope"):
        service.rate("nope", Rating.Good, 1000)


def test_a_scope_opened_inside_another_leaves_the_outer_transaction_alone(make_service):
    service = make_service(DeckSpec("d", ["a", "b"]))
    with service._transaction() as db:
        db.execute("UPDATE items SET suspended = 1 WHERE id = 'a'")
        assert service.remaining().new == 2  # its own connection: the write is not yet seen
    assert service.is_suspended("a")
    assert service.remaining().new == 1
