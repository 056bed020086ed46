"""Finding items: full-text search ranked by bm25, filters, and one window of rows at a time.

What ``studyapp find`` prints and the browser shows. Without words to search for, items
come in content order from the ``ix_items_browse`` covering index; with words, from the
FTS5 index (``search_index``), best match first.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import NamedTuple

from studyapp.store.item_conditions import IS_LEARNING, IS_NEW, IS_REVIEW, IS_SCHEDULED
from studyapp.store.queries.search_index import match_expression

STATE_CONDITIONS = {
    "new": f"i.{IS_NEW}",
    "learning": f"i.{IS_LEARNING}",
    "review": f"i.{IS_REVIEW}",
    "suspended": "i.suspended = 1",
    "leech": "i.leech = 1",
}
KINDS = ("card", "exercise", "derivation")
# Around a match, in the text a search returns: where it starts and ends.
MATCH_START, MATCH_END = "\ue000", "\ue001"
SNIPPET_TOKENS = 16
# Words found in more items than this are listed in index order, not by bm25: ranking costs
# one score per match (tens of milliseconds per 10k), and a word that common (``the``) says
# little about which item is meant; another word typed narrows the list back into ranking.
RANKED_AT_MOST = 2000


@dataclass(frozen=True)
class ItemFilter:
    """What to list: ``words`` as typed (searched for), and exact filters."""

    words: str = ""
    deck: str | None = None
    state: str | None = None  # a key of STATE_CONDITIONS
    kind: str | None = None  # one of KINDS
    due_before: int | None = None  # epoch ms: only items due (not suspended) before it


class FoundItem(NamedTuple):
    id: str
    deck_id: str
    kind: str
    state: int  # item_conditions.Queue
    due: int | None  # epoch ms
    suspended: bool
    leech: bool
    last_review: int | None  # epoch ms
    lapses: int
    last_verdict: str | None  # of the latest review not undone
    text: str  # a snippet around the match (marked by MATCH_START/END), else the prompt


def find_items(
    db: sqlite3.Connection,
    where: ItemFilter,
    limit: int,
    offset: int = 0,
    prompt_only: bool = False,
) -> list[FoundItem]:
    """One window of the items ``where`` selects, in rank (or content) order; the text is
    the snippet around the best match, or with ``prompt_only`` from the prompt (its start
    when the match is elsewhere).

    Rows come already ordered (FTS5 sorts by rank itself, the browse index is in content
    order), so snippets and latest verdicts are computed for the window's rows only.
    Words in more than ``RANKED_AT_MOST`` items come in index order instead.
    """
    match, source, conditions, parameters = _plan(where)
    if match is None:
        text = "(SELECT substr(t.prompt, 1, 240) FROM item_texts t WHERE t.item_id = i.id)"
        order = "i.position"
    else:
        column = 0 if prompt_only else -1
        text = (
            f"snippet(item_search, {column}, '{MATCH_START}', '{MATCH_END}', '…', {SNIPPET_TOKENS})"
        )
        order = "s.rank" if _matches(db, match, RANKED_AT_MOST + 1) <= RANKED_AT_MOST else "s.rowid"
    rows = db.execute(
        f"SELECT i.id, i.deck_id, i.kind, i.state, i.due, i.suspended, i.leech, i.last_review,"
        f" i.lapses, (SELECT r.verdict FROM reviews r WHERE r.item_id = i.id"
        f" AND r.undone_at IS NULL ORDER BY r.reviewed_at DESC LIMIT 1), {text}"
        f" FROM {source} WHERE {conditions} ORDER BY {order} LIMIT ? OFFSET ?",
        (*parameters, limit, offset),
    )
    return [
        FoundItem(*row[:5], bool(row[5]), bool(row[6]), *row[7:10], row[10] or "") for row in rows
    ]


def count_items(db: sqlite3.Connection, where: ItemFilter, cap: int) -> int:
    """How many items ``where`` selects, counted up to ``cap`` (a count costs its matches)."""
    _match, source, conditions, parameters = _plan(where)
    return db.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM {source} WHERE {conditions} LIMIT ?)",
        (*parameters, cap),
    ).fetchone()[0]


def _matches(db: sqlite3.Connection, match: str, cap: int) -> int:
    """How many items the FTS5 query ``match`` finds, counted up to ``cap``."""
    return db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM item_search WHERE item_search MATCH ? LIMIT ?)",
        (match, cap),
    ).fetchone()[0]


def _plan(where: ItemFilter) -> tuple[str | None, str, str, list[object]]:
    """(the FTS5 query if any, FROM, WHERE, its parameters) for ``where``.

    With words, the FTS5 index leads (CROSS JOIN fixes that order: led by a filter's
    index, SQLite would run the full-text query once per item).
    """
    conditions = ["i.retired_at IS NULL"]
    parameters: list[object] = []
    match = match_expression(where.words)
    if match is None:
        source = "items i INDEXED BY ix_items_browse"
    else:
        source = (
            "item_search s CROSS JOIN item_texts t ON t.id = s.rowid"
            " CROSS JOIN items i ON i.id = t.item_id"
        )
        conditions.append("item_search MATCH ?")
        parameters.append(match)
    if where.deck is not None:
        conditions.append("i.deck_id = ?")
        parameters.append(where.deck)
    if where.kind is not None:
        conditions.append("i.kind = ?")
        parameters.append(where.kind)
    if where.state is not None:
        conditions.append(STATE_CONDITIONS[where.state])
    if where.due_before is not None:
        conditions.append(f"i.{IS_SCHEDULED} AND i.suspended = 0 AND i.due < ?")
        parameters.append(where.due_before)
    return match, source, " AND ".join(conditions), parameters
