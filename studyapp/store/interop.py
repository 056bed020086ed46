"""Review history in bulk, for importing it from and exporting it to other programs.

Plain DB-API in the caller's transaction: an import writes hundreds of thousands of
reviews, which ``executemany`` does in one pass. The rows are those ``review_write``
writes for a rating (times as epoch milliseconds, JSON as text), with no checker output.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

from studyapp.store.review_write import (
    IMPORTED,
    REBUILD_INDEXES_AT,
    SCHEDULED_WITH,
    STATE_COLUMNS,
    indexes_rebuilt,
    large_cache,
)

_STAGED = "staged"  # the name the scratch database of a staged history is attached as
_CHUNK = 500  # ids per IN (...) list, well under SQLite's limit on parameters
_FLAGS = ("suspended", "leech")
_MARK = f',"{SCHEDULED_WITH}":"{IMPORTED}"}}'
_SNAPSHOT_TEMPLATE = "{" + ",".join(f'"{column}":%s' for column in STATE_COLUMNS) + "}"


@dataclass(frozen=True)
class LoggedReview:
    """A review as an export needs it."""

    item_id: str
    reviewed_at: int  # epoch ms
    rating: int
    elapsed_ms: int
    queue: str  # the item's state before: new|learning|review|relearning
    state_after: str  # JSON snapshot


def _chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    ordered = list(ids)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def _marks(chunk: list[str]) -> str:
    return ", ".join("?" * len(chunk))


def review_times(db: sqlite3.Connection, item_ids: Iterable[str]) -> set[tuple[str, int]]:
    """(item id, reviewed_at) of every review of these items, undone ones too."""
    cursor = db.cursor()
    found: set[tuple[str, int]] = set()
    for chunk in _chunks(item_ids):
        cursor.execute(
            f"SELECT item_id, reviewed_at FROM reviews WHERE item_id IN ({_marks(chunk)})", chunk
        )
        found.update(cursor.fetchall())
    cursor.close()
    return found


def item_states(db: sqlite3.Connection, item_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Each existing item's scheduling snapshot (``STATE_COLUMNS``, times in epoch ms)."""
    cursor = db.cursor()
    states = {}
    columns = ", ".join(STATE_COLUMNS)
    for chunk in _chunks(item_ids):
        cursor.execute(f"SELECT id, {columns} FROM items WHERE id IN ({_marks(chunk)})", chunk)
        for item_id, *values in cursor.fetchall():
            snapshot = dict(zip(STATE_COLUMNS, values, strict=True))
            for flag in _FLAGS:
                snapshot[flag] = bool(snapshot[flag])
            states[item_id] = snapshot
    cursor.close()
    return states


class ImportedReview(NamedTuple):
    """A review brought in from another program, as its row is written: the snapshots are
    JSON text already, the one after marked ``scheduled_with: IMPORTED``."""

    item_id: str
    reviewed_at: int  # epoch ms
    rating: int
    elapsed_ms: int
    queue: str  # the item's state before: new|learning|review|relearning
    state_before: str
    state_after: str
    stability_before: float | None
    uid: str


_INSERT_IMPORTED = (
    "INSERT INTO reviews (item_id, reviewed_at, rating, elapsed_ms, queue, state_before,"
    " state_after, stability_before, uid, device_id, feedback, params)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'null', 'null')"
)


@dataclass
class StoredHistory:
    """What ``store_history`` added."""

    added: int  # reviews
    states: int  # items whose state it set
    unknown_reviews: int  # reviews of items the database does not have (left out)


def store_history(
    db: sqlite3.Connection,
    reviews: list[ImportedReview],
    states: dict[str, dict[str, Any]],
    device: str,
) -> StoredHistory:
    """Add the reviews the log lacks (known by item and time: importing the same history
    again adds nothing) as ``device``'s, and give each item its state from ``states``
    unless it was reviewed here after the history's last review. Items the database does
    not have are left out. In the caller's transaction (under ``large_cache`` for a large
    history)."""
    current = item_states(db, states.keys() | {review.item_id for review in reviews})
    known = review_times(db, current)
    fresh = sorted(  # in time order, as reviews are logged
        (
            review
            for review in reviews
            if review.item_id in current and (review.item_id, review.reviewed_at) not in known
        ),
        key=attrgetter("reviewed_at"),
    )
    insert_imported(db, fresh, device)
    unknown = sum(review.item_id not in current for review in reviews)
    return StoredHistory(len(fresh), _set_newer_states(db, states, current), unknown)


