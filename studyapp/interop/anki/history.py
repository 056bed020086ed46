"""An Anki card's review log and scheduling as studyapp reviews and an item state.

Every revlog entry with a rating 1-4 is a review (manual reschedules and other entries
without one are not). The item keeps Anki's due day and counts; its FSRS memory state
(stability, difficulty) comes from ``cards.data`` when Anki had FSRS on, otherwise from
replaying its reviews with the ``fsrs`` package's model. The replay also gives each
review's before/after snapshots, which the reports and a sync's replay read.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from fsrs import Scheduler
from fsrs.scheduler import MAX_DIFFICULTY, MIN_DIFFICULTY, STABILITY_MIN

from studyapp.interop.anki.collection import AnkiCard, AnkiCollection, RevlogEntry, as_record
from studyapp.interop.anki.timing import day_start, days_elapsed, study_date
from studyapp.scheduling.state import Queue
from studyapp.store.interop import ImportedReview, marked_imported, snapshot_json
from studyapp.store.times import to_millis

_DAY_MS = 86_400_000
_EPOCH_SECONDS = 1_000_000_000  # a due above this is a time, below it a day number (Anki's rule)
_DEFAULT_DIFFICULTY = 5.0
# revlog.type → the item's state when the review began (type 0 is "new" the first time).
# Plain ints, not the enum, in the loop over every review: an enum member hashes slowly.
_REVIEW = int(Queue.REVIEW)
_STATE_BEFORE = {0: int(Queue.LEARNING), 1: _REVIEW, 2: int(Queue.RELEARNING), 3: _REVIEW}
_MANUAL_TYPES = (4, 5)
_RATINGS = (1, 2, 3, 4)
_LABELS = {int(queue): queue.label for queue in Queue}
_NEW_LABEL = Queue.NEW.label
_NEW, _LEARNING, _RELEARNING = int(Queue.NEW), int(Queue.LEARNING), int(Queue.RELEARNING)
_STATES = {int(queue): int(queue) for queue in Queue}  # card.type -> the item's state
_STEPPED = (_LEARNING, _RELEARNING)  # the states with a learning step
# A snapshot between two reviews, as ``snapshot_json`` writes it, without its closing
# brace (closed plainly, or with the imported mark): never suspended (Anki's log shows no
# suspension), a leech only at the end, every time known. Its start depends on the state
# only, its memory part on the memory only (see ``HistoryBuilder``).
_HEADS = {
    int(queue): f'{{"state":{int(queue)},"step":{"0" if queue in _STEPPED else "null"},'
    for queue in Queue
}
_MEMORY = '"stability":%r,"difficulty":%r'
_SNAPSHOT_CORE = (
    '%s%s,"due":%d,"last_review":%d,"reps":%d,"lapses":%d,"suspended":false,"leech":false'
)
# A final state of the usual types, whole (see ``_state_json``).
_STATE_FORMAT = (
    '{"state":%d,"step":%s,' + _MEMORY + ',"due":%d,"last_review":%d,"reps":%d,"lapses":%d,'
    '"suspended":%s,"leech":%s}'
)
# revlog.type of a review → the head of the snapshot before it and its state's label.
_BEFORE = {kind: (_HEADS[state], _LABELS[state]) for kind, state in _STATE_BEFORE.items()}
_BEFORE_REVIEW = (_HEADS[_REVIEW], _LABELS[_REVIEW])
_MARKED_END = marked_imported("}")
_MEMO_SIZE = 10_000  # memory steps remembered (see ``HistoryBuilder``)
_review = as_record(ImportedReview)
_UID_PERSON = b"studyapp-import"
_UID_TIMES = 1 << 48
Memory = tuple[float, float]  # (stability, difficulty)
_NEVER_REVIEWED = snapshot_json({  # the snapshot before a first review
    "state": int(Queue.NEW), "step": None, "stability": None, "difficulty": None, "due": None,
    "last_review": None, "reps": 0, "lapses": 0, "suspended": False, "leech": False,
})


def rated_entries(revlog: list[RevlogEntry]) -> list[RevlogEntry]:
    """The entries that are reviews, in their order."""
    return [entry for entry in revlog if 1 <= entry.ease <= 4 and entry.type not in _MANUAL_TYPES]


@dataclass
class CardHistory:
    item_id: str
    reviews: list[ImportedReview]
    state: dict  # the item's snapshot (``review_write.STATE_COLUMNS``), times in epoch ms


def _uid_prefix(item_id: str) -> str:
    """The start of the global ids of the item's imported reviews, which are made from what
    makes each one that review: importing the same history on two devices gives the same
    ids, so a sync between them stores each review once. An id has the form of every
    review's id, 32 hex digits: these 20 (80 bits of a hash of the item), then the
    review's time in milliseconds (48 bits, enough until the year 10000)."""
    return hashlib.blake2b(item_id.encode(), digest_size=10, person=_UID_PERSON).hexdigest()


