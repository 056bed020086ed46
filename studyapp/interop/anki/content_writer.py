"""Imported notes as content files in studyapp's format (see content/README.md), and what
the content parser reads in them.

Each Anki deck becomes a folder (``A::B`` → ``A/B``) with a ``deck.md`` and one topic
file, ``cards.md``, holding its notes in creation order: ``Q:``/``A:``, ``R:``/``A:`` or
``C:`` lines ending in ``{#id}`` (a cloze's extra field in an ``A:`` line after it), then
a ``tags:`` line. Multi-line text continues on lines indented by four spaces, which no
markdown fence line can close; a line that would read as a comment (``#``) is escaped.

The import stores the items these files declare without reading them back: each file
also gives the ``ParsedFile`` that ``parse_text`` makes of its text (the tests hold the
two equal), so the content is handed to the store as written.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from studyapp.content.cloze import cloze_back, cloze_numbers, render_cloze
from studyapp.content.model import Card, CardKind, Deck, SourceRef, Topic
from studyapp.content.parser import ParsedFile
from studyapp.interop.anki.collection import NoteKind
from studyapp.interop.anki.html import Markdown, one_line
from studyapp.interop.anki.notes import ID_PREFIX, ImportedNote

TOPIC_FILE = "cards.md"
EMPTY_ANSWER = "(empty in Anki)"
_UNSAFE_RE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_SLUG_RE = re.compile(r"[^a-z0-9]+")
_CONTINUATION = "    "
_DECK_FENCE_LINE = 3  # in deck.md, after the sentence naming the package and a blank line
_TOPIC_FENCE_LINE = 1
_KEYS = {NoteKind.CLOZE: "C", NoteKind.REVERSED: "R"}  # a note's first line's key, else Q


@dataclass
class DeckFiles:
    name: str  # Anki's "A::B"
    folder: PurePosixPath  # relative to the import folder
    notes: list[ImportedNote] = field(default_factory=list)
    media: dict[str, None] = field(default_factory=dict)  # file names, ordered, unique

    @property
    def title(self) -> str:
        return one_line(self.name)


def deck_id(name: str) -> str:
    slug = _SLUG_RE.sub("-", name.lower()).strip("-")[:40].strip("-")
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:6]
    return f"{ID_PREFIX}{slug + '-' if slug else ''}{digest}"


def deck_folder(name: str) -> PurePosixPath:
    parts = [_UNSAFE_RE.sub("_", part).strip(" .") or "deck" for part in name.split("::")]
    return PurePosixPath(*parts)


def group_by_deck(notes: list[ImportedNote]) -> list[DeckFiles]:
    decks: dict[str, DeckFiles] = {}
    for note in notes:
        deck = decks.get(note.deck)
        if deck is None:
            deck = decks[note.deck] = DeckFiles(note.deck, deck_folder(note.deck))
        deck.notes.append(note)
        for name in (*note.front.media, *note.back.media):
            deck.media[name] = None
    return sorted(decks.values(), key=lambda d: d.name)


class DeckFile:
    """A deck's ``deck.md``."""

    def __init__(self, deck: DeckFiles, source_name: str, parent: str) -> None:
        self._deck = deck
        self._parent = parent  # the deck id of the nearest folder above with a deck.md, or ""
        self.text = (
            f"Imported from the Anki package `{one_line(source_name)}` (deck `{deck.title}`).\n\n"
            f"```deck\nid: {deck_id(deck.name)}\ntitle: {deck.title}\n```\n"
        )

    def parsed(self, path: str) -> ParsedFile:
        deck = Deck(deck_id(self._deck.name), self._deck.title, SourceRef(path, _DECK_FENCE_LINE))
        return ParsedFile(path=path, default_deck=self._parent, decks=[deck])


class TopicFile:
    """A deck's ``cards.md``: one topic holding every note of the deck."""

    def __init__(self, deck: DeckFiles) -> None:
        self._deck = deck
        self._topic = f"{deck_id(deck.name)}-cards"
        lines = ["```topic", f"id: {self._topic}", f"title: {deck.title}", "```", "", "```cards"]
        self._notes: list[_WrittenNote] = []
        user_tags: dict[tuple[str, ...], tuple[str, ...]] = {}  # notes share their tags
        for note in deck.notes:
            tags = user_tags.get(note.tags)
            if tags is None:  # the tag an export adds for the topic is not the user's
                tags = tuple(one_line(tag) for tag in note.tags if tag != self._topic)
                user_tags[note.tags] = tags
            written = _WrittenNote(note, len(lines) + 1, tags)
            lines.extend(written.lines)
            self._notes.append(written)
        lines.append("```")
        self.text = "\n".join(lines) + "\n"

    def parsed(self, path: str) -> ParsedFile:
        deck = deck_id(self._deck.name)
        topic = Topic(self._topic, self._deck.title, deck, SourceRef(path, _TOPIC_FENCE_LINE))
        for note in self._notes:
            topic.cards.extend(note.cards(deck, self._topic, SourceRef(path, note.line)))
        return ParsedFile(path=path, default_deck=deck, topics=[topic])


class _WrittenNote:
    """One note's lines in a ``cards`` block, and the cards the parser makes of them."""

    def __init__(self, note: ImportedNote, line: int, tags: tuple[str, ...]) -> None:
        self.note, self.line = note, line
        front, back = _escaped(note.front), _escaped(note.back)
        if not back and note.kind is not NoteKind.CLOZE:
            back = [EMPTY_ANSWER]
        # What the parser reads: the lines joined, without the id marker.
        self.front, self.back = "\n".join(front), "\n".join(back)
        self.lines = _entry(_KEYS.get(note.kind, "Q"), front, f" {{#{note.id}}}")
        if back:  # a cloze's extra text only when it has one
            self.lines += _entry("A", back, "")
        self.tags = tags
        if tags:
            self.lines.append(f"tags: {' '.join(self.tags)}")

    def cards(self, deck: str, topic: str, source: SourceRef) -> list[Card]:
        note_id, front, back = self.note.id, self.front, self.back
        common = {"deck_id": deck, "topic_id": topic, "source": source, "tags": self.tags}
        if self.note.kind is NoteKind.CLOZE:
            cards = []
            for number in cloze_numbers(front):
                shown, answer = render_cloze(front, number)
                cards.append(Card(f"{note_id}~c{number}", CardKind.CLOZE, shown,
                                  cloze_back(answer, back), sibling_of=note_id, **common))
            return cards
        if self.note.kind is NoteKind.REVERSED:
            return [
                Card(note_id, CardKind.BASIC, front, back, sibling_of=note_id, **common),
                Card(f"{note_id}~rev", CardKind.REVERSE, back, front, sibling_of=note_id, **common),
            ]
        return [Card(note_id, CardKind.BASIC, front, back, **common)]


def _escaped(text: Markdown) -> list[str]:
    return [f"\\{line}" if line.startswith("#") else line for line in text.lines]


def _entry(key: str, lines: list[str], suffix: str) -> list[str]:
    if len(lines) == 1:  # the usual case
        return [f"{key}: {lines[0]}{suffix}"]
    written = [f"{key}: {lines[0]}", *(_CONTINUATION + line for line in lines[1:])]
    written[-1] += suffix
    return written
