"""Server down, wrong password, a cut network, concurrent syncs: one clear line, nothing
lost or duplicated, and the next sync finishes the work."""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from remote_support import CARD_IDS, PASSWORD, CuttingProxy, Device, write_deck

from studyapp.remote import RemoteError
from studyapp.remote import sync as remote_sync
from studyapp.scheduling import Rating


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return write_deck(tmp_path / "content")


@pytest.fixture
def laptop(tmp_path: Path, content: Path):
    device = Device(tmp_path / "laptop", content)
    yield device
    device.close()


@pytest.fixture
def desktop(tmp_path: Path, content: Path):
    device = Device(tmp_path / "desktop", content)
    yield device
    device.close()


def review_everything(device: Device, rounds: int) -> None:
    for _ in range(rounds):
        for item_id in CARD_IDS:
            device.rate(item_id, Rating.Good)
        device.clock.advance(days=2)


def server_review_count(url: str) -> int:
    with psycopg.connect(url) as connection:
        return connection.execute("SELECT count(*) FROM reviews").fetchone()[0]


def database(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def test_a_wrong_password_is_one_line_without_the_password(laptop, postgres, remote_url):
    review_everything(laptop, 1)
    wrong = postgres.url(database(remote_url), password="Wr0ng-Guess")
    with pytest.raises(RemoteError) as failure:
        laptop.sync(wrong)
    message = str(failure.value)
    assert "password authentication failed" in message
    assert "Wr0ng-Guess" not in message and PASSWORD not in message
    assert "learner:***@" in message and "\n" not in message
    assert laptop.sync(remote_url).pushed == 12 + 1  # the reviews and the settings


def test_a_server_that_is_down_then_back(laptop, desktop, postgres, remote_url):
    review_everything(laptop, 1)
    laptop.sync(remote_url)
    review_everything(laptop, 1)
    postgres.stop()
    try:
        with pytest.raises(RemoteError) as failure:
            laptop.sync(remote_url)
    finally:
        postgres.start()
    assert "cannot connect to the remote" in str(failure.value)
    assert PASSWORD not in str(failure.value)
    assert laptop.sync(remote_url).pushed == 12
    desktop.sync(remote_url)
    assert desktop.states() == laptop.states()


def test_the_server_restarts_between_a_push_and_a_pull(laptop, desktop, postgres, remote_url):
    review_everything(laptop, 2)
    laptop.sync(remote_url)
    postgres.stop()
    postgres.start()
    outcome = desktop.sync(remote_url)
    assert outcome.pulled == 24 + 1
    assert desktop.log() == laptop.log()
    assert desktop.states() == laptop.states()


def test_a_network_cut_mid_push_loses_and_duplicates_nothing(
    laptop, desktop, postgres, remote_url, monkeypatch
):
    review_everything(laptop, 10)  # 120 reviews
    monkeypatch.setattr(remote_sync, "PUSH_BATCH", 40)  # some batches get through
    proxy = CuttingProxy(f"{postgres.socket_dir}/.s.PGSQL.5432", cut_after=40_000)
    try:
        with pytest.raises(RemoteError) as failure:
            laptop.sync(proxy.url(database(remote_url)))
    finally:
        proxy.close()
    assert proxy.cuts == 1, failure.value
    assert "stopped" in str(failure.value) and "\n" not in str(failure.value)
    assert PASSWORD not in str(failure.value)
    committed = server_review_count(remote_url)
    assert 0 < committed < 120 and committed % 40 == 0

    laptop.sync(remote_url)
    assert server_review_count(remote_url) == 120
    desktop.sync(remote_url)
    assert desktop.log() == laptop.log()


def test_a_push_sent_twice_is_stored_once(laptop, remote_url):
    review_everything(laptop, 1)
    laptop.sync(remote_url)
    with laptop.service.write_transaction() as db:  # as if the reply to the push was lost
        db.execute("DELETE FROM meta WHERE key LIKE 'remote_pushed_%'")
    assert laptop.sync(remote_url).pushed == 0
    assert server_review_count(remote_url) == 12


def test_a_resent_batch_with_new_reviews_stores_only_the_new_ones(laptop, desktop, remote_url):
    review_everything(laptop, 1)
    laptop.sync(remote_url)
    with laptop.service.write_transaction() as db:  # the reply to that push was lost
        db.execute("DELETE FROM meta WHERE key LIKE 'remote_pushed_%'")
    review_everything(laptop, 1)  # and more reviews came since
    assert laptop.sync(remote_url).pushed == 12
    assert server_review_count(remote_url) == 24
    desktop.sync(remote_url)
    assert desktop.log() == laptop.log()
    assert desktop.states() == laptop.states()


def test_devices_syncing_at_the_same_moment(tmp_path, laptop, desktop, content, remote_url):
    review_everything(laptop, 3)
    review_everything(desktop, 2)
    twin = Device(laptop.home, content)  # a second process on the laptop's data
    assert twin.states() == laptop.states()  # its store opened here, not in a thread
    errors: list[BaseException] = []

    def run(device: Device) -> None:
        try:
            device.sync(remote_url)
        except BaseException as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(d,)) for d in (laptop, desktop, twin)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    twin.close()
    assert errors == []
    for device in (laptop, desktop, laptop):
        device.sync(remote_url)
    assert server_review_count(remote_url) == 36 + 24
    assert laptop.log() == desktop.log()
    assert laptop.states() == desktop.states()
