"""A review history written straight into a real SQLite file, so statistics are known.

Items and reviews are inserted with the store's own tables (no service, no scheduler):
each test states exactly the rows whose statistics it checks.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import Engine, insert

from studyapp.config import AppConfig, Settings
from studyapp.content.model import Card, CardKind, Exercise, ExerciseKind, SourceRef
from studyapp.report import Report, ReportFilter, build_report
from studyapp.store.database import open_database
from studyapp.store.models import DeckRow, ItemRow, ReviewRow
from studyapp.store.times import to_millis

# Noon UTC on a Monday; with rollover hour 4 and UTC the study day starts at 04:00 UTC.
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
STATES = {"new": 0, "learning": 1, "review": 2, "relearning": 3}


def make_config(home: Any, **settings: Any) -> AppConfig:
    home.mkdir(parents=True, exist_ok=True)
    return AppConfig(home=home, include_bundled=False, settings=Settings(**settings))


@dataclass
class History:
    """Builder for decks, items and reviews; ``save`` writes them in three executemany calls."""

    config: AppConfig
    decks: dict[str, str] = field(default_factory=dict)
    items: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)

    def deck(self, deck_id: str, title: str) -> None:
        self.decks[deck_id] = title

    def item(
        self,
        item_id: str,
        deck: str = "ml",
        topic: str = "basics",
        kind: str = "card",
        state: str = "new",
        stability: float | None = None,
        last_review: datetime | None = None,
        due: datetime | None = None,
        lapses: int = 0,
        reps: int = 0,
        leech: bool = False,
        suspended: bool = False,
        retired: bool = False,
    ) -> None:
        if deck not in self.decks:
            self.deck(deck, deck.title())
        reviewed = state != "new"
        self.items.append(
            {
                "id": item_id,
                "kind": kind,
                "deck_id": deck,
                "topic_id": topic,
                "sibling_of": None,
                "position": len(self.items),
                "content_hash": item_id,
                "source_path": f"{deck}/{topic}.md",
                "source_line": len(self.items) + 1,
                "payload": pickle.dumps(_content_item(item_id, deck, topic, kind)),
                "retired_at": NOW - DAY if retired else None,
                "state": STATES[state],
                "step": None,
                "stability": stability if reviewed else None,
                "difficulty": 5.0 if reviewed else None,
                "due": due if reviewed else None,
                "last_review": last_review if reviewed else None,
                "reps": reps,
                "lapses": lapses,
                "suspended": suspended,
                "leech": leech,
            }
        )

    def review(
        self,
        item_id: str,
        at: datetime,
        rating: int = 3,
        queue: str = "review",
        interval_days: float = 5,
        elapsed_ms: int = 8000,
        verdict: str | None = None,
        feedback: dict | None = None,
        undone: bool = False,
    ) -> None:
        """A review whose state before had the given interval (and stability, as in FSRS)."""
        last = at - timedelta(days=interval_days)
        before = _snapshot(STATES[queue], interval_days, last, at)
        after = _snapshot(2, interval_days * 2, at, at + timedelta(days=interval_days * 2))
        self.reviews.append(
            {
                "item_id": item_id,
                "reviewed_at": at,
                "rating": rating,
                "elapsed_ms": elapsed_ms,
                "queue": queue,
                "answer": None,
                "verdict": verdict,
                "feedback": feedback,
                "params": None,
                "state_before": before,
                "state_after": after,
                "undone_at": at + timedelta(minutes=1) if undone else None,
            }
        )

    def save(self) -> Engine:
        engine = open_database(self.config, NOW)
        with engine.begin() as connection:
            if self.decks:
                connection.execute(
                    insert(DeckRow),
                    [
                        {
                            "id": d,
                            "title": t,
                            "position": n,
                            "new_per_day": None,
                            "reviews_per_day": None,
                            "retired_at": None,
                        }
                        for n, (d, t) in enumerate(self.decks.items())
                    ],
                )
            if self.items:
                connection.execute(insert(ItemRow), self.items)
            if self.reviews:
                connection.execute(insert(ReviewRow), self.reviews)
        return engine

    def report(self, now: datetime = NOW, tz: tzinfo = UTC, **filters: Any) -> Report:
        engine = self.save()
        try:
            with engine.connect() as connection:
                return build_report(
                    connection, self.config.settings, ReportFilter(**filters), now=now, tz=tz
                )
        finally:
            engine.dispose()


def _snapshot(state: int, stability: float, last_review: datetime, due: datetime) -> dict:
    return {
        "state": state,
        "step": None,
        "stability": float(stability),
        "difficulty": 5.0,
        "due": to_millis(due),
        "last_review": to_millis(last_review),
        "reps": 3,
        "lapses": 0,
        "suspended": False,
        "leech": False,
    }


def _content_item(item_id: str, deck: str, topic: str, kind: str) -> Card | Exercise:
    source = SourceRef(f"{deck}/{topic}.md", 1)
    if kind == "card":
        return Card(item_id, CardKind.BASIC, f"Front of {item_id}", "back", deck, topic, source)
    return Exercise(
        item_id, ExerciseKind.SYMBOLIC, f"Prompt of {item_id}", "x", deck, topic, source
    )
