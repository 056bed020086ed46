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
