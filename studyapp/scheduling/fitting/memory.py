"""Memory states (FSRS stability and difficulty) recomputed when the parameters in force change.

An item's stability and difficulty are what the scheduler's FSRS made of its reviews with
the parameters in force at each; once others are adopted (or a set is given up), the
stored states no longer follow the forgetting curve that now schedules and reports. As in
Anki, which recomputes every card's memory state when its parameters change, the states
are then worked out again from each item's history with the parameters now in force. The
due dates stay as they are: the new states apply from each item's next review on (Anki
reschedules only when asked to).

The states are those the scheduler (the ``fsrs`` package's ``Scheduler.review_card``)
reaches when it rates the history again (to the last digit or so: numpy's exponential may
round differently): days since the review before counted in whole 24 hours, less than
one a short-term review, stability and difficulty clamped as it clamps them. All items
step through their histories side by side, one review at a time with numpy.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from studyapp.scheduling.fitting.training import Histories
from studyapp.scheduling.parameters import parameters_in_force
from studyapp.store.queries import memory_states, review_history
from studyapp.store.queries.review_history import RatedReviews, is_rated

_DAY_MS = 86_400_000
# The scheduler's bounds (fsrs.scheduler: STABILITY_MIN, MIN_DIFFICULTY, MAX_DIFFICULTY).
_MIN_STABILITY = 0.001
_MIN_DIFFICULTY, _MAX_DIFFICULTY = 1.0, 10.0


@dataclass(frozen=True)
class MemoryStates:
    item_ids: list[str]
    stability: np.ndarray
    difficulty: np.ndarray
    last_rated: np.ndarray  # epoch ms of each history's latest review


def memory_states_of(histories: Histories, parameters: tuple[float, ...]) -> MemoryStates:
    """Each item's memory state after its history (the items without one left out)."""
    first = np.flatnonzero(histories.first)
    lengths = np.diff(np.append(first, len(histories.ratings)))
    # Longest first: the histories still going at the k-th review are then the first few.
    by_length = np.argsort(-lengths, kind="stable")
    first, lengths = first[by_length], lengths[by_length]
    model = _Fsrs(parameters)
    ratings = histories.ratings.astype(np.int64)
    stability, difficulty = model.initial(ratings[first])
    for k in range(1, int(lengths[0]) if len(lengths) else 0):
        going = int(np.count_nonzero(lengths > k))
        rows = first[:going] + k
        days = (histories.reviewed_at[rows] - histories.reviewed_at[rows - 1]) // _DAY_MS
        stability[:going], difficulty[:going] = model.review(
            stability[:going], difficulty[:going], ratings[rows], days
        )
    return MemoryStates(
        [histories.item_ids[i] for i in histories.item_index[first].tolist()],
        stability,
        difficulty,
        histories.reviewed_at[first + lengths - 1],
    )


def memory_state(
    reviews: Iterable[tuple[int, int, str]], parameters: tuple[float, ...]
) -> tuple[float, float] | None:
    """One item's stability and difficulty after its reviews ((reviewed_at ms, rating,
    queue), in time order, none undone) as ``recompute_memory_states`` works them out; None
    when they hold no history (``Histories``)."""
    rated = [("", at, rating, queue) for at, rating, queue in reviews if is_rated(rating, queue)]
    states = memory_states_of(Histories.of(RatedReviews.from_rows(rated)), parameters)
    if not states.item_ids:
        return None
    return float(states.stability[0]), float(states.difficulty[0])


def recompute_memory_states(
    db: sqlite3.Connection, deck_id: str | None, log: RatedReviews | None = None
) -> int:
    """Rewrite the memory states of the items the set in force for ``deck_id`` schedules
    (None: every deck without a set of its own) with its parameters; ``log`` is that
    scope's ``rated_reviews`` if already read. Returns how many items were rewritten."""
    if log is None:
        log = review_history.rated_reviews(db, deck_id)
    _stage(db, memory_states_of(Histories.of(log), parameters_in_force(db, deck_id)))
    return memory_states.apply(db, only_decks_without_own_set=deck_id is None)


@dataclass
class Rewrite:
    """A rewrite under way (``rewriting``): set ``keep`` to keep it; ``changed`` then says
    how many items it rewrote."""

    keep: bool = False
    changed: int = 0


