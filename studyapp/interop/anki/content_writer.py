"""Imported notes as content files in studyapp's format (see content/README.md).

Each Anki deck becomes a folder (``A::B`` → ``A/B``) with a ``deck.md`` and one topic
file, ``cards.md``, holding its notes in creation order: ``Q:``/``A:``, ``R:``/``A:`` or
``C:`` lines ending in ``{#id}``, then a ``tags:`` line. Multi-line text continues on
lines indented by four spaces, which no markdown fence line can close; a line that would
read as a comment (``#``) is escaped.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from studyapp.interop.anki.collection import NoteKind
from studyapp.interop.anki.html import Markdown
from studyapp.interop.anki.notes import ID_PREFIX, ImportedNote

TOPIC_FILE = "cards.md"
EMPTY_ANSWER = "(empty in Anki)"
_UNSAFE_RE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_SLUG_RE = re.compile(r"[^a-z0-9]+")
_CONTINUATION = "    "


@dataclass
class DeckFiles:
    name: str  # Anki's "A::B"
    folder: PurePosixPath  # relative to the import folder
    notes: list[ImportedNote] = field(default_factory=list)
    media: dict[str, None] = field(default_factory=dict)  # file names, ordered, unique


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


def render_deck_file(deck: DeckFiles, source_name: str) -> str:
    return (
        f"Imported from the Anki package `{source_name}` (deck `{deck.name}`).\n\n"
        f"```deck\nid: {deck_id(deck.name)}\ntitle: {deck.name}\n```\n"
    )


def render_topic_file(deck: DeckFiles) -> str:
    topic = f"{deck_id(deck.name)}-cards"
    lines = ["```topic", f"id: {topic}", f"title: {deck.name}", "```", "", "```cards"]
    for note in deck.notes:
        lines.extend(_note_lines(note, topic))
    lines.append("```")
    return "\n".join(lines) + "\n"


def _note_lines(note: ImportedNote, topic_tag: str) -> list[str]:
    marker = f" {{#{note.id}}}"
    if note.kind is NoteKind.CLOZE:
        lines = _entry("C", note.front, marker)
    else:
        key = "R" if note.kind is NoteKind.REVERSED else "Q"
        back = note.back if note.back.lines else Markdown([EMPTY_ANSWER])
        lines = [*_entry(key, note.front, marker), *_entry("A", back, "")]
    tags = [tag for tag in note.tags if tag != topic_tag]  # what an export adds, not the user's
    if tags:
        lines.append(f"tags: {' '.join(tags)}")
    return lines


def _entry(key: str, text: Markdown, suffix: str) -> list[str]:
    escaped = [f"\\{line}" if line.startswith("#") else line for line in text.lines]
    escaped[-1] += suffix
    return [f"{key}: {escaped[0]}", *(_CONTINUATION + line for line in escaped[1:])]
