"""The local side of a sync, through plain sqlite3: what to push, where pulled records land.

Push cursors are this database's own row ids (in ``meta``): what was sent up to them is on
the server, and re-sending after a cut connection is harmless because the server skips
uids it holds. Pull cursors are per origin device (``remote_cursors``), stored in the same
transaction as the records they cover.
"""

from __future__ import annotations

import json
import pickle
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from studyapp.store.meta import read_meta, write_meta
from studyapp.store.review_facts import mistake_category, mistake_text
from studyapp.store.review_write import bulk_insert

PUSHED_REVIEW = "remote_pushed_review_id"
PUSHED_FACT = "remote_pushed_fact_id"
REPLAYED_ALL = "remote_replayed_all"  # set once every reviewed item was replayed
# The last parameter adoption or revert (a facts row id) every item was replayed after.
REPLAYED_PARAMETERS = "remote_replayed_parameters"
LAST_SYNC = "remote_last_sync"

_REVIEW_COLUMNS = (
    "uid, item_id, reviewed_at, rating, elapsed_ms, queue, answer, verdict, feedback, params,"
    " state_before, state_after"
)
_FACT_COLUMNS = "uid, key, value, written_at"
# A pulled review, skipped if held already (its uid is unique): rows of device_id +
# server.REVIEW_FIELDS, then mistake and mistake_text.
_LAND_REVIEW = (
    "INSERT INTO reviews (device_id, uid, item_id, reviewed_at, rating, elapsed_ms, queue,"
    " answer, verdict, feedback, params, state_before, state_after, mistake, mistake_text,"
    " stability_before) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
    " ?15, json_extract(?12, '$.stability')) ON CONFLICT (uid) DO NOTHING"
)
# An item known only from another device's reviews (its content is newer there): kept
# retired until this device's content has it, when a content sync revives it.
_STUB_ITEM = (
    "INSERT OR IGNORE INTO items (id, kind, deck_id, topic_id, position, content_hash,"
    " source_path, source_line, payload, retired_at) VALUES (?, 'card', '', '', -1, '', '', 0, ?, ?)"
)


def pushed_upto(db: sqlite3.Connection) -> tuple[int, int]:
    """The last local review id and fact id known to be on the server."""
    return int(read_meta(db, PUSHED_REVIEW) or 0), int(read_meta(db, PUSHED_FACT) or 0)


def unpushed(
    db: sqlite3.Connection, device_id: str, after: tuple[int, int], limit: int
) -> tuple[list[tuple], list[tuple], tuple[int, int]]:
    """Up to ``limit`` of this device's reviews and facts after ``after`` (review id, fact
    id), and the ids the batch reaches."""
    reviews = db.execute(
        f"SELECT id, {_REVIEW_COLUMNS} FROM reviews WHERE id > ? AND device_id = ?"
        " ORDER BY id LIMIT ?",
        (after[0], device_id, limit),
    ).fetchall()
    facts = db.execute(
        f"SELECT id, {_FACT_COLUMNS} FROM facts WHERE id > ? AND device_id = ?"
        " ORDER BY id LIMIT ?",
        (after[1], device_id, max(0, limit - len(reviews))),
    ).fetchall()
    reached = (reviews[-1][0] if reviews else after[0], facts[-1][0] if facts else after[1])
    return [r[1:] for r in reviews], [f[1:] for f in facts], reached


def count_unpushed(db: sqlite3.Connection, device_id: str) -> int:
    review_id, fact_id = pushed_upto(db)
    row = db.execute(
        "SELECT (SELECT count(*) FROM reviews WHERE id > ? AND device_id = ?),"
        " (SELECT count(*) FROM facts WHERE id > ? AND device_id = ?)",
        (review_id, device_id, fact_id, device_id),
    ).fetchone()
    return row[0] + row[1]


def mark_pushed(db: sqlite3.Connection, reached: tuple[int, int]) -> None:
    write_meta(db, PUSHED_REVIEW, str(reached[0]))
    write_meta(db, PUSHED_FACT, str(reached[1]))


