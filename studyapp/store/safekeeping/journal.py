"""The review journal: every review and undo, appended to plain files beside the database.

A damaged database file can only be restored from a backup, which lacks the reviews made
since. The journal keeps them apart from the database: one JSON line per review (or
undo), written in the review's own transaction before it commits, so a review that was
acknowledged is in the journal too. With ``durability = "full"`` each line is flushed to
the disk before the commit; with ``"normal"`` it is in the operating system's hands, as
the database's log is. ``studyapp restore`` replays what the backup lacks
(:mod:`studyapp.store.safekeeping.replay`).

Lines go to one file per UTC day (``studyapp-journal/20260302.jsonl``) with a single
``O_APPEND`` write each, so two processes reviewing at once never interleave their lines.
Days older than the oldest kept backup are dropped when a backup is taken.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studyapp.store.review_write import NewReview

SUFFIX = ".jsonl"


def journal_dir(db_path: Path) -> Path:
    """Where the journal of the database ``db_path`` lives (``studyapp-journal/``)."""
    return db_path.with_name(f"{db_path.stem}-journal")


class ReviewJournal:
    def __init__(self, folder: Path, flush_to_disk: bool = False) -> None:
        self.folder = folder
        self.flush_to_disk = flush_to_disk

    def record_review(self, review_id: int, review: NewReview) -> None:
        self._append({"review": review_id, **dataclasses.asdict(review)}, review.reviewed_at)

    def record_undo(self, review_uid: str, at: int) -> None:
        """The review ``review_uid`` was undone at ``at`` (epoch ms)."""
        self._append({"undo": review_uid, "at": at}, at)

    def record_rename(self, old_id: str, new_id: str, at: int) -> None:
        """The sync found ``old_id`` edited into ``new_id`` (see :mod:`.edits`)."""
        self._append({"rename": old_id, "item_id": new_id, "at": at}, at)

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
        """Drop the days before ``before``'s UTC day (no backup that is kept needs them)."""
        oldest = f"{before.astimezone(UTC):%Y%m%d}{SUFFIX}"
        for path in self.days():
            if path.name < oldest:
                path.unlink(missing_ok=True)

    def _append(self, entry: dict[str, Any], moment_ms: int) -> None:
        # The newline goes first: a line cut short (a full disk) never runs into the next.
        line = ("\n" + json.dumps(entry, ensure_ascii=False, separators=(",", ":"))).encode()
        day = datetime.fromtimestamp(moment_ms / 1000, UTC)
        path = self.folder / f"{day:%Y%m%d}{SUFFIX}"
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
            _fsync_dir(self.folder)  # the new file's name must survive a power cut too


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
