"""studyapp items as Anki notes: which note type, which fields, which card is which item.

Cards keep their shape (basic, a ``R:`` card and its reverse as one "Basic (and reversed
card)" note, a cloze note with all its ``cN``); exercises and derivations become Basic
notes with the prompt and the worked answer. The GUID comes from the item id (an imported
note gets its Anki GUID back), so exporting again updates the notes in Anki.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

import genanki

from studyapp.content.blocks import find_blocks
from studyapp.content.model import Card, CardKind, Deck, Derivation, Exercise, Item
from studyapp.interop.anki.notes import guid_from_item_id

_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\((<[^>]+>|[^)\s]+)\)")
_LINK_RE = re.compile(r"\[([^\]]+)\]\((<[^>]+>|[^)\s]+)\)")
_BOLD_RE = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*")
_ITALIC_RE = re.compile(r"(?<![*\w])\*(\S(?:[^*]*?\S)?)\*(?![*\w])")
_ID_MARKER_RE = re.compile(r"\s*\{#[^}\s]*\}\s*$")
_TAG_UNSAFE_RE = re.compile(r"\s+")


def _stock(model: genanki.Model, model_id: int, name: str) -> genanki.Model:
    """genanki's built-in note type under Anki's own name, so that Anki and our importer
    see a "Basic (and reversed card)" note as one."""
    return genanki.Model(
        model_id, name, fields=model.fields, templates=model.templates, css=model.css,
        model_type=model.model_type,
    )


BASIC = _stock(genanki.BASIC_MODEL, 1_607_392_301, "Basic")
REVERSED = _stock(genanki.BASIC_AND_REVERSED_CARD_MODEL, 1_607_392_302, "Basic (and reversed card)")
CLOZE = _stock(genanki.CLOZE_MODEL, 1_607_392_303, "Cloze")


@dataclass
class ExportNote:
    note: genanki.Note
    items: dict[int, str]  # card ordinal -> item id
    media: list[Path] = field(default_factory=list)


def note_guid(note_id: str) -> str:
    return guid_from_item_id(note_id) or genanki.guid_for("studyapp", note_id)


def deck_notes(deck: Deck) -> list[ExportNote]:
    """The deck's items as notes, in file order; cloze siblings and reverses folded in."""
    notes: list[ExportNote] = []
    clozes: dict[str, ExportNote] = {}
    sources: dict[str, dict[int, tuple[str, str]]] = {}
    for topic in deck.topics:
        tags = [_tag(topic.id)]
        for item in topic.items():
            item_tags = list(dict.fromkeys([*tags, *(_tag(t) for t in item.tags)]))
            if isinstance(item, Card):
                if item.kind is CardKind.REVERSE:
                    continue  # folded into the note of the card it reverses
                if item.kind is CardKind.CLOZE:
                    _add_cloze(item, item_tags, clozes, notes, sources)
                    continue
                reversed_ = item.sibling_of == item.id
                model = REVERSED if reversed_ else BASIC
                fields = [markdown_to_html(item.front), markdown_to_html(item.back)]
                ords = {0: item.id, 1: f"{item.id}~rev"} if reversed_ else {0: item.id}
                notes.append(_note(model, fields, item, item_tags, ords, item.id))
            else:
                fields = [_plain_html(item.prompt), _plain_html(worked_answer(item))]
                notes.append(_note(BASIC, fields, item, item_tags, {0: item.id}, item.id))
    return notes


def worked_answer(item: Exercise | Derivation) -> str:
    if isinstance(item, Derivation):
        lines = [
            f"{step.content}" + (f"  ({step.justification})" if step.justification else "")
            for step in item.steps
        ]
    else:
        lines = [f"{item.answer}" + (f" {item.unit}" if item.unit else "")]
    return "\n".join([*lines, *item.notes])


def markdown_to_html(text: str) -> str:
    """The card markdown studyapp's importer writes, back as Anki's HTML."""
    escaped = html.escape(text, quote=False)
    escaped = _IMAGE_RE.sub(lambda m: f'<img src="{_target(m[2])}">', escaped)
    escaped = _LINK_RE.sub(lambda m: f'<a href="{_target(m[2])}">{m[1]}</a>', escaped)
    escaped = _BOLD_RE.sub(r"<b>\1</b>", escaped)
    escaped = _ITALIC_RE.sub(r"<i>\1</i>", escaped)
    return escaped.replace("\n", "<br>")


def media_paths(item: Item, text: str) -> list[Path]:
    """Images a card links to that exist beside its source file."""
    folder = Path(item.source.path).parent
    found = []
    for match in _IMAGE_RE.finditer(text):
        target = html.unescape(_target(match[2]))
        if "/" in target or ":" in target:
            continue
        path = folder / target
        if path.is_file():
            found.append(path)
    return found


def _plain_html(text: str) -> str:
    """Exercise text is in the checker's syntax (``**`` is a power), so it is only escaped."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def _target(raw: str) -> str:
    return raw[1:-1] if raw.startswith("<") else raw


def _tag(text: str) -> str:
    return _TAG_UNSAFE_RE.sub("_", text.strip())


def _note(
    model: genanki.Model,
    fields: list[str],
    item: Item,
    tags: list[str],
    ords: dict[int, str],
    note_id: str,
) -> ExportNote:
    note = genanki.Note(model=model, fields=fields, tags=tags, guid=note_guid(note_id))
    sources = " ".join(getattr(item, name, "") for name in ("front", "back"))
    return ExportNote(note, ords, media_paths(item, sources))


def _add_cloze(
    card: Card,
    tags: list[str],
    clozes: dict[str, ExportNote],
    notes: list[ExportNote],
    sources: dict[str, dict[int, tuple[str, str]]],
) -> None:
    note_id = card.sibling_of or card.id
    number = int(card.id.rsplit("~c", 1)[1])
    existing = clozes.get(note_id)
    if existing is not None:
        existing.items[number - 1] = card.id
        return
    text, extra = cloze_source(card, sources)
    fields = [markdown_to_html(text), markdown_to_html(extra)]  # Text, Back Extra
    note = genanki.Note(model=CLOZE, fields=fields, tags=tags, guid=note_guid(note_id))
    clozes[note_id] = ExportNote(note, {number - 1: card.id}, media_paths(card, f"{text} {extra}"))
    notes.append(clozes[note_id])


def cloze_source(card: Card, sources: dict[str, dict[int, tuple[str, str]]]) -> tuple[str, str]:
    """The ``C:`` text as written (the model keeps only each deletion's rendering) and the
    extra text of its ``A:`` line ("" without one); ``sources`` keeps each file's cloze
    lines once read."""
    if card.source.path not in sources:
        sources[card.source.path] = _cloze_lines(card.source.path)
    found = sources[card.source.path].get(card.source.line)
    if found is None:
        raise ValueError(f"{card.source}: the cloze line is gone; run `studyapp sync` and retry")
    return found


def _cloze_lines(path: str) -> dict[int, tuple[str, str]]:
    text = Path(path).read_text(encoding="utf-8")
    found = {}
    for block in find_blocks(text):
        for entry, following in zip(block.entries, [*block.entries[1:], None], strict=True):
            if entry.key == "c":
                extra = following.value if following is not None and following.key == "a" else ""
                found[entry.line] = (_ID_MARKER_RE.sub("", entry.value), extra)
    return found
