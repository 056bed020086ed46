"""``studyapp export``: decks as an ``.apkg`` written by ``genanki``.

genanki writes notes and new cards; ``--with-history`` adds what it cannot to the
collection it builds before the package is zipped: each card's scheduling (state, due day,
interval, counts, FSRS memory state) and the review log, so Anki's importer carries on
where studyapp left off.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import genanki

from studyapp.config import AppConfig
from studyapp.content.loader import load_content
from studyapp.content.model import Deck
from studyapp.interop.anki.export_notes import ExportNote, deck_notes
from studyapp.interop.anki.timing import day_start, days_elapsed, study_date
from studyapp.scheduling.state import Queue
from studyapp.store import interop as store
from studyapp.store.anki import collection_write
from studyapp.store.database import open_database
from studyapp.store.engine import driver
from studyapp.store.interop import LoggedReview

_DAY_MS = 86_400_000
_HISTORY_DAYS = 36_500  # the exported collection is "created" this long ago: no day number < 0
_REVLOG_TYPE = {"new": 0, "learning": 0, "review": 1, "relearning": 2}
_DEFAULT_FACTOR = 2500


class ExportError(Exception):
    """The export cannot be written; the message says why."""


@dataclass
class _History:
    states: dict[str, dict[str, Any]]
    reviews: list[LoggedReview]
    now: datetime
    rollover_hour: int


class _PackageWithHistory(genanki.Package):
    def __init__(self, decks: list[genanki.Deck], media: list[str], notes: list[ExportNote],
                 history: _History | None) -> None:
        super().__init__(decks, media)
        self._items = {(n.note.guid, ord_): item for n in notes for ord_, item in n.items.items()}
        self._history = history

    def write_to_db(self, cursor: sqlite3.Cursor, timestamp: float, id_gen: Any) -> None:
        super().write_to_db(cursor, timestamp, id_gen)
        if self._history is not None:
            _write_history(cursor, self._items, self._history)


def export_package(
    config: AppConfig, path: Path, deck_name: str | None, with_history: bool, now: datetime
) -> dict[str, int]:
    content = load_content(config.content_dirs)
    decks = _chosen(content.decks, deck_name)
    anki_decks, notes, media = [], [], {}
    for deck in decks:
        anki_deck = genanki.Deck(_anki_deck_id(deck.id), deck.title)
        try:
            exported_notes = deck_notes(deck)
        except (OSError, ValueError) as exc:  # a cloze line's file changed under us
            raise ExportError(str(exc)) from exc
        for exported in exported_notes:
            anki_deck.add_note(exported.note)
            notes.append(exported)
            for file in exported.media:
                media.setdefault(file.name, str(file))
        anki_decks.append(anki_deck)
    history = _read_history(config, notes, now) if with_history else None
    package = _PackageWithHistory(anki_decks, list(media.values()), notes, history)
    _write_atomically(package, path)
    return {
        "notes": len(notes),
        "cards": sum(len(n.items) for n in notes),
        "reviews": len(history.reviews) if history else 0,
        "decks": len(decks),
        "media": len(media),
    }


def _chosen(decks: list[Deck], name: str | None) -> list[Deck]:
    if name is None:
        return decks
    chosen = [d for d in decks if name in (d.id, d.title)]
    if not chosen:
        known = ", ".join(d.id for d in decks) or "none"
        raise ExportError(f"no deck {name!r} in the loaded content (decks: {known})")
    return chosen


def _anki_deck_id(deck_id: str) -> int:
    # genanki wants a fixed id per deck; Anki matches imported decks by name anyway.
    digest = hashlib.sha256(deck_id.encode("utf-8")).digest()
    return 1 << 30 | int.from_bytes(digest[:4], "big") % (1 << 30)


def _read_history(config: AppConfig, notes: list[ExportNote], now: datetime) -> _History:
    ids = [item for n in notes for item in n.items.values()]
    engine = open_database(config, now)
    try:
        with engine.connect() as connection:
            states = store.item_states(driver(connection), ids)
            reviews = store.logged_reviews(driver(connection), ids)
    finally:
        engine.dispose()
    return _History(states, reviews, now, config.settings.rollover_hour)


def _write_atomically(package: genanki.Package, path: Path) -> None:
    folder = path.resolve().parent
    if not folder.is_dir():
        raise ExportError(f"{path}: the folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".apkg.tmp")
    os.close(handle)
    try:
        package.write_to_file(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_history(cursor: sqlite3.Cursor, items: dict[tuple[str, int], str], history: _History) -> None:
    rollover = history.rollover_hour
    today = study_date(history.now, rollover)
    created = day_start(today - timedelta(days=_HISTORY_DAYS), rollover)
    offset_west = -int(created.astimezone().utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
    conf = json.loads(collection_write.collection_settings(cursor))
    conf.update(rollover=rollover, creationOffset=offset_west, schedVer=2, sched2021=True)
    crt = int(created.timestamp())
    collection_write.set_collection_start(cursor, crt, json.dumps(conf))
    today_number = days_elapsed(crt, history.now, rollover, offset_west)

    def day_number(millis: int) -> int:
        due_day = study_date(datetime.fromtimestamp(millis / 1000).astimezone(), rollover)
        return today_number + (due_day - today).days

    card_ids: dict[str, int] = {}
    scheduling = []
    for card_id, guid, ord_ in collection_write.card_keys(cursor):
        item = items.get((guid, ord_))
        state = history.states.get(item) if item else None
        if state is None:
            continue
        card_ids[item] = card_id
        scheduling.append((*_card_columns(state, day_number), card_id))
    collection_write.set_card_scheduling(cursor, scheduling)
    _write_revlog(cursor, card_ids, history.reviews)


def _card_columns(state: dict[str, Any], day_number: Any) -> tuple:
    kind = Queue(state["state"])
    suspended = state["suspended"]
    if kind == Queue.NEW:
        return (0, -1 if suspended else 0, 0, 0, 0, state["reps"], state["lapses"], 0, "")
    interval = _interval_days(state["last_review"], state["due"]) if kind != Queue.LEARNING else 0
    if kind == Queue.REVIEW:
        queue, due = 2, day_number(state["due"])
    else:
        queue, due = 1, state["due"] // 1000
    data = ""
    if state["stability"] is not None and state["difficulty"] is not None:
        memory = {"s": round(state["stability"], 4), "d": round(state["difficulty"], 4)}
        if state["last_review"] is not None:
            memory["lrt"] = state["last_review"] // 1000
        data = json.dumps(memory)
    return (
        int(kind),
        -1 if suspended else queue,
        due,
        interval,
        _DEFAULT_FACTOR,
        state["reps"],
        state["lapses"],
        1 if kind in (Queue.LEARNING, Queue.RELEARNING) else 0,
        data,
    )


def _interval_days(last_review: int | None, due: int | None) -> int:
    if last_review is None or due is None:
        return 0
    return max(1, round((due - last_review) / _DAY_MS))


def _write_revlog(cursor: sqlite3.Cursor, card_ids: dict[str, int], reviews: list[LoggedReview]) -> None:
    used: set[int] = set()
    last_interval: dict[str, int] = {}
    rows = []
    for review in reviews:
        card_id = card_ids.get(review.item_id)
        if card_id is None:
            continue
        after = json.loads(review.state_after)
        if after["state"] == Queue.REVIEW and after["due"] is not None:
            interval = max(1, round((after["due"] - review.reviewed_at) / _DAY_MS))
        else:
            interval = -max(0, ((after["due"] or review.reviewed_at) - review.reviewed_at) // 1000)
        revlog_id = review.reviewed_at
        while revlog_id in used:  # Anki's revlog ids are unique times
            revlog_id += 1
        used.add(revlog_id)
        rows.append((
            revlog_id, card_id, -1, review.rating, interval,
            last_interval.get(review.item_id, 0),
            _DEFAULT_FACTOR if interval > 0 else 0,
            review.elapsed_ms, _REVLOG_TYPE.get(review.queue, 1),
        ))
        last_interval[review.item_id] = interval
    collection_write.insert_revlog(cursor, rows)
