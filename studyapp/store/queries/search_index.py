"""The full-text index of every item: what it is built from and how it is kept in step.

``item_texts`` holds one row per item still in the content (its prompt, its answer, and the
rest: hints, notes, tags, the topic's title and Chinese terms); the FTS5 table
``item_search`` indexes it as external content, kept in step by triggers, with
``unicode61 remove_diacritics 2`` so case and accents never matter. Chinese is written
without spaces, so every CJK character is set apart with zero-width spaces before it is
stored: each becomes a token of its own and a Chinese term is found as a phrase of them,
whatever its length (a trigram index would miss the many two-character terms).

The content sync calls ``refresh_texts``; a row is rewritten only when its item's content
or its topic's title or terms changed (``doc_key``).
"""

from __future__ import annotations

import pickle
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping

from studyapp.content.model import Card, ContentSet, Derivation, Exercise, Item, stable_hash

# Raise when the document's make-up changes: every row is then rebuilt on the next sync.
DOC_VERSION = "1"
TOKENIZER = "unicode61 remove_diacritics 2"
# bm25 weights of the columns: a match in the prompt counts most.
RANK = "bm25(4.0, 2.0, 1.0)"
SPACER = "\u200b"  # a zero-width space: a separator for unicode61, invisible when shown
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")

# The DDL of the index, shared by a fresh database (models) and migration 0009.
SEARCH_DDL = (
    (
        "CREATE VIRTUAL TABLE item_search USING fts5(prompt, answer, extra,"
        f" content='item_texts', content_rowid='id', prefix='2 3 4', tokenize='{TOKENIZER}')"
    ),
    (
        "CREATE TRIGGER item_texts_insert AFTER INSERT ON item_texts BEGIN"
        " INSERT INTO item_search(rowid, prompt, answer, extra)"
        " VALUES (new.id, new.prompt, new.answer, new.extra); END"
    ),
    (
        "CREATE TRIGGER item_texts_delete AFTER DELETE ON item_texts BEGIN"
        " INSERT INTO item_search(item_search, rowid, prompt, answer, extra)"
        " VALUES ('delete', old.id, old.prompt, old.answer, old.extra); END"
    ),
    (
        "CREATE TRIGGER item_texts_update AFTER UPDATE ON item_texts BEGIN"
        " INSERT INTO item_search(item_search, rowid, prompt, answer, extra)"
        " VALUES ('delete', old.id, old.prompt, old.answer, old.extra);"
        " INSERT INTO item_search(rowid, prompt, answer, extra)"
        " VALUES (new.id, new.prompt, new.answer, new.extra); END"
    ),
    f"INSERT INTO item_search(item_search, rank) VALUES ('rank', '{RANK}')",
)
_INSERT_TRIGGER = SEARCH_DDL[1]
_BULK_ROWS = 2_000  # rows from which ``_insert`` rebuilds the index rather than adding to it
# The FTS5 table and the shadow tables SQLite keeps for it (not SQLAlchemy models).
SEARCH_TABLES = frozenset(
    {"item_search", *(f"item_search_{s}" for s in ("data", "idx", "docsize", "config"))}
)


def searchable(text: str) -> str:
    """``text`` as stored and queried: each CJK character set apart by zero-width spaces."""
    return _CJK_RUN.sub(_set_apart, text)


def _set_apart(run: re.Match[str]) -> str:
    # A run at a time (one call, not one per character): each character between spacers.
    return SPACER + (SPACER + SPACER).join(run[0]) + SPACER


def shown(text: str) -> str:
    """Stored text as a learner reads it."""
    return text.replace(SPACER, "")


def document(item: Item, topic_title: str = "", topic_terms: str = "") -> tuple[str, str, str]:
    """(prompt, answer, extra) of ``item``, as stored."""
    if isinstance(item, Card):
        prompt, answer, rest = item.front, item.back, []
    elif isinstance(item, Exercise):
        prompt, answer = item.prompt, item.answer
        rest = [*item.hints, *item.notes, *(wrong.message for wrong in item.wrong_answers)]
        if item.unit:
            rest.append(item.unit)
    else:
        assert isinstance(item, Derivation)
        prompt = item.prompt
        answer = "\n".join(step.content for step in item.steps)
        rest = [*item.hints, *item.notes, *(s.justification for s in item.steps if s.justification)]
    extra = [item.id, topic_title, topic_terms, *item.tags, *rest]
    return searchable(prompt), searchable(answer), searchable("\n".join(p for p in extra if p))


