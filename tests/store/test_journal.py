"""Drills: a damaged database loses no acknowledged review, thanks to the review journal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from studyapp.config import AppConfig, Settings
from studyapp.scheduling import Rating
from studyapp.scheduling.service import StudyService
from studyapp.store.backup import take_backup
from studyapp.store.safekeeping import journal as journal_module
from studyapp.store.safekeeping.journal import ReviewJournal, journal_dir

DAY1 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_a_second_restore_finds_nothing_more_to_bring_back(config):
    with StudyService.open(config, clock=lambda: DAY1, fuzz=False) as service:
        service.sync()
        take_backup(config.db_path, config.backup_dir, DAY1, "manual", 3)
        service.rate("bagging", Rating.Good, 1000)
        assert service.replay_journal().already_there == 1
        assert service.replay_journal().reviews == 0


def test_full_durability_flushes_each_journal_line_to_the_disk(config, monkeypatch):
    flushed: list[int] = []
    real_fsync = journal_module.os.fsync
    monkeypatch.setattr(journal_module.os, "fsync", lambda fd: (flushed.append(fd), real_fsync(fd)))
    full = AppConfig(
        home=config.home,
        extra_content_dirs=config.extra_content_dirs,
        include_bundled=False,
        settings=Settings(durability="full"),
    )
    with StudyService.open(full, clock=lambda: DAY1, fuzz=False) as service:
        service.sync()
        service.rate("bagging", Rating.Good, 1000)  # a new day's file: the line and its folder
        service.rate("oob", Rating.Good, 1000)
    assert len(flushed) == 3


def test_a_line_cut_short_by_a_full_disk_spoils_no_other(tmp_path):
    journal = ReviewJournal(tmp_path / "journal")
    journal.record_undo("a", at=to_ms(DAY1))
    (day,) = journal.days()
    with day.open("ab") as file:
        file.write(b'\n{"undo": "b", "a')  # the write the disk cut off
    journal.record_undo("c", at=to_ms(DAY1))
    assert [entry["undo"] for entry in journal.entries()] == ["a", "c"]


def test_taking_a_backup_drops_journal_days_no_kept_backup_needs(config):
    journal = ReviewJournal(journal_dir(config.db_path))
    for days_ago in (9, 1, 0):
        journal.record_undo("a", at=to_ms(datetime.now(UTC) - timedelta(days=days_ago)))
    with StudyService.open(config) as service:
        service.sync()
    take_backup(config.db_path, config.backup_dir, datetime.now(UTC), "manual", 3)
    assert len(journal.days()) == 1  # today's: older backups are gone


def to_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def test_an_imported_package_is_dropped_with_its_day(tmp_path):
    journal = ReviewJournal(tmp_path / "journal")
    package = tmp_path / "deck.apkg"
    package.write_bytes(b"PK the package")
    for days_ago in (9, 0):
        journal.record_import(package, to_ms(DAY1 - timedelta(days=days_ago)), {"device_id": "d"})
    old, new = list(journal.entries())
    assert journal.imported_package(new).read_bytes() == b"PK the package"
    journal.prune(DAY1)
    assert not journal.imported_package(old).exists()
    assert journal.imported_package(new).exists()
    assert [entry["import"] for entry in journal.entries()] == ["deck.apkg"]
