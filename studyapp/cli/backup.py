"""``studyapp backup`` (take one now) and ``studyapp restore`` (list, or restore one)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studyapp.cli.common import config_from_args, fail
from studyapp.cli.options import add_command
from studyapp.plural import plural

if TYPE_CHECKING:
    from studyapp.store.safekeeping.replay import Replayed


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = add_command(subparsers, "backup", "back up the database now")
    backup.set_defaults(handler=run_backup)

    restore = add_command(
        subparsers,
        "restore",
        "list backups, or replace the database with one (the current file is kept aside)",
    )
    which = restore.add_mutually_exclusive_group()
    which.add_argument("name", nargs="?", metavar="NAME", help="a backup's file name")
    which.add_argument("--latest", action="store_true", help="restore the newest backup")
    restore.add_argument(
        "--without-journal",
        action="store_true",
        help="go back to the backup as it was: leave out the reviews made since",
    )
    restore.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from studyapp.store.backup import take_backup
    from studyapp.store.errors import StoreError

    config = config_from_args(args)
    if not config.db_path.exists():
        fail(f"there is no database at {config.db_path} yet; nothing to back up")
    try:
        path = take_backup(
            config.db_path,
            config.backup_dir,
            datetime.now(UTC),
            "manual",
            config.settings.backups_to_keep,
        )
    except StoreError as exc:
        fail(str(exc))
    print(f"backed up to {path}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from studyapp.cli.schedule import open_service
    from studyapp.store.backup import list_backups, restore_backup
    from studyapp.store.errors import StoreError
    from studyapp.store.safekeeping.journal import journal_dir

    config = config_from_args(args)
    backups = list_backups(config.backup_dir)
    if not args.latest and args.name is None:
        if not backups:
            print(f"no backups in {config.backup_dir}")
            return 1
        print(f"backups in {config.backup_dir} (newest last):")
        for backup in backups:
            print(f"  {backup.name}")
        print("restore one with `studyapp restore NAME` or `studyapp restore --latest`")
        return 0
    if args.latest:
        if not backups:
            fail(f"no backups in {config.backup_dir}")
        chosen = backups[-1]
    else:
        chosen = choose(args.name, backups)
    try:
        aside = restore_backup(chosen, config.db_path, datetime.now(UTC))
    except StoreError as exc:
        fail(str(exc))
    print(f"restored {chosen.name}")
    if aside is not None:
        print(f"the replaced database was kept as {aside}")
    if args.without_journal:
        print("the reviews made since the backup were left out (they stay in the journal)")
        return 0
    from studyapp.interop.anki.importer import journaled_history

    with open_service(args) as service:
        service.sync()  # items written since the backup, so that their reviews have a home
        replayed = service.replay_journal(journaled_history)
    print(describe_replay(replayed, journal_dir(config.db_path)))
    return 0


def describe_replay(replayed: Replayed, journal: Path) -> str:
    lost = "".join(
        f"; the import of {name} could not be read again (its copy in the journal is gone)"
        for name in replayed.lost_imports
    )
    if not replayed.reviews and not replayed.undos:
        return f"the backup already holds every review of the review journal ({journal}){lost}"
    told = f"brought back {plural(replayed.reviews, 'review')} made after the backup"
    if replayed.undos:
        told += f" (and {plural(replayed.undos, 'undo')})"
    if replayed.imports:
        told += f" (imported ones included, from {plural(replayed.imports, 'import')})"
    told += f" from the review journal ({journal}){lost}"
    if replayed.unknown_items:
        told += (
            f"; {plural(replayed.unknown_items, 'review')} of items no longer in your content "
            "stay in the journal only"
        )
    return told


def choose(name: str, backups: list[Path]) -> Path:
    for backup in backups:
        if name in (backup.name, backup.stem, str(backup)):
            return backup
    fail(f"no backup named {name!r}; run `studyapp restore` to list them")
    raise AssertionError  # unreachable: fail() exits
