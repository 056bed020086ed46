"""``studyapp import``: an Anki package becomes content files plus review history.

Everything is read and converted before anything is written; then the files are written,
the folder is added to ``content_dirs`` and the content and history go into the database
in one transaction, which also appends them to the review journal (so a restore brings
them back). If any step fails, the files and the settings are put back and the
transaction is rolled back: nothing is half-imported.

The content is stored as a start-up sync would store it, without reading back the files
just written (``content_writer`` knows what the parser makes of them), and the content's
fingerprint is saved: the next start finds nothing to change. Imported reviews are this
device's (a remote sync carries them to the others), marked imported (undo leaves them).
"""

from __future__ import annotations

import dataclasses
import gc
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from studyapp.config import AppConfig, Settings, load_settings
from studyapp.content.discovery import DECK_FILE, display_path
from studyapp.content.fingerprint import content_stamp
from studyapp.content.loader import load_content
from studyapp.content.model import ContentSet
from studyapp.content.parser import ParsedFile
from studyapp.interop.anki.collection import (
    AnkiCollection,
    RevlogEntry,
    UnknownSchema,
    read_collection,
)
from studyapp.interop.anki.content_writer import (
    TOPIC_FILE,
    DeckFile,
    DeckFiles,
    TopicFile,
    deck_id,
    group_by_deck,
)
from studyapp.interop.anki.files import MANIFEST, FileTransaction
from studyapp.interop.anki.history import rated_entries
from studyapp.interop.anki.history_job import HistoryJob, HistorySource, history_job
from studyapp.interop.anki.notes import ImportedNote, Skipped, convert_notes
from studyapp.interop.anki.package import AnkiPackage, AnkiPackageError, open_package
from studyapp.settings_file import add_content_dir, write_settings_text
from studyapp.store.database import connect_database
from studyapp.store.engine import bulk_transaction
from studyapp.store.facts import device_id
from studyapp.store.interop import ImportedReview
from studyapp.store.parse_cache import SqliteParseCache
from studyapp.store.queries.stored_content import save_outline
from studyapp.store.review_write import large_cache
from studyapp.store.safekeeping.journal import ReviewJournal, journal_dir
from studyapp.store.sync import sync_content
from studyapp.store.times import from_millis, to_millis

Progress = Callable[[str], None]
_SCHEDULING_SETTINGS = (
    "desired_retention", "learning_steps_minutes", "relearning_steps_minutes", "rollover_hour"
)
_UNSAFE_STEM_RE = re.compile(r"[^\w.-]+")


@dataclass
class ImportSummary:
    folder: Path
    notes: int = 0
    cards: int = 0
    reviews: int = 0  # Anki reviews of the imported cards, now in studyapp's log
    new_reviews: int = 0  # of which this import added
    decks: int = 0
    media: int = 0
    skipped: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "notes": self.notes,
            "cards": self.cards,
            "reviews": self.reviews,
            "new_reviews": self.new_reviews,
            "decks": self.decks,
            "media": self.media,
            "skipped": self.skipped,
            "warnings": self.warnings,
            "folder": str(self.folder),
        }


@dataclass
class _Plan:
    """What an import will write, computed before anything is written."""

    source: Path  # the package
    files: dict[str, bytes]
    parsed: dict[str, Callable[[str], ParsedFile]]  # content file -> its parse, given its path
    history: HistorySource
    summary: ImportSummary


def default_folder(config: AppConfig, package: Path) -> Path:
    return config.home / "anki" / (_UNSAFE_STEM_RE.sub("-", package.stem).strip("-.") or "import")


