"""Two devices that review offline, then sync, end with the same log and the same state."""

from __future__ import annotations

from pathlib import Path

import pytest
from remote_support import CARD_IDS, Device, write_deck

from studyapp.scheduling import Rating
from studyapp.store import review_write


@pytest.fixture
def devices(tmp_path: Path):
    content = write_deck(tmp_path / "content")
    laptop = Device(tmp_path / "laptop", content)
    desktop = Device(tmp_path / "desktop", content)
    yield laptop, desktop
    laptop.close()
    desktop.close()


def study_apart(laptop: Device, desktop: Device) -> None:
    """A few days of reviews on both machines, the same items on both at different times."""
    ratings = [Rating.Good, Rating.Again, Rating.Easy, Rating.Hard, Rating.Good]
    for day in range(4):
        for n, item_id in enumerate(CARD_IDS):
            laptop.rate(item_id, ratings[(n + day) % 5], minutes_later=3)
            if n % 2 == 0:  # the desktop reviews half of them too, in between
                desktop.rate(item_id, ratings[(n + 2 * day) % 5], minutes_later=2)
        laptop.clock.advance(days=1)
        desktop.clock.advance(days=1)


def test_interleaved_and_conflicting_reviews_converge_to_the_same_state(devices, remote_url):
    laptop, desktop = devices
    study_apart(laptop, desktop)
    assert laptop.states() != desktop.states()

    first = laptop.sync(remote_url)
    second = desktop.sync(remote_url)
    third = laptop.sync(remote_url)

    assert laptop.log() == desktop.log()
    assert len(laptop.log()) == 4 * 12 + 4 * 6
    assert laptop.states() == desktop.states()
    assert (first.pulled, second.pulled, third.pulled) == (0, first.pushed, second.pushed)
    assert third.items_replayed == 6  # only the items the desktop reviewed too


def test_a_second_sync_has_nothing_to_do(devices, remote_url):
    laptop, desktop = devices
    study_apart(laptop, desktop)
    for device in (laptop, desktop, laptop):
        device.sync(remote_url)
    again = [device.sync(remote_url) for device in (laptop, desktop)]
    assert [(o.pushed, o.pulled, o.items_replayed) for o in again] == [(0, 0, 0), (0, 0, 0)]


def test_reviews_after_a_sync_converge_too(devices, remote_url):
    laptop, desktop = devices
    study_apart(laptop, desktop)
    for device in (laptop, desktop, laptop):
        device.sync(remote_url)
    laptop.clock.advance(days=3)
    desktop.clock.advance(days=3)
    for item_id in CARD_IDS[:5]:
        desktop.rate(item_id, Rating.Good)
        laptop.rate(item_id, Rating.Again)
    for device in (desktop, laptop, desktop):
        device.sync(remote_url)
    assert laptop.states() == desktop.states()


def review_indexes(device: Device) -> list[tuple[str, str]]:
    with device.service.write_transaction() as db:
        return db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reviews'"
            " ORDER BY name"
        ).fetchall()


def test_a_pull_large_enough_to_rebuild_the_indexes_skips_the_reviews_it_holds(
    devices, remote_url, monkeypatch
):
    laptop, desktop = devices
    monkeypatch.setattr(review_write, "REBUILD_INDEXES_AT", 2)  # every pull counts as large
    study_apart(laptop, desktop)
    indexes = review_indexes(desktop)
    for device in (laptop, desktop, laptop):
        device.sync(remote_url)
    with desktop.service.write_transaction() as db:  # as if the pull's cursors were lost
        db.execute("DELETE FROM remote_cursors")
    assert desktop.sync(remote_url).pulled == 0
    assert desktop.log() == laptop.log()
    assert desktop.states() == laptop.states()
    assert review_indexes(desktop) == indexes
