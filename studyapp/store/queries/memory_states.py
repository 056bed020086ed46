"""Items' memory states (FSRS stability and difficulty) rewritten in bulk.

When the FSRS parameters in force change, every item they schedule gets its memory state
worked out again (``studyapp.scheduling.fitting.memory``). The new states go into a
temporary table and one UPDATE joins them to the items, so a hundred thousand items cost
one statement rather than one per item. Only stability and difficulty change: an item's
due date, state and counts stay as they are, and an item that is new again (reset since
its reviews) is left alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

# The decks that have a parameter set of their own in force: a set for every deck does
# not schedule them.
_DECKS_WITH_OWN_SET = (
    "SELECT deck_id FROM fsrs_parameters"
    " WHERE adopted AND reverted_at IS NULL AND deck_id IS NOT NULL"
)


def write(
    db: sqlite3.Connection,
    states: Iterable[tuple[str, float, float]],
    *,
    only_decks_without_own_set: bool,
) -> int:
    """Store ``(item_id, stability, difficulty)`` for the items that have been reviewed
    (in the caller's transaction); returns how many items changed."""
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS memory_states"
        " (id TEXT PRIMARY KEY, stability REAL NOT NULL, difficulty REAL NOT NULL) WITHOUT ROWID"
    )
    db.execute("DELETE FROM memory_states")
    db.executemany("INSERT INTO memory_states VALUES (?, ?, ?)", states)
    in_scope = (
        f" AND items.deck_id NOT IN ({_DECKS_WITH_OWN_SET})" if only_decks_without_own_set else ""
    )
    changed = db.execute(
        "UPDATE items SET stability = m.stability, difficulty = m.difficulty"
        f" FROM memory_states AS m WHERE items.id = m.id AND items.state != 0{in_scope}"
    ).rowcount
    db.execute("DELETE FROM memory_states")
    return changed
