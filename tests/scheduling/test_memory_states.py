"""Memory states recomputed when the parameters in force change: as the scheduler would
reach them rating each item's history again, due dates kept."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import groupby

import pytest
from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS
from fsrs_support import TRUE_PARAMETERS, Learner, adopted_set, learner_log, write_reviews
from sched_helpers import START, DeckSpec

from studyapp.scheduling.fitting.memory import (
    memory_states_of,
    recompute_memory_states,
    rewriting,
)
from studyapp.scheduling.fitting.optimize import optimize, revert
from studyapp.scheduling.fitting.training import Histories
from studyapp.store.engine import driver
from studyapp.store.queries import parameter_sets
from studyapp.store.queries.review_history import RatedReviews, rated_reviews
from studyapp.store.review_write import read_state

DEFAULTS = tuple(DEFAULT_PARAMETERS)
DAY_MS = 86_400_000


def replayed(rows, parameters):
    """Each item's (stability, difficulty) from the fsrs scheduler rating its rows again."""
    scheduler = Scheduler(parameters=parameters, enable_fuzzing=False)
    states = {}
    for item_id, reviews in groupby(rows, key=lambda row: row[0]):
        card = Card()
        for _item, at, rating, _queue in reviews:
            moment = datetime.fromtimestamp(at / 1000, UTC)
            card, _log = scheduler.review_card(card, Rating(rating), moment)
        states[item_id] = (card.stability, card.difficulty)
    return states


@pytest.mark.parametrize("parameters", [DEFAULTS, TRUE_PARAMETERS], ids=["defaults", "true"])
def test_the_states_are_those_the_scheduler_reaches_rating_each_history_again(parameters):
    rows = list(Learner(TRUE_PARAMETERS, seed=3).history(200, 12, 1_700_000_000_000, 365))
    states = memory_states_of(Histories.of(RatedReviews.from_rows(rows)), parameters)
    computed = dict(
        zip(states.item_ids, zip(states.stability.tolist(), states.difficulty.tolist()))
    )
    expected = replayed(rows, parameters)
    assert computed.keys() == expected.keys()
    for item_id, (stability, difficulty) in expected.items():
        assert computed[item_id] == pytest.approx((stability, difficulty), rel=1e-12)


def test_a_reset_item_starts_over_from_its_latest_first_review():
    rows = [
        ("a", 0, 3, "new"),
        ("a", 3 * DAY_MS, 1, "review"),
        ("a", 10 * DAY_MS, 4, "new"),  # reset, then seen again as new
        ("a", 14 * DAY_MS, 3, "review"),
    ]
    states = memory_states_of(Histories.of(RatedReviews.from_rows(rows)), DEFAULTS)
    expected = replayed(rows[2:], DEFAULTS)["a"]
    assert (states.stability[0], states.difficulty[0]) == pytest.approx(expected, rel=1e-12)


def test_an_item_whose_first_review_is_not_in_the_log_gets_no_state():
    rows = [("a", 0, 3, "review"), ("a", 3 * DAY_MS, 3, "review"), ("b", 0, 3, "new")]
    assert memory_states_of(Histories.of(RatedReviews.from_rows(rows)), DEFAULTS).item_ids == ["b"]


# -- on the database ----------------------------------------------------------------------


def study(service, clock, item_ids, days=(0, 1, 4, 11, 30)):
    """Rate the items through the service (Good, one Again) on the given days."""
    start = clock.now
    for n, day in enumerate(days):
        clock.now = start
        clock.advance(days=day)
        for item_id in item_ids:
            service.rate(item_id, Rating.Again if n == 2 else Rating.Good, 2000)
    clock.now = start


def states(service, item_ids):
    with service._reading() as db:
        rows = {i: read_state(db, i) for i in item_ids}
    return {i: (row["stability"], row["difficulty"], row["due"]) for i, row in rows.items()}


def adopt(service, parameters, deck_id=None):
    with service._transaction() as connection:
        db = driver(connection)
        parameter_sets.record(db, adopted_set(parameters, deck_id))
        return recompute_memory_states(db, deck_id)


def test_adopting_a_set_recomputes_the_states_and_keeps_the_due_dates(make_service, clock):
    service = make_service(DeckSpec("d", ["a", "b", "never"]))
    study(service, clock, ["a", "b"])
    live = states(service, ["a", "b", "never"])
    assert adopt(service, TRUE_PARAMETERS) == 2
    now = states(service, ["a", "b", "never"])
    with service._reading() as connection:
        log = [
            (row[0], row[1], row[2], row[3])
            for row in driver(connection).execute(
                "SELECT item_id, reviewed_at, rating, queue FROM reviews ORDER BY item_id, id"
            )
        ]
    expected = replayed(log, TRUE_PARAMETERS)
    for item_id in ("a", "b"):
        assert now[item_id][:2] == pytest.approx(expected[item_id], rel=1e-12)
        assert now[item_id][:2] != pytest.approx(live[item_id][:2])
        assert now[item_id][2] == live[item_id][2]  # the due date stays
    assert now["never"] == live["never"] == (None, None, None)


