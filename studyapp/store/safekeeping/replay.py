"""Bring a restored database up to date from the review journal.

A review is known by its uid: those in the journal but not in the database are logged
again, in order, and their item takes the state the review left it in; an undo in the
journal stamps its review, is recorded as a fact (as ``undo`` does) and gives the item
back its earlier state. An item the sync found edited (a new generated id) is looked up
by its latest id (imported items have explicit ids: an edit never renames them). An
import is derived again from the journal's copy of its package (by ``read_import``, which
the caller gives: reading a package is not the store's business) and stored by the
import's own rules: a review the log has is not added twice, and an item reviewed here
after the imported history keeps its state. Reviews of items the database does not have
(written after the backup and not synced since) are counted, not guessed.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studyapp.store.facts import device_id, record_fact, undo_key
from studyapp.store.interop import ImportedReview, store_history
from studyapp.store.review_write import (
    STATE_COLUMNS,
    NewReview,
    insert_review,
    large_cache,
    write_transaction,
)
from studyapp.store.safekeeping.journal import ReviewJournal

# An import entry and its package's copy → the reviews and item states the import stored,
# or None if the copy cannot be read.
ImportReader = Callable[
    [dict[str, Any], Path], tuple[list[ImportedReview], dict[str, dict[str, Any]]] | None
]

_SET_STATE = f"UPDATE items SET {', '.join(f'{c} = ?' for c in STATE_COLUMNS)} WHERE id = ?"
_FIND = "SELECT 1 FROM reviews WHERE uid = ?"
_FIND_NOT_UNDONE = (
    "SELECT id, item_id, state_before, device_id FROM reviews WHERE uid = ? AND undone_at IS NULL"
)
_NEW_REVIEW_FIELDS = {f.name for f in dataclasses.fields(NewReview)}


@dataclass
class Replayed:
    reviews: int = 0  # brought back
    undos: int = 0  # applied again
    unknown_items: int = 0  # reviews of items this database does not have
    already_there: int = 0  # journal entries the database already holds
    imports: int = 0  # imports that brought something back (their reviews count in ``reviews``)
    lost_imports: list[str] = dataclasses.field(default_factory=list)  # copies unreadable


def replay_journal(
    db: sqlite3.Connection, journal: ReviewJournal, read_import: ImportReader | None = None
) -> Replayed:
    """Add what ``journal`` has and the database lacks, in one transaction."""
    replayed = Replayed()
    with write_transaction(db):
        for entry in _with_latest_ids(list(journal.entries())):
            if "review" in entry:
                _replay_review(db, entry, replayed)
            elif "undo" in entry:
                _replay_undo(db, entry, replayed)
            elif "import" in entry:
                _replay_import(db, entry, journal, read_import, replayed)
    return replayed


def _with_latest_ids(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entries with each item called by the id it has now: the renames that came
    after an entry, read backwards, say what its id became."""
    later: dict[str, str] = {}
    for entry in reversed(entries):
        if "rename" in entry:
            later[entry["rename"]] = later.get(entry["item_id"], entry["item_id"])
        elif "item_id" in entry:
            entry["item_id"] = later.get(entry["item_id"], entry["item_id"])
    return entries


def _replay_review(db: sqlite3.Connection, entry: dict[str, Any], replayed: Replayed) -> None:
    review = NewReview(**{k: v for k, v in entry.items() if k in _NEW_REVIEW_FIELDS})
    if db.execute(_FIND, (review.uid,)).fetchone() is not None:
        replayed.already_there += 1
        return
    if not _set_state(db, review.item_id, review.state_after):
        replayed.unknown_items += 1
        return
    insert_review(db, review)
    replayed.reviews += 1


def _replay_import(
    db: sqlite3.Connection,
    entry: dict[str, Any],
    journal: ReviewJournal,
    read_import: ImportReader | None,
    replayed: Replayed,
) -> None:
    package = journal.imported_package(entry)
    history = read_import(entry, package) if read_import is not None else None
    if history is None:
        replayed.lost_imports.append(str(entry["import"]))
        return
    reviews, states = history
    with large_cache(db):
        stored = store_history(db, reviews, states, str(entry["device_id"]))
    replayed.imports += bool(stored.added or stored.states)
    replayed.reviews += stored.added
    replayed.unknown_items += stored.unknown_reviews


def _replay_undo(db: sqlite3.Connection, entry: dict[str, Any], replayed: Replayed) -> None:
    found = db.execute(_FIND_NOT_UNDONE, (entry["undo"],)).fetchone()
    if found is None:
        return
    review_id, item_id, state_before, device = found
    db.execute("UPDATE reviews SET undone_at = ? WHERE id = ?", (entry["at"], review_id))
    record_fact(db, undo_key(entry["undo"]), None, entry["at"], device or device_id(db))
    _set_state(db, item_id, json.loads(state_before))
    replayed.undos += 1


def _set_state(db: sqlite3.Connection, item_id: str, state: dict[str, Any]) -> bool:
    cursor = db.execute(_SET_STATE, (*(state[c] for c in STATE_COLUMNS), item_id))
    return cursor.rowcount > 0

