"""Helpers for scheduling tests: content built in code and a settable clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from studyapp.content.model import Card, CardKind, ContentSet, Deck, SourceRef, Topic
from studyapp.scheduling.service import StudyService

# Noon UTC on a Monday; the tests' study day runs from 04:00 UTC to 04:00 UTC.
START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class DeckSpec:
    id: str
    cards: list[str] = field(default_factory=list)  # ids; "x~rev" makes a sibling of "x"
    new_per_day: int | None = None
    reviews_per_day: int | None = None


def card(card_id: str, deck_id: str, line: int, notes: set[str]) -> Card:
    """A card; like the parser, every card of a note (``x``, ``x~rev``) has sibling_of ``x``."""
    note = card_id.split("~")[0]
    return Card(
        id=card_id,
        kind=CardKind.REVERSE if "~" in card_id else CardKind.BASIC,
        front=f"front of {card_id}",
        back=f"back of {card_id}",
        deck_id=deck_id,
        topic_id=f"{deck_id}-topic",
        source=SourceRef(f"{deck_id}.md", line),
        sibling_of=note if note in notes else None,
    )


def build_content(*specs: DeckSpec) -> ContentSet:
    decks = []
    for spec in specs:
        source = SourceRef(f"{spec.id}.md", 1)
        notes = {cid.split("~")[0] for cid in spec.cards if "~" in cid}
        cards = [card(cid, spec.id, line, notes) for line, cid in enumerate(spec.cards, start=2)]
        topic = Topic(id=f"{spec.id}-topic", title="Topic", deck_id=spec.id, source=source)
        topic.cards.extend(cards)
        decks.append(
            Deck(
                id=spec.id,
                title=spec.id.title(),
                source=source,
                new_per_day=spec.new_per_day,
                reviews_per_day=spec.reviews_per_day,
                topics=[topic],
            )
        )
    return ContentSet(decks=decks)


def review_all(service: StudyService, rating: int = 3, deck_id: str | None = None) -> list[str]:
    """Rate every item the queue offers now; returns the ids in the order shown."""
    shown: list[str] = []
    while (entry := service.next_item(deck_id)) is not None:
        assert len(shown) < 1000, "the queue never empties"
        shown.append(entry.item.id)
        service.rate(entry.item.id, rating, 1000)
    return shown
