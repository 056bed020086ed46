"""Where items stand now: mastery per deck and topic, the stability spread, weakest items."""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from sqlalchemy import Connection

from studyapp.report.catalog import ItemState
from studyapp.report.model import Bucket, Mastery, Weakest, WeakItem
from studyapp.report.scope import MATURE_DAYS, Scope
from studyapp.store.engine import driver
from studyapp.store.queries import report_items
from studyapp.store.times import DAY_MS

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

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> _Tally:
        return cls(*row[:9], list(row[9:]))

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
            recall = scope.curve.retrievability(now - item.last_review, item.stability)
            if recall is not None:
                recalls[item.id] = recall
    return recalls


def mastery(
    connection: Connection,
    scope: Scope,
    titles: Mapping[str, str],
    topic_titles: Mapping[str, str] | None = None,
) -> tuple[tuple[Mastery, ...], tuple[Mastery, ...], Mastery]:
    """(per deck by title, per topic in file order, all decks together), tallied by SQLite.

    ``titles`` maps deck ids and ``topic_titles`` topic ids to titles; an id without
    one is its own title (the database knows deck titles, only the content topic titles).
    """
    topic_titles = topic_titles or {}
    rows = report_items.topic_tallies(
        driver(connection), scope.item_filter(), MATURE_DAYS * DAY_MS, _STABILITY_BOUNDS
    )
    topics = {(deck_id, topic_id): _Tally.from_row(tally) for deck_id, topic_id, *tally in rows}
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
        tally.mastery(f"{deck_id}/{topic_id}", topic_titles.get(topic_id, topic_id))
        for (deck_id, topic_id), tally in topics.items()
    )
    return tuple(deck_rows), topic_rows, everything.mastery("*", "All decks")


def stability_spread(overall: Mastery) -> tuple[Bucket, ...]:
    """The stability histogram of ``overall`` with the buckets' labels."""
    return tuple(
        Bucket(label, count)
        for (_bound, label), count in zip(STABILITY_BUCKETS, overall.stability, strict=True)
    )


def weakest(connection: Connection, scope: Scope, desired_retention: float) -> Weakest:
    """The items most lapsed, least likely recalled now (not suspended, and below
    ``desired_retention``: an item above it is not weak), and the leeches.

    Ties go to the item first in the content (the table's rowid order is sync's file order).
    """
    db, kept = driver(connection), scope.item_filter()
    return Weakest(
        _weak_items(report_items.most_lapsed(db, kept, WEAK_LIMIT)),
        _weak_items(report_items.least_recalled(db, kept, desired_retention, WEAK_LIMIT)),
        _weak_items(report_items.leeches(db, kept, LEECH_LIMIT)),
    )


def _weak_items(rows: Iterable[tuple[Any, ...]]) -> tuple[WeakItem, ...]:
    return tuple(
        WeakItem(
            item_id,
            deck_id,
            kind,
            item_label(payload),
            lapses,
            reps,
            recall,
            bool(leech),
            bool(suspended),
        )
        for item_id, deck_id, kind, payload, lapses, reps, recall, leech, suspended in rows
    )


def item_label(payload: bytes) -> str:
    """What the learner would recognise: a card's front or an exercise's prompt."""
    item = pickle.loads(payload)
    text_ = getattr(item, "front", None) or getattr(item, "prompt", None) or item.id
    line = " ".join(str(text_).split())
    return line if len(line) <= LABEL_CHARS else line[: LABEL_CHARS - 1] + "…"
