"""An item's state as a function of its log: replay its reviews in time order.

Each review is rated again with the settings and FSRS parameters in force at its time
(``in_force.Timeline``) and the fuzz seeded from the item and its review count
(``studyapp.scheduling.fuzz``), so every device that holds the same log computes the same
state, and a device's own reviews replay to exactly what it computed when they were made. Manual suspensions apply at their time, between the
reviews, as do leech suspensions the replay itself meets, and so do changes of the FSRS
parameters in force, which recompute the item's memory state.

Rating is a pure function of the state before, the rating, its time, the item and the
scheduler (named by its fingerprint), so a review whose recorded snapshot before equals the
replayed state and whose fingerprint is the one in force at its time needs no rating
again: its recorded snapshot after is what rating would give. Most logs are such chains
(one device's reviews, or another's all after this one's), and replaying them costs a
comparison per review; where a chain breaks (logs that interleave, an undo, a suspension
or settings that changed in between) the replay rates from there on.

An imported review (``IMPORTED``, e.g. from Anki) is not rated again either while the
chain holds: its snapshot after is the other program's schedule, the history as it
happened there, so every device keeps the due dates the import brought.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from fsrs import Rating

from studyapp.scheduling.in_force import Timeline
from studyapp.scheduling.review import apply_rating
from studyapp.scheduling.state import Queue
from studyapp.store.queries.item_log import ItemLog, LoggedReview, item_logs, write_states
from studyapp.store.review_write import IMPORTED, STATE_COLUMNS
from studyapp.store.times import from_millis

NEVER_REVIEWED: dict[str, Any] = {
    "state": 0,
    "step": None,
    "stability": None,
    "difficulty": None,
    "due": None,
    "last_review": None,
    "reps": 0,
    "lapses": 0,
    "suspended": False,
    "leech": False,
}


def replay(item_id: str, log: ItemLog, timeline: Timeline) -> dict[str, Any]:
    """The item's state after its log."""
    in_force = timeline.for_deck(log.deck_id)
    replayed = _Replayed()
    events = _events(log, in_force.parameter_changes())
    pending = 0
    for index, review in enumerate(log.reviews):
        while pending < len(events) and events[pending][0] <= review.reviewed_at:
            _apply(replayed, events[pending], log.reviews[:index])
            pending += 1
        settings, scheduler = in_force.at(review.reviewed_at)
        # an imported review keeps the schedule Anki gave it, as a recorded one does
        if review.scheduled_with in (scheduler.fingerprint, IMPORTED) and replayed.is_before(
            review
        ):
            replayed.reuse(review)
        else:
            replayed.set(
                apply_rating(
                    replayed.state(),
                    Rating(review.rating),
                    from_millis(review.reviewed_at),
                    scheduler,
                    settings.leech_threshold,
                    item_id,
                )
            )
    for event in events[pending:]:
        _apply(replayed, event, log.reviews)
    return replayed.state()


_SUSPENDED, _PARAMETERS = "suspended", "parameters"


def _events(
    log: ItemLog, parameter_changes: list[tuple[int, tuple[float, ...]]]
) -> list[tuple[int, str, Any]]:
    """What happens to the item besides its reviews, in time order: its suspensions and
    the changes of the parameters in force for its deck."""
    events = [(at, _SUSPENDED, value) for at, value in log.suspensions]
    events += [(at, _PARAMETERS, parameters) for at, parameters in parameter_changes]
    return sorted(events, key=itemgetter(0))


def _apply(
    replayed: _Replayed, event: tuple[int, str, Any], reviews_before: list[LoggedReview]
) -> None:
    """A suspension sets the flag; new parameters in force give an item that is not new
    the memory state they make of its reviews so far, its due date kept, as adopting them
    did where it was adopted (``fitting.memory``)."""
    _moment, kind, value = event
    state = replayed.state()
    if kind == _SUSPENDED:
        replayed.set({**state, "suspended": value})
    elif state["state"] != Queue.NEW.value:
        from studyapp.scheduling.fitting.memory import memory_state  # numpy: only when needed

        rated = ((r.reviewed_at, r.rating, r.queue) for r in reviews_before)
        memory = memory_state(rated, value)
        if memory is not None:
            replayed.set({**state, "stability": memory[0], "difficulty": memory[1]})


class _Replayed:
    """The state a replay has reached. While that is a review's recorded snapshot after, it
    stays that review's JSON until a value is needed: along a chain of reused snapshots,
    comparing the texts (``LoggedReview.follows_previous``) is enough."""

    def __init__(self) -> None:
        self._state = dict(NEVER_REVIEWED)
        self._reused: LoggedReview | None = None  # the review whose snapshot after it is

    def state(self) -> dict[str, Any]:
        if self._reused is not None:
            after = json.loads(self._reused.state_after)
            self._state = {column: after[column] for column in STATE_COLUMNS}
            self._reused = None
        return self._state

    def set(self, state: dict[str, Any]) -> None:
        self._state, self._reused = state, None

    def reuse(self, review: LoggedReview) -> None:
        self._reused = review

    def is_before(self, review: LoggedReview) -> bool:
        """Whether the review's recorded snapshot before is this state."""
        if self._reused is not None and review.follows_previous:
            return True  # the reused review is the one before it in the log
        return json.loads(review.state_before) == self.state()


def replay_items(db: sqlite3.Connection, item_ids: Iterable[str], timeline: Timeline) -> int:
    """Replay these items and store the results (in the caller's transaction); returns how
    many were replayed."""
    logs = item_logs(db, item_ids)
    states = [(item_id, replay(item_id, log, timeline)) for item_id, log in logs.items()]
    write_states(db, [(i, state) for i, state in states if not logs[i].holds(state)])
    return len(states)