def store_staged_history(
    db: sqlite3.Connection,
    path: Path,
    states: dict[str, dict[str, Any]],
    reviewed: dict[str, int],
    device: str,
    staged: Callable[[], None],
) -> StoredHistory:
    """``store_history`` for the reviews ``stage_reviews`` writes at ``path`` as ``device``'s
    (``reviewed``: how many it holds of each item; ``staged`` returns once it is written).
    Into an empty log they are copied whole (``copy_staged_reviews``); into one with
    reviews (logged by another process since the import began) they are added as
    ``store_history`` adds them."""
    current = item_states(db, states.keys() | reviewed.keys())
    staged()
    if not review_log_is_empty(db):
        return store_history(db, _staged_reviews(path), states, device)
    copy_staged_reviews(db, path)
    unknown = drop_reviews_of(db, reviewed.keys() - current.keys())
    added = sum(reviewed.values()) - unknown
    return StoredHistory(added, _set_newer_states(db, states, current), unknown)


def _set_newer_states(
    db: sqlite3.Connection, states: dict[str, dict[str, Any]], current: dict[str, dict]
) -> int:
    """Give the items of ``current`` (their states now) their state from ``states``
    unless it is older; how many changed."""
    changed = {
        item_id: state
        for item_id, state in states.items()
        if item_id in current and _newer_or_same(state, current[item_id])
        and state != current[item_id]
    }
    set_item_states(db, changed)
    return len(changed)


def review_log_schema(db: sqlite3.Connection) -> list[str]:
    """The statements that make the review log of ``db`` as it is: its table, then its
    indexes, in the order they were made."""
    rows = db.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'reviews' AND sql IS NOT NULL"
        " ORDER BY type = 'index', rowid"
    )
    return [sql for (sql,) in rows]


def stage_reviews(
    path: Path, schema: list[str], reviews: list[ImportedReview], device: str
) -> None:
    """Write ``reviews`` (in time order, as ``device``'s) into a new database at ``path``
    as the rows of a review log made by ``schema`` (``review_log_schema``), its indexes
    built after the rows: what ``copy_staged_reviews`` copies. A scratch file, written
    without a journal or syncs (a failed import deletes it)."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        with large_cache(db):
            db.execute("BEGIN")
            db.execute(schema[0])
            insert_imported(db, reviews, device)
            for statement in schema[1:]:
                db.execute(statement)
            db.execute("COMMIT")
    finally:
        db.close()


def copy_staged_reviews(db: sqlite3.Connection, path: Path) -> None:
    """Copy the reviews ``stage_reviews`` wrote at ``path`` into the empty review log of
    ``db``, in the caller's transaction.

    One ``INSERT … SELECT *`` between two tables of the same shape, into an empty one, is
    SQLite's transfer: rows and index entries are copied in order, no index is sorted
    again. SQLite makes it only while the connection does not enforce foreign keys (else
    it inserts row by row, as correctly); ``store_staged_history`` drops the reviews of
    items the database lacks itself. The scratch database stays attached until
    the end of ``receiving_staged_reviews``, after the transaction (SQLite holds it until
    then)."""
    db.execute(f"ATTACH DATABASE ? AS {_STAGED}", (str(path),))
    db.execute(f"INSERT INTO main.reviews SELECT * FROM {_STAGED}.reviews")


@contextmanager
def receiving_staged_reviews(db: sqlite3.Connection) -> Iterator[None]:
    """Around the transaction that will copy staged reviews in: foreign keys are not
    enforced in it (see ``copy_staged_reviews``; a pragma that changes nothing inside a
    transaction, so set around it), and the scratch database is detached after it."""
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        if any(row[1] == _STAGED for row in db.execute("PRAGMA database_list")):
            db.execute(f"DETACH DATABASE {_STAGED}")
        db.execute("PRAGMA foreign_keys = ON")


def review_log_is_empty(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM reviews LIMIT 1").fetchone() is None


def _staged_reviews(path: Path) -> list[ImportedReview]:
    staged = sqlite3.connect(path)
    try:
        rows = staged.execute(
            f"SELECT {', '.join(ImportedReview._fields)} FROM reviews ORDER BY id"
        ).fetchall()
    finally:
        staged.close()
    return [ImportedReview(*row) for row in rows]


def drop_reviews_of(db: sqlite3.Connection, item_ids: Iterable[str]) -> int:
    """Delete every review of these items; how many were deleted."""
    deleted = 0
    for chunk in _chunks(item_ids):
        deleted += db.execute(
            f"DELETE FROM reviews WHERE item_id IN ({_marks(chunk)})", chunk
        ).rowcount
    return deleted


def _newer_or_same(imported: dict[str, Any], ours: dict[str, Any]) -> bool:
    """Whether the imported state is at least as recent as the item's (not reviewed here
    since the history's last review)."""
    return (ours["last_review"] or 0) <= (imported["last_review"] or 0)


