"""FSRS with reproducible fuzz: the draw is seeded from the item and its review count.

fsrs fuzzes review intervals with the process-wide ``random``, so two devices replaying
the same reviews would disagree on due dates. Seeding the draw from ``(item id, reviews
before this one)`` makes a review's interval a function of the log, on every device and
in every replay, while intervals still spread out across items as fuzz intends.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from random import Random

from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import FUZZ_RANGES


def fuzz_seed(item_id: str, reps_before: int) -> str:
    return f"{item_id}:{reps_before}"


class SeededScheduler(Scheduler):
    """A ``Scheduler`` whose ``review`` takes the seed of its fuzz.

    ``fingerprint`` names everything besides the item's state, the rating and its time that
    decides a review's outcome (see ``SchedulingSettings.fingerprint``); reviews record it.
    """

    _seed = ""
    fingerprint = ""

    def review(self, card: Card, rating: Rating, now: datetime, seed: str) -> Card:
        self._seed = seed
        reviewed, _log = self.review_card(card, rating, now)
        return reviewed

    def _get_fuzzed_interval(self, *, interval: timedelta) -> timedelta:
        """fsrs's fuzz (the same range around the interval), drawn from the seed."""
        interval_days = interval.days
        if interval_days < 2.5:  # fsrs does not fuzz intervals this short
            return interval
        delta = 1.0
        for fuzz_range in FUZZ_RANGES:
            delta += fuzz_range["factor"] * max(
                min(float(interval_days), fuzz_range["end"]) - fuzz_range["start"], 0.0
            )
        high = min(round(interval_days + delta), self.maximum_interval)
        low = min(max(2, round(interval_days - delta)), high)
        # A str seed is hashed with sha512: the same draw in every process. Made here, as
        # most reviews (learning steps, short intervals) draw nothing.
        days = Random(self._seed).random() * (high - low + 1) + low
        return timedelta(days=min(round(days), self.maximum_interval))
