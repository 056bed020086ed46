"""What each desired retention would cost: reviews per day, simulated with the learner's
own parameters (what Anki's "compute minimum recommended retention" does).

fsrs-rs's simulator studies a deck the size of the learner's, introducing new items at
the daily limit, for ``DAYS`` days at each retention. The first ratings and the ratings of
successful reviews are the learner's own when the log has enough of them; the seconds per
review are the simulator's defaults. The recommended retention is fsrs-rs's
``optimal_retention``: the one that costs the least time per item remembered.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from fsrs_rs_python import default_simulator_config, optimal_retention, simulate

from studyapp.config import Settings
from studyapp.scheduling.fitting.training import TrainingSet, training_set
from studyapp.scheduling.parameters import parameters_in_force
from studyapp.store.engine import driver
from studyapp.store.queries import review_history
from studyapp.store.queries.decks import active_deck_ids

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy import Connection

DAYS = 180
MONTH_DAYS = 30
RETENTIONS = (0.70, 0.75, 0.80, 0.85, 0.90, 0.95, 0.97)
MIN_RATINGS = 50  # fewer of the learner's own ratings than this: the simulator's defaults
SEED = 42  # the same simulated learner for every retention, so rows compare


@dataclass(frozen=True)
class RetentionCost:
    retention: float
    reviews_per_day: tuple[float, ...]  # mean reviews per day in each month simulated
    minutes_per_day: float  # mean over the whole simulation
    remembered: float  # items expected remembered at the end


@dataclass(frozen=True)
class Workload:
    items: int
    new_per_day: int
    costs: tuple[RetentionCost, ...]
    recommended: float

    def to_json(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "new_per_day": self.new_per_day,
            "days": DAYS,
            "recommended_retention": round(self.recommended, 3),
            "retentions": [
                {
                    "retention": cost.retention,
                    "reviews_per_day_by_month": [round(r, 1) for r in cost.reviews_per_day],
                    "minutes_per_day": round(cost.minutes_per_day, 1),
                    "remembered": round(cost.remembered),
                }
                for cost in self.costs
            ],
        }


def workload(
    parameters: tuple[float, ...],
    items: int,
    new_per_day: int,
    training: TrainingSet | None = None,
    retentions: tuple[float, ...] = RETENTIONS,
) -> Workload:
    """The simulated cost of each retention in ``retentions`` for ``items`` items."""
    config = default_simulator_config()
    config.deck_size = max(1, items)
    config.learn_span = DAYS
    config.learn_limit = max(1, new_per_day)
    if training is not None:
        first = _probabilities(training.first_ratings, (1, 2, 3, 4))
        if first is not None:
            config.first_rating_prob = first
        recall = _probabilities(training.recall_ratings, (2, 3, 4))
        if recall is not None:
            config.review_rating_prob = recall
    weights = list(parameters)
    costs = []
    for retention in retentions:
        result = simulate(weights, retention, config, SEED)
        per_day = result.review_cnt_per_day
        months = [
            per_day[start : start + MONTH_DAYS] for start in range(0, len(per_day), MONTH_DAYS)
        ]
        costs.append(
            RetentionCost(
                retention,
                tuple(sum(month) / len(month) for month in months),
                sum(result.cost_per_day) / len(result.cost_per_day) / 60,
                result.memorized_cnt_per_day[-1],
            )
        )
    recommended = optimal_retention(config, weights)
    return Workload(items, new_per_day, tuple(costs), float(recommended))


def workload_in(
    connection: Connection | sqlite3.Connection,
    settings: Settings,
    deck_id: str | None = None,
    tz: tzinfo | None = None,
) -> Workload:
    """``workload`` for the items of ``deck_id`` (every deck: None) at the daily new-item
    limit, with the parameters in force and the learner's own ratings."""
    db = driver(connection)
    decks = 1 if deck_id else max(1, len(active_deck_ids(db)))
    training = training_set(review_history.rated_reviews(db, deck_id), settings.rollover_hour, tz)
    return workload(
        parameters_in_force(db, deck_id),
        review_history.active_item_count(db, deck_id),
        settings.new_per_day * decks,
        training,
    )


def _probabilities(counts: Counter[int], ratings: tuple[int, ...]) -> list[float] | None:
    total = sum(counts[r] for r in ratings)
    if total < MIN_RATINGS:
        return None
    return [counts[r] / total for r in ratings]
