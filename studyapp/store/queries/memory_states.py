"""Items' memory states (FSRS stability and difficulty) rewritten in bulk.

When the FSRS parameters in force change, every item they schedule gets its memory state
worked out again (``studyapp.scheduling.fitting.memory``). The new states go into a
temporary table and one UPDATE joins them to the items, so a hundred thousand items cost
one statement rather than one per item. Only stability and difficulty change: an item's
due date, state and counts stay as they are, and an item that is new again (reset since
its reviews) is left alone, as is one whose latest rating is no longer the one its state
was worked out to (reviewed, or its review undone, while the optimiser ran: its own
review's state stands).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from studyapp.store.queries.parameter_sets import decks_with_own_set
from studyapp.store.queries.review_history import RATED

# Pages SQLite may keep while rewriting: the index the mastery report reads holds every
# item's stability, so each rewrite moves an entry in it; with its pages at hand (10 MB
# for 100,000 items) that costs half what re-reading them from the file does.
_REWRITE_CACHE_KIB = 32 * 1024


def begin_rewrite(db: sqlite3.Connection) -> None:
    """A savepoint for a rewrite that may be taken back (``end_rewrite``), within the
    caller's transaction: begun here if none is open, so that releasing it commits nothing."""
    if not db.in_transaction:
        db.execute("BEGIN")
    db.execute("SAVEPOINT memory_states")


def end_rewrite(db: sqlite3.Connection, *, keep: bool) -> None:
    """Keep the rewrite since ``begin_rewrite``, or take it back."""
    if not keep:
        db.execute("ROLLBACK TO memory_states")
    db.execute("RELEASE memory_states")


def stage(db: sqlite3.Connection, states: Iterable[tuple[str, float, float, int]]) -> None:
    """Hold ``(item_id, stability, difficulty, reviewed_at ms of the latest rating they
    follow)`` ready for ``apply``."""
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS memory_states (id TEXT PRIMARY KEY,"
        " stability REAL NOT NULL, difficulty REAL NOT NULL, last_rated INTEGER NOT NULL)"
        " WITHOUT ROWID"
    )
    db.execute("DELETE FROM memory_states")
    db.executemany("INSERT INTO memory_states VALUES (?, ?, ?, ?)", states)


def apply(db: sqlite3.Connection, *, only_decks_without_own_set: bool) -> int:
    """Write the states ``stage`` holds into the items, in one statement (which runs without
    Python's lock: another thread can compute meanwhile); returns how many items changed."""
    # A set for every deck does not schedule the decks with a set of their own in force.
    skipped = decks_with_own_set(db) if only_decks_without_own_set else []
    in_scope = f" AND items.deck_id NOT IN ({', '.join('?' * len(skipped))})" if skipped else ""
    cache = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute(f"PRAGMA cache_size = {-_REWRITE_CACHE_KIB}")
    try:
        changed = db.execute(
            "UPDATE items SET stability = m.stability, difficulty = m.difficulty"
            f" FROM memory_states AS m WHERE items.id = m.id AND items.state != 0{in_scope}"
            " AND m.last_rated = (SELECT max(r.reviewed_at) FROM reviews AS r"
            f" WHERE r.item_id = m.id AND {RATED})",
            skipped,
        ).rowcount
    finally:
        db.execute(f"PRAGMA cache_size = {cache}")
    db.execute("DELETE FROM memory_states")
    return changed
