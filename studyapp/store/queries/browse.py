"""Finding items: full-text search ranked by bm25, filters, and one window of rows at a time.

What ``studyapp find`` prints and the browser shows. Without words to search for, items
come in content order from a covering index: led by the deck or the kind when one is
chosen, so a filter reads its own items only. With words, they come from the FTS5 index
(``search_index``), best match first; a deck or kind filter is part of the FTS5 query.
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
# The covering indexes items are listed from without words (models builds them): in content
# order, or led by the deck or the kind.
BROWSE_INDEXES = {
    "": "ix_items_browse",
    "deck": "ix_items_browse_deck",
    "kind": "ix_items_browse_kind",
}
# The condition of the two led ones. Always true (position is never null), but only the
# browser states it: SQLite uses a partial index only for a query that implies its
# condition, so the queue's queries, which they would also cover, keep their own indexes.
BROWSING = "position IS NOT NULL"
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

    Rows come already ordered (FTS5 sorts by rank itself, the browse indexes are in content
    order), so snippets and latest verdicts are computed for the window's rows only.
    Words in more than ``RANKED_AT_MOST`` items come in index order instead.
    """
    plan = _plan(where)
    if plan.match is None:
        text = "(SELECT substr(t.prompt, 1, 240) FROM item_texts t WHERE t.item_id = i.id)"
        order = "i.position"
    else:
        column = 0 if prompt_only else -1
        text = (
            f"snippet(item_search, {column}, '{MATCH_START}', '{MATCH_END}', '…', {SNIPPET_TOKENS})"
        )
        ranked = _matches(db, plan.match, RANKED_AT_MOST + 1) <= RANKED_AT_MOST
        order = "s.rank" if ranked else "s.rowid"
    rows = db.execute(
        f"SELECT i.id, i.deck_id, i.kind, i.state, i.due, i.suspended, i.leech, i.last_review,"
        f" i.lapses, (SELECT r.verdict FROM reviews r WHERE r.item_id = i.id"
        f" AND r.undone_at IS NULL ORDER BY r.reviewed_at DESC LIMIT 1), {text}"
        f" FROM {plan.source} WHERE {plan.conditions} ORDER BY {order} LIMIT ? OFFSET ?",
        (*plan.parameters, limit, offset),
    )
    return [
        FoundItem(*row[:5], bool(row[5]), bool(row[6]), *row[7:10], row[10] or "") for row in rows
    ]


def count_items(db: sqlite3.Connection, where: ItemFilter, cap: int) -> int:
    """How many items ``where`` selects, counted up to ``cap`` (a count costs its matches).

    A search filtered by deck and kind at most is counted in the FTS5 index alone: it holds
    exactly the items still in the content, and the filters are in its query.
    """
    plan = _plan(where)
    if plan.match is not None and not plan.by_state:
        return _matches(db, plan.match, cap)
    return db.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM {plan.source} WHERE {plan.conditions} LIMIT ?)",
        (*plan.parameters, cap),
    ).fetchone()[0]


def _matches(db: sqlite3.Connection, match: str, cap: int) -> int:
    """How many items the FTS5 query ``match`` finds, counted up to ``cap``."""
    return db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM item_search WHERE item_search MATCH ? LIMIT ?)",
        (match, cap),
    ).fetchone()[0]


class _Plan(NamedTuple):
    match: str | None  # the FTS5 query, if words were typed
    source: str  # FROM
    conditions: str  # WHERE
    parameters: list[object]
    by_state: bool  # whether the items' scheduling columns filter too


def _plan(where: ItemFilter) -> _Plan:
    """How to read what ``where`` selects.

    With words, the FTS5 index leads (CROSS JOIN fixes that order: led by a filter's
    index, SQLite would run the full-text query once per item) and holds the deck and
    kind filters. Without, the covering index led by the deck or else the kind (or, with
    neither, the one in content order) gives the items in content order.
    """
    conditions = ["i.retired_at IS NULL"]
    parameters: list[object] = []
    match = match_expression(where.words, where.deck, where.kind)
    if match is None:
        led_by = "deck" if where.deck is not None else "kind" if where.kind is not None else ""
        source = f"items i INDEXED BY {BROWSE_INDEXES[led_by]}"
        if led_by:
            conditions.append(f"i.{BROWSING}")
        for column, value in (("deck_id", where.deck), ("kind", where.kind)):
            if value is not None:
                conditions.append(f"i.{column} = ?")
                parameters.append(value)
    else:
        source = (
            "item_search s CROSS JOIN item_texts t ON t.id = s.rowid"
            " CROSS JOIN items i ON i.id = t.item_id"
        )
        conditions.append("item_search MATCH ?")
        parameters.append(match)
    if where.state is not None:
        conditions.append(STATE_CONDITIONS[where.state])
    if where.due_before is not None:
        conditions.append(f"i.{IS_SCHEDULED} AND i.suspended = 0 AND i.due < ?")
        parameters.append(where.due_before)
    by_state = where.state is not None or where.due_before is not None
    return _Plan(match, source, " AND ".join(conditions), parameters, by_state)
