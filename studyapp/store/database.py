"""Open the database file: check it, back it up, create or migrate its schema."""

from __future__ import annotations

import errno
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.config import AppConfig
from studyapp.store.backup import latest_backup, take_backup
from studyapp.store.engine import connect, connect_at_head
from studyapp.store.errors import StoreError
from studyapp.store.schema_head import create_at_head

if TYPE_CHECKING:
    from sqlalchemy import Engine

_NEARLY_FULL_BYTES = 64 * 1024  # less than a review's pages and journal line need


def connect_database(config: AppConfig, now: datetime) -> sqlite3.Connection:
    """A plain connection to the database at the current schema, as ``open_database``
    leaves it. A database already at this version's schema (every start but the first
    and the one after an upgrade) is opened without importing SQLAlchemy, and so is a new
    one created."""
    durability = config.settings.durability
    try:
        db = connect_at_head(config.db_path, durability)
    except sqlite3.Error:
        db = None
    if db is not None:
        return db
    if not _exists(config.db_path):
        return _create_database(config)
    open_database(config, now).dispose()  # creates, migrates, or says what is wrong
    return connect(config.db_path, durability)


def _create_database(config: AppConfig) -> sqlite3.Connection:
    """A connection to a database created at the current schema (from ``schema_head``)."""
    _refuse_silent_fresh_start(config)
    db = connect(config.db_path, config.settings.durability)
    try:
        create_at_head(db)  # (False if another start created it just before: as good)
    except sqlite3.Error as exc:
        db.close()
        raise unreadable_database_error(config, exc) from exc
    except BaseException:
        db.close()
        raise
    return db


def open_database(config: AppConfig, now: datetime) -> Engine:
    """An engine on a database at the current schema (backed up first if it is migrated)."""
    from sqlalchemy.exc import DatabaseError, OperationalError

    from studyapp.store.engine import make_engine
    from studyapp.store.schema import ensure_schema

    db_path = config.db_path
    keep = config.settings.backups_to_keep
    if not _exists(db_path):
        _refuse_silent_fresh_start(config)
    engine = make_engine(db_path, config.settings.durability)

    def backup_before_migration(revision: str) -> None:
        take_backup(db_path, config.backup_dir, now, f"before-migration-{revision}", keep)

    try:
        ensure_schema(engine, backup_before_migration)
    except (DatabaseError, OperationalError) as exc:
        engine.dispose()
        raise unreadable_database_error(config, exc) from exc
    except StoreError:
        engine.dispose()
        raise
    return engine  # the day's backup comes later, off the critical path (safekeeping)


def unreadable_database_error(config: AppConfig, exc: Exception) -> StoreError:
    """The message a user sees for a damaged database: what happened and the way out.

    A write refused for want of space (or any failed write beside the database, such as
    the review journal's) is no damage: the transaction was rolled back, nothing is lost.
    """
    if is_disk_full(exc) or _no_room_left(config.db_path.parent):
        # (SQLite reports a full disk as an I/O error when it cannot grow its shared memory)
        return StoreError(
            f"the disk holding {config.db_path.parent} is full, so this was not recorded "
            "(the database is intact and nothing earlier is lost); free some space and "
            "try again"
        )
    if isinstance(exc, OSError):
        return StoreError(
            f"could not write beside {config.db_path}, so this was not recorded: {exc}"
        )
    if is_busy(exc):  # no damage either: another process holds the file for a long write
        return StoreError(
            f"the database {config.db_path} is busy: another process is writing a large "
            "change to it (a studyapp import or sync). Nothing is lost and nothing was "
            "recorded now; try again when it has finished."
        )
    reason = _sqlite_reason(exc).strip()
    latest = latest_backup(config.backup_dir)
    if latest is None:
        way_out = (
            f"There is no backup in {config.backup_dir}. Move the damaged file away to "
            "start with an empty database."
        )
    else:
        way_out = (
            f"The latest backup is {latest.name}; restore it with "
            "`studyapp restore --latest` (the damaged file is kept beside it)."
        )
    return StoreError(f"the database {config.db_path} cannot be read ({reason}). {way_out}")


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk (or the user's quota) is full, from SQLite or the OS."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    return "disk is full" in _sqlite_reason(exc)  # SQLITE_FULL


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite giving up waiting for another connection's lock."""
    reason = _sqlite_reason(exc)
    return "database is locked" in reason or "database is busy" in reason


def _sqlite_reason(exc: BaseException) -> str:
    """SQLite's message, under SQLAlchemy's wrapper if there is one."""
    return str(getattr(exc, "orig", None) or exc)


def _no_room_left(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < _NEARLY_FULL_BYTES
    except OSError:
        return False


def _exists(db_path: Path) -> bool:
    """Whether a database is there (an empty file is none: SQLite makes one on connecting)."""
    return db_path.exists() and db_path.stat().st_size > 0


def _refuse_silent_fresh_start(config: AppConfig) -> None:
    """A missing database next to backups was lost, not never made: do not start empty."""
    latest = latest_backup(config.backup_dir)
    if latest is not None:
        raise StoreError(
            f"the database {config.db_path} is missing, but backups exist. Restore the "
            f"latest ({latest.name}) with `studyapp restore --latest`; to start over "
            f"with no history instead, move {config.backup_dir} away."
        )
