"""A synthetic learner whose memory follows FSRS-6 with known "true" parameters.

Shared by ``bench/optimize.py`` and the optimiser's tests: a fit to its review log should
come out closer to the true parameters' predictions than FSRS's defaults do. Each item is
first seen on a random day; a first rating of Again or Hard, and every lapse, is followed
by same-day reviews until Good (FSRS's short-term reviews); then it comes back after about
its stability in days (R ≈ 90%, spread from 75% to 97% so the curve's shape shows), is
recalled with the probability the true forgetting curve gives, and rated Hard/Good/Easy
or Again.
"""

from __future__ import annotations

import random
from collections.abc import Generator, Iterator
from dataclasses import dataclass

from fsrs_rs_python import FSRS, MemoryState

DAY_MS = 86_400_000
HOUR_MS = 3_600_000
# Moved away from FSRS's defaults on purpose (faster forgetting at first, a flatter curve).
TRUE_PARAMETERS = (
    0.106, 0.9, 4.6, 12.0, 6.8, 0.6, 2.4, 0.02, 1.4, 0.25, 1.1, 1.8, 0.09, 0.35, 1.9,
    0.45, 2.2, 0.6, 0.12, 0.08, 0.35,
)  # fmt: skip
FIRST_RATINGS = ((1, 2, 3, 4), (0.22, 0.1, 0.53, 0.15))
RECALL_RATINGS = ((2, 3, 4), (0.15, 0.72, 0.13))
SHORT_TERM_MS = 10 * 60 * 1000  # the next same-day review, ten minutes on
MAX_INTERVAL_DAYS = 365
RATING_NAMES = ("again", "hard", "good", "easy")

Review = tuple[str, int, int, str]  # (item id, reviewed_at ms, rating, queue before)


@dataclass
class Learner:
    parameters: tuple[float, ...] = TRUE_PARAMETERS
    seed: int = 7

    def __post_init__(self) -> None:
        self._fsrs = FSRS(list(self.parameters))
        self._rng = random.Random(self.seed)
        decay = -self.parameters[20]
        self._decay, self._factor = decay, 0.9 ** (1 / decay) - 1

    def history(
        self, items: int, reviews_per_item: int, start_ms: int, span_days: int
    ) -> Iterator[Review]:
        """Each item's reviews in time order, item after item (ids ``s0``, ``s1``, ...)."""
        for n in range(items):
            first_day = self._rng.randrange(span_days)
            first_at = start_ms + first_day * DAY_MS + self._rng.randrange(8, 20) * HOUR_MS
            yield from self._item(f"s{n}", first_at, reviews_per_item)

    def _item(self, item_id: str, at: int, count: int) -> Iterator[Review]:
        rating = self._rng.choices(*FIRST_RATINGS)[0]
        memory = self._next(None, 0, rating)
        yield item_id, at, rating, "new"
        made = 1
        if rating < 3:  # Again or Hard on a first sight: learning steps the same day
            made, at, memory = yield from self._until_good(item_id, at, memory, made, "learning")
        while made < count:
            stability = memory.stability
            target = self._rng.uniform(0.75, 0.97)
            days = round(stability * self._days_per_stability(target))
            days = min(MAX_INTERVAL_DAYS, max(1, days))
            at += days * DAY_MS + self._rng.randrange(-2, 3) * HOUR_MS
            recall = (1 + self._factor * days / stability) ** self._decay
            rating = self._rng.choices(*RECALL_RATINGS)[0] if self._rng.random() < recall else 1
            memory = self._next(memory, days, rating)
            yield item_id, at, rating, "review"
            made += 1
            if rating == 1:  # a lapse: relearning steps the same day
                made, at, memory = yield from self._until_good(
                    item_id, at, memory, made, "relearning"
                )

    def _until_good(
        self, item_id: str, at: int, memory: MemoryState, made: int, queue: str
    ) -> Generator[Review, None, tuple[int, int, MemoryState]]:
        rating = 1
        while rating < 3:
            at += SHORT_TERM_MS
            rating = 3 if self._rng.random() < 0.7 else rating
            memory = self._next(memory, 0, rating)
            yield item_id, at, rating, queue
            made += 1
        return made, at, memory

    def _days_per_stability(self, retention: float) -> float:
        """Days, in units of stability, until recall falls to ``retention``."""
        return (retention ** (1 / self._decay) - 1) / self._factor

    def _next(self, memory: MemoryState | None, days: int, rating: int) -> MemoryState:
        states = self._fsrs.next_states(memory, 0.9, days)
        return getattr(states, RATING_NAMES[rating - 1]).memory
