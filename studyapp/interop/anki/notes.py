"""Anki notes as studyapp cards: their kind, text, ids, and which Anki card is which item.

Ids come from the note's GUID, which Anki keeps across exports and edits, so importing a
file again (or a newer export of the same deck) finds the same items. The GUID is written
in lowercase base32, which ``anki-`` ids can carry and the exporter can read back.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections import Counter
from dataclasses import dataclass, field

from studyapp.content.cloze import cloze_numbers
from studyapp.interop.anki.collection import AnkiCard, AnkiCollection, Note, NoteKind, NoteType
from studyapp.interop.anki.html import Markdown, html_to_markdown

ID_PREFIX = "anki-"
_ID_RE = re.compile(r"anki-([a-z2-7]+)")
LEECH_TAG = "leech"


def note_item_id(guid: str) -> str:
    encoded = base64.b32encode(guid.encode("utf-8")).decode("ascii")
    return ID_PREFIX + encoded.rstrip("=").lower()


def guid_from_item_id(note_id: str) -> str | None:
    """The Anki GUID an ``anki-`` note id was made from, or None for other ids."""
    match = _ID_RE.fullmatch(note_id)
    if match is None:
        return None
    body = match[1].upper()
    try:
        return base64.b32decode(body + "=" * (-len(body) % 8)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


@dataclass
class ImportedNote:
    id: str
    kind: NoteKind
    deck: str  # Anki's deck name, "Parent::Child"
    front: Markdown  # the cloze text for a cloze note
    back: Markdown  # a cloze note's extra text
    tags: tuple[str, ...]
    cards: dict[int, str]  # Anki card id -> item id

    @property
    def leech(self) -> bool:
        return any(tag.lower() == LEECH_TAG for tag in self.tags)


@dataclass
class Skipped:
    """What was left out, counted by reason (the summary's ``skipped``)."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, what: str, why: str, count: int = 1) -> None:
        if count:
            self.counts[(what, why)] += count

    def as_list(self) -> list[dict]:
        return [
            {"what": what, "count": count, "why": why}
            for (what, why), count in sorted(self.counts.items())
        ]


def convert_notes(
    collection: AnkiCollection, skipped: Skipped, warnings: list[str]
) -> list[ImportedNote]:
    """Every note that can become content, in creation order."""
    cards_by_note: dict[int, list[AnkiCard]] = {}
    for card in collection.cards:
        cards_by_note.setdefault(card.note_id, []).append(card)
    others: Counter[str] = Counter()
    notes = []
    for note in collection.notes:
        notetype = collection.notetypes.get(note.notetype_id)
        cards = cards_by_note.get(note.id, [])
        if notetype is None or not cards:
            skipped.add("note", "its note type is missing" if notetype is None else "it has no cards")
            continue
        converted = _convert(note, notetype, cards, collection, skipped)
        if converted is None:
            continue
        if notetype.kind is NoteKind.OTHER:
            others[notetype.name] += 1
        notes.append(converted)
    for name, count in sorted(others.items()):
        warnings.append(
            f"note type {name!r} is not Basic, Basic (and reversed card) or Cloze: its "
            f"{count} note(s) became cards with the first field as question and the others "
            "as answer"
        )
    return notes


def _convert(
    note: Note,
    notetype: NoteType,
    cards: list[AnkiCard],
    collection: AnkiCollection,
    skipped: Skipped,
) -> ImportedNote | None:
    fields = [html_to_markdown(text) for text in note.fields]
    front = fields[0] if fields else Markdown([])
    rest = fields[1:]
    if not front.lines:
        skipped.add("note", "its first field is empty", 1)
        return None
    base = note_item_id(note.guid)
    home = cards[0]
    deck = collection.decks.get(home.odid or home.deck_id) or collection.decks.get(home.deck_id)
    deck = deck or "Default"
    kind = notetype.kind
    # The other fields, one after the other: the answer, or a cloze's extra ("Back Extra").
    if len(rest) == 1:  # the usual case: that field (made here, shared with nothing)
        back = rest[0]
    else:
        back = Markdown(
            [line for f in rest for line in f.lines], [name for f in rest for name in f.media]
        )
    if kind is NoteKind.CLOZE:
        numbers = set(cloze_numbers(front.text))
        mapping = {c.id: f"{base}~c{c.ord + 1}" for c in cards if c.ord + 1 in numbers}
        if not mapping:
            skipped.add("note", "a cloze note without a deletion its cards use")
            return None
    else:
        wanted = {0: base, 1: f"{base}~rev"} if kind is NoteKind.REVERSED else {0: base}
        if kind is NoteKind.OTHER:
            wanted = {cards[0].ord: base}
        mapping = {c.id: wanted[c.ord] for c in cards if c.ord in wanted}
        if kind is NoteKind.REVERSED and len(mapping) < 2:
            kind = NoteKind.BASIC  # one card only: Anki's reverse was never generated
            mapping = {c.id: base for c in cards if c.ord == 0}
    if len(mapping) < len(cards):
        skipped.add("card", _left_out(kind, notetype), len(cards) - len(mapping))
    if not mapping:
        skipped.add("note", "none of its cards can become an item")
        return None
    return ImportedNote(base, kind, deck, front, back, note.tags, mapping)


def _left_out(kind: NoteKind, notetype: NoteType) -> str:
    """Why a note's card does not become an item."""
    if kind is NoteKind.CLOZE:
        return "its cloze number is not in the note's text"
    if kind is NoteKind.OTHER:
        return f"note type {notetype.name!r} becomes one item: its first card"
    return "its note type has no such card"
