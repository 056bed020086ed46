"""Bring a loaded ContentSet into the store without losing anyone's progress.

Items are matched by their stable id, so an edited card keeps its history and a card
moved to another file keeps it too. An id that disappears is retired (its rows and
reviews stay); if it comes back it is revived with its history. An item whose id is
generated from its text and that was edited is recognised as the same item (see
:mod:`studyapp.store.safekeeping.edits`). The search index follows what is in the
content (see ``search_index``).
"""

from __future__ import annotations

import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from studyapp.content.model import ContentProblem, ContentSet, Item
from studyapp.store.engine import driver
from studyapp.store.models import DeckRow, ItemRow
from studyapp.store.queries.search_index import refresh_texts
from studyapp.store.review_write import STATE_COLUMNS
from studyapp.store.safekeeping.edits import find_edits, rekey

_items = ItemRow.__table__
_decks = DeckRow.__table__

# Columns derived from the content; a difference in any of them rewrites the row.
_CONTENT_COLUMNS = (
    "kind",
    "deck_id",
    "topic_id",
    "topic_title",
    "sibling_of",
    "position",
    "content_hash",
    "source_path",
    "source_line",
)
_HASH = _CONTENT_COLUMNS.index("content_hash")


@dataclass
class SyncReport:
    added: int = 0
    updated: int = 0  # content changed
    moved: int = 0  # same content, new place (file, line, order, topic or deck)
    revived: int = 0
    retired: int = 0
    unchanged: int = 0
    problems: list[ContentProblem] = field(default_factory=list)
    cached_files: int = 0  # files whose parse came from the cache
    renamed: list[tuple[str, str]] = field(default_factory=list)  # edited: (old id, new id)


def unchanged_report(items: int, problems: list[ContentProblem]) -> SyncReport:
    """The report of a sync that found exactly what the last one stored (``items``)."""
    return SyncReport(unchanged=items, problems=list(problems))


def item_values(item: Item, position: int, topic_title: str | None) -> tuple:
    """The item's ``_CONTENT_COLUMNS`` values, in that order."""
    return (
        item.item_kind.value,
        item.deck_id,
        item.topic_id,
        topic_title,
        item.sibling_of,
        position,
        item.content_hash(),
        item.source.path,
        item.source.line,
    )


def _row(item: Item, values: tuple) -> dict:
    return {**dict(zip(_CONTENT_COLUMNS, values, strict=True)), "payload": _pickle(item)}


def sync_content(
    connection: Connection,
    content: ContentSet,
    now: datetime,
    states: Mapping[str, dict[str, Any]] | None = None,
) -> SyncReport:
    """Upsert items and decks from ``content``; the caller commits. ``states`` gives items
    added now their scheduling state (``STATE_COLUMNS``; an import's), others start new."""
    report = SyncReport(problems=list(content.problems))
    _sync_decks(connection, content, now)

    # Raw DB-API rows: skipping result processing matters at 100k items on every start.
    columns = ", ".join(("id", "retired_at", *_CONTENT_COLUMNS))
    cursor = connection.connection.cursor()
    cursor.execute(f"SELECT {columns} FROM items")
    existing = {row[0]: (row[1] is not None, row[2:]) for row in cursor.fetchall()}
    cursor.close()
    inserts: list[tuple] = []
    added: dict[str, tuple[Item, int]] = {}
    rewrites: list[dict] = []
    seen: set[str] = set()
    titles = {
        item.id: topic.title
        for deck in reversed(content.decks)  # the first item of a duplicated id wins
        for topic in reversed(deck.topics)
        for item in topic.items()
    }
    hashes: dict[str, str] = {}  # each item's content hash, for the search index too
    for position, item in enumerate(content.items()):
        if item.id in seen:  # the loader reports duplicates; the first one wins
            continue
        seen.add(item.id)
        values = item_values(item, position, titles.get(item.id))
        hashes[item.id] = values[_HASH]
        old = existing.get(item.id)
        if old is None:
            inserts.append((item.id, *values, _pickle(item)))
            added[item.id] = (item, position)
            report.added += 1
            continue
        retired, stored = old
        if retired:
            report.revived += 1
        elif stored[_HASH] != values[_HASH]:
            report.updated += 1
        elif stored != values:
            report.moved += 1
        else:
            report.unchanged += 1
            continue
        rewrites.append({"b_id": item.id, **_row(item, values), "retired_at": None})

    gone = {
        i: stored[2] for i, (retired, stored) in existing.items() if not retired and i not in seen
    }
    for old_id, new_id in find_edits(connection, gone, added):  # a typo fixed, not a new item
        rekey(connection, old_id, new_id)
        report.renamed.append((old_id, new_id))
        item, position = added.pop(new_id)
        row = _row(item, item_values(item, position, titles.get(item.id)))
        rewrites.append({"b_id": new_id, **row, "retired_at": None})
        del gone[old_id]
        report.added -= 1
        report.updated += 1
    inserts = [row for row in inserts if row[0] in added]
    if inserts:  # through the DB-API: a cold sync of 10k items is mostly this
        _insert_items(connection, inserts, states or {})
    if rewrites:
        statement = update(_items).where(_items.c.id == bindparam("b_id"))
        connection.execute(statement, rewrites)
    if gone:
        connection.execute(update(_items).where(_items.c.id.in_(gone)).values(retired_at=now))
    report.retired = len(gone)
    refresh_texts(driver(connection), content, hashes)
    return report


def _insert_items(
    connection: Connection, rows: list[tuple], states: Mapping[str, dict[str, Any]]
) -> None:
    cursor = connection.connection.cursor()
    for names, values in (
        (("id", *_CONTENT_COLUMNS, "payload"), [row for row in rows if row[0] not in states]),
        (
            ("id", *_CONTENT_COLUMNS, "payload", *STATE_COLUMNS),
            [(*row, *(states[row[0]][c] for c in STATE_COLUMNS)) for row in rows if row[0] in states],
        ),
    ):
        marks = ", ".join("?" * len(names))
        cursor.executemany(f"INSERT INTO items ({', '.join(names)}) VALUES ({marks})", values)
    cursor.close()


def _sync_decks(connection: Connection, content: ContentSet, now: datetime) -> None:
    """Upsert decks, writing only what changed: an unchanged sync must not write at all."""
    fields = ("title", "position", "new_per_day", "reviews_per_day", "retired_at")
    stored = {
        row.id: tuple(row[1:])
        for row in connection.execute(select(_decks.c.id, *(_decks.c[f] for f in fields)))
    }
    rows = [
        {
            "id": deck.id,
            "title": deck.title,
            "position": position,
            "new_per_day": deck.new_per_day,
            "reviews_per_day": deck.reviews_per_day,
            "retired_at": None,
        }
        for position, deck in enumerate(content.decks)
    ]
    fresh = [row for row in rows if row["id"] not in stored]
    changed = [
        {**row, "b_id": row["id"]}
        for row in rows
        if row["id"] in stored and stored[row["id"]] != tuple(row[f] for f in fields)
    ]
    if fresh:
        connection.execute(insert(_decks), fresh)
    if changed:
        connection.execute(update(_decks).where(_decks.c.id == bindparam("b_id")), changed)
    present = {row["id"] for row in rows}
    gone = [
        deck_id
        for deck_id, values in stored.items()
        if deck_id not in present and values[-1] is None
    ]
    if gone:
        connection.execute(update(_decks).where(_decks.c.id.in_(gone)).values(retired_at=now))


def _pickle(item: Item) -> bytes:
    return pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