@contextmanager
def rewriting(
    db: sqlite3.Connection,
    deck_id: str | None,
    histories: Histories,
    parameters: tuple[float, ...],
) -> Iterator[Rewrite]:
    """Rewrite with ``parameters`` the memory states of the items a set for ``deck_id``
    schedules while the body runs, kept only if the body sets ``keep``.

    SQLite writes them in one statement on a thread of its own, without Python's lock, so
    the body's work (fsrs-rs scoring a fit, which holds the lock) goes on meanwhile on
    another core. It writes in a savepoint of the caller's transaction, rolled back unless
    kept. ``db`` must allow use from another thread, as SQLAlchemy's connections and
    ``store.engine.connect_at_head``'s do (the body must not use it meanwhile)."""
    states = memory_states_of(histories, parameters)
    memory_states.begin_rewrite(db)
    _stage(db, states)
    done: list[int | Exception] = []

    def write() -> None:
        try:
            done.append(memory_states.apply(db, only_decks_without_own_set=deck_id is None))
        except Exception as exc:  # noqa: BLE001 (re-raised on the caller's thread)
            done.append(exc)

    thread = threading.Thread(target=write, name="memory-states")
    thread.start()
    rewrite = Rewrite()
    body_done = False
    try:
        yield rewrite
        body_done = True
    finally:
        thread.join()
        (outcome,) = done
        kept = body_done and rewrite.keep and isinstance(outcome, int)
        memory_states.end_rewrite(db, keep=kept)
        if kept:
            rewrite.changed = outcome
    if isinstance(outcome, Exception):
        raise outcome


def _stage(db: sqlite3.Connection, states: MemoryStates) -> None:
    memory_states.stage(
        db,
        zip(
            states.item_ids,
            states.stability.tolist(),
            states.difficulty.tolist(),
            states.last_rated.tolist(),
            strict=True,
        ),
    )


class _Fsrs:
    """FSRS-6's memory model, as the scheduler computes it, on arrays of items."""

    def __init__(self, parameters: tuple[float, ...]) -> None:
        self.w = w = np.asarray(parameters, dtype=np.float64)
        self.decay = -w[20]
        self.factor = 0.9 ** (1 / self.decay) - 1
        self.easy_difficulty = w[4] - np.exp(w[5] * 3) + 1  # unclamped, for mean reversion

    def initial(self, ratings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        w = self.w
        stability = np.maximum(w[ratings - 1], _MIN_STABILITY)
        difficulty = self._clamped(w[4] - np.exp(w[5] * (ratings - 1)) + 1)
        return stability, difficulty

    def review(
        self, stability: np.ndarray, difficulty: np.ndarray, ratings: np.ndarray, days: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The states after a review ``days`` (whole 24 hours) after the one before; each
        kind of review's stability worked out for the items that made one."""
        next_stability = np.empty_like(stability)
        short = days < 1
        next_stability[short] = self._short_term(stability[short], ratings[short])
        lapse = ~short & (ratings == 1)
        next_stability[lapse] = self._forgotten(stability[lapse], difficulty[lapse], days[lapse])
        recall = ~short & (ratings > 1)
        next_stability[recall] = self._recalled(
            stability[recall], difficulty[recall], ratings[recall], days[recall]
        )
        w = self.w
        damped = difficulty + (10.0 - difficulty) * -(w[6] * (ratings - 3)) / 9.0
        next_difficulty = self._clamped(w[7] * self.easy_difficulty + (1 - w[7]) * damped)
        return np.maximum(next_stability, _MIN_STABILITY), next_difficulty

    def _short_term(self, stability: np.ndarray, ratings: np.ndarray) -> np.ndarray:
        """Reviewed again within 24 hours: a factor, at least 1 on a recall."""
        w = self.w
        increase = np.exp(w[17] * (ratings - 3 + w[18])) * stability ** -w[19]
        return stability * np.where(ratings > 1, np.maximum(increase, 1.0), increase)

    def _forgotten(
        self, stability: np.ndarray, difficulty: np.ndarray, days: np.ndarray
    ) -> np.ndarray:
        w = self.w
        long_term = (
            w[11]
            * difficulty ** -w[12]
            * ((stability + 1) ** w[13] - 1)
            * np.exp((1 - self._retrievability(stability, days)) * w[14])
        )
        return np.minimum(long_term, stability / np.exp(w[17] * w[18]))

    def _recalled(
        self, stability: np.ndarray, difficulty: np.ndarray, ratings: np.ndarray, days: np.ndarray
    ) -> np.ndarray:
        w = self.w
        return stability * (
            1
            + np.exp(w[8])
            * (11 - difficulty)
            * stability ** -w[9]
            * (np.exp((1 - self._retrievability(stability, days)) * w[10]) - 1)
            * np.where(ratings == 2, w[15], 1.0)  # the hard penalty
            * np.where(ratings == 4, w[16], 1.0)  # the easy bonus
        )

    def _retrievability(self, stability: np.ndarray, days: np.ndarray) -> np.ndarray:
        return (1 + self.factor * days / stability) ** self.decay

    @staticmethod
    def _clamped(difficulty: np.ndarray) -> np.ndarray:
        return np.clip(difficulty, _MIN_DIFFICULTY, _MAX_DIFFICULTY)