def insert_imported(db: sqlite3.Connection, reviews: list[ImportedReview], device: str) -> None:
    """Append reviews to the log without touching the items (``set_item_states`` does).

    Give them in time order: the log's main index then grows at its end. A large batch
    drops the log's other indexes and builds them again afterwards, in the same
    transaction: one sort per index instead of a random insert per review."""
    cursor = db.cursor()
    logged = cursor.execute("SELECT coalesce(max(id), 0) FROM reviews").fetchone()[0]
    # rebuilding pays for a batch that is also at least half the log (a rebuild sorts
    # every review, a batch insert only its own)
    large = len(reviews) >= REBUILD_INDEXES_AT and 2 * len(reviews) >= logged
    with indexes_rebuilt(cursor, "reviews", large, keep_partial=True):
        cursor.executemany(_INSERT_IMPORTED, ((*review, device) for review in reviews))
    cursor.close()


def snapshot_json(snapshot: dict[str, Any]) -> str:
    """A state snapshot (``STATE_COLUMNS``) as compact JSON, from one template: an import
    writes one per review, and the general encoder's set-up costs more than the text."""
    return _SNAPSHOT_TEMPLATE % tuple(_json_scalar(snapshot[c]) for c in STATE_COLUMNS)


def marked_imported(snapshot: str) -> str:
    """A snapshot's JSON (``snapshot_json``) as an imported review's snapshot after."""
    return snapshot[:-1] + _MARK


def _json_scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is float:
        return repr(value) if math.isfinite(value) else json.dumps(value)  # NaN, Infinity
    return str(int(value))


def set_item_states(db: sqlite3.Connection, states: dict[str, dict[str, Any]]) -> None:
    if not states:
        return
    assignments = ", ".join(f"{column} = ?" for column in STATE_COLUMNS)
    cursor = db.cursor()
    cursor.executemany(
        f"UPDATE items SET {assignments} WHERE id = ?",
        ((*(state[c] for c in STATE_COLUMNS), item_id) for item_id, state in states.items()),
    )
    cursor.close()


def logged_reviews(db: sqlite3.Connection, item_ids: Collection[str]) -> list[LoggedReview]:
    """The reviews of these items that stand (not undone), oldest first."""
    cursor = db.cursor()
    found: list[LoggedReview] = []
    for chunk in _chunks(item_ids):
        cursor.execute(
            "SELECT item_id, reviewed_at, rating, elapsed_ms, queue, state_after FROM reviews "
            f"WHERE undone_at IS NULL AND item_id IN ({_marks(chunk)})",
            chunk,
        )
        found.extend(LoggedReview(*row) for row in cursor.fetchall())
    cursor.close()
    return sorted(found, key=lambda review: (review.reviewed_at, review.item_id))
