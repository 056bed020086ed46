"""``studyapp import``: an Anki package becomes content files plus review history.

Everything is read and converted before anything is written; then the files are written,
the folder is added to ``content_dirs`` and the content and history go into the database
in one transaction. If any step fails, the files and the settings are put back and the
transaction is rolled back: nothing is half-imported.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from fsrs import Scheduler

from studyapp.config import AppConfig
from studyapp.content.loader import DECK_FILE, load_content
from studyapp.interop.anki.collection import AnkiCollection, UnknownSchema, read_collection
from studyapp.interop.anki.content_writer import (
    TOPIC_FILE,
    DeckFiles,
    group_by_deck,
    render_deck_file,
    render_topic_file,
)
from studyapp.interop.anki.files import MANIFEST, FileTransaction
from studyapp.interop.anki.history import CardHistory, HistoryBuilder, is_review
from studyapp.interop.anki.notes import ImportedNote, Skipped, convert_notes
from studyapp.interop.anki.package import AnkiPackage, AnkiPackageError, open_package
from studyapp.scheduling.service import FINGERPRINT
from studyapp.settings_file import add_content_dir, write_settings_text
from studyapp.store import interop as store
from studyapp.store.database import open_database
from studyapp.store.meta import write_meta
from studyapp.store.sync import sync_content

Progress = Callable[[str], None]
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

    files: dict[str, bytes]
    histories: list[CardHistory]
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
    try:
        plan = _plan(package, folder, config, now, report)
    finally:
        package.close()
    _apply(plan, config, now, report)
    return plan.summary


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
    files: dict[str, bytes] = {}
    for deck in decks:
        files[f"{deck.folder}/{DECK_FILE}"] = render_deck_file(deck, package.path.name).encode()
        files[f"{deck.folder}/{TOPIC_FILE}"] = render_topic_file(deck).encode()
        summary.media += _add_media(package, deck, files, skipped)
    histories = _histories(collection, notes, config, now, skipped, report)
    summary.notes = len(notes)
    summary.cards = sum(len(note.cards) for note in notes)
    summary.decks = len(decks)
    summary.reviews = sum(len(h.reviews) for h in histories)
    summary.skipped = skipped.as_list()
    return _Plan(files, histories, summary)


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


def _histories(
    collection: AnkiCollection,
    notes: list[ImportedNote],
    config: AppConfig,
    now: datetime,
    skipped: Skipped,
    report: Progress,
) -> list[CardHistory]:
    settings = config.settings
    scheduler = Scheduler(
        desired_retention=settings.desired_retention,
        learning_steps=tuple(timedelta(minutes=m) for m in settings.learning_steps_minutes),
        relearning_steps=tuple(timedelta(minutes=m) for m in settings.relearning_steps_minutes),
    )
    builder = HistoryBuilder(collection, scheduler, now, settings.rollover_hour)
    items = {card_id: note for note in notes for card_id in note.cards}
    rated: dict[int, list] = {}
    for entry in collection.revlog:
        if not is_review(entry):
            skipped.add("review log entry", "not a review (a manual reschedule or no rating)")
        elif entry.card_id not in items:
            skipped.add("review", "its card was not imported")
        else:
            rated.setdefault(entry.card_id, []).append(entry)
    histories = []
    total = len(collection.cards)
    for index, card in enumerate(collection.cards):
        note = items.get(card.id)
        if note is not None:
            histories.append(
                builder.card(note.cards[card.id], card, rated.get(card.id, []), note.leech)
            )
        if index % 5000 == 4999:
            report(f"reviews: {index + 1} of {total} cards replayed")
    return histories


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
            plan.summary.new_reviews = _store(plan, config, folder, now)
        except BaseException:
            if previous_settings is not None:
                write_settings_text(config.home, previous_settings)
            raise


def _store(plan: _Plan, config: AppConfig, folder: Path, now: datetime) -> int:
    dirs = [*config.content_dirs, folder]
    content = load_content(list(dict.fromkeys(dirs)))
    written = [p for p in content.problems if Path(p.source.path).resolve().is_relative_to(folder)]
    plan.summary.warnings.extend(str(problem) for problem in written)
    engine = open_database(config, now)
    try:
        with engine.begin() as connection:
            sync_content(connection, content, now)
            write_meta(connection, FINGERPRINT, "")  # the next start syncs from the files
            ids = [h.item_id for h in plan.histories]
            known = store.review_times(connection, ids)
            fresh = sorted(  # in time order, as reviews are logged: most indexes then append
                (
                    review
                    for history in plan.histories
                    for review in history.reviews
                    if (review.item_id, review.reviewed_at) not in known
                ),
                key=lambda review: review.reviewed_at,
            )
            store.insert_reviews(connection, fresh)
            current = store.item_states(connection, ids)
            store.set_item_states(connection, _changed_states(plan.histories, current))
    finally:
        engine.dispose()
    return len(fresh)


def _changed_states(histories: list[CardHistory], current: dict[str, dict]) -> dict[str, dict]:
    """Anki's state for each item unless studyapp has reviewed it since Anki last did."""
    changed = {}
    for history in histories:
        ours = current.get(history.item_id)
        if ours is None:
            continue
        if (ours["last_review"] or 0) > (history.state["last_review"] or 0):
            continue
        if ours != history.state:
            changed[history.item_id] = history.state
    return changed


__all__ = ["AnkiPackageError", "ImportSummary", "default_folder", "import_package"]
