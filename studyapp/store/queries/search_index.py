"""The full-text index of every item: what it is built from and how it is kept in step.

``item_texts`` holds one row per item still in the content (its prompt, its answer, and the
rest: hints, notes, tags, the topic's title and Chinese terms); the FTS5 table
``item_search`` indexes it as external content, kept in step by triggers, with
``unicode61 remove_diacritics 2`` so case and accents never matter. Chinese is written
without spaces, so every CJK character is set apart with zero-width spaces before it is
stored: each becomes a token of its own and a Chinese term is found as a phrase of them,
whatever its length (a trigram index would miss the many two-character terms).

Searching must stay quick while a learner types, however common the word:

* The last word is a prefix. FTS5 answers a prefix from a prefix index as it answers a
  word, streaming its matches; without one it first merges the lists of every word that
  starts so (a third of a second for a common prefix at 100k items). Every length from 1
  to ``LONGEST_PREFIX`` characters has one, so each keystroke of a word is covered; a
  longer prefix names only a few words.
* An item's deck and kind are tokens of a fourth column, ``facets``: a search within a
  deck or a kind is then one FTS5 query whose lists are intersected by the index itself,
  rather than every match of a common word looked up among the items to keep a few.

The content sync calls ``refresh_texts``; a row is rewritten only when its item's content,
its topic's title or terms (``doc_key``), or its deck (``facets``) changed.
"""

from __future__ import annotations

import pickle
import re
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import NamedTuple

from studyapp.content.model import Card, Derivation, Exercise, Item, stable_hash
from studyapp.content.placeholders import placeholder_names

# Raise when the document's make-up changes: every row is then rebuilt on the next sync.
DOC_VERSION = "2"
TOKENIZER = "unicode61 remove_diacritics 2"
LONGEST_PREFIX = 8
PREFIXES = " ".join(str(n) for n in range(1, LONGEST_PREFIX + 1))
COLUMNS = ("prompt", "answer", "extra", "facets")
TEXT_COLUMNS = "{prompt answer extra}"  # what a learner's words are looked for in
# bm25 weights of the columns: a match in the prompt counts most, a facet not at all.
RANK = "bm25(4.0, 2.0, 1.0, 0.0)"
SPACER = "\u200b"  # a zero-width space: a separator for unicode61, invisible when shown
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
_NEW = ", ".join(f"new.{c}" for c in COLUMNS)
_OLD = ", ".join(f"old.{c}" for c in COLUMNS)
_NAMES = ", ".join(COLUMNS)

# The DDL of the index, shared by a fresh database (models) and migration 0011.
SEARCH_DDL = (
    (
        f"CREATE VIRTUAL TABLE item_search USING fts5({_NAMES}, content='item_texts',"
        f" content_rowid='id', prefix='{PREFIXES}', tokenize='{TOKENIZER}')"
    ),
    (
        "CREATE TRIGGER item_texts_insert AFTER INSERT ON item_texts BEGIN"
        f" INSERT INTO item_search(rowid, {_NAMES}) VALUES (new.id, {_NEW}); END"
    ),
    (
        "CREATE TRIGGER item_texts_delete AFTER DELETE ON item_texts BEGIN"
        f" INSERT INTO item_search(item_search, rowid, {_NAMES})"
        f" VALUES ('delete', old.id, {_OLD}); END"
    ),
    (
        "CREATE TRIGGER item_texts_update AFTER UPDATE ON item_texts BEGIN"
        f" INSERT INTO item_search(item_search, rowid, {_NAMES})"
        f" VALUES ('delete', old.id, {_OLD});"
        f" INSERT INTO item_search(rowid, {_NAMES}) VALUES (new.id, {_NEW}); END"
    ),
    f"INSERT INTO item_search(item_search, rank) VALUES ('rank', '{RANK}')",
)
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
        prompt, answer = readable_prompt(item), item.answer
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


def readable_prompt(exercise: Exercise) -> str:
    """The prompt as a learner reads it outside a review (found, listed, in its history):
    a parameterised exercise's placeholders (``{r}``) filled with its own values, as a
    review shows it when it draws none. The numeric references load only for such a prompt.
    """
    if not placeholder_names(exercise.prompt):
        return exercise.prompt
    from studyapp.references.params import render_prompt

    return render_prompt(exercise, {})


def facets(deck_id: str, kind: str) -> str:
    """The ``facets`` of an item: a token for its deck, one for its kind, one for both, so
    a search filtered by either or both adds exactly one facet to its query (a snippet then
    still comes from the text: with as many matches, the earlier column wins)."""
    return " ".join((facet(deck_id, None), facet(None, kind), facet(deck_id, kind)))


