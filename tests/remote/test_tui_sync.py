"""The app syncs in the background on start and again on quit, while reviews go on."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from datetime import UTC
from pathlib import Path

import psycopg
import pytest
from remote_support import CARD_IDS, START, Device, write_deck
from textual.worker import WorkerCancelled, WorkerFailed

from studyapp.config import load_config
from studyapp.scheduling import Rating
from studyapp.tui import remote_sync
from studyapp.tui.app import create_app
from studyapp.tui.screens.review import ReviewScreen


async def settle(pilot) -> None:
    for _ in range(400):
        await pilot.pause(0.02)
        for worker in list(pilot.app.workers):
            with contextlib.suppress(WorkerFailed, WorkerCancelled):
                await worker.wait()
        if not any(worker.is_running for worker in pilot.app.workers):
            return
    raise AssertionError("the app did not settle")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return write_deck(tmp_path / "content")


def server_reviews(url: str) -> int:
    with psycopg.connect(url) as connection:
        return connection.execute("SELECT count(*) FROM reviews").fetchone()[0]


def test_the_app_pulls_on_start_and_pushes_on_quit(tmp_path, content, remote_url, monkeypatch):
    desktop = Device(tmp_path / "desktop", content)
    for item_id in CARD_IDS[:3]:
        desktop.rate(item_id, Rating.Good)
    desktop.sync(remote_url)
    desktop.close()
    monkeypatch.setenv("STUDYAPP_REMOTE", remote_url)
    config = load_config(home=tmp_path / "laptop", content=[str(content)], include_bundled=False)
    app = create_app(config, clock=lambda: START.replace(hour=13), tz=UTC, fuzz=False)

    async def session() -> None:
        async with app.run_test() as pilot:
            await settle(pilot)
            assert app.last_sync == "Synced: 1 sent, 4 received, 3 items rescheduled."
            await pilot.press("enter")  # start the review
            await settle(pilot)
            assert isinstance(app.screen, ReviewScreen)
            await pilot.press("space", "3")  # one review in the session
            await settle(pilot)
            await pilot.press("q")
            await settle(pilot)

    asyncio.run(session())
    assert app.last_sync == "Synced: 1 sent, 0 received, 0 items rescheduled."
    assert server_reviews(remote_url) == 4


def test_a_failing_sync_is_shown_and_the_review_goes_on(tmp_path, content, postgres, monkeypatch):
    url = postgres.url("no_such_database")
    monkeypatch.setenv("STUDYAPP_REMOTE", url)
    config = load_config(home=tmp_path / "laptop", content=[str(content)], include_bundled=False)
    app = create_app(config, clock=lambda: START, tz=UTC, fuzz=False)

    async def session() -> None:
        async with app.run_test() as pilot:
            await settle(pilot)
            assert app.last_sync is not None and app.last_sync.startswith("Sync failed:")
            assert "***" in app.last_sync and "s3cret" not in app.last_sync
            await pilot.press("enter", "space", "3")
            await settle(pilot)
            assert isinstance(app.screen, ReviewScreen)  # still reviewing

    asyncio.run(session())
    with sqlite3.connect(config.db_path) as db:
        assert db.execute("SELECT count(*) FROM reviews").fetchone()[0] == 1


class LockedServer:
    """Holds the devices table locked, so that a sync waits on the server (a slow or busy
    one) for as long as the test keeps it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.holder = psycopg.connect(url)
        self.holder.execute("LOCK TABLE devices IN ACCESS EXCLUSIVE MODE")

    def someone_waits(self) -> bool:
        with psycopg.connect(self.url, autocommit=True) as watcher:
            row = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND datname = current_database()"
            ).fetchone()
        return row[0] > 0

    def release(self) -> None:
        if not self.holder.closed:
            self.holder.commit()
            self.holder.close()


async def wait_until(pilot, condition, seconds: float = 30) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the condition never held")


def reviews_in(config) -> int:
    with sqlite3.connect(config.db_path) as db:
        return db.execute("SELECT count(*) FROM reviews").fetchone()[0]


def test_reviews_go_on_while_the_start_sync_waits_on_the_server(
    tmp_path, content, remote_url, monkeypatch
):
    desktop = Device(tmp_path / "desktop", content)
    desktop.rate("c0", Rating.Good)
    desktop.sync(remote_url)
    desktop.close()
    monkeypatch.setenv("STUDYAPP_REMOTE", remote_url)
    config = load_config(home=tmp_path / "laptop", content=[str(content)], include_bundled=False)
    app = create_app(config, clock=lambda: START.replace(hour=13), tz=UTC, fuzz=False)
    server = LockedServer(remote_url)

    async def session() -> None:
        async with app.run_test() as pilot:
            try:
                await wait_until(pilot, server.someone_waits)  # the sync is stuck there
                await pilot.press("enter")
                await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
                await pilot.press("space", "3")
                await wait_until(pilot, lambda: reviews_in(config) == 1)
                await pilot.press("space", "3")
                await wait_until(pilot, lambda: reviews_in(config) == 2)
                assert app.last_sync is None  # still waiting, and nobody else did
            finally:
                server.release()  # a failed check must not leave the sync stuck
            await wait_until(pilot, lambda: app.last_sync is not None)
            assert app.last_sync.startswith("Synced:")
            assert app.last_sync in [str(n.message) for n in app._notifications]

    asyncio.run(session())
    assert reviews_in(config) >= 3  # the two made meanwhile and the desktop's


def test_quitting_waits_for_a_stuck_sync_only_so_long(tmp_path, content, remote_url, monkeypatch):
    desktop = Device(tmp_path / "desktop", content)
    desktop.sync(remote_url)
    monkeypatch.setenv("STUDYAPP_REMOTE", remote_url)
    monkeypatch.setattr(remote_sync, "QUIT_SYNC_TIMEOUT_S", 0.5)
    config = load_config(home=tmp_path / "laptop", content=[str(content)], include_bundled=False)
    app = create_app(config, clock=lambda: START.replace(hour=13), tz=UTC, fuzz=False)

    async def session() -> None:
        async with app.run_test() as pilot:
            await settle(pilot)  # the sync on start is done
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen))
            await pilot.press("space", "3")
            await wait_until(pilot, lambda: reviews_in(config) == 1)
            server = LockedServer(remote_url)
            try:
                await pilot.press("q")
                await wait_until(
                    pilot, lambda: app.last_sync is not None and "long" in app.last_sync
                )
            finally:
                server.release()  # the sync left behind finishes in its thread

    asyncio.run(session())
    assert app.last_sync == "Sync on quit took too long; the next sync sends the rest."
    desktop.sync(remote_url)
    assert [item for item, *_ in desktop.log().values()] == ["c0"]  # it reached the server
    desktop.close()
