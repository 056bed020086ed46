"""Bring a loaded ContentSet into the store without losing anyone's progress.

Items are matched by their stable id, so an edited card keeps its history and a card
moved to another file keeps it too. An id that disappears is retired (its rows and
reviews stay); if it comes back it is revived with its history. An item whose id is
generated from its text and that was edited is recognised as the same item (see
:mod:`studyapp.store.safekeeping.edits`). The search index follows what is in the
content (see ``search_index``).

A file unchanged since the last sync may come as an outline, its topics' items as refs
(``Topic.refs``): the store holds those items already, so only their place in the content
order is compared, and a sync after editing one file of a large collection reads, parses
and holds that file's items alone. Should the store not hold a ref's item as that file
has it (a duplicate id whose first definition went away, a row retired by hand), the
sync asks for the file in full.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from typing import Any

from studyapp.content.model import ContentProblem, ContentSet, Item, ItemRef, Topic
from studyapp.store.queries.search_index import Document, refresh_texts
from studyapp.store.review_write import STATE_COLUMNS, indexes_rebuilt
from studyapp.store.safekeeping.edits import find_edits, rekey
from studyapp.store.times import to_millis

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
_REWRITE = (
    f"UPDATE items SET {', '.join(f'{c} = ?' for c in _CONTENT_COLUMNS)}, payload = ?,"
    " retired_at = NULL WHERE id = ?"
)
_CHUNK = 500  # ids per ``IN (...)``, well under SQLite's limit on parameters
# Items added at once from which dropping the table's indexes and building them again
# afterwards (one sort each) beats inserting into each of them row by row.
_BULK_ROWS = 2_000
_state_values = itemgetter(*STATE_COLUMNS)  # a state's values, in that order
_RETIRED, _POSITION, _PATH = range(3)  # an item's place in the store (``_stored_places``)

# Reload the files named (as messages name them) in full: see ``sync_content``.
Reload = Callable[[set[str]], ContentSet]


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


def sync_content(
    db: sqlite3.Connection,
    content: ContentSet,
    now: datetime,
    states: Mapping[str, dict[str, Any]] | None = None,
    reload: Reload | None = None,
) -> tuple[SyncReport, ContentSet]:
    """Upsert items and decks from ``content``; the caller commits. ``states`` gives items
    added now their scheduling state (``STATE_COLUMNS``; an import's), others start new.

    Returns the report and the content stored: ``content``, or what ``reload`` gave for
    the files whose refs the store does not hold as they are (needed only when
    ``content`` has refs).
    """
    places = _stored_places(db)
    outdated = _outdated_files(db, content, places)
    if outdated:
        if reload is None:
            raise ValueError(f"no way to read {sorted(outdated)} in full for the sync")
        content = reload(outdated)
    report = SyncReport(problems=list(content.problems))
    _sync_decks(db, content, now)

    full: dict[str, tuple[Item, int, Topic]] = {}
    moves: list[tuple[int, str]] = []
    present: set[str] = set()
    for position, (entry, topic) in enumerate(_entries(content)):
        present.add(entry.id)
        if isinstance(entry, ItemRef):
            if places[entry.id][_POSITION] != position:
                moves.append((position, entry.id))
        else:
            full[entry.id] = (entry, position, topic)
    report.moved += len(moves)

    existing = _stored_values(db, list(full))
    inserts: dict[str, tuple] = {}
    added: dict[str, tuple[Item, int]] = {}
    rewrites: list[tuple] = []
    hashes: dict[str, str] = {}
    for item_id, (item, position, topic) in full.items():
        values = item_values(item, position, topic.title)
        hashes[item_id] = values[_HASH]
        old = existing.get(item_id)
        if old is None:
            inserts[item_id] = (item_id, *values, _pickle(item))
            added[item_id] = (item, position)
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
            continue
        rewrites.append((*values, _pickle(item), item_id))

    gone = _topics_of(
        db, [i for i, place in places.items() if not place[_RETIRED] and i not in present]
    )
    for old_id, new_id in find_edits(db, gone, added):  # a typo fixed, not a new item
        rekey(db, old_id, new_id)
        report.renamed.append((old_id, new_id))
        item, position = added.pop(new_id)
        del inserts[new_id]
        rewrites.append(
            (*item_values(item, position, full[new_id][2].title), _pickle(item), new_id)
        )
        del gone[old_id]
        report.added -= 1
        report.updated += 1
    report.unchanged = len(present) - report.added - report.updated - report.moved - report.revived
    _insert_items(db, list(inserts.values()), states or {}, stored=len(places))
    db.executemany(_REWRITE, rewrites)
    db.executemany("UPDATE items SET position = ? WHERE id = ?", moves)
    retired_at = to_millis(now)
    db.executemany("UPDATE items SET retired_at = ? WHERE id = ?", ((retired_at, i) for i in gone))
    report.retired = len(gone)
    documents = {
        item_id: Document(hashes[item_id], item, topic.deck_id, topic.title, topic.zh)
        for item_id, (item, _, topic) in full.items()
    }
    refresh_texts(db, documents, present)
    return report, content


def _entries(content: ContentSet) -> Iterator[tuple[Item | ItemRef, Topic]]:
    """Every item (or ref) in content order, with its topic; the first of a repeated id."""
    seen: set[str] = set()
    for deck in content.decks:
        for topic in deck.topics:
            for entry in (*topic.items(), *topic.refs):
                if entry.id not in seen:  # the loader reports duplicates; the first one wins
                    seen.add(entry.id)
                    yield entry, topic


def _insert_items(
    db: sqlite3.Connection, rows: list[tuple], states: Mapping[str, dict[str, Any]], stored: int
) -> None:
    """Insert new items (``stored``: how many rows the table holds already); at least as
    many as are there (a first sync, an import) go in with the indexes built afterwards."""
    bulk = len(rows) >= _BULK_ROWS and len(rows) >= stored
    with indexes_rebuilt(db, "items", bulk):
        for names, values in (
            (("id", *_CONTENT_COLUMNS, "payload"), [row for row in rows if row[0] not in states]),
            (
                ("id", *_CONTENT_COLUMNS, "payload", *STATE_COLUMNS),
                [(*row, *_state_values(states[row[0]])) for row in rows if row[0] in states],
            ),
        ):
            marks = ", ".join("?" * len(names))
            db.executemany(f"INSERT INTO items ({', '.join(names)}) VALUES ({marks})", values)


def _stored_places(db: sqlite3.Connection) -> dict[str, tuple[int, int, str]]:
    """Every item the store holds: whether it is retired, its position and its file, what
    refs are checked against (plain tuples: at 100k items this is a sync's largest read)."""
    rows = db.execute("SELECT id, retired_at IS NOT NULL, position, source_path FROM items")
    return {row[0]: row[1:] for row in rows}


def _outdated_files(
    db: sqlite3.Connection, content: ContentSet, places: dict[str, tuple[int, int, str]]
) -> set[str]:
    """The files (as messages name them) among those given as outlines that the store does
    not hold as they are: an item missing, retired, kept from another file, or without its
    search text."""
    refs = [ref for deck in content.decks for topic in deck.topics for ref in topic.refs]
    if not refs:
        return set()
    # (each query reads an index or the short rows only: no item's search text)
    unindexed = {
        item_id
        for (item_id,) in db.execute(
            "SELECT id FROM items i WHERE retired_at IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM item_texts t WHERE t.item_id = i.id)"
            " UNION SELECT item_id FROM item_texts WHERE doc_key = ''"
        )
    }
    outdated = set()
    for ref in refs:
        place = places.get(ref.id)
        if place is None or place[_RETIRED] or place[_PATH] != ref.path or ref.id in unindexed:
            outdated.add(ref.path)
    return outdated


def _stored_values(db: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[bool, tuple]]:
    """Whether each stored item of ``ids`` is retired, and its content columns."""
    columns = ", ".join(("id", "retired_at", *_CONTENT_COLUMNS))
    found = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        for row in db.execute(f"SELECT {columns} FROM items WHERE id IN ({marks})", chunk):
            found[row[0]] = (row[1] is not None, tuple(row[2:]))
    return found


def _topics_of(db: sqlite3.Connection, ids: list[str]) -> dict[str, str]:
    """The topic of each of ``ids``."""
    topics = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        topics.update(db.execute(f"SELECT id, topic_id FROM items WHERE id IN ({marks})", chunk))
    return topics


def _sync_decks(db: sqlite3.Connection, content: ContentSet, now: datetime) -> None:
    """Upsert decks, writing only what changed: an unchanged sync must not write at all."""
    fields = ("title", "position", "new_per_day", "reviews_per_day", "retired_at")
    stored = {
        row[0]: tuple(row[1:]) for row in db.execute(f"SELECT id, {', '.join(fields)} FROM decks")
    }
    rows = [
        (deck.id, deck.title, position, deck.new_per_day, deck.reviews_per_day, None)
        for position, deck in enumerate(content.decks)
    ]
    db.executemany(
        f"INSERT INTO decks (id, {', '.join(fields)}) VALUES (?, ?, ?, ?, ?, ?)",
        [row for row in rows if row[0] not in stored],
    )
    db.executemany(
        f"UPDATE decks SET {', '.join(f'{f} = ?' for f in fields)} WHERE id = ?",
        [(*row[1:], row[0]) for row in rows if row[0] in stored and stored[row[0]] != row[1:]],
    )
    present = {row[0] for row in rows}
    gone = [
        deck_id
        for deck_id, values in stored.items()
        if deck_id not in present and values[-1] is None
    ]
    db.executemany(
        "UPDATE decks SET retired_at = ? WHERE id = ?", ((to_millis(now), d) for d in gone)
    )


def _pickle(item: Item) -> bytes:
    return pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