class MemoryReplay:
    """FSRS memory states along a review history, as ``fsrs.Scheduler.review_card`` computes
    them (the stability and difficulty updates do not depend on learning steps): the same
    formulas with the same operations, without the per-call keyword arguments and enum
    checks, since an import replays hundreds of thousands of reviews."""

    def __init__(self, scheduler: Scheduler) -> None:
        w = [float(x) for x in scheduler.parameters]
        self._w = w
        self._decay, self._factor = scheduler._DECAY, scheduler._FACTOR
        self._initial = {
            r: (max(w[r - 1], STABILITY_MIN), _clamp(w[4] - (math.e ** (w[5] * (r - 1))) + 1))
            for r in _RATINGS
        }
        easy_difficulty = w[4] - (math.e ** (w[5] * (4 - 1))) + 1  # not clamped
        self._reverted, self._kept = w[7] * easy_difficulty, 1 - w[7]  # mean reversion
        self._delta = {r: -(w[6] * (r - 3)) for r in _RATINGS}
        self._short_term_growth = {r: math.e ** (w[17] * (r - 3 + w[18])) for r in _RATINGS}
        self._forget_short_term = math.e ** (w[17] * w[18])
        self._recall_factor = math.e ** w[8]
        self._bonus = {1: 1, 2: w[15], 3: 1, 4: w[16]}

    def after(self, memory: Memory | None, elapsed_days: int, rating: int) -> Memory:
        if memory is None:
            return self._initial[rating]
        w = self._w
        stability, difficulty = memory
        if elapsed_days < 1:
            growth = self._short_term_growth[rating] * (stability ** -w[19])
            if rating > 1:
                growth = max(growth, 1.0)
            stability = stability * growth
        else:
            recall = (1 + self._factor * elapsed_days / stability) ** self._decay
            if rating == 1:
                long_term = (
                    w[11]
                    * (difficulty ** -w[12])
                    * (((stability + 1) ** (w[13])) - 1)
                    * (math.e ** ((1 - recall) * w[14]))
                )
                stability = min(long_term, stability / self._forget_short_term)
            else:
                stability = stability * (
                    1
                    + self._recall_factor
                    * (11 - difficulty)
                    * (stability ** -w[9])
                    * ((math.e ** ((1 - recall) * w[10])) - 1)
                    * self._bonus[rating]
                )
        damped = difficulty + (10.0 - difficulty) * self._delta[rating] / 9.0
        return max(stability, STABILITY_MIN), _clamp(self._reverted + self._kept * damped)


