import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from studyapp.scheduling import Rating
from studyapp.scheduling.service import StudyService
from studyapp.store.backup import list_backups, restore_backup, take_backup
from studyapp.store.errors import StoreError

DAY1 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def open_at(config, moment: datetime) -> StudyService:
    return StudyService.open(config, clock=lambda: moment, tz=UTC, fuzz=False)


def review_count(path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM reviews").fetchone()[0]


def open_and_back_up(config, moment: datetime) -> None:
    """What a command does: open the store, then take the day's backup if it is due."""
    with open_at(config, moment) as service:
        assert service.backup_if_due() is None


def test_opening_the_store_takes_no_backup(config):
    open_at(config, DAY1).close()
    open_at(config, DAY1 + timedelta(days=2)).close()
    assert list_backups(config.backup_dir) == []


def test_the_database_is_backed_up_at_most_once_a_day(config):
    for hours in (0, 1, 5, 20):
        open_and_back_up(config, DAY1 + timedelta(hours=hours))
    assert len(list_backups(config.backup_dir)) == 1
    open_and_back_up(config, DAY1 + timedelta(days=1, hours=2))
    assert len(list_backups(config.backup_dir)) == 2


def test_only_the_newest_backups_are_kept(config):
    for day in range(6):
        open_and_back_up(config, DAY1 + timedelta(days=day))
    names = [b.name for b in list_backups(config.backup_dir)]
    assert len(names) == config.settings.backups_to_keep == 3
    assert names[-1].startswith("studyapp-20260307-")


def test_a_backup_is_a_standalone_consistent_copy(config, tmp_path):
    with open_at(config, DAY1) as service:
        service.sync()
        service.rate("bagging", Rating.Good, 1000)
        backup = take_backup(config.db_path, config.backup_dir, DAY1, "manual", 3)
    assert review_count(backup) == 1
    assert not backup.with_name(backup.name + "-wal").exists()


def test_restoring_replaces_the_database_and_keeps_the_old_one_aside(config):
    with open_at(config, DAY1) as service:
        service.sync()
        backup = take_backup(config.db_path, config.backup_dir, DAY1, "manual", 3)
        service.rate("bagging", Rating.Good, 1000)
    aside = restore_backup(backup, config.db_path, DAY1 + timedelta(minutes=5))
    assert review_count(config.db_path) == 0
    assert aside is not None and review_count(aside) == 1


def test_a_damaged_database_names_the_latest_backup_and_the_restore_command(config):
    with open_at(config, DAY1) as service:
        service.sync()
        latest = take_backup(config.db_path, config.backup_dir, DAY1, "manual", 3)
    for suffix in ("-wal", "-shm"):
        config.db_path.with_name(config.db_path.name + suffix).unlink(missing_ok=True)
    config.db_path.write_bytes(b"this is not a database" * 200)
    with pytest.raises(StoreError) as raised:
        open_at(config, DAY1)
    message = str(raised.value)
    assert latest.name in message and "studyapp restore --latest" in message


def test_a_damaged_database_without_backups_says_so(config):
    config.db_path.write_bytes(b"garbage" * 1000)
    with pytest.raises(StoreError, match="no backup"):
        open_at(config, DAY1)


def test_restoring_something_that_is_not_a_backup_is_refused(config, tmp_path):
    stray = tmp_path / "notes.txt"
    stray.write_text("hello")
    with pytest.raises(StoreError, match="not a studyapp backup"):
        restore_backup(stray, config.db_path, DAY1)


def test_a_missing_database_with_backups_asks_for_a_restore(config):
    with open_at(config, DAY1) as service:
        service.sync()
        take_backup(config.db_path, config.backup_dir, DAY1, "manual", 3)
    for path in config.home.glob("studyapp.sqlite3*"):
        path.unlink()
    with pytest.raises(StoreError, match="missing, but backups exist"):
        open_at(config, DAY1)
    assert not config.db_path.exists()