def match_expression(query: str) -> str | None:
    """An FTS5 query for what a learner typed: every word must match (the last one as a
    prefix, so the list narrows while typing); None when there is no word to search for.

    Each word is quoted, so nothing typed is read as FTS5 syntax.
    """
    words = [w for w in query.split() if any(c.isalnum() for c in w)]
    if not words:
        return None
    phrases = ['"' + searchable(word).replace('"', '""') + '"' for word in words]
    if not query[-1:].isspace():
        phrases[-1] += "*"
    return " ".join(phrases)


def refresh_texts(
    db: sqlite3.Connection, content: ContentSet, hashes: Mapping[str, str] | None = None
) -> None:
    """Make ``item_texts`` (and so the index) hold exactly the items of ``content``;
    ``hashes`` has the items' content hashes when the caller computed them already."""
    known = hashes or {}
    wanted: dict[str, tuple[str, Item, str, str]] = {}
    for deck in content.decks:
        for topic in deck.topics:
            stamp = stable_hash(DOC_VERSION, topic.title, topic.zh)
            for item in topic.items():
                if item.id not in wanted:  # the loader reports duplicates; the first one wins
                    key = f"{known.get(item.id) or item.content_hash()}/{stamp}"
                    wanted[item.id] = (key, item, topic.title, topic.zh)
    rows = db.execute("SELECT id, item_id, doc_key FROM item_texts")
    stored = {item_id: (row_id, key) for row_id, item_id, key in rows}
    stale = [
        (row_id,)
        for item_id, (row_id, key) in stored.items()
        if item_id not in wanted or wanted[item_id][0] != key
    ]
    db.executemany("DELETE FROM item_texts WHERE id = ?", stale)
    fresh = (
        (item_id, key, *document(item, title, terms))
        for item_id, (key, item, title, terms) in wanted.items()
        if stored.get(item_id, (None, None))[1] != key
    )
    _insert(db, fresh)


def fill_from_payloads(db: sqlite3.Connection) -> None:
    """Index every item still in the content from its stored copy (no topic titles: the
    next full sync adds them, its ``doc_key`` never matching these rows')."""
    rows = db.execute("SELECT id, payload FROM items WHERE retired_at IS NULL").fetchall()
    _insert(db, ((item_id, "", *document(item)) for item_id, item in _readable(rows)))


def _readable(rows: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, Item]]:
    """The items whose stored copy still unpickles; the others wait for the next sync."""
    for item_id, payload in rows:
        try:
            item = pickle.loads(payload)
        except Exception:  # noqa: BLE001, S112 (an old or damaged copy: the sync rebuilds it)
            continue
        if isinstance(item, Card | Exercise | Derivation):
            yield item_id, item


def _insert(db: sqlite3.Connection, rows: Iterable[tuple[str, str, str, str, str]]) -> None:
    """Add rows to ``item_texts`` and the index. Many rows at once (at least as many as
    are there) are indexed in one pass, several times faster than a trigger per row: the
    trigger is dropped meanwhile and the index rebuilt from the table."""
    fresh = list(rows)
    indexed = db.execute("SELECT count(*) FROM item_texts").fetchone()[0]
    bulk = len(fresh) >= _BULK_ROWS and len(fresh) >= indexed
    if bulk:
        db.execute("DROP TRIGGER item_texts_insert")
    db.executemany(
        "INSERT INTO item_texts (item_id, doc_key, prompt, answer, extra) VALUES (?, ?, ?, ?, ?)",
        fresh,
    )
    if bulk:
        db.execute("INSERT INTO item_search(item_search) VALUES ('rebuild')")
        db.execute(_INSERT_TRIGGER)
