"""Adopted FSRS parameters travel as facts: every device rates each review with the set
in force at its time, so a set adopted (or given up) anywhere schedules everywhere alike."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from remote_support import CARD_IDS, Device, write_deck

from studyapp.scheduling import Rating
from studyapp.scheduling.fitting.memory import recompute_memory_states
from studyapp.scheduling.fitting.optimize import revert
from studyapp.scheduling.parameters import FSRS_DEFAULTS, parameters_in_force
from studyapp.store.queries import parameter_sets
from studyapp.store.queries.parameter_sets import ParameterSet
from studyapp.store.remote import server
from studyapp.store.times import from_millis, to_millis

# A learner whose first memories last far longer than FSRS's defaults say: an Easy first
# review comes back after 40 days instead of about 16.
OWN = (1.0, 3.0, 9.0, 40.0, *FSRS_DEFAULTS[4:])
OTHER = (0.5, 1.5, 5.0, 25.0, *FSRS_DEFAULTS[4:])


@pytest.fixture
def pair(tmp_path: Path):
    content = write_deck(tmp_path / "content")
    devices = Device(tmp_path / "laptop", content), Device(tmp_path / "desktop", content)
    yield devices
    for device in devices:
        device.close()


def adopt(device: Device, parameters: tuple[float, ...], deck_id: str | None = None) -> None:
    """Adopt a set as ``studyapp optimize`` does when a fit is better: recorded through the
    store's API, the items' memory states recomputed with it."""
    fit = ParameterSet(
        fitted_at=to_millis(device.clock.now),
        deck_id=deck_id,
        parameters=parameters,
        reviews=1000,
        log_loss_before=0.4,
        log_loss_after=0.3,
        rmse_before=0.05,
        rmse_after=0.02,
        adopted=True,
    )
    with device.service.write_transaction() as db:
        parameter_sets.record(db, fit)
        recompute_memory_states(db, deck_id)


def give_up(device: Device) -> ParameterSet | None:
    """``studyapp optimize --revert`` at the device's time."""
    with device.service._transaction() as connection:
        return revert(connection, now=device.clock.now)


def in_force(device: Device, deck_id: str | None = "d") -> tuple[float, ...]:
    with device.service.write_transaction() as db:
        return parameters_in_force(db, deck_id)


def schedule(state: tuple) -> tuple:
    """An item's state columns but its memory state (stability and difficulty)."""
    return state[:2] + state[4:]


def days_until_due(device: Device, item_id: str) -> float:
    due = from_millis(device.states()[item_id][4])
    return (due - device.clock.now) / timedelta(days=1)


def test_a_set_adopted_on_one_device_schedules_both_identically(pair, remote_url):
    laptop, desktop = pair
    for item_id in CARD_IDS[:4]:
        laptop.rate(item_id, Rating.Good)
        desktop.rate(item_id, Rating.Hard)
    for device in (laptop, desktop, laptop):
        device.sync(remote_url)
    before_adoption = laptop.states()

    adopt(laptop, OWN)
    laptop.rate("c4", Rating.Easy)
    desktop.clock.advance(minutes=30)  # after the adoption, which it has not heard of yet
    desktop.rate("c5", Rating.Easy)
    assert days_until_due(desktop, "c5") < 20  # rated with the defaults for now
    for device in (laptop, desktop, laptop):
        device.sync(remote_url)

    assert laptop.states() == desktop.states()
    assert in_force(laptop) == in_force(desktop) == OWN
    # Reviews made before the adoption keep their due dates; only the memory states follow.
    assert {i: schedule(laptop.states()[i]) for i in CARD_IDS[:4]} == {
        i: schedule(before_adoption[i]) for i in CARD_IDS[:4]
    }
    assert days_until_due(desktop, "c5") > 35  # replayed with the set in force at its time
    desktop.rate("c6", Rating.Easy)
    assert days_until_due(desktop, "c6") > 35  # and the desktop now rates with it


def test_a_later_revert_on_the_other_device_wins(pair, remote_url):
    laptop, desktop = pair
    adopt(laptop, OWN)
    for device in (laptop, desktop):
        device.sync(remote_url)
    assert in_force(desktop) == OWN

    desktop.clock.advance(hours=1)
    assert give_up(desktop).parameters == OWN  # a set this device never fitted
    desktop.rate("c0", Rating.Easy)
    laptop.clock.advance(hours=2)  # after the revert, not yet known here
    laptop.rate("c1", Rating.Easy)
    assert days_until_due(laptop, "c1") > 35
    for device in (laptop, desktop, laptop):
        device.sync(remote_url)

    assert in_force(laptop) == in_force(desktop) == FSRS_DEFAULTS
    assert laptop.states() == desktop.states()
    assert days_until_due(laptop, "c1") < 20


