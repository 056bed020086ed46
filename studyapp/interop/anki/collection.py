"""Read an Anki collection (the SQLite file inside a package) into plain records.

Two schemas are read: 11 (note types, decks and settings as JSON in the ``col`` row, what
``collection.anki2``/``.anki21`` hold) and 15-18 (their own tables, deck names split by
``\\x1f``, a note type's kind in a protobuf; what ``collection.anki21b`` holds). The SQL
that reads them lives in ``studyapp.store.anki.collection_read``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from typing import Any, NamedTuple, TypeVar

from studyapp.interop.anki import protobuf
from studyapp.store.anki import collection_read as rows

T = TypeVar("T")
NEWEST_SCHEMA = 18
_FIELD_SEPARATOR = "\x1f"


class NoteKind(StrEnum):
    BASIC = "basic"
    REVERSED = "reversed"  # "Basic (and reversed card)"
    CLOZE = "cloze"
    OTHER = "other"


# Notetype.Config.original_stock_kind (Anki 2.1.62+); older collections are named.
_STOCK_KINDS = {1: NoteKind.BASIC, 2: NoteKind.REVERSED, 5: NoteKind.CLOZE}
_STOCK_NAMES = {"Basic": NoteKind.BASIC, "Basic (and reversed card)": NoteKind.REVERSED}
_CLOZE_TYPE = 1


@dataclass(frozen=True)
class NoteType:
    id: int
    name: str
    kind: NoteKind
    fields: tuple[str, ...]


# Notes, cards and review log entries are named tuples: a collection holds 10⁵-10⁶ of them,
# and a tuple is several times quicker to make than a frozen dataclass.
def as_record(kind: type[T]) -> Callable[[Iterable[Any]], T]:
    """The named tuple ``kind`` from a row of its fields in order, made in C (``_make``
    goes through Python code for each row)."""
    return partial(tuple.__new__, kind)  # type: ignore[return-value]


class Note(NamedTuple):
    id: int
    guid: str
    notetype_id: int
    tags: tuple[str, ...]
    fields: tuple[str, ...]


class AnkiCard(NamedTuple):
    id: int
    note_id: int
    deck_id: int
    ord: int
    type: int  # 0 new, 1 learning, 2 review, 3 relearning
    queue: int  # -3/-2 buried, -1 suspended, 0 new, 1 learning, 2 review, 3 day learning
    due: int  # a day number, epoch seconds (intraday learning) or a position (new)
    ivl: int
    factor: int
    reps: int
    lapses: int
    left: int
    odue: int  # the due date before it was moved to a filtered deck
    odid: int  # its home deck while in a filtered deck
    data: str


class RevlogEntry(NamedTuple):
    id: int  # epoch milliseconds of the review
    card_id: int
    ease: int  # 1-4; 0 for entries that are not answers (manual reschedules)
    ivl: int  # days if positive, seconds if negative
    last_ivl: int
    factor: int
    time: int  # milliseconds taken
    type: int  # 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled


@dataclass
class AnkiCollection:
    schema: int
    created: int  # epoch seconds (``col.crt``)
    rollover_hour: int
    creation_offset: int | None  # minutes west of UTC where the collection was made
    fsrs: bool
    notetypes: dict[int, NoteType]
    decks: dict[int, str]  # id -> "Parent::Child"
    notes: list[Note]
    cards: list[AnkiCard]
    revlog: list[RevlogEntry]  # in time order


class UnknownSchema(Exception):
    """The collection's schema is newer than any this reader knows."""


def read_collection(data: bytes) -> AnkiCollection:
    """Read every record of the collection in ``data``; sqlite3.DatabaseError if damaged."""
    with rows.open_collection(data) as db:
        schema, created, conf = rows.collection_row(db)
        if schema > NEWEST_SCHEMA:
            raise UnknownSchema(f"collection schema {schema}")
        if schema >= 15:
            settings = {key: _json(value) for key, value in rows.config_rows(db)}
            notetypes = _notetypes_from_tables(db)
            decks = {deck_id: name.replace("\x1f", "::") for deck_id, name in rows.deck_rows(db)}
        else:
            settings = json.loads(conf or "{}")
            models, deck_json = rows.legacy_models_and_decks(db)
            notetypes = _notetypes_from_json(json.loads(models or "{}"))
            decks = {int(d["id"]): d["name"] for d in json.loads(deck_json or "{}").values()}
        notes = [
            Note(nid, guid, mid, tuple(tags.split()), tuple(flds.split(_FIELD_SEPARATOR)))
            for nid, guid, mid, tags, flds in rows.note_rows(db)
        ]
        cards = list(map(as_record(AnkiCard), rows.card_rows(db)))
        revlog = list(map(as_record(RevlogEntry), rows.revlog_rows(db)))
    rollover = settings.get("rollover")
    offset = settings.get("creationOffset")
    return AnkiCollection(
        schema=schema,
        created=int(created),
        rollover_hour=int(rollover) if isinstance(rollover, int) else 4,
        creation_offset=int(offset) if isinstance(offset, int) else None,
        fsrs=settings.get("fsrs") is True,
        notetypes=notetypes,
        decks=decks,
        notes=notes,
        cards=cards,
        revlog=revlog,
    )


def _json(value: bytes | str) -> object:
    try:
        return json.loads(value)
    except ValueError:
        return None


def _notetypes_from_tables(db: sqlite3.Connection) -> dict[int, NoteType]:
    fields: dict[int, list[str]] = {}
    for ntid, name in rows.field_rows(db):
        fields.setdefault(ntid, []).append(name)
    notetypes = {}
    for ntid, name, config in rows.notetype_rows(db):
        cloze = protobuf.first_int(config, 1) == _CLOZE_TYPE
        stock = _STOCK_KINDS.get(protobuf.first_int(config, 9))
        field_names = tuple(fields.get(ntid, ()))
        notetypes[ntid] = NoteType(ntid, name, _kind(name, cloze, stock, field_names), field_names)
    return notetypes


def _notetypes_from_json(models: dict) -> dict[int, NoteType]:
    notetypes = {}
    for model in models.values():
        field_names = tuple(f["name"] for f in sorted(model.get("flds", []), key=lambda f: f["ord"]))
        stock = _STOCK_KINDS.get(model.get("originalStockKind", 0))
        cloze = model.get("type") == _CLOZE_TYPE
        ntid = int(model["id"])
        notetypes[ntid] = NoteType(
            ntid, model["name"], _kind(model["name"], cloze, stock, field_names), field_names
        )
    return notetypes


def _kind(name: str, cloze: bool, stock: NoteKind | None, fields: tuple[str, ...]) -> NoteKind:
    """Cloze by its type; Basic and reversed only as Anki ships them (two fields), since a
    note type with more fields would lose them in a ``Q:``/``A:`` pair."""
    if cloze:
        return NoteKind.CLOZE
    kind = stock or _STOCK_NAMES.get(name)
    if kind in (NoteKind.BASIC, NoteKind.REVERSED) and len(fields) == 2:
        return kind
    return NoteKind.OTHER
