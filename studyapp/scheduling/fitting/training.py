"""The review log as FSRS training items, built the way FSRS (and Anki) build them.

Per item, its rated reviews (undone and manual entries are left out by the store) in time
order, from its latest first review on: each review becomes an ``FSRSReview`` whose
``delta_t`` counts the study days (which start at the rollover hour) since the previous
review. A review on the same study day as the one before it has ``delta_t = 0``: it stays
in the history, where FSRS-6 reads it as a short-term review, but it is not something to
predict. Every review made a day or more after the previous one is one training item:
the history up to it, with it last.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from itertools import groupby
from operator import itemgetter

from fsrs_rs_python import FSRSItem, FSRSReview

from studyapp.scheduling.day import study_day_number

# Time zones change their offset on quarter hours at the finest, so every moment of a
# quarter hour falls on the same study day: one day computation per quarter hour.
_QUARTER_HOUR_MS = 15 * 60 * 1000
FIRST_QUEUE = "new"  # the queue an item is in before its first review


@dataclass
class TrainingSet:
    """FSRS items in the order of their last review (FSRS weights recent ones more)."""

    items: list[FSRSItem] = field(default_factory=list)
    card_ids: list[int] = field(default_factory=list)  # the item each one belongs to
    reviews: int = 0  # review-log entries read into the histories
    first_ratings: Counter[int] = field(default_factory=Counter)  # of each item's first review
    recall_ratings: Counter[int] = field(default_factory=Counter)  # Hard/Good/Easy a day on


def day_counter(rollover_hour: int, tz: tzinfo | None) -> Callable[[int], int]:
    """``study_day_number`` of an epoch-ms time, remembered per quarter hour."""
    days: dict[int, int] = {}

    def day_of(at_ms: int) -> int:
        quarter = at_ms // _QUARTER_HOUR_MS
        day = days.get(quarter)
        if day is None:
            moment = datetime.fromtimestamp(quarter * _QUARTER_HOUR_MS / 1000, UTC)
            day = days[quarter] = study_day_number(moment, rollover_hour, tz)
        return day

    return day_of


def training_set(
    reviews: Iterable[tuple[str, int, int, str]], rollover_hour: int, tz: tzinfo | None
) -> TrainingSet:
    """Training items from ``(item_id, reviewed_at ms, rating, queue)`` rows ordered by
    item, then time (``studyapp.store.queries.review_history.rated_reviews``)."""
    day_of = day_counter(rollover_hour, tz)
    result = TrainingSet()
    timed: list[tuple[int, int, FSRSItem]] = []  # (reviewed_at, card id, item)
    for card_id, (_item_id, rows) in enumerate(groupby(reviews, key=itemgetter(0))):
        history = _since_first_review(list(rows))
        if not history:
            continue  # its first review is not in the log: FSRS needs the whole history
        result.reviews += len(history)
        result.first_ratings[history[0][2]] += 1
        fsrs_reviews: list[FSRSReview] = []
        previous_day = day_of(history[0][1])
        for _item, at, rating, _queue in history:
            day = day_of(at)
            elapsed_days = day - previous_day
            fsrs_reviews.append(FSRSReview(rating, elapsed_days))
            if elapsed_days > 0:
                timed.append((at, card_id, FSRSItem(fsrs_reviews)))
                if rating > 1:
                    result.recall_ratings[rating] += 1
            previous_day = day
    timed.sort(key=itemgetter(0))
    result.items = [item for _at, _card, item in timed]
    result.card_ids = [card for _at, card, _item in timed]
    return result


def _since_first_review(
    history: list[tuple[str, int, int, str]],
) -> list[tuple[str, int, int, str]]:
    """The reviews from the latest one made while the item was new (a reset item starts
    over, as Anki's optimiser starts from the last first learning step)."""
    for index in range(len(history) - 1, -1, -1):
        if history[index][3] == FIRST_QUEUE:
            return history[index:]
    return []