def facet(deck_id: str | None, kind: str | None) -> str:
    """The facet token of the items of deck ``deck_id`` and of ``kind`` (None: any)."""
    deck = "" if deck_id is None else f"d{deck_id.encode().hex()}"  # one token, whatever the id
    return deck + ("" if kind is None else f"k{kind}")


def match_expression(query: str, deck: str | None = None, kind: str | None = None) -> str | None:
    """An FTS5 query for what a learner typed: every word must match (the last one as a
    prefix, so the list narrows while typing), in the item's deck and kind when given;
    None when there is no word to search for.

    Each word is quoted, so nothing typed is read as FTS5 syntax; the words are looked for
    in the text columns only (a facet token is no word of the item's).
    """
    words = [w for w in query.split() if any(c.isalnum() for c in w)]
    if not words:
        return None
    phrases = ['"' + searchable(word).replace('"', '""') + '"' for word in words]
    if not query[-1:].isspace():
        phrases[-1] += "*"
    expression = f"{TEXT_COLUMNS} : ({' '.join(phrases)})"
    if deck is None and kind is None:
        return expression
    return f"{expression} AND facets : {facet(deck, kind)}"


class Document(NamedTuple):
    """What an item's row is built from."""

    content_hash: str  # the item's (``Item.content_hash``)
    item: Item
    deck_id: str
    topic_title: str
    topic_terms: str


def refresh_texts(
    db: sqlite3.Connection, documents: Mapping[str, Document], present: Collection[str]
) -> None:
    """Make ``item_texts`` (and so the index) hold exactly the items ``present`` in the
    content: the rows of the items given in full (``documents``) are rewritten where their
    content, deck, kind or topic's title or terms changed, the others' are kept as they are."""
    stamps: dict[tuple[str, str], str] = {}
    tokens: dict[tuple[str, str], str] = {}  # (deck, kind): facets (a few, for many items)
    wanted: dict[str, tuple[str, str]] = {}  # item id: (doc_key, facets)
    for item_id, doc in documents.items():
        topic = (doc.topic_title, doc.topic_terms)
        if topic not in stamps:
            stamps[topic] = stable_hash(DOC_VERSION, *topic)
        group = (doc.deck_id, doc.item.item_kind.value)
        if group not in tokens:
            tokens[group] = facets(*group)
        wanted[item_id] = (f"{doc.content_hash}/{stamps[topic]}", tokens[group])
    # Which rows to drop is read from the item_id index alone (no row's text is read), the
    # keys of the items given in full from their rows.
    stale = [
        (row_id,)
        for row_id, item_id in db.execute("SELECT id, item_id FROM item_texts")
        if item_id not in present
    ]
    current = set()
    ids = list(wanted)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for row_id, item_id, key, stored_facets in db.execute(
            f"SELECT id, item_id, doc_key, facets FROM item_texts WHERE item_id IN ({marks})",
            chunk,
        ):
            if (key, stored_facets) == wanted[item_id]:
                current.add(item_id)
            else:
                stale.append((row_id,))
    db.executemany("DELETE FROM item_texts WHERE id = ?", stale)
    fresh = (
        (
            item_id,
            wanted[item_id][0],
            *document(doc.item, doc.topic_title, doc.topic_terms),
            wanted[item_id][1],
        )
        for item_id, doc in documents.items()
        if item_id not in current
    )
    _insert(db, fresh)


def fill_from_payloads(db: sqlite3.Connection) -> None:
    """Index every item still in the content from its stored copy (no topic titles: the
    next full sync adds them, its ``doc_key`` never matching these rows')."""
    rows = db.execute("SELECT id, payload FROM items WHERE retired_at IS NULL").fetchall()
    # no facets: migration 0009 runs this on its own table, before 0011 added the column
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


def _insert(db: sqlite3.Connection, rows: Iterable[tuple[str, ...]]) -> None:
    """Add rows to ``item_texts`` and the index. Many rows at once (at least as many as
    are there) are indexed in one pass, several times faster than a trigger per row: the
    trigger is dropped meanwhile (and made again as the database had it) and the index
    rebuilt from the table. Rows without ``facets`` suit the table before migration 0011."""
    fresh = list(rows)
    if not fresh:
        return
    indexed = db.execute("SELECT count(*) FROM item_texts").fetchone()[0]
    trigger = None
    if len(fresh) >= _BULK_ROWS and len(fresh) >= indexed:
        (trigger,) = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'item_texts_insert'"
        ).fetchone()
        db.execute("DROP TRIGGER item_texts_insert")
    columns = ("item_id", "doc_key", "prompt", "answer", "extra", "facets")[: len(fresh[0])]
    db.executemany(
        f"INSERT INTO item_texts ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        fresh,
    )
    if trigger is not None:
        db.execute("INSERT INTO item_search(item_search) VALUES ('rebuild')")
        db.execute(trigger)
