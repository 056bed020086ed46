"""An import's review history: replayed, then stored in the database with the content.

After the replay, writing the reviews (150k rows and the log's six indexes, sorted one by
one) is an import's largest job, and it needs nothing from the content. Where it can,
``history_job`` forks a child right after the replay, which writes the reviews into a
scratch database shaped like the log while the import stores the content; the import
then copies them, index entries included, into its empty log in one statement
(``store.interop.store_staged_history``). Should the child fail (a full disk, killed),
the import writes the reviews itself, as if there were no child. Otherwise (not Linux,
where a fork of this process is safe; one core; or a log that has reviews already, which
a copy cannot merge into) the import stores the history itself, as it stores a restored
one.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from multiprocessing.connection import Connection
from operator import attrgetter
from pathlib import Path
from typing import Any

from fsrs import Scheduler

from studyapp.interop.anki.collection import AnkiCollection, RevlogEntry
from studyapp.interop.anki.history import CardHistory, HistoryBuilder
from studyapp.interop.anki.notes import ImportedNote
from studyapp.store.interop import (
    ImportedReview,
    StoredHistory,
    receiving_staged_reviews,
    review_log_is_empty,
    review_log_schema,
    stage_reviews,
    store_history,
    store_staged_history,
)

Progress = Callable[[str], None]
State = dict[str, Any]
_STAGED_FILE = "reviews.sqlite3"
_SCRATCH_PREFIX = ".import-staging-"


@dataclass
class HistorySource:
    """What replaying an import's history needs, read from the package."""

    collection: AnkiCollection
    notes: dict[int, ImportedNote]  # Anki card id -> the note that made it an item
    entries: dict[int, list[RevlogEntry]]  # Anki card id -> its rated entries, in time order
    scheduling: dict[str, Any]  # the settings it depends on (see ``importer``)
    now: datetime

    def replay(self, report: Progress) -> list[CardHistory]:
        scheduling = self.scheduling
        scheduler = Scheduler(
            desired_retention=scheduling["desired_retention"],
            learning_steps=[timedelta(minutes=m) for m in scheduling["learning_steps_minutes"]],
            relearning_steps=[
                timedelta(minutes=m) for m in scheduling["relearning_steps_minutes"]
            ],
        )
        builder = HistoryBuilder(
            self.collection, scheduler, self.now, scheduling["rollover_hour"]
        )
        histories = []
        total = len(self.collection.cards)
        for index, card in enumerate(self.collection.cards):
            note = self.notes.get(card.id)
            if note is not None:
                histories.append(
                    builder.card(note.cards[card.id], card, self.entries[card.id], note.leech)
                )
            if index % 5000 == 4999:
                report(f"reviews: {index + 1} of {total} cards replayed")
        return histories


class HistoryJob:
    """The history replayed here: ``states`` for the content sync, then ``store``."""

    def __init__(self, source: HistorySource, report: Progress) -> None:
        self.histories = source.replay(report)
        self.states = {history.item_id: history.state for history in self.histories}

    def reviews(self) -> list[ImportedReview]:
        """Every review replayed, card by card."""
        return [review for history in self.histories for review in history.reviews]

    def store(self, db: sqlite3.Connection, device: str) -> StoredHistory:
        return store_history(db, self.reviews(), self.states, device)


class StagedHistoryJob(HistoryJob):
    """The history replayed here, its reviews staged by a forked child (see the module's
    docstring) while the import stores the content."""

    def __init__(
        self, source: HistorySource, report: Progress, schema: list[str], device: str, folder: Path
    ) -> None:
        super().__init__(source, report)
        self._report = report
        self._staged = folder / _STAGED_FILE
        context = multiprocessing.get_context("fork")  # the child has the histories as they are
        self._pipe, child_end = context.Pipe(duplex=False)
        self._child = context.Process(
            target=_stage, args=(child_end, self, schema, device, self._staged),
            daemon=True,
        )
        self._child.start()
        child_end.close()

    def store(self, db: sqlite3.Connection, device: str) -> StoredHistory:
        reviewed = {history.item_id: len(history.reviews) for history in self.histories}
        try:
            return store_staged_history(
                db, self._staged, self.states, reviewed, device, self._wait_for_child
            )
        except StagingFailed as failure:  # (nothing written yet) as if there were no child
            self._report(f"reviews: written here ({failure})")
            return super().store(db, device)

    def _wait_for_child(self) -> None:
        try:
            failure = self._pipe.recv()
        except EOFError:
            self._child.join()
            raise StagingFailed(f"the second process stopped, exit code {self._child.exitcode}")
        if failure is not None:
            raise StagingFailed(f"the second process failed: {failure.strip().splitlines()[-1]}")

    def close(self) -> None:
        if self._child.is_alive():
            self._child.terminate()
        self._child.join()
        self._pipe.close()


class StagingFailed(Exception):
    """The child could not stage the reviews (a full disk, killed): the import writes
    them itself."""


def _stage(
    pipe: Connection, job: HistoryJob, schema: list[str], device: str, staged: Path
) -> None:
    """The child: stage the reviews in time order; send None, or what went wrong."""
    try:
        reviews = sorted(job.reviews(), key=attrgetter("reviewed_at"))  # as they are logged
        stage_reviews(staged, schema, reviews, device)
        pipe.send(None)
    except BaseException:  # noqa: BLE001 (sent to the parent, which then writes them itself)
        pipe.send(traceback.format_exc())
    finally:
        pipe.close()


@contextmanager
def history_job(
    source: HistorySource, db: sqlite3.Connection, device: str, report: Progress, scratch: Path
) -> Iterator[HistoryJob]:
    """The history's job for an import into ``db``, entered before its transaction; a
    child stages the reviews in a folder made in ``scratch`` (beside the database, where
    there is room for it; a temporary folder may be memory)."""
    if not (can_stage() and review_log_is_empty(db)):
        yield HistoryJob(source, report)
        return
    schema = review_log_schema(db)
    _remove_abandoned(scratch)
    with (
        tempfile.TemporaryDirectory(dir=scratch, prefix=f"{_SCRATCH_PREFIX}{os.getpid()}-")
        as folder,
        receiving_staged_reviews(db),
    ):
        job = StagedHistoryJob(source, report, schema, device, Path(folder))
        try:
            yield job
        finally:
            job.close()


def _remove_abandoned(scratch: Path) -> None:
    """The folders of imports whose process is gone (killed before cleaning up)."""
    for folder in scratch.glob(f"{_SCRATCH_PREFIX}*"):
        pid = folder.name.removeprefix(_SCRATCH_PREFIX).split("-")[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def can_stage() -> bool:
    """Whether reviews can be staged by a child: a fork on Linux, with a second core."""
    return sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) > 1
