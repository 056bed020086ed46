"""Fit FSRS-6 parameters to the learner's review log, and adopt them only when they fit better.

The fit is fsrs-rs's optimiser (the one Anki runs) through ``fsrs_rs_python``; its 21
parameters are those ``fsrs.Scheduler(parameters=...)`` takes. Both the parameters in
force and the new ones are scored on the same training items with FSRS's own evaluation:
log loss and RMSE over bins, weighted towards recent reviews, as the FSRS benchmark
defines them. The new set is adopted when there is enough history (``MIN_REVIEWS``) and it
is better: lower log loss, and an RMSE no higher. Every fit is recorded, adopted or not.
Adopting a set, or giving one up, recomputes the memory states of the items it schedules
(``memory``), their due dates kept.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from fsrs_rs_python import FSRS

from studyapp.scheduling.fitting.child import ChildJob, Progress
from studyapp.scheduling.fitting.memory import recompute_memory_states, rewriting
from studyapp.scheduling.fitting.training import TrainingSet, training_set
from studyapp.scheduling.parameters import parameters_in_force
from studyapp.store.engine import driver
from studyapp.store.queries import parameter_sets, review_history
from studyapp.store.queries.parameter_sets import ParameterSet
from studyapp.store.queries.review_history import RatedReviews
from studyapp.store.times import to_millis

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy import Connection

# Below this many reviews a learner's own parameters are mostly noise: Anki's guidance is a
# few hundred reviews, and FSRS's optimiser itself only moves the first four parameters
# before it has 64 items to learn from.
MIN_REVIEWS = 400
# From this many reviews (some 200,000 training items), scoring the parameters in force
# (half a second for a million reviews) runs in a child process while this one builds
# the training items and fits: fsrs-rs holds Python's lock, so a thread would not run
# beside the fit. The child builds the items again (it starts in a second or so, about
# what this process's own building and fitting take); on a smaller log it would be later.
SCORE_BESIDE_REVIEWS = 300_000
STAGES = ("reading the review log", "fitting", "scoring", "done")


@dataclass(frozen=True)
class Score:
    log_loss: float
    rmse: float  # RMSE over bins, as the FSRS benchmark computes it


@dataclass(frozen=True)
class Outcome:
    """What one ``optimize`` did; ``before`` and ``after`` are None without a fit."""

    deck_id: str | None
    reviews: int
    parameters: tuple[float, ...]  # the new fit (the parameters in force without one)
    before: Score | None
    after: Score | None
    seconds: float
    adopted: bool
    reason: str  # why it was adopted or not, in a sentence
    memory_states: int = 0  # items whose memory state was recomputed (on adoption)

    def to_json(self) -> dict[str, Any]:
        return {
            "reviews": self.reviews,
            "parameters": list(self.parameters),
            "log_loss_before": self.before.log_loss if self.before else None,
            "log_loss_after": self.after.log_loss if self.after else None,
            "rmse_before": self.before.rmse if self.before else None,
            "rmse_after": self.after.rmse if self.after else None,
            "seconds": round(self.seconds, 3),
            "adopted": self.adopted,
            "reason": self.reason,
            "memory_states": self.memory_states,
        }


def fit(training: TrainingSet) -> tuple[float, ...]:
    """FSRS-6 parameters fitted to the items (short-term reviews modelled, as in Anki)."""
    parameters = FSRS([]).compute_parameters(
        training.items, card_ids=training.card_ids, enable_short_term=True
    )
    return tuple(float(p) for p in parameters)


def score(parameters: tuple[float, ...], training: TrainingSet) -> Score:
    evaluation = FSRS(list(parameters)).evaluate(training.items)
    return Score(float(evaluation.log_loss), float(evaluation.rmse_bins))


def score_log(
    log: RatedReviews,
    rollover_hour: int,
    tz: tzinfo | None,
    parameters: tuple[float, ...],
    progress: Progress | None = None,
) -> Score:
    """``score`` of ``parameters`` on the training items of ``log`` (a child's job)."""
    return score(parameters, training_set(log, rollover_hour, tz))


@contextmanager
def _scoring_beside(
    log: RatedReviews, rollover_hour: int, tz: tzinfo | None, parameters: tuple[float, ...]
) -> Iterator[Callable[[TrainingSet], Score]]:
    """Start scoring ``parameters`` on ``log``'s training items in a child process when
    the log is large; yields the call that returns the score given those items (scoring
    here if the child failed, or was not worth starting)."""
    if len(log.reviewed_at) < SCORE_BESIDE_REVIEWS:
        yield lambda training: score(parameters, training)
        return
    with ChildJob(score_log, log, rollover_hour, tz, parameters) as child:

        def collected(training: TrainingSet) -> Score:
            try:
                return child.result()
            except RuntimeError:  # whatever stopped the child, the score can be had here
                return score(parameters, training)

        yield collected


def adoption(reviews: int, before: Score, after: Score) -> tuple[bool, str]:
    """Whether a fit replaces the parameters in force, and why (or why not)."""
    if reviews < MIN_REVIEWS:
        return False, (
            f"not enough history yet: {reviews} of the {MIN_REVIEWS} reviews needed; "
            "the parameters in force stay"
        )
    if not (after.log_loss < before.log_loss and after.rmse <= before.rmse):
        return False, "the new parameters do not predict your reviews better; the current stay"
    return True, "the new parameters predict your reviews better and are now in force"


def optimize(
    connection: Connection | sqlite3.Connection,
    *,
    rollover_hour: int,
    now: datetime,
    deck_id: str | None = None,
    tz: tzinfo | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """Fit, score, record and (when better) adopt parameters for ``deck_id`` (None: every
    deck). The caller commits ``connection``'s transaction."""
    started = time.perf_counter()
    db = driver(connection)
    step = _stepper(progress)
    step(STAGES[0])
    current = parameters_in_force(db, deck_id)
    log = review_history.rated_reviews(db, deck_id)
    with _scoring_beside(log, rollover_hour, tz, current) as score_in_force:
        training = training_set(log, rollover_hour, tz)
        if not training.items:
            step(STAGES[-1])
            return Outcome(
                deck_id,
                training.reviews,
                current,
                None,
                None,
                time.perf_counter() - started,
                False,
                "no review yet made a day or more after the one before it: nothing to fit",
            )
        step(STAGES[1])
        parameters = fit(training)
        step(STAGES[2])
        before = score_in_force(training)
    # The memory states of the fit, should it be adopted, are written meanwhile.
    with rewriting(db, deck_id, training.histories, parameters) as rewrite:
        after = score(parameters, training)
        adopted, reason = adoption(training.reviews, before, after)
        if not all(math.isfinite(v) for v in (*parameters, before.log_loss, after.log_loss)):
            adopted, reason = False, "the fit did not converge; the parameters in force stay"
        rewrite.keep = adopted
    parameter_sets.record(
        db,
        ParameterSet(
            fitted_at=to_millis(now),
            deck_id=deck_id,
            parameters=parameters,
            reviews=training.reviews,
            log_loss_before=before.log_loss,
            log_loss_after=after.log_loss,
            rmse_before=before.rmse,
            rmse_after=after.rmse,
            adopted=adopted,
        ),
    )
    step(STAGES[-1])
    seconds = time.perf_counter() - started
    return Outcome(
        deck_id,
        training.reviews,
        parameters,
        before,
        after,
        seconds,
        adopted,
        reason,
        rewrite.changed,
    )


def revert(
    connection: Connection | sqlite3.Connection, *, now: datetime, deck_id: str | None = None
) -> ParameterSet | None:
    """Go back to the set adopted before the one in force (or FSRS's defaults), the items'
    memory states recomputed with it; returns the set given up, None if there was none.
    The caller commits."""
    db = driver(connection)
    given_up = parameter_sets.revert(db, deck_id, to_millis(now))
    if given_up is not None:
        recompute_memory_states(db, deck_id)
    return given_up


def _stepper(progress: Progress | None) -> Callable[[str], None]:
    def step(stage: str) -> None:
        if progress is not None:
            progress(STAGES.index(stage), len(STAGES) - 1, stage)

    return step


@dataclass(frozen=True)
class FitStatus:
    """How well the parameters in force predicted the log when last measured, and whether
    enough reviews came in since the last fit for a new one to be worth running."""

    in_force: ParameterSet | None  # None: FSRS's defaults
    latest: ParameterSet | None  # the newest fit, adopted or not
    reviews: int  # rated reviews in the log
    new_since_fit: int  # of them, made since the latest fit (all of them without one)

    @property
    def score(self) -> Score | None:
        """The parameters in force on the log of their fit (the defaults: of the last fit)."""
        if self.in_force is not None:
            return Score(self.in_force.log_loss_after, self.in_force.rmse_after)
        if self.latest is not None:
            return Score(self.latest.log_loss_before, self.latest.rmse_before)
        return None

    @property
    def reviews_for_refit(self) -> int:
        """New reviews after which a fit may tell something new: MIN_REVIEWS, or a fifth
        more history than the last fit saw when that is more."""
        return max(MIN_REVIEWS, (self.latest.reviews if self.latest else 0) // 5)

    @property
    def suggest(self) -> bool:
        return self.reviews >= MIN_REVIEWS and self.new_since_fit >= self.reviews_for_refit


def fit_status(connection: Connection, deck_id: str | None = None) -> FitStatus:
    """A few indexed counts: cheap enough for the statistics screen to show every time."""
    db = driver(connection)
    latest = parameter_sets.latest_fit(db, deck_id)
    since = latest.fitted_at if latest is not None else None
    return FitStatus(
        parameter_sets.in_force(db, deck_id),
        latest,
        review_history.rated_review_count(db, deck_id),
        review_history.rated_review_count(db, deck_id, since),
    )
