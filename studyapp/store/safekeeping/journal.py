"""The review journal: every review and undo, appended to plain files beside the database.

A damaged database file can only be restored from a backup, which lacks the reviews made
since. The journal keeps them apart from the database: one JSON line per review (or
undo), written in the review's own transaction before it commits, so a review that was
acknowledged is in the journal too. With ``durability = "full"`` each line is flushed to
the disk before the commit; with ``"normal"`` it is in the operating system's hands, as
the database's log is. ``studyapp restore`` replays what the backup lacks
(:mod:`studyapp.store.safekeeping.replay`).

An import (``studyapp import``) is kept as the package it read, copied into the journal
folder, and one line naming the copy and what the import depended on (its time, the
scheduling settings, the device): written in the import's transaction too, before the
commit. A restore derives the imported history from the copy again (the same reviews,
with the same ids, and the same item states) and adds what the database lacks. A copy of
the package is a fraction of the size of the history it holds, and costs the import
nothing but a file copy.

Lines go to one file per UTC day (``studyapp-journal/20260302.jsonl``) with a single
``O_APPEND`` write each, so two processes reviewing at once never interleave their lines.
An entry goes to the day it happened (an import's to the day of the import, not of the
reviews it brings). Days older than the oldest kept backup are dropped when a backup is
taken.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studyapp.store.review_write import NewReview

SUFFIX = ".jsonl"
_IMPORT_INFIX = "-import-"  # in the name of an imported package's copy, after its day
_REVIEW_FIELDS = tuple(field.name for field in dataclasses.fields(NewReview))


def journal_dir(db_path: Path) -> Path:
    """Where the journal of the database ``db_path`` lives (``studyapp-journal/``)."""
    return db_path.with_name(f"{db_path.stem}-journal")


class ReviewJournal:
    def __init__(self, folder: Path, flush_to_disk: bool = False) -> None:
        self.folder = folder
        self.flush_to_disk = flush_to_disk

    def record_review(self, review_id: int, review: NewReview) -> None:
        # (not dataclasses.asdict: its deep copy of the states cost more than the review)
        fields = {name: getattr(review, name) for name in _REVIEW_FIELDS}
        self._append({"review": review_id, **fields}, review.reviewed_at)

    def record_undo(self, review_uid: str, at: int) -> None:
        """The review ``review_uid`` was undone at ``at`` (epoch ms)."""
        self._append({"undo": review_uid, "at": at}, at)

    def record_rename(self, old_id: str, new_id: str, at: int) -> None:
        """The sync found ``old_id`` edited into ``new_id`` (see :mod:`.edits`)."""
        self._append({"rename": old_id, "item_id": new_id, "at": at}, at)

    def record_import(self, package: Path, at: int, details: dict[str, Any]) -> None:
        """An import of the file ``package`` at ``at`` (epoch ms), with the ``details`` its
        replay needs: the file is copied beside the day's lines (see the module's text)."""
        day = _day(at)
        digest = hashlib.sha256(f"{package.name}/{at}".encode()).hexdigest()[:16]
        copy = self.folder / f"{day}{_IMPORT_INFIX}{digest}{package.suffix.lower()}"
        self.folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package, copy)
        if self.flush_to_disk:
            _fsync(copy)
            _fsync(self.folder)
        self._append({"import": package.name, "copy": copy.name, "at": at, **details}, at)

    def imported_package(self, entry: dict[str, Any]) -> Path:
        """The copy of the package an import entry names."""
        return self.folder / Path(str(entry["copy"])).name

    def entries(self) -> Iterator[dict[str, Any]]:
        """Every entry, oldest day first."""
        for path in self.days():
            with path.open("rb") as lines:
                for line in lines:
                    try:
                        entry = json.loads(line)
                    except ValueError:
                        continue  # the empty start of a file, or a line cut short
                    if isinstance(entry, dict):
                        yield entry

    def days(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.iterdir() if p.name.endswith(SUFFIX))

    def prune(self, before: datetime) -> None:
        """Drop the days before ``before``'s UTC day (no backup that is kept needs them),
        with the packages imported on them."""
        if not self.folder.is_dir():
            return
        oldest = f"{before.astimezone(UTC):%Y%m%d}"
        for path in self.folder.iterdir():
            dated = path.name.endswith(SUFFIX) or _IMPORT_INFIX in path.name
            if dated and path.name[: len(oldest)] < oldest:
                path.unlink(missing_ok=True)

    def _append(self, entry: dict[str, Any], moment_ms: int) -> None:
        # The newline goes first: a line cut short (a full disk) never runs into the next.
        line = ("\n" + json.dumps(entry, ensure_ascii=False, separators=(",", ":"))).encode()
        path = self.folder / f"{_day(moment_ms)}{SUFFIX}"
        created = not path.exists()
        if created:
            self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            if os.write(fd, line) != len(line):
                raise OSError("the review journal could not be written in full")
            if self.flush_to_disk:
                os.fsync(fd)
        finally:
            os.close(fd)
        if created and self.flush_to_disk:
            _fsync(self.folder)  # the new file's name must survive a power cut too


def _day(moment_ms: int) -> str:
    return f"{datetime.fromtimestamp(moment_ms / 1000, UTC):%Y%m%d}"


def _fsync(path: Path) -> None:
    """Flush a file, or a folder's list of names, to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
