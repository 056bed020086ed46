"""The day's backup, taken off the critical path and never in the way of studying.

Opening the store no longer copies the file: the review app starts the day's backup on a
thread of its own once the first card is on screen (the commands take it after opening).
The copy is ``VACUUM INTO`` on its own read-only connection: a consistent snapshot that
neither waits for nor blocks the reviews written meanwhile (WAL). A session shorter than
the copy (seconds, at a million reviews) finishes it when the learner quits, unless they
choose to quit at once (``cancel``: the next start takes it again). A backup that cannot
be taken (no room on the disk, most often) does not stop anyone studying: it returns one
warning that says how much room it needs; the reviews are kept in the review journal
meanwhile.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studyapp.store.backup import list_backups, take_backup
from studyapp.store.database import is_disk_full
from studyapp.store.errors import StoreError

DAILY_BACKUP_EVERY = timedelta(days=1)
_ROOM_TO_SPARE = 1024**2  # bytes left free after the copy, for the reviews' own writes


def backup_time(path: Path) -> datetime | None:
    """When a backup was taken, from its name (``studyapp-YYYYMMDD-HHMMSS-...``)."""
    parts = path.name.split("-")
    try:
        return datetime.strptime(f"{parts[1]}{parts[2]}", "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except (IndexError, ValueError):
        return None


def daily_backup_due(backup_dir: Path, now: datetime) -> bool:
    times = [t for t in map(backup_time, list_backups(backup_dir)) if t is not None]
    return not times or now - max(times) >= DAILY_BACKUP_EVERY


class DailyBackup:
    """The day's backup of one database; ``run`` on any thread, ``cancel`` from another."""

    def __init__(self, db_path: Path, backup_dir: Path, keep: int) -> None:
        self.db_path = db_path
        self.backup_dir = backup_dir
        self.keep = keep
        self._lock = threading.Lock()
        self._copying: sqlite3.Connection | None = None
        self._target: Path | None = None  # the copy being written
        self._cancelled = False

    def run(self, now: datetime) -> str | None:
        """Take the backup if one is due; a warning for the learner if it could not be."""
        try:
            return self._run(now)
        except OSError as exc:  # e.g. the backup folder cannot be listed: say so, study on
            return f"today's backup could not be taken ({exc}); studying goes on"

    def _run(self, now: datetime) -> str | None:
        if not self.db_path.exists() or not daily_backup_due(self.backup_dir, now):
            return None
        needed = _size(self.db_path)
        if _free_bytes(self.backup_dir) < needed + _ROOM_TO_SPARE:
            return self._no_room(needed)
        try:
            take_backup(self.db_path, self.backup_dir, now, "daily", self.keep, self._copy)
        except StoreError as exc:
            if self._cancelled:
                return None  # quitting; the next start takes it
            if is_disk_full(exc.__cause__ or exc):
                return self._no_room(needed)
            return f"today's backup could not be taken ({exc}); studying goes on"
        return None

    def progress(self) -> float | None:
        """How much of the copy under way is written (0 to 1), None when none is."""
        target = self._target
        try:
            return None if target is None else min(1.0, target.stat().st_size / _size(self.db_path))
        except (OSError, ZeroDivisionError):
            return None

    def cancel(self) -> None:
        """Stop a copy under way (its partial file is removed); later runs do nothing."""
        with self._lock:
            self._cancelled = True
            if self._copying is not None:
                self._copying.interrupt()

    def _copy(self, source: Path, target: Path) -> None:
        connection = sqlite3.connect(
            f"file:{source}?mode=ro", uri=True, check_same_thread=False
        )
        try:
            with self._lock:
                if self._cancelled:
                    raise sqlite3.OperationalError("interrupted")
                self._copying, self._target = connection, target
            connection.execute("VACUUM INTO ?", (str(target),))
        finally:
            with self._lock:
                self._copying = self._target = None
            connection.close()

    def _no_room(self, needed: int) -> str:
        free = _free_bytes(self.backup_dir)
        return (
            f"today's backup was not taken: it needs about {_megabytes(needed)} and "
            f"{_megabytes(free)} are free in {self.backup_dir}. Studying goes on (every "
            "review is also kept in the review journal); free some space, then run "
            "`studyapp backup`."
        )


def _size(db_path: Path) -> int:
    """Bytes of the database with its log: about what a copy of it takes."""
    return sum(path.stat().st_size for path in (db_path, Path(f"{db_path}-wal")) if path.exists())


def _free_bytes(folder: Path) -> int:
    """Free bytes on the disk that holds ``folder`` (or would, once created)."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    return shutil.disk_usage(existing).free


def _megabytes(size: int) -> str:
    return f"{size / 1024**2:,.1f} MB"
