"""A replay reuses the snapshots reviews recorded only where rating again gives the same.

Every check compares against a replay that rates every review again (the snapshots'
fingerprints taken away), so a shortcut that trusted a snapshot wrongly shows up here.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from remote_support import CARD_IDS, Device, write_deck

from studyapp.scheduling import Rating
from studyapp.scheduling.in_force import SchedulingSettings, Timeline
from studyapp.scheduling.replay import replay, replay_items
from studyapp.store.queries.item_log import ItemLog, item_logs
from studyapp.store.review_write import STATE_COLUMNS

DAY_MS = 86_400_000


@pytest.fixture
def devices(tmp_path: Path):
    content = write_deck(tmp_path / "content")
    laptop = Device(tmp_path / "laptop", content)
    desktop = Device(tmp_path / "desktop", content)
    yield laptop, desktop
    laptop.close()
    desktop.close()


def rated_again(log: ItemLog) -> ItemLog:
    """The log with nothing recorded to reuse: a replay of it rates every review."""
    return replace(log, reviews=[replace(r, scheduled_with=None) for r in log.reviews])


def logs_of(device: Device) -> tuple[dict[str, ItemLog], Timeline]:
    with device.service.write_transaction() as db:
        return item_logs(db, CARD_IDS), device.service.timeline(db)


def states_rated_again(device: Device) -> dict[str, tuple]:
    logs, timeline = logs_of(device)
    states = {item_id: replay(item_id, rated_again(log), timeline) for item_id, log in logs.items()}
    return {item_id: tuple(s[c] for c in STATE_COLUMNS) for item_id, s in states.items()}


def study_for_months(device: Device) -> None:
    """Reviews of every card when it falls due, for long enough that intervals get fuzz."""
    ratings = [Rating.Good, Rating.Good, Rating.Easy, Rating.Hard, Rating.Good, Rating.Again]
    for n in range(40):
        for entry in device.service.due()[:6]:
            device.rate(entry.id, ratings[(n + len(entry.id)) % len(ratings)], minutes_later=2)
        device.clock.advance(days=3)


def test_a_review_records_exactly_what_rating_it_again_computes(devices):
    laptop, _ = devices
    study_for_months(laptop)
    logs, timeline = logs_of(laptop)
    fuzzed = 0
    for item_id, log in logs.items():
        for n, review in enumerate(log.reviews):
            recorded = json.loads(review.state_after)
            upto = replace(log, reviews=log.reviews[: n + 1])
            assert replay(item_id, rated_again(upto), timeline) == {
                c: recorded[c] for c in STATE_COLUMNS
            }
            fuzzed += recorded["due"] - review.reviewed_at > 3 * DAY_MS
    assert fuzzed > 20  # intervals long enough for the seeded fuzz to draw
    assert laptop.states() == states_rated_again(laptop)


def test_a_chain_of_one_device_reviews_is_recognised_by_its_text(devices, remote_url):
    laptop, desktop = devices
    study_for_months(laptop)
    laptop.sync(remote_url)
    desktop.sync(remote_url)  # the laptop's snapshots, as the server's JSON gives them back
    for device in (laptop, desktop):
        logs, _ = logs_of(device)
        unchained = [
            n for log in logs.values() for n, r in enumerate(log.reviews) if not r.follows_previous
        ]
        assert unchained and set(unchained) == {0}  # each item's first review only


def test_a_snapshot_from_other_settings_is_rated_again(devices):
    laptop, _ = devices
    study_for_months(laptop)
    logs, timeline = logs_of(laptop)
    stricter = replace(timeline.at(0), desired_retention=0.8)
    other = Timeline([], stricter, fuzz=True)
    changed = 0
    for item_id, log in logs.items():
        replayed = replay(item_id, log, other)
        assert replayed == replay(item_id, rated_again(log), other)
        changed += replayed != replay(item_id, log, timeline)
    assert changed > 0


def test_fuzz_off_and_on_are_different_schedulers():
    settings = SchedulingSettings(0.9, (1, 10), (10,), 8)
    assert settings.fingerprint(fuzz=True) != settings.fingerprint(fuzz=False)
    assert settings.fingerprint(fuzz=True) == settings.scheduler(fuzz=True).fingerprint


def test_synced_devices_hold_what_rating_every_review_again_gives(devices, remote_url):
    laptop, desktop = devices
    study_for_months(laptop)
    laptop.sync(remote_url)
    desktop.sync(remote_url)
    desktop.clock.now = laptop.clock.now
    for n, item_id in enumerate(CARD_IDS):
        desktop.rate(item_id, Rating.Good, minutes_later=1)
        if n % 3 == 0:  # interleaved: the laptop reviews in between, offline
            laptop.clock.now = desktop.clock.now
            laptop.rate(item_id, Rating.Again, minutes_later=0.5)
    desktop.service.undo()
    laptop.service.suspend(CARD_IDS[1])
    for device in (desktop, laptop, desktop):
        device.sync(remote_url)
    assert laptop.states() == desktop.states()
    assert laptop.states() == states_rated_again(laptop)
    assert desktop.states() == states_rated_again(desktop)


def test_replaying_an_item_whose_log_is_one_chain_changes_nothing(devices):
    laptop, _ = devices
    study_for_months(laptop)
    before = laptop.states()
    with laptop.service.write_transaction() as db:
        replay_items(db, CARD_IDS, laptop.service.timeline(db))
    assert laptop.states() == before
