"""Drills on a full disk (a small tmpfs): studying goes on without the day's backup, and
a write the disk cannot take is refused with a clear message, the database intact.

Mounting needs root; where it is impossible the tmpfs drills skip and a mocked ENOSPC
stands in for the disk.
"""

from __future__ import annotations

import errno
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from studyapp.config import AppConfig
from studyapp.scheduling import Rating
from studyapp.scheduling.service import StudyService
from studyapp.store.backup import list_backups
from studyapp.store.errors import StoreError
from studyapp.store.safekeeping import daily_backup, journal

CARDS = 300


def deck_files() -> dict[str, str]:
    cards = "\n".join(
        f"Q: Question {n}, long enough to take some room in the database? {{#c{n}}}\n"
        f"A: Answer {n}, with its own few words of explanation."
        for n in range(CARDS)
    )
    return {
        "d/deck.md": "```deck\nid: d\ntitle: Deck\n```\n",
        "d/t.md": f"```topic\nid: t\ntitle: T\n```\n\n```cards\n{cards}\n```\n",
    }


def _mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir(parents=True)
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True,
            check=False,
        )
    except OSError:
        return False
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MB tmpfs, unmounted afterwards."""
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "16m"):
        pytest.skip("cannot mount a tmpfs here (needs root); the mocked ENOSPC test stands in")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill ``disk`` up, then free ``leave`` bytes; returns the filler file."""
    filler = disk / "filler"
    chunk = b"\0" * (1024 * 1024)
    with filler.open("wb") as file:
        try:
            while True:
                file.write(chunk)
                file.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    while True:  # what is buffered but not written may need a smaller last piece
        try:
            with filler.open("ab") as file:
                file.write(b"\0" * 4096)
        except OSError:
            break
    size = filler.stat().st_size
    with filler.open("r+b") as file:
        file.truncate(max(0, size - leave))
    return filler


def config_on(disk: Path, content: Path) -> AppConfig:
    home = disk / "home"
    home.mkdir(exist_ok=True)
    return AppConfig(home=home, extra_content_dirs=(content,), include_bundled=False)


def integrity_and_reviews(db_path: Path) -> tuple[str, int]:
    with sqlite3.connect(db_path) as connection:
        (check,) = connection.execute("PRAGMA integrity_check").fetchone()
        (count,) = connection.execute("SELECT count(*) FROM reviews").fetchone()
    return check, count


def cli(config: AppConfig, *args: str) -> subprocess.CompletedProcess[str]:
    content = [part for folder in config.extra_content_dirs for part in ("--content", str(folder))]
    return subprocess.run(
        [sys.executable, "-m", "studyapp", *args, "--home", str(config.home), "--no-bundled",
         *content],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip


def test_no_room_for_the_backup_warns_once_and_the_review_goes_on(small_disk, write_content):
    config = config_on(small_disk, write_content(deck_files()))
    with StudyService.open(config) as service:
        service.sync()
    database_size = config.db_path.stat().st_size
    fill(small_disk, leave=database_size // 2)  # room for reviews, not for a copy

    rated = cli(config, "rate", "c1", "good")

    assert rated.returncode == 0, rated.stderr
    assert "c1: good; next due" in rated.stdout
    assert rated.stderr.count("warning") == 1
    assert "today's backup was not taken: it needs about" in rated.stderr
    assert "MB are free in" in rated.stderr and "studyapp backup" in rated.stderr
    assert list_backups(config.backup_dir) == []
    assert integrity_and_reviews(config.db_path) == ("ok", 1)


def test_a_backup_that_meets_a_full_disk_midway_leaves_no_partial_file(
    small_disk, write_content, monkeypatch
):
    config = config_on(small_disk, write_content(deck_files()))
    with StudyService.open(config) as service:
        service.sync()
        fill(small_disk, leave=config.db_path.stat().st_size // 3)
        # the room looked enough when the copy began (someone else filled the disk since)
        monkeypatch.setattr(daily_backup, "_free_bytes", lambda folder: 10**12)
        warning = service.backup_if_due()
        service.rate("c1", Rating.Good, 1000)
    assert warning is not None and "today's backup was not taken" in warning
    assert list(config.backup_dir.iterdir()) == []  # the partial copy was removed
    assert integrity_and_reviews(config.db_path) == ("ok", 1)


def test_a_review_the_full_disk_cannot_take_is_refused_and_nothing_is_lost(
    small_disk, write_content
):
    config = config_on(small_disk, write_content(deck_files()))
    assert cli(config, "rate", "c1", "good").returncode == 0
    filler = fill(small_disk, leave=0)

    refused = cli(config, "rate", "c2", "good")

    assert refused.returncode != 0
    assert "is full, so this was not recorded" in refused.stderr, refused.stderr
    assert "cannot be read" not in refused.stderr
    filler.unlink()
    assert integrity_and_reviews(config.db_path) == ("ok", 1)
    assert cli(config, "rate", "c2", "good").returncode == 0
    assert integrity_and_reviews(config.db_path) == ("ok", 2)


def test_full_disk_mocked_where_no_tmpfs_can_be_mounted(tmp_path, write_content, monkeypatch):
    if _mount_tmpfs(tmp_path / "probe", "1m"):
        subprocess.run(["umount", "-l", str(tmp_path / "probe")], check=False)
        pytest.skip("a tmpfs can be mounted: the real full-disk drills run instead")
    config = config_on(tmp_path, write_content(deck_files()))
    monkeypatch.setattr(daily_backup, "_free_bytes", lambda folder: 0)

    def no_space(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    with StudyService.open(config) as service:
        service.sync()
        assert "today's backup was not taken" in (service.backup_if_due() or "")
        service.rate("c1", Rating.Good, 1000)
        monkeypatch.setattr(journal.os, "write", no_space)
        with pytest.raises(StoreError, match="is full, so this was not recorded"):
            service.rate("c2", Rating.Good, 1000)
    assert integrity_and_reviews(config.db_path) == ("ok", 1)
