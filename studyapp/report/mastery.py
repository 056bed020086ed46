"""Where items stand now: mastery per deck and topic, the stability spread, weakest items."""

from __future__ import annotations

import heapq
import pickle
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from sqlalchemy import Connection

from studyapp.report.catalog import ItemState
from studyapp.report.model import Bucket, Mastery, Weakest, WeakItem
from studyapp.report.retrievability import retrievability
from studyapp.report.scope import DAY_MS, MATURE_DAYS, Scope, driver

# Upper bounds in days; the last bucket is open.
STABILITY_BUCKETS = (
    (1, "< 1 day"),
    (7, "1–7 days"),
    (21, "1–3 weeks"),
    (90, "3 weeks–3 months"),
    (365, "3–12 months"),
    (None, "≥ 1 year"),
)
_STABILITY_BOUNDS = tuple(bound for bound, _label in STABILITY_BUCKETS if bound is not None)
WEAK_LIMIT = 10
LEECH_LIMIT = 50
LABEL_CHARS = 80


@dataclass
class _Tally:
    items: int = 0
    new: int = 0
    learning: int = 0
    review: int = 0
    mature: int = 0
    suspended: int = 0
    leeches: int = 0
    recalled: int = 0  # items with a retrievability (reviewed at least once)
    recall_sum: float = 0.0
    stability: list[int] = field(default_factory=lambda: [0] * len(STABILITY_BUCKETS))

    def add(self, item: ItemState, recall: float | None) -> None:
        self.items += 1
        self.new += item.state == 0
        self.learning += item.state in (1, 3)
        self.review += item.state == 2
        self.mature += item.state == 2 and _interval_days(item) >= MATURE_DAYS
        self.suspended += item.suspended
        self.leeches += item.leech
        if recall is not None:
            self.recalled += 1
            self.recall_sum += recall
        if item.state and item.stability is not None:
            self.stability[bisect_right(_STABILITY_BOUNDS, item.stability)] += 1

    def merge(self, other: _Tally) -> None:
        for name in _COUNTERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.stability = [a + b for a, b in zip(self.stability, other.stability, strict=True)]

    def mastery(self, key: str, title: str) -> Mastery:
        mean = self.recall_sum / self.recalled if self.recalled else None
        return Mastery(
            key,
            title,
            self.items,
            self.new,
            self.learning,
            self.review,
            self.mature,
            self.suspended,
            self.leeches,
            mean,
            tuple(self.stability),
        )


_COUNTERS = tuple(f.name for f in fields(_Tally) if f.name != "stability")


def recall_now(items: Iterable[ItemState], scope: Scope) -> dict[str, float]:
    """Each reviewed item's probability of recall now (FSRS forgetting curve)."""
    now = scope.now_ms
    recalls = {}
    for item in items:
        if item.state and item.last_review is not None:
            recall = retrievability(now - item.last_review, item.stability)
            if recall is not None:
                recalls[item.id] = recall
    return recalls


def mastery(
    items: list[ItemState], recalls: dict[str, float], titles: dict[str, str]
) -> tuple[tuple[Mastery, ...], tuple[Mastery, ...], Mastery]:
    """(per deck by title, per topic in file order, all decks together)."""
    topics: dict[tuple[str, str], _Tally] = {}
    for item in items:
        topics.setdefault((item.deck_id, item.topic_id), _Tally()).add(item, recalls.get(item.id))
    decks: dict[str, _Tally] = {}
    everything = _Tally()
    for (deck_id, _topic), tally in topics.items():
        decks.setdefault(deck_id, _Tally()).merge(tally)
        everything.merge(tally)
    deck_rows = sorted(
        (tally.mastery(deck_id, titles.get(deck_id, deck_id)) for deck_id, tally in decks.items()),
        key=lambda m: (m.title, m.key),
    )
    topic_rows = tuple(
        tally.mastery(f"{deck_id}/{topic_id}", topic_id)
        for (deck_id, topic_id), tally in topics.items()
    )
    return tuple(deck_rows), topic_rows, everything.mastery("*", "All decks")


def stability_spread(overall: Mastery) -> tuple[Bucket, ...]:
    """The stability histogram of ``overall`` with the buckets' labels."""
    return tuple(
        Bucket(label, count)
        for (_bound, label), count in zip(STABILITY_BUCKETS, overall.stability, strict=True)
    )


def weakest(connection: Connection, items: list[ItemState], recalls: dict[str, float]) -> Weakest:
    """The items most lapsed, least likely recalled now (not suspended), and the leeches."""
    order = {item.id: index for index, item in enumerate(items)}
    lapsed = heapq.nsmallest(
        WEAK_LIMIT,
        (i for i in items if i.lapses > 0),
        key=lambda i: (-i.lapses, -i.reps, order[i.id]),
    )
    forgotten = heapq.nsmallest(
        WEAK_LIMIT,
        (i for i in items if i.id in recalls and not i.suspended),
        key=lambda i: (recalls[i.id], order[i.id]),
    )
    leeches = heapq.nsmallest(
        LEECH_LIMIT, (i for i in items if i.leech), key=lambda i: (-i.lapses, order[i.id])
    )
    labels = _labels(connection, {i.id for i in (*lapsed, *forgotten, *leeches)})

    def weak(chosen: list[ItemState]) -> tuple[WeakItem, ...]:
        return tuple(
            WeakItem(
                i.id,
                i.deck_id,
                i.kind,
                labels.get(i.id, i.id),
                i.lapses,
                i.reps,
                recalls.get(i.id),
                bool(i.leech),
                bool(i.suspended),
            )
            for i in chosen
        )

    return Weakest(weak(lapsed), weak(forgotten), weak(leeches))


def _labels(connection: Connection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = driver(connection).execute(
        f"SELECT id, payload FROM items WHERE id IN ({marks})", sorted(ids)
    )
    return {item_id: item_label(payload) for item_id, payload in rows}


def item_label(payload: bytes) -> str:
    """What the learner would recognise: a card's front or an exercise's prompt."""
    item = pickle.loads(payload)
    text_ = getattr(item, "front", None) or getattr(item, "prompt", None) or item.id
    line = " ".join(str(text_).split())
    return line if len(line) <= LABEL_CHARS else line[: LABEL_CHARS - 1] + "…"


def _interval_days(item: ItemState) -> float:
    if item.due is None or item.last_review is None:
        return 0.0
    return (item.due - item.last_review) / DAY_MS
