"""Recording one review through plain sqlite3: the write behind every rating.

SQLAlchemy's statement and type machinery cost more than SQLite itself for these three
statements, so this path speaks the DB-API directly. The rows it writes are exactly what
the models describe (times as epoch milliseconds, JSON as text, the report columns of
``review_facts``), so everything else reads them through SQLAlchemy as before.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast
from uuid import uuid4

from studyapp.store.review_facts import mistake_category, mistake_text

# The item's FSRS columns, in the order a state snapshot lists them.
STATE_COLUMNS = (
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "suspended",
    "leech",
)
_FLAGS = ("suspended", "leech")
_NULL = "null"  # json.dumps(None), written for every card review without checker output
# The key of a stored "after" snapshot naming the scheduler that computed it (its
# fingerprint): a replay reuses the snapshot instead of rating again when it matches.
SCHEDULED_WITH = "scheduled_with"
# The ``scheduled_with`` of a review brought in from another program (an Anki import): its
# snapshots are that program's schedule, which a replay keeps, and undo leaves it alone.
IMPORTED = "imported"
# The reviews undo may take back: not undone yet, and made here (not imported). Literal
# SQL, so that the partial index built on it serves the query that spells it the same.
UNDOABLE = (
    f"undone_at IS NULL AND coalesce(json_extract(state_after, '$.{SCHEDULED_WITH}'), '')"
    f" != '{IMPORTED}'"
)
_REVIEW_COLUMNS = (
    "item_id",
    "reviewed_at",
    "rating",
    "elapsed_ms",
    "queue",
    "answer",
    "verdict",
    "feedback",
    "params",
    "state_before",
    "state_after",
    "stability_before",
    "mistake",
    "uid",
    "device_id",
    "mistake_text",
)

_SELECT_STATE = f"SELECT {', '.join(STATE_COLUMNS)} FROM items WHERE id = ?"
INSERT_REVIEW = (
    f"INSERT INTO reviews ({', '.join(_REVIEW_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(_REVIEW_COLUMNS))})"
)


@dataclass(frozen=True)
class NewReview:
    """One review to append; times are epoch milliseconds, states are snapshots."""

    item_id: str
    reviewed_at: int
    rating: int
    elapsed_ms: int
    queue: str  # the item's state before the review: new|learning|review|relearning
    state_before: dict[str, Any]
    state_after: dict[str, Any]
    answer: str | None = None
    verdict: str | None = None
    feedback: dict | None = None
    params: dict | None = None
    device_id: str | None = None  # the device that made it (see studyapp.store.facts)
    uid: str = field(default_factory=lambda: uuid4().hex)  # its id on every device
    scheduled_with: str | None = None  # the fingerprint of the scheduler that rated it


@contextmanager
def write_transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One transaction that holds the write lock from its start.

    Taking the lock up front makes reading the item and writing its review one atomic
    step, and a busy database waits (busy_timeout) instead of failing half-way.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    db.commit()


def read_state(db: sqlite3.Connection, item_id: str) -> dict[str, Any] | None:
    """The item's scheduling snapshot (times as epoch ms), or None if there is no such item."""
    row = db.execute(_SELECT_STATE, (item_id,)).fetchone()
    if row is None:
        return None
    snapshot = dict(zip(STATE_COLUMNS, row, strict=True))
    for flag in _FLAGS:
        snapshot[flag] = bool(snapshot[flag])
    return snapshot


def append_review(db: sqlite3.Connection, review: NewReview) -> int:
    """Move the item to ``review.state_after`` and log the review; returns the review's id."""
    before, after = review.state_before, review.state_after
    # Only the columns that change: SQLite rewrites every index over a column that is SET,
    # even to the same value (suspended and leech rarely change, and index the deck view).
    changed = [c for c in STATE_COLUMNS if after[c] != before[c]]
    if changed:
        assignments = ", ".join(f"{c} = ?" for c in changed)
        db.execute(
            f"UPDATE items SET {assignments} WHERE id = ?",
            (*(after[c] for c in changed), review.item_id),
        )
    return insert_review(db, review)


def insert_review(db: sqlite3.Connection, review: NewReview) -> int:
    """Log the review (without touching its item); returns the review's id."""
    cursor = db.execute(INSERT_REVIEW, review_values(review))
    return cast(int, cursor.lastrowid)  # an INSERT always sets it


def review_values(review: NewReview, dumps: Callable[[Any], str] = json.dumps) -> tuple:
    """The review's row for ``INSERT_REVIEW``; ``dumps`` writes the state snapshots."""
    return (
        review.item_id,
        review.reviewed_at,
        review.rating,
        review.elapsed_ms,
        review.queue,
        review.answer,
        review.verdict,
        _NULL if review.feedback is None else json.dumps(review.feedback),
        _NULL if review.params is None else json.dumps(review.params),
        dumps(review.state_before),
        dumps(_with_scheduler(review)),
        review.state_before.get("stability"),
        mistake_category(review.feedback),
        review.uid,
        review.device_id,
        mistake_text(review.feedback),
    )


def _with_scheduler(review: NewReview) -> dict[str, Any]:
    if review.scheduled_with is None:
        return review.state_after
    return {**review.state_after, SCHEDULED_WITH: review.scheduled_with}


# SQLite's page cache while a bulk insert runs, and the batch from which dropping the log's
# indexes and building them again afterwards beats inserting into them row by row.
_BULK_CACHE_KIB = 256 * 1024
REBUILD_INDEXES_AT = 20_000


@contextmanager
def large_cache(db: Any) -> Iterator[None]:
    """A page cache large enough for a bulk write (``db``: a sqlite3 connection or cursor):
    the indexes stay in memory, and a transaction's changed pages reach the file once, at
    its commit, instead of spilling to it as the default cache fills."""
    cache_size = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute(f"PRAGMA cache_size = {-_BULK_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {cache_size}")


@contextmanager
def bulk_insert(db: Any, rows: int, keep_unique: bool = False) -> Iterator[None]:
    """Around inserting ``rows`` reviews at once (in the caller's transaction): a large
    cache, and for a large batch the indexes dropped then built again (see
    ``indexes_rebuilt``). ``keep_unique`` keeps the unique ones, for ON CONFLICT to use."""
    rebuild = rows >= REBUILD_INDEXES_AT
    with large_cache(db), indexes_rebuilt(db, "reviews", rebuild, keep_unique=keep_unique):
        yield


@contextmanager
def indexes_rebuilt(
    db: Any, table: str, rebuild: bool = True, keep_unique: bool = False, keep_partial: bool = False
) -> Iterator[None]:
    """Around a bulk insert into ``table`` in the caller's transaction: when ``rebuild``,
    its own indexes (not those of its constraints) are dropped first and built again
    afterwards, in the order they were made, one sort each instead of a random insert per
    row (an error rolls the transaction back, indexes included). ``keep_unique`` keeps the
    unique ones (for ON CONFLICT); ``keep_partial`` the partial ones (the review checker's
    verdicts, which an imported review never enters: rebuilding them would read the whole
    log for nothing)."""
    if not rebuild:
        yield
        return
    indexes = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
        " AND sql IS NOT NULL ORDER BY rowid",
        (table,),
    ).fetchall()
    dropped = [
        (name, sql)
        for name, sql in indexes
        if not (keep_unique and "UNIQUE" in sql.upper())
        and not (keep_partial and " WHERE " in sql.upper())
    ]
    for name, _sql in dropped:
        db.execute(f'DROP INDEX "{name}"')
    yield
    for _name, sql in dropped:
        db.execute(sql)