def import_package(
    config: AppConfig,
    path: Path,
    target: Path | None,
    now: datetime,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import ``path`` into ``target`` (default: a folder in the data directory)."""
    report = progress or (lambda _message: None)
    folder = (target or default_folder(config, path)).resolve()
    package = open_package(path)
    with _collector_paused():
        try:
            plan = _plan(package, folder, config, now, report)
        finally:
            package.close()
        _apply(plan, config, now, report)
    return plan.summary


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No garbage collection while an import runs: it makes millions of objects that all
    live until it ends, and the collector's passes over them (each rescanning the older
    ones too) would cost a third of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read(package: AnkiPackage) -> AnkiCollection:
    try:
        return read_collection(package.collection)
    except UnknownSchema as exc:
        raise package.error(f"written by a newer Anki ({exc}) that studyapp cannot read") from None
    except (sqlite3.DatabaseError, ValueError, KeyError, TypeError) as exc:
        raise package.error(f"the package's collection is corrupt ({exc})") from None


def _plan(
    package: AnkiPackage, folder: Path, config: AppConfig, now: datetime, report: Progress
) -> _Plan:
    collection = _read(package)
    summary = ImportSummary(folder)
    skipped = Skipped()
    notes = convert_notes(collection, skipped, summary.warnings)
    report(f"notes: {len(notes)} of {len(collection.notes)} converted")
    decks = group_by_deck(notes)
    folder_decks = {deck.folder: deck_id(deck.name) for deck in decks}
    files: dict[str, bytes] = {}
    parsed: dict[str, Callable[[str], ParsedFile]] = {}
    for deck in decks:
        deck_file = DeckFile(deck, package.path.name, _parent_deck(deck.folder, folder_decks))
        topic_file = TopicFile(deck)
        for name, written in ((DECK_FILE, deck_file), (TOPIC_FILE, topic_file)):
            files[f"{deck.folder}/{name}"] = written.text.encode()
            parsed[f"{deck.folder}/{name}"] = written.parsed
        summary.media += _add_media(package, deck, files, skipped)
    history = _history_source(collection, notes, _scheduling(config.settings), now, skipped)
    summary.notes = len(notes)
    summary.cards = sum(len(note.cards) for note in notes)
    summary.decks = len(decks)
    summary.reviews = sum(len(entries) for entries in history.entries.values())
    summary.skipped = skipped.as_list()
    return _Plan(package.path, files, parsed, history, summary)


def _parent_deck(folder: PurePosixPath, folder_decks: dict[PurePosixPath, str]) -> str:
    """The deck a ``deck.md`` in ``folder`` is read under: the nearest folder above it that
    has a deck (as the loader finds it), or none."""
    for parent in folder.parents:
        if parent in folder_decks:
            return folder_decks[parent]
    return ""


def _add_media(
    package: AnkiPackage, deck: DeckFiles, files: dict[str, bytes], skipped: Skipped
) -> int:
    copied = 0
    for name in deck.media:
        if name not in package.media:
            skipped.add("media file", "used by a note but not in the package")
        elif name.lower().endswith(".md") or name == MANIFEST:
            skipped.add("media file", "named like a content file")
        else:
            files[f"{deck.folder}/{name}"] = package.read_media(name)
            copied += 1
    return copied


def _scheduling(settings: Settings) -> dict[str, Any]:
    """The settings an imported history depends on (kept in the journal for a restore)."""
    return {key: getattr(settings, key) for key in _SCHEDULING_SETTINGS}


def _history_source(
    collection: AnkiCollection,
    notes: list[ImportedNote],
    scheduling: dict[str, Any],
    now: datetime,
    skipped: Skipped,
) -> HistorySource:
    """The imported cards' reviews, ready to replay (what is not a review is counted)."""
    by_note = {card_id: note for note in notes for card_id in note.cards}
    rated = rated_entries(collection.revlog)
    skipped.add(
        "review log entry", "not a review (a manual reschedule or no rating)",
        len(collection.revlog) - len(rated),
    )
    by_card: dict[int, list[RevlogEntry]] = {card_id: [] for card_id in by_note}
    others = 0
    for entry in rated:
        entries = by_card.get(entry.card_id)
        if entries is None:
            others += 1
        else:
            entries.append(entry)
    skipped.add("review", "its card was not imported", others)
    return HistorySource(collection, by_note, by_card, scheduling, now)


def _apply(plan: _Plan, config: AppConfig, now: datetime, report: Progress) -> None:
    folder = plan.summary.folder
    with FileTransaction(folder) as files:
        for relative in files.previous_manifest():
            if relative not in plan.files:
                files.remove(relative)
        for relative, data in plan.files.items():
            files.write(relative, data)
        files.write_manifest(list(plan.files))
        previous_settings = add_content_dir(config.home, folder)
        try:
            report("database: storing content and reviews")
            plan.summary.new_reviews = _store(plan, config, now, report)
        except BaseException:
            if previous_settings is not None:
                write_settings_text(config.home, previous_settings)
            raise


def _store(plan: _Plan, config: AppConfig, now: datetime, report: Progress) -> int:
    folder = plan.summary.folder
    # The content folders as the next start has them (the settings now name this one).
    dirs = dataclasses.replace(config, settings=load_settings(config.home)).content_dirs
    db = connect_database(config, now)
    try:
        device = device_id(db)
        db.commit()  # (made on first use: a new database's, before the import's transaction)
        with (
            history_job(plan.history, db, device, report, config.db_path.parent) as history,
            bulk_transaction(db),
            large_cache(db),
        ):
            cache = _WrittenFiles(
                SqliteParseCache(db),
                {str(folder / relative): made for relative, made in plan.parsed.items()},
            )
            content = load_content(dirs, cache=cache)
            cache.forget_unseen()

            def reload(reparse: set[str]) -> ContentSet:  # files the store lacks as they are
                return load_content(dirs, cache=cache, reparse=reparse)

            synced, content = sync_content(db, content, now, history.states, reload=reload)
            written = [p for p in content.problems if _inside(p.source.path, folder)]
            plan.summary.warnings.extend(str(problem) for problem in written)
            save_outline(db, content, content_stamp(dirs).fingerprint)
            stored = history.store(db, device)
            journal = ReviewJournal(
                journal_dir(config.db_path), flush_to_disk=config.settings.durability == "full"
            )
            at = to_millis(now)
            for old_id, new_id in synced.renamed:  # edits found in other content, as a sync does
                journal.record_rename(old_id, new_id, at)
            # Last, just before the commit: see ReviewJournal.
            details = {"device_id": device, "scheduling": _scheduling(config.settings)}
            journal.record_import(plan.source, at, details)
    finally:
        db.close()
    return stored.added


def journaled_history(
    entry: dict[str, Any], package_path: Path
) -> tuple[list[ImportedReview], dict[str, dict[str, Any]]] | None:
    """The reviews and item states an import stored, derived again from the journal's copy
    of its package with what the import depended on (its time and scheduling settings):
    what a restore replays (see ``studyapp.store.safekeeping.journal``). None if the copy
    is gone or unreadable."""
    try:
        package = open_package(package_path)
        try:
            with _collector_paused():
                collection = _read(package)
                notes = convert_notes(collection, Skipped(), [])
                source = _history_source(
                    collection, notes, entry["scheduling"], from_millis(entry["at"]), Skipped()
                )
                replayed = HistoryJob(source, lambda _message: None)
        finally:
            package.close()
    except (AnkiPackageError, KeyError, TypeError, ValueError):
        return None
    return replayed.reviews(), replayed.states


def _inside(path: str, folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(folder)


class _WrittenFiles:
    """The parse cache while loading the content just after writing it: the files this
    import wrote are parsed as written (see ``content_writer``), the others come from the
    store's cache as at any start."""

    def __init__(
        self, cache: SqliteParseCache, written: dict[str, Callable[[str], ParsedFile]]
    ) -> None:
        self._cache = cache
        self._written = written

    def get(self, key: str, mtime_ns: int, size: int) -> ParsedFile | None:
        made = self._written.get(key)
        if made is None:
            return self._cache.get(key, mtime_ns, size)
        return made(display_path(Path(key)))

    def put(self, key: str, mtime_ns: int, size: int, parsed: Any) -> None:
        self._cache.put(key, mtime_ns, size, parsed)

    def forget_unseen(self) -> None:
        self._cache.forget_unseen()


__all__ = ["AnkiPackageError", "ImportSummary", "default_folder", "import_package"]
