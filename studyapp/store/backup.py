"""Backups of the database file through SQLite's online backup API.

A backup is a complete, consistent SQLite file named after the moment it was taken
(``studyapp-20260131-081500-daily.sqlite3``), so names sort by age.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from studyapp.store.errors import StoreError
from studyapp.store.safekeeping.journal import ReviewJournal, journal_dir

PREFIX = "studyapp-"
SUFFIX = ".sqlite3"


def list_backups(backup_dir: Path) -> list[Path]:
    """Backups, oldest first (by when they were written, then by name)."""
    if not backup_dir.is_dir():
        return []
    found = [p for p in backup_dir.iterdir() if _is_backup(p)]
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name))


def latest_backup(backup_dir: Path) -> Path | None:
    backups = list_backups(backup_dir)
    return backups[-1] if backups else None


def take_backup(
    db_path: Path,
    backup_dir: Path,
    now: datetime,
    reason: str,
    keep: int,
    copy: Callable[[Path, Path], None] | None = None,
) -> Path:
    """Copy the live database into ``backup_dir`` and prune to the newest ``keep`` copies.

    ``copy`` writes the copy (default :func:`copy_database`; the daily backup's can be
    interrupted).
    """
    backup_dir.mkdir(parents=True, exist_ok=True)
    target = _free_name(backup_dir, f"{PREFIX}{now:%Y%m%d-%H%M%S}-{reason}")
    partial = target.with_suffix(".partial")
    try:
        (copy or copy_database)(db_path, partial)
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"could not back up {db_path} into {backup_dir}: {exc}") from exc
    prune(backup_dir, keep)
    oldest = list_backups(backup_dir)[0]  # the journal must reach back to it for a restore
    ReviewJournal(journal_dir(db_path)).prune(datetime.fromtimestamp(oldest.stat().st_mtime, UTC))
    return target


def prune(backup_dir: Path, keep: int) -> None:
    for old in list_backups(backup_dir)[: -max(keep, 1)]:
        old.unlink(missing_ok=True)


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy of ``source`` (even while others write to it) as ``target``."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        # A standalone copy needs no WAL; it would leave -wal/-shm files beside backups.
        dst.execute("PRAGMA journal_mode = DELETE")
        dst.commit()
    finally:
        dst.close()
        src.close()


def restore_backup(backup: Path, db_path: Path, now: datetime) -> Path | None:
    """Replace the database with ``backup``; the replaced file is kept beside it.

    Returns where the replaced database was moved (None if there was none). Its WAL and
    shared-memory files move with it: a stale WAL next to the restored file would be
    replayed into it.
    """
    if not _is_backup(backup) or not backup.is_file():
        raise StoreError(f"{backup} is not a studyapp backup")
    check_readable(backup)
    aside: Path | None = None
    if db_path.exists():
        aside = db_path.with_name(f"{db_path.name}.replaced-{now:%Y%m%d-%H%M%S}")
        for suffix in ("", "-wal", "-shm"):
            current = Path(f"{db_path}{suffix}")
            if current.exists():
                os.replace(current, Path(f"{aside}{suffix}"))
    partial = db_path.with_name(db_path.name + ".restoring")
    copy_database(backup, partial)
    os.replace(partial, db_path)
    return aside


def check_readable(path: Path) -> None:
    """Raise StoreError unless ``path`` is a SQLite file that passes ``quick_check``."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{path} is not a readable database: {exc}") from exc
    if result is None or result[0] != "ok":
        raise StoreError(f"{path} is damaged: {result[0] if result else 'no answer'}")


def _is_backup(path: Path) -> bool:
    return path.name.startswith(PREFIX) and path.name.endswith(SUFFIX)


def _free_name(backup_dir: Path, stem: str) -> Path:
    candidate = backup_dir / f"{stem}{SUFFIX}"
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = backup_dir / f"{stem}-{counter}{SUFFIX}"
    return candidate
