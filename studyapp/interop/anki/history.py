"""An Anki card's review log and scheduling as studyapp reviews and an item state.

Every revlog entry with a rating 1-4 is a review (manual reschedules and other entries
without one are not). The item keeps Anki's due day and counts; its FSRS memory state
(stability, difficulty) comes from ``cards.data`` when Anki had FSRS on, otherwise from
replaying its reviews with the ``fsrs`` package's model. The replay also gives each
review's before/after snapshots, which the reports and undo read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from fsrs import Rating, Scheduler

from studyapp.interop.anki.collection import AnkiCard, AnkiCollection, RevlogEntry
from studyapp.interop.anki.timing import day_start, days_elapsed, study_date
from studyapp.scheduling.state import Queue
from studyapp.store.review_write import NewReview
from studyapp.store.times import to_millis

_DAY_MS = 86_400_000
_EPOCH_SECONDS = 1_000_000_000  # a due above this is a time, below it a day number (Anki's rule)
_DEFAULT_DIFFICULTY = 5.0
# revlog.type → the item's state when the review began (type 0 is "new" the first time).
_STATE_BEFORE = {0: Queue.LEARNING, 1: Queue.REVIEW, 2: Queue.RELEARNING, 3: Queue.REVIEW}
_MANUAL_TYPES = (4, 5)
_RATINGS = {int(rating): rating for rating in Rating}  # enum lookups add up over 10⁵ reviews
_LABELS = {int(queue): queue.label for queue in Queue}
Memory = tuple[float, float]  # (stability, difficulty)


def is_review(entry: RevlogEntry) -> bool:
    return 1 <= entry.ease <= 4 and entry.type not in _MANUAL_TYPES


@dataclass
class CardHistory:
    item_id: str
    reviews: list[NewReview]
    state: dict  # the item's snapshot (``review_write.STATE_COLUMNS``), times in epoch ms


class MemoryReplay:
    """FSRS memory states along a review history, as ``fsrs.Scheduler.review_card`` computes
    them (the stability and difficulty updates do not depend on learning steps), without
    its per-call copying: an import replays hundreds of thousands of reviews."""

    def __init__(self, scheduler: Scheduler) -> None:
        self._scheduler = scheduler

    def after(self, memory: Memory | None, elapsed_days: int, rating: Rating) -> Memory:
        s = self._scheduler
        if memory is None:
            return s._initial_stability(rating=rating), s._initial_difficulty(
                rating=rating, clamp=True
            )
        stability, difficulty = memory
        if elapsed_days < 1:
            stability = s._short_term_stability(stability=stability, rating=rating)
        else:
            recall = (1 + s._FACTOR * elapsed_days / stability) ** s._DECAY
            stability = s._next_stability(
                difficulty=difficulty, stability=stability, retrievability=recall, rating=rating
            )
        return stability, s._next_difficulty(difficulty=difficulty, rating=rating)


class HistoryBuilder:
    """Turns each card of one collection into its reviews and item state."""

    def __init__(
        self, collection: AnkiCollection, scheduler: Scheduler, now: datetime, rollover_hour: int
    ) -> None:
        self._collection = collection
        self._replay = MemoryReplay(scheduler)
        self._learning_steps = len(scheduler.learning_steps)
        self._rollover_hour = rollover_hour
        self._today_number = days_elapsed(
            collection.created, now, collection.rollover_hour, collection.creation_offset
        )
        self._today: date = study_date(now, collection.rollover_hour)

    def card(
        self, item_id: str, card: AnkiCard, entries: list[RevlogEntry], leech: bool
    ) -> CardHistory:
        """``entries``: the card's rated revlog entries in time order."""
        memories: list[Memory | None] = [None]
        for index, entry in enumerate(entries):
            elapsed = (entry.id - entries[index - 1].id) // _DAY_MS if index else 0
            memories.append(self._replay.after(memories[-1], elapsed, _RATINGS[entry.ease]))
        final = self._final_state(card, entries, memories[-1], leech)
        reviews = []
        lapses = 0
        after: dict | None = None
        for index, entry in enumerate(entries):
            before = after or self._snapshot(Queue.NEW, None, None, None, 0)
            lapsed = entry.type == 1 and entry.ease == 1
            lapses += lapsed
            if index + 1 < len(entries):
                nxt = entries[index + 1]
                due = entry.id + (entry.ivl * _DAY_MS if entry.ivl > 0 else -entry.ivl * 1000)
                after = self._snapshot(
                    _STATE_BEFORE.get(nxt.type, Queue.REVIEW), memories[index + 1], due,
                    entry.id, index + 1, lapses,
                )
            else:
                after = final
            reviews.append(
                NewReview(
                    item_id=item_id,
                    reviewed_at=entry.id,
                    rating=entry.ease,
                    elapsed_ms=max(0, entry.time),
                    queue=_LABELS[before["state"]],
                    state_before=before,
                    state_after=after,
                )
            )
        return CardHistory(item_id, reviews, final)

    def _snapshot(
        self,
        state: Queue,
        memory: Memory | None,
        due: int | None,
        last_review: int | None,
        reps: int,
        lapses: int = 0,
    ) -> dict:
        return {
            "state": int(state),
            "step": 0 if state in (Queue.LEARNING, Queue.RELEARNING) else None,
            "stability": memory[0] if memory else None,
            "difficulty": memory[1] if memory else None,
            "due": due,
            "last_review": last_review,
            "reps": reps,
            "lapses": lapses,
            "suspended": False,
            "leech": False,
        }

    def _final_state(
        self, card: AnkiCard, entries: list[RevlogEntry], replayed: Memory | None, leech: bool
    ) -> dict:
        state = Queue(card.type) if card.type in (0, 1, 2, 3) else Queue.NEW
        data = _card_data(card.data)
        memory = replayed
        if self._collection.fsrs and isinstance(data.get("s"), int | float) and isinstance(
            data.get("d"), int | float
        ):
            memory = (float(data["s"]), float(data["d"]))
        due = self._due_ms(card) if state != Queue.NEW else None
        last_review = entries[-1].id if entries else None
        if isinstance(data.get("lrt"), int) and data["lrt"] * 1000 > (last_review or 0):
            last_review = data["lrt"] * 1000
        if state in (Queue.REVIEW, Queue.RELEARNING) and memory is None:
            # Rescheduled without a review (Anki's "set due date"): the interval stands in
            # for the stability, which is what it is at 90% retention.
            memory = (float(max(card.ivl, 1)), _DEFAULT_DIFFICULTY)
            if last_review is None and due is not None:
                last_review = due - max(card.ivl, 1) * _DAY_MS
        snapshot = self._snapshot(state, memory if state != Queue.NEW else None, due, last_review,
                                  card.reps, card.lapses)
        if state == Queue.NEW:
            snapshot["last_review"] = None
        if state in (Queue.LEARNING, Queue.RELEARNING):
            remaining = card.left % 1000
            snapshot["step"] = max(0, min(self._learning_steps - 1, self._learning_steps - remaining))
        snapshot["suspended"] = card.queue == -1
        snapshot["leech"] = leech
        return snapshot

    def _due_ms(self, card: AnkiCard) -> int:
        due = card.odue if card.odid and card.odue else card.due
        if due > _EPOCH_SECONDS:
            return due * 1000
        day = self._today + timedelta(days=due - self._today_number)
        return to_millis(day_start(day, self._rollover_hour))


def _card_data(text: str) -> dict:
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