def _clamp(difficulty: float) -> float:
    return min(max(difficulty, MIN_DIFFICULTY), MAX_DIFFICULTY)


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
        self._day_starts: dict[int, int] = {}  # Anki day number -> when it starts, epoch ms
        # (memory before, days elapsed, rating) -> (memory after, its snapshot text). Cards
        # learn alike (same-day steps from the same first memory), so steps repeat; their
        # floats are written once (a float's repr costs more than its replay).
        self._steps: dict[tuple[Memory | None, int, int], tuple[Memory, str]] = {}

    def card(
        self, item_id: str, card: AnkiCard, entries: list[RevlogEntry], leech: bool
    ) -> CardHistory:
        """``entries``: the card's rated revlog entries in time order.

        Each review's snapshot after is the state it left (its interval from the revlog,
        the memory replayed so far) and the last one's is the card's state now; the
        snapshots are written as JSON here, once each, since the log stores them so."""
        steps, replay = self._steps, self._replay.after
        reviews: list[ImportedReview] = []
        memory: Memory | None = None
        before, queue, stability_before = _NEVER_REVIEWED, _NEW_LABEL, None
        lapses, previous, final = 0, 0, None
        uid = _uid_prefix(item_id)
        last = len(entries)
        for count, (at, _card, rating, ivl, _last_ivl, _factor, taken, kind) in enumerate(
            entries, 1
        ):
            key = (memory, (at - previous) // _DAY_MS if previous else 0, rating)
            step = steps.get(key)
            if step is None:
                after_memory = replay(*key)
                step = (after_memory, _MEMORY % after_memory)
                if len(steps) < _MEMO_SIZE:
                    steps[key] = step
            memory, memory_text = step
            if kind == 1 and rating == 1:
                lapses += 1
            if count < last:
                head, label = _BEFORE.get(entries[count][7], _BEFORE_REVIEW)  # the next's
                core = _SNAPSHOT_CORE % (
                    head, memory_text, at + (ivl * _DAY_MS if ivl > 0 else -ivl * 1000), at,
                    count, lapses,
                )
                after, marked = core + "}", core + _MARKED_END
            else:
                final = self._final_state(card, entries, memory, leech)
                after = _state_json(final)
                marked, label = marked_imported(after), _LABELS[final["state"]]
            reviews.append(
                _review(  # in the order of ImportedReview's fields
                    (item_id, at, rating, max(0, taken), queue, before, marked,
                     stability_before, f"{uid}{at % _UID_TIMES:012x}")
                )
            )
            before, queue, stability_before, previous = after, label, memory[0], at
        if final is None:
            final = self._final_state(card, entries, memory, leech)
        return CardHistory(item_id, reviews, final)

    def _final_state(
        self, card: AnkiCard, entries: list[RevlogEntry], replayed: Memory | None, leech: bool
    ) -> dict:
        state = _STATES.get(card.type, _NEW)
        data = _card_data(card.data)
        memory = replayed
        if self._collection.fsrs and isinstance(data.get("s"), int | float) and isinstance(
            data.get("d"), int | float
        ):
            memory = (float(data["s"]), float(data["d"]))
        due = self._due_ms(card) if state != _NEW else None
        last_review = entries[-1].id if entries else None
        if isinstance(data.get("lrt"), int) and data["lrt"] * 1000 > (last_review or 0):
            last_review = data["lrt"] * 1000
        if state in (_REVIEW, _RELEARNING) and memory is None:
            # Rescheduled without a review (Anki's "set due date"): the interval stands in
            # for the stability, which is what it is at 90% retention.
            memory = (float(max(card.ivl, 1)), _DEFAULT_DIFFICULTY)
            if last_review is None and due is not None:
                last_review = due - max(card.ivl, 1) * _DAY_MS
        if state == _NEW:
            memory, last_review = None, None
        step = None
        if state in _STEPPED:
            remaining = card.left % 1000
            step = max(0, min(self._learning_steps - 1, self._learning_steps - remaining))
        return {
            "state": state,
            "step": step,
            "stability": memory[0] if memory else None,
            "difficulty": memory[1] if memory else None,
            "due": due,
            "last_review": last_review,
            "reps": card.reps,
            "lapses": card.lapses,
            "suspended": card.queue == -1,
            "leech": leech,
        }

    def _due_ms(self, card: AnkiCard) -> int:
        due = card.odue if card.odid and card.odue else card.due
        if due > _EPOCH_SECONDS:
            return due * 1000
        start = self._day_starts.get(due)
        if start is None:  # cards share their due days: each is converted once
            day = self._today + timedelta(days=due - self._today_number)
            start = self._day_starts[due] = to_millis(day_start(day, self._rollover_hour))
        return start


def _state_json(state: dict) -> str:
    """``snapshot_json(state)`` of a final state from ``_final_state``: by one format when
    it has a memory and times of the usual types (the general function's per-value checks
    cost more than the text), else by ``snapshot_json``."""
    stability, difficulty, step = state["stability"], state["difficulty"], state["step"]
    due, last_review, reps, lapses = (
        state["due"], state["last_review"], state["reps"], state["lapses"]
    )
    if (
        type(stability) is type(difficulty) is float
        and math.isfinite(stability) and math.isfinite(difficulty)
        and type(due) is type(last_review) is type(reps) is type(lapses) is int
        and (step is None or type(step) is int)
    ):
        return _STATE_FORMAT % (
            state["state"], "null" if step is None else step, stability, difficulty, due,
            last_review, reps, lapses, "true" if state["suspended"] else "false",
            "true" if state["leech"] else "false",
        )
    return snapshot_json(state)


def _card_data(text: str) -> dict:
    if not text or text == "{}":
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
