"""Fitting, scoring, adopting and reverting FSRS parameters."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS
from fsrs_support import TRUE_PARAMETERS, Learner, adopted_set, learner_log, write_reviews
from sched_helpers import START, DeckSpec, build_content

from studyapp.scheduling.fitting import optimize as optimize_module
from studyapp.scheduling.fitting.optimize import (
    MIN_REVIEWS,
    Score,
    adoption,
    fit,
    optimize,
    revert,
    score,
)
from studyapp.scheduling.fitting.training import training_set
from studyapp.scheduling.parameters import parameters_in_force, set_in_force
from studyapp.store.engine import driver
from studyapp.store.queries import parameter_sets
from studyapp.store.queries.review_history import rated_reviews

DEFAULTS = tuple(DEFAULT_PARAMETERS)
DAY_MS = 86_400_000


def synthetic(items: int, seed: int):
    rows = Learner(TRUE_PARAMETERS, seed).history(items, 10, 0, 365)
    return training_set(rows, 4, UTC)


@pytest.fixture(scope="module")
def recovered() -> tuple[tuple[float, ...], object]:
    """Parameters fitted to one synthetic learner's log, and a second log of the same
    learner (other items, other draws) to judge them on."""
    return fit(synthetic(1500, seed=1)), synthetic(1500, seed=2)


def test_a_fit_predicts_a_fresh_log_of_the_learner_better_than_the_defaults(recovered):
    fitted, fresh = recovered
    assert score(fitted, fresh).log_loss < score(DEFAULTS, fresh).log_loss


def test_a_fit_comes_closer_to_the_true_parameters_than_the_defaults_by_log_loss(recovered):
    fitted, fresh = recovered
    true = score(TRUE_PARAMETERS, fresh).log_loss
    fitted_gap = abs(score(fitted, fresh).log_loss - true)
    assert fitted_gap < abs(score(DEFAULTS, fresh).log_loss - true) / 3


def test_the_fitted_parameters_drop_into_the_fsrs_scheduler(recovered):
    fitted, _fresh = recovered
    scheduler = Scheduler(parameters=fitted, enable_fuzzing=False)
    card, _ = scheduler.review_card(Card(), Rating.Easy, START)
    assert len(fitted) == 21
    assert card.stability == pytest.approx(fitted[3])


# -- adoption rules ---------------------------------------------------------------------

GOOD, BETTER = Score(0.35, 0.04), Score(0.33, 0.02)


def test_a_better_fit_on_enough_history_is_adopted():
    assert adoption(MIN_REVIEWS, GOOD, BETTER)[0]


def test_a_fit_on_too_little_history_is_not_adopted_and_says_how_much_is_needed():
    adopted, reason = adoption(MIN_REVIEWS - 1, GOOD, BETTER)
    assert not adopted and f"{MIN_REVIEWS - 1} of the {MIN_REVIEWS}" in reason


def test_a_fit_with_a_higher_log_loss_is_not_adopted():
    assert not adoption(10_000, BETTER, Score(0.34, 0.01))[0]


def test_a_fit_with_a_lower_log_loss_but_a_higher_rmse_is_not_adopted():
    assert not adoption(10_000, GOOD, Score(0.33, 0.05))[0]


# -- on the database ----------------------------------------------------------------------


def study_log(make_service, items: int, reviews_per_item: int = 10):
    ids = [f"c{n}" for n in range(items)]
    service = make_service(DeckSpec("d", ids))
    write_reviews(service.config.db_path, learner_log(ids, reviews_per_item, START))
    return service


def run_optimize(service, **options):
    with service._transaction() as connection:
        return optimize(connection, rollover_hour=4, now=START, tz=UTC, **options)


def in_force(service, deck_id=None):
    with service._reading() as connection:
        return parameters_in_force(driver(connection), deck_id)


def test_optimize_adopts_a_better_fit_and_records_it_with_both_scores(make_service):
    service = study_log(make_service, 300)
    outcome = run_optimize(service)
    assert outcome.adopted and outcome.reviews >= 3000
    assert outcome.after.log_loss < outcome.before.log_loss
    assert in_force(service) == outcome.parameters
    with service._reading() as connection:
        recorded = set_in_force(driver(connection))
    assert (recorded.reviews, recorded.log_loss_before, recorded.log_loss_after) == (
        outcome.reviews,
        outcome.before.log_loss,
        outcome.after.log_loss,
    )
    assert (recorded.rmse_before, recorded.rmse_after) == (outcome.before.rmse, outcome.after.rmse)


def test_too_little_history_keeps_the_defaults_but_records_the_fit(make_service):
    service = study_log(make_service, 20, reviews_per_item=10)
    outcome = run_optimize(service)
    assert outcome.reviews < MIN_REVIEWS and not outcome.adopted
    assert in_force(service) == DEFAULTS
    with service._reading() as connection:
        latest = parameter_sets.latest_fit(driver(connection), None)
    assert latest is not None and not latest.adopted and latest.reviews == outcome.reviews


def test_no_history_at_all_fits_nothing(make_service):
    service = make_service(DeckSpec("d", ["a"]))
    outcome = run_optimize(service)
    assert (outcome.adopted, outcome.before, outcome.reviews) == (False, None, 0)


def test_a_deck_fit_applies_to_that_deck_only(make_service):
    service = study_log(make_service, 300)
    service.sync_content(
        build_content(DeckSpec("d", [f"c{n}" for n in range(300)]), DeckSpec("other", ["x"]))
    )
    outcome = run_optimize(service, deck_id="d")
    assert outcome.adopted
    assert in_force(service, "d") == outcome.parameters
    assert in_force(service, "other") == DEFAULTS


def test_revert_goes_back_to_the_set_adopted_before_then_to_the_defaults(make_service):
    service = make_service(DeckSpec("d", ["a"]))
    first, second = TRUE_PARAMETERS, tuple(p * 1.01 for p in TRUE_PARAMETERS)
    with service._transaction() as connection:
        parameter_sets.record(driver(connection), adopted_set(first))
        parameter_sets.record(driver(connection), adopted_set(second))
    assert in_force(service) == second
    with service._transaction() as connection:
        assert revert(connection, now=START).parameters == second
    assert in_force(service) == first
    with service._transaction() as connection:
        revert(connection, now=START)
        assert revert(connection, now=START) is None
    assert in_force(service) == DEFAULTS


# -- the scheduler follows the parameters in force ----------------------------------------


def test_the_rating_buttons_and_the_review_use_the_adopted_parameters(make_service, clock):
    service = make_service(DeckSpec("d", ["a", "b"]))
    default_easy = service.preview_intervals("a")[Rating.Easy]
    with service._transaction() as connection:
        parameter_sets.record(driver(connection), adopted_set(TRUE_PARAMETERS))
    easy = service.preview_intervals("a")[Rating.Easy]
    assert default_easy == timedelta(days=round(DEFAULT_PARAMETERS[3]))
    assert easy == timedelta(days=round(TRUE_PARAMETERS[3]))
    record = service.rate("b", Rating.Easy, 1000)
    assert record.state_after["stability"] == pytest.approx(TRUE_PARAMETERS[3])
    assert record.due - record.reviewed_at == easy


def test_a_large_log_scores_the_parameters_in_force_in_a_child_alike(make_service, monkeypatch):
    service = study_log(make_service, 300)
    started = []

    class Recorded(optimize_module.ChildJob):
        def __init__(self, *args, **kwargs):
            started.append(args[0].__name__)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(optimize_module, "SCORE_BESIDE_REVIEWS", 0)
    monkeypatch.setattr(optimize_module, "ChildJob", Recorded)
    outcome = run_optimize(service)
    with service._reading() as connection:
        log = rated_reviews(driver(connection))
    assert started == ["score_log"]
    # fsrs-rs sums its RMSE bins in a hash map's order, which differs between processes.
    here = score(DEFAULTS, training_set(log, 4, UTC))
    assert (outcome.before.log_loss, outcome.before.rmse) == pytest.approx(
        (here.log_loss, here.rmse), rel=1e-6
    )