def test_reverting_gives_back_the_states_the_scheduler_computed(make_service, clock):
    service = make_service(DeckSpec("d", ["a", "b"]))
    study(service, clock, ["a", "b"])
    live = states(service, ["a", "b"])
    adopt(service, TRUE_PARAMETERS)
    with service._transaction() as connection:
        assert revert(connection, now=START) is not None
    back = states(service, ["a", "b"])
    for item_id in ("a", "b"):
        assert back[item_id][:2] == pytest.approx(live[item_id][:2], rel=1e-12)
        assert back[item_id][2] == live[item_id][2]


def test_a_deck_set_rewrites_that_decks_items_and_a_set_for_all_leaves_them(make_service, clock):
    service = make_service(DeckSpec("d", ["a"]), DeckSpec("e", ["b"]))
    study(service, clock, ["a", "b"])
    live = states(service, ["a", "b"])
    assert adopt(service, TRUE_PARAMETERS, deck_id="d") == 1
    own = states(service, ["a", "b"])
    assert own["a"] != live["a"] and own["b"] == live["b"]
    assert adopt(service, tuple(p * 1.02 for p in TRUE_PARAMETERS)) == 1  # only deck e's item
    after = states(service, ["a", "b"])
    assert after["a"] == own["a"] and after["b"] != live["b"]


def test_optimize_recomputes_the_states_of_the_reviewed_items_when_it_adopts(make_service, clock):
    ids = [f"c{n}" for n in range(300)]
    service = make_service(DeckSpec("d", [*ids, "a", "b"]))
    write_reviews(service.config.db_path, learner_log(ids, 10, START))
    clock.advance(days=1)  # after the synthetic log
    study(service, clock, ["a", "b"])
    live = states(service, ["a", "b"])
    with service._transaction() as connection:
        outcome = optimize(connection, rollover_hour=4, now=clock.now, tz=UTC)
    assert outcome.adopted
    # The synthetic log's items were never rated through the app (still new): left alone.
    assert outcome.memory_states == 2 and outcome.to_json()["memory_states"] == 2
    after = states(service, ["a", "b"])
    for item_id in ("a", "b"):
        assert after[item_id][:2] != pytest.approx(live[item_id][:2])
        assert after[item_id][2] == live[item_id][2]


def test_a_fit_not_adopted_leaves_the_states_alone(make_service, clock):
    service = make_service(DeckSpec("d", ["a", "b"]))
    study(service, clock, ["a", "b"])
    live = states(service, ["a", "b"])
    with service._transaction() as connection:
        outcome = optimize(connection, rollover_hour=4, now=clock.now, tz=UTC)
    assert not outcome.adopted and outcome.memory_states == 0
    assert states(service, ["a", "b"]) == live


def test_a_rewrite_meanwhile_is_kept_only_when_asked(make_service, clock):
    service = make_service(DeckSpec("d", ["a", "b"]))
    study(service, clock, ["a", "b"])
    live = states(service, ["a", "b"])
    for keep in (False, True):
        with service._transaction() as connection:
            db = driver(connection)
            with rewriting(db, None, Histories.of(rated_reviews(db)), TRUE_PARAMETERS) as rewrite:
                rewrite.keep = keep
        assert rewrite.changed == (2 if keep else 0)
        assert (states(service, ["a", "b"]) == live) is not keep


def test_a_failure_while_rewriting_leaves_the_states_as_they_were(make_service, clock):
    service = make_service(DeckSpec("d", ["a", "b"]))
    study(service, clock, ["a", "b"])
    live = states(service, ["a", "b"])
    with service._transaction() as connection:
        db = driver(connection)
        histories = Histories.of(rated_reviews(db))
        with (
            pytest.raises(ZeroDivisionError),
            rewriting(db, None, histories, TRUE_PARAMETERS) as rewrite,
        ):
            rewrite.keep = True
            _ = 1 / 0
        parameter_sets.record(db, adopted_set(TRUE_PARAMETERS))  # the transaction goes on
    assert states(service, ["a", "b"]) == live


def test_an_item_reviewed_while_the_optimiser_ran_keeps_its_own_reviews_state(make_service, clock):
    service = make_service(DeckSpec("d", ["a", "b"]))
    study(service, clock, ["a", "b"])
    live = states(service, ["b"])
    with service._reading() as connection:
        histories = Histories.of(rated_reviews(driver(connection)))  # as the optimiser read
    clock.advance(days=40)
    service.rate("a", Rating.Good, 2000)  # meanwhile, on the review screen
    reviewed = states(service, ["a"])
    with (
        service._transaction() as connection,
        rewriting(driver(connection), None, histories, TRUE_PARAMETERS) as rewrite,
    ):
        rewrite.keep = True
    assert rewrite.changed == 1
    assert states(service, ["a"]) == reviewed
    assert states(service, ["b"]) != live