def test_a_later_adoption_wins_over_an_earlier_revert(pair, remote_url):
    laptop, desktop = pair
    adopt(laptop, OWN)
    for device in (laptop, desktop):
        device.sync(remote_url)
    laptop.clock.advance(minutes=10)
    give_up(laptop)
    desktop.clock.advance(minutes=20)
    adopt(desktop, OTHER)
    for device in (laptop, desktop, laptop):
        device.sync(remote_url)
    assert in_force(laptop) == in_force(desktop) == OTHER


def test_a_deck_set_from_another_device_schedules_that_deck_only(pair, remote_url):
    laptop, desktop = pair
    adopt(laptop, OWN, deck_id="d")
    laptop.sync(remote_url)
    desktop.sync(remote_url)
    assert in_force(desktop, "d") == OWN
    assert in_force(desktop, "elsewhere") == FSRS_DEFAULTS


def memory_and_due(device: Device) -> dict[str, tuple]:
    """Each reviewed item's stability, difficulty and due date."""
    return {i: (s[2], s[3], s[4]) for i, s in device.states().items() if s[0] != 0}


def test_an_adoption_gives_every_device_the_same_memory_states_due_dates_kept(pair, remote_url):
    laptop, desktop = pair
    desktop.clock.advance(seconds=30)
    for item_id in CARD_IDS:
        laptop.rate(item_id, Rating.Good)
        desktop.rate(item_id, Rating.Hard if item_id < "c5" else Rating.Easy)
    laptop.clock.advance(days=3)
    for item_id in CARD_IDS[:6]:
        laptop.rate(item_id, Rating.Good)
    for device in (laptop, desktop, laptop):
        device.sync(remote_url)
    before = memory_and_due(laptop)

    desktop.clock.advance(days=4)
    adopt(desktop, OWN)
    rewritten = memory_and_due(desktop)
    assert rewritten != before
    assert {i: due for i, (_s, _d, due) in rewritten.items()} == {
        i: due for i, (_s, _d, due) in before.items()
    }
    for device in (desktop, laptop):
        device.sync(remote_url)

    assert laptop.states() == desktop.states()
    # The replay's memory states are those the adoption wrote, to the last digits numpy's
    # arithmetic on one item rather than many may round differently.
    synced = memory_and_due(laptop)
    assert synced.keys() == rewritten.keys()
    for item_id, values in synced.items():
        assert values == pytest.approx(rewritten[item_id], rel=1e-12)


def test_facts_of_a_kind_this_version_does_not_know_are_kept_and_ignored(pair, remote_url):
    """What lets an older studyapp keep syncing with newer devices: it stores their new
    kinds of facts (as this version stores any) and schedules on with what it knows."""
    laptop, desktop = pair
    laptop.rate("c0", Rating.Good)
    laptop.sync(remote_url)
    now = to_millis(laptop.clock.now)
    future = (uuid.uuid4().hex, "someday:c0", json.dumps({"whatever": 1}), now)
    with psycopg.connect(remote_url, autocommit=True) as connection:
        server.push(connection, "a-newer-device", [], [future])
    states = laptop.states()
    outcome = laptop.sync(remote_url)
    assert outcome.pulled == 1
    assert laptop.states() == states
    desktop.sync(remote_url)
    assert desktop.states() == laptop.states()
    with laptop.service.write_transaction() as db:
        kept = db.execute("SELECT key FROM facts WHERE device_id = 'a-newer-device'").fetchall()
    assert kept == [("someday:c0",)]


def test_parameter_facts_with_more_than_this_version_knows_still_apply(pair, remote_url):
    laptop, _desktop = pair
    laptop.sync(remote_url)
    adopted = ParameterSet(0, None, OWN, 1000, 0.4, 0.3, 0.05, 0.02, True).to_fact()
    adopted["fitted_with"] = "a newer optimiser"  # a field added later
    now = to_millis(laptop.clock.now)
    facts = [
        (uuid.uuid4().hex, "parameters", json.dumps(adopted), now),
        (uuid.uuid4().hex, "parameters-pinned", json.dumps(True), now + 1),  # a new kind
    ]
    with psycopg.connect(remote_url, autocommit=True) as connection:
        server.push(connection, "a-newer-device", [], facts)
    assert laptop.sync(remote_url).pulled == 2
    assert in_force(laptop) == OWN