def read_cursors(db: sqlite3.Connection) -> dict[str, int]:
    return dict(db.execute("SELECT device_id, seq FROM remote_cursors").fetchall())


def write_cursors(db: sqlite3.Connection, cursors: dict[str, int]) -> None:
    db.executemany(
        "INSERT INTO remote_cursors (device_id, seq) VALUES (?, ?)"
        " ON CONFLICT (device_id) DO UPDATE SET seq = excluded.seq",
        cursors.items(),
    )


@dataclass
class Landed:
    """What a pull added to this database."""

    records: int = 0
    items: set[str] = field(default_factory=set)  # whose state the new records change


def land(
    db: sqlite3.Connection, reviews: Sequence[tuple], facts: Sequence[tuple], now_ms: int
) -> Landed:
    """Insert pulled reviews and facts (rows of device_id + server.REVIEW_FIELDS / FACT_FIELDS)
    that this database lacks, apply the undos among them; the caller commits."""
    landed = Landed()
    stub = pickle.dumps(None)
    db.executemany(_STUB_ITEM, {(r[2], stub, now_ms) for r in reviews})
    before = db.total_changes
    with bulk_insert(db, len(reviews), keep_unique=True):
        db.executemany(_LAND_REVIEW, (_derived(r) for r in reviews))
    landed.records = db.total_changes - before
    # Every pulled review's item: they are all new but after a cut pull or a restore.
    landed.items.update(r[2] for r in reviews)
    known = _known_uids(db, (f[1] for f in facts))
    new_facts = [f for f in facts if f[1] not in known]
    db.executemany(
        "INSERT INTO facts (device_id, uid, key, value, written_at) VALUES (?, ?, ?, ?, ?)",
        new_facts,
    )
    for _device, _uid, key, _value, written_at in new_facts:
        kind, _, subject = key.partition(":")
        if kind == "undo":
            row = db.execute(
                "UPDATE reviews SET undone_at = ? WHERE uid = ? AND undone_at IS NULL"
                " RETURNING item_id",
                (written_at, subject),
            ).fetchone()
            if row is not None:
                landed.items.add(row[0])
        elif kind == "suspended":
            landed.items.add(subject)
    landed.items &= _existing_items(db, landed.items)
    landed.records += len(new_facts)
    return landed


def _derived(review: tuple) -> tuple:
    """A pulled review with the columns derived from its feedback (``review_facts``); its
    stability before is read from the snapshot by ``_LAND_REVIEW`` itself."""
    feedback = review[9]
    if feedback is None or feedback == "null":  # every card review: nothing to parse
        return (*review, None, None)
    parsed = json.loads(feedback)
    return (*review, mistake_category(parsed), mistake_text(parsed))


def reviewed_items(db: sqlite3.Connection) -> set[str]:
    return {row[0] for row in db.execute("SELECT DISTINCT item_id FROM reviews")}


def _known_uids(db: sqlite3.Connection, uids: Iterable[str]) -> set[str]:
    db.execute("CREATE TEMP TABLE IF NOT EXISTS pulled_uids (uid TEXT PRIMARY KEY)")
    db.execute("DELETE FROM pulled_uids")
    db.executemany("INSERT OR IGNORE INTO pulled_uids VALUES (?)", ((u,) for u in uids))
    known = {
        row[0]
        for row in db.execute("SELECT f.uid FROM facts f JOIN pulled_uids p ON p.uid = f.uid")
    }
    db.execute("DELETE FROM pulled_uids")
    return known


def _existing_items(db: sqlite3.Connection, item_ids: set[str]) -> set[str]:
    """Suspension facts may name items this device never had: nothing to replay there."""
    if not item_ids:
        return set()
    db.execute("CREATE TEMP TABLE IF NOT EXISTS named_items (id TEXT PRIMARY KEY)")
    db.execute("DELETE FROM named_items")
    db.executemany("INSERT OR IGNORE INTO named_items VALUES (?)", ((i,) for i in item_ids))
    found = {row[0] for row in db.execute("SELECT i.id FROM items i JOIN named_items n USING (id)")}
    db.execute("DELETE FROM named_items")
    return found
