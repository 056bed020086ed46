"""The review log as FSRS training items, built the way FSRS (and Anki) build them.

Per item, its rated reviews (undone and manual entries are left out by the store) in time
order, from its latest first review on: each review becomes an ``FSRSReview`` whose
``delta_t`` counts the study days (which start at the rollover hour) since the previous
review. A review on the same study day as the one before it has ``delta_t = 0``: it stays
in the history, where FSRS-6 reads it as a short-term review, but it is not something to
predict. Every review made a day or more after the previous one is one training item:
the history up to it, with it last.

A million reviews make some 700,000 items, each a copy of its history handed to Rust: the
study days, the histories and the order are worked out on whole columns with numpy, so
Python only hands over one list of ``FSRSReview`` and slices of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

import numpy as np
from fsrs_rs_python import FSRSItem, FSRSReview

from studyapp.store.queries.review_history import RatedReviews

_HOUR_MS = 3_600_000
_DAY_MS = 24 * _HOUR_MS
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class Histories:
    """The reviews read into the items' histories, as columns: item after item, each
    history in time order from its first review.

    An item's history runs from its latest review made while it was new: a reset item
    starts over, as Anki's optimiser starts from the last first learning step. An item
    whose first review is not in the log has none (FSRS needs the whole history)."""

    item_ids: list[str]  # the log's items, with or without a history
    item_index: np.ndarray  # of each review: its item's place in ``item_ids``
    reviewed_at: np.ndarray  # epoch ms
    ratings: np.ndarray
    first: np.ndarray  # bool: the review that starts its item's history

    @classmethod
    def of(cls, log: RatedReviews) -> Histories:
        item_index = np.repeat(np.arange(len(log.counts)), log.counts)
        row = np.arange(len(item_index))
        first_rows = np.cumsum(log.counts) - log.counts
        latest_first_sight = (
            np.maximum.reduceat(np.where(log.first_sight, row, -1), first_rows)
            if len(row)
            else np.zeros(0, dtype=np.int64)
        )
        start = latest_first_sight[item_index]
        kept = (start >= 0) & (row >= start)
        return cls(
            log.item_ids,
            item_index[kept],
            log.reviewed_at[kept],
            log.ratings[kept],
            (row == start)[kept],
        )


@dataclass(frozen=True)
class TrainingSet:
    """FSRS items in the order of their last review (FSRS weights recent ones more)."""

    items: list[FSRSItem]
    card_ids: list[int]  # the item each one belongs to
    reviews: int  # review-log entries read into the histories
    first_ratings: Counter[int]  # of each item's first review
    recall_ratings: Counter[int]  # Hard/Good/Easy a day on
    histories: Histories  # what the items were built from


def training_set(
    reviews: RatedReviews | Iterable[tuple[str, int, int, str]],
    rollover_hour: int,
    tz: tzinfo | None,
) -> TrainingSet:
    """Training items from the store's columns (``review_history.rated_reviews``), or from
    ``(item_id, reviewed_at ms, rating, queue)`` rows grouped by item, in time order."""
    log = reviews if isinstance(reviews, RatedReviews) else RatedReviews.from_rows(reviews)
    histories = Histories.of(log)
    days = study_day_numbers(histories.reviewed_at, rollover_hour, tz)
    # Days since the review before in the same history; none before a history's first.
    elapsed = np.diff(days, prepend=days[:1])
    elapsed[histories.first] = 0
    targets = np.flatnonzero(elapsed > 0)
    # The item of each target is its history up to it, from the first review on: the
    # latest history start at or before it (every history's rows follow each other).
    starts = np.maximum.accumulate(np.where(histories.first, np.arange(len(days)), 0))
    targets = targets[np.argsort(histories.reviewed_at[targets], kind="stable")]
    reviews_in_order = _fsrs_reviews(histories.ratings, elapsed)
    slices = map(slice, starts[targets].tolist(), (targets + 1).tolist())
    target_ratings = histories.ratings[targets]
    return TrainingSet(
        items=list(map(FSRSItem, map(reviews_in_order.__getitem__, slices))),
        card_ids=histories.item_index[targets].tolist(),
        reviews=len(days),
        first_ratings=_tally(histories.ratings[histories.first]),
        recall_ratings=_tally(target_ratings[target_ratings > 1]),
        histories=histories,
    )


def _fsrs_reviews(ratings: np.ndarray, elapsed: np.ndarray) -> list[FSRSReview]:
    """One ``FSRSReview`` per review; they are immutable and FSRSItem copies them, so one
    object serves every review with the same rating and elapsed days."""
    width = int(elapsed.max(initial=0)) + 1
    shared = [FSRSReview(rating, days) for rating in range(5) for days in range(width)]
    codes = ratings.astype(np.int64) * width + elapsed
    return list(map(shared.__getitem__, codes.tolist()))


def _tally(ratings: np.ndarray) -> Counter[int]:
    counts = np.bincount(ratings.astype(np.int64), minlength=5)
    return Counter({rating: int(counts[rating]) for rating in range(1, 5) if counts[rating]})


def study_day_numbers(reviewed_at: np.ndarray, rollover_hour: int, tz: tzinfo | None) -> np.ndarray:
    """``study_day_number`` of every epoch-ms time, as whole-column arithmetic: the local
    time (the UTC offset in force added) less the rollover hour, in whole days. The offset
    is looked up once a day over the span of the times, and a day whose offset changes is
    split where it does."""
    if not len(reviewed_at):
        return np.zeros(0, dtype=np.int64)
    first_day = int(reviewed_at.min()) // _DAY_MS
    last_day = int(reviewed_at.max()) // _DAY_MS
    starts: list[int] = []
    offsets: list[int] = []
    before = _utc_offset_ms(first_day * _DAY_MS, tz)
    for day in range(first_day, last_day + 1):
        start, end = day * _DAY_MS, (day + 1) * _DAY_MS
        after = _utc_offset_ms(end, tz)
        starts.append(start)
        offsets.append(before)
        if after != before:  # a clock change this (UTC) day: find its moment
            low, high = start, end  # the offset at low is ``before``, at high ``after``
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (
                    (middle, high) if _utc_offset_ms(middle, tz) == before else (low, middle)
                )
            starts.append(high)
            offsets.append(after)
        before = after
    offset = np.array(offsets, dtype=np.int64)[
        np.searchsorted(np.array(starts, dtype=np.int64), reviewed_at, side="right") - 1
    ]
    local_days = (reviewed_at + offset - rollover_hour * _HOUR_MS) // _DAY_MS
    return local_days + _EPOCH_ORDINAL


def _utc_offset_ms(at_ms: int, tz: tzinfo | None) -> int:
    offset = datetime.fromtimestamp(at_ms / 1000, UTC).astimezone(tz).utcoffset()
    return round(offset.total_seconds() * 1000) if offset is not None else 0
