"""The content as the last sync stored it: decks, topics and problems in memory, and each
item read from the store (its pickled payload) only when asked for.

A learner's session needs a handful of items, never all of them: holding every parsed
item of a 100k-item collection cost ~90 MB and over a second to unpickle at each start.
The outline (decks and topics without their items, and the problems found) is saved by
each full sync beside the content's fingerprint, and read back when the fingerprint
still matches.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import pickle
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from studyapp.content.model import ContentSet, Item, ItemKind
from studyapp.store.meta import read_meta, write_meta

FINGERPRINT = "content_fingerprint"  # of the files the last full sync stored
OUTLINE = "content_outline"  # the decks, topics and problems of that sync

_ACTIVE_ITEM = "SELECT payload FROM items WHERE id = ? AND retired_at IS NULL"
_ACTIVE_ITEMS = "SELECT payload FROM items WHERE retired_at IS NULL ORDER BY position"
_CHECKED_ITEM = (
    f"SELECT 1 FROM items WHERE kind != '{ItemKind.CARD.value}' AND retired_at IS NULL"
    " AND (:deck IS NULL OR deck_id = :deck) LIMIT 1"
)
Connect = Callable[[], sqlite3.Connection]
_ACTIVE_COUNT = "SELECT count(*) FROM items WHERE retired_at IS NULL"


@dataclass
class StoredContent(ContentSet):
    """A ``ContentSet`` whose items stay in the store until asked for (by id, preferably).

    Item reads open their own connection (``connect``), so they may run on any thread.
    """

    connect: Connect | None = field(default=None, repr=False, compare=False)

    def item(self, item_id: str) -> Item | None:
        payload = self._scalar(_ACTIVE_ITEM, (item_id,))
        return None if payload is None else pickle.loads(payload)

    def items(self) -> list[Item]:
        """Every item, in content order: unpickles them all (slow at 100k items)."""
        with self._reading() as db:
            return [pickle.loads(payload) for (payload,) in db.execute(_ACTIVE_ITEMS)]

    def needs_checker(self, deck_id: str | None = None) -> bool:
        return self._scalar(_CHECKED_ITEM, {"deck": deck_id}) is not None

    def _scalar(self, statement: str, params: Any) -> Any:
        with self._reading() as db:
            row = db.execute(statement, params).fetchone()
        return None if row is None else row[0]

    def _reading(self) -> contextlib.closing[sqlite3.Connection]:
        assert self.connect is not None
        return contextlib.closing(self.connect())


def stored_content(
    db: sqlite3.Connection, connect: Connect, fingerprint: str | None
) -> tuple[StoredContent, int] | None:
    """The stored content and its number of items, if the last full sync stored content
    with this ``fingerprint`` (and an outline this version can read); else None."""
    if fingerprint is None or read_meta(db, FINGERPRINT) != fingerprint:
        return None
    saved = read_meta(db, OUTLINE)
    try:
        outline = pickle.loads(base64.b64decode(saved or ""))
    except (pickle.UnpicklingError, AttributeError, ImportError, TypeError, EOFError, ValueError):
        return None  # written by another version: load and compare in full
    if not isinstance(outline, ContentSet):
        return None
    (count,) = db.execute(_ACTIVE_COUNT).fetchone()
    return StoredContent(outline.decks, outline.problems, connect), count


def save_outline(
    db: sqlite3.Connection,
    content: ContentSet,
    fingerprint: str | None,
    connect: Connect | None = None,
) -> StoredContent:
    """Remember ``content``'s outline as what files with ``fingerprint`` hold (none: never
    matched), and return it as stored content (whose items ``connect`` reads)."""
    outline = ContentSet(
        decks=[
            dataclasses.replace(
                deck,
                topics=[
                    dataclasses.replace(topic, cards=[], exercises=[], derivations=[], refs=())
                    for topic in deck.topics
                ],
            )
            for deck in content.decks
        ],
        problems=list(content.problems),
    )
    blob = pickle.dumps(outline, protocol=pickle.HIGHEST_PROTOCOL)
    write_meta(db, OUTLINE, base64.b64encode(blob).decode("ascii"))
    write_meta(db, FINGERPRINT, fingerprint or "")
    return StoredContent(outline.decks, outline.problems, connect)
