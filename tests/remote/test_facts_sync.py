"""Undos, suspensions and settings travel as facts; newer content never loses history."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from remote_support import CARD_IDS, Device, write_deck

from studyapp.config import Settings
from studyapp.scheduling import Rating


@pytest.fixture
def pair(tmp_path: Path):
    content = write_deck(tmp_path / "content")
    devices = Device(tmp_path / "laptop", content), Device(tmp_path / "desktop", content)
    yield devices
    for device in devices:
        device.close()


def test_an_undo_on_one_device_is_undone_on_the_other(pair, remote_url):
    laptop, desktop = pair
    laptop.rate("c0", Rating.Good)
    laptop.rate("c0", Rating.Again, minutes_later=20)
    laptop.sync(remote_url)
    desktop.sync(remote_url)
    assert laptop.service.undo() == "c0"
    laptop.sync(remote_url)
    outcome = desktop.sync(remote_url)
    assert outcome.items_replayed == 1
    assert [undone for (_i, _t, _r, undone) in desktop.log().values()].count(True) == 1
    assert desktop.log() == laptop.log()
    assert desktop.states() == laptop.states()


def test_undo_takes_back_only_this_devices_reviews(pair, remote_url):
    laptop, desktop = pair
    desktop.rate("c1", Rating.Good)
    desktop.sync(remote_url)
    laptop.sync(remote_url)
    assert laptop.service.undo() is None


def test_undo_under_a_later_review_from_elsewhere_replays_the_item(pair, remote_url):
    laptop, desktop = pair
    laptop.rate("c2", Rating.Good)
    desktop.clock.advance(minutes=30)
    desktop.rate("c2", Rating.Easy)
    desktop.sync(remote_url)
    laptop.sync(remote_url)
    laptop.service.undo()  # the laptop's review, which came before the desktop's
    laptop.sync(remote_url)
    desktop.sync(remote_url)
    assert laptop.states()["c2"] == desktop.states()["c2"]
    assert laptop.states()["c2"][6] == 1  # reps: only the desktop's review counts


def test_the_latest_suspension_wins_on_every_device(pair, remote_url):
    laptop, desktop = pair
    laptop.service.suspend("c3")
    desktop.clock.advance(hours=1)
    desktop.service.suspend("c4")
    desktop.service.unsuspend("c3")  # later than the laptop's suspension
    for device in (laptop, desktop, laptop):
        device.sync(remote_url)
    for device in (laptop, desktop):
        assert not device.service.is_suspended("c3")
        assert device.service.is_suspended("c4")


def test_newer_scheduling_settings_win_everywhere(pair, remote_url):
    laptop, desktop = pair
    desktop.home.mkdir(parents=True)
    (desktop.home / "config.toml").write_text("desired_retention = 0.8\n")
    desktop.settings = Settings(new_per_day=1000, desired_retention=0.8)
    desktop.close()
    for item_id in CARD_IDS[:4]:
        laptop.rate(item_id, Rating.Good)
        laptop.rate(item_id, Rating.Good, minutes_later=15)
    laptop.clock.advance(days=2)
    laptop.rate("c0", Rating.Good)
    for device in (laptop, desktop, laptop):
        device.sync(remote_url)
    assert laptop.service.scheduling.desired_retention == 0.8
    assert laptop.states() == desktop.states()


def test_an_older_config_does_not_override_a_newer_synced_choice(pair, remote_url):
    laptop, desktop = pair
    config = laptop.home / "config.toml"
    laptop.home.mkdir(parents=True)
    config.write_text("desired_retention = 0.85\n")
    os.utime(config, (1_000_000, 1_000_000))  # chosen long ago
    laptop.settings = Settings(new_per_day=1000, desired_retention=0.85)
    (desktop.home).mkdir(parents=True)
    (desktop.home / "config.toml").write_text("desired_retention = 0.95\n")
    desktop.settings = Settings(new_per_day=1000, desired_retention=0.95)
    for device in (desktop, laptop, desktop):
        device.sync(remote_url)
    assert laptop.service.scheduling.desired_retention == 0.95
    assert desktop.service.scheduling.desired_retention == 0.95


def test_a_device_with_older_content_keeps_the_newer_items_history(tmp_path, remote_url):
    newer = Device(tmp_path / "laptop", write_deck(tmp_path / "new", [*CARD_IDS, "extra"]))
    older = Device(tmp_path / "desktop", write_deck(tmp_path / "old"))
    try:
        newer.rate("extra", Rating.Good)
        newer.sync(remote_url)
        older.sync(remote_url)
        older.rate("c0", Rating.Easy)
        older.sync(remote_url)
        assert newer.sync(remote_url).pulled == 2  # the desktop's review and settings
        assert any(item == "extra" for item, *_ in older.log().values())
        # an item it cannot display is never shown
        assert "extra" not in [entry.id for entry in older.service.due()]
        older.content = write_deck(tmp_path / "old", [*CARD_IDS, "extra"])
        older.service.sync()  # the markdown arrives later (git pull): the item is revived
        assert older.states()["extra"] == newer.states()["extra"]
        assert older.service.queue_label("extra") == "learning"
    finally:
        newer.close()
        older.close()
