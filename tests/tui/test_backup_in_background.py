"""The day's backup runs beside the review: no room for it is one warning, not a stop, and
quitting while it copies finishes it first, unless the learner quits again."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC

import pytest
from tui_support import settle

from studyapp.store.backup import list_backups
from studyapp.store.safekeeping import daily_backup
from studyapp.tui.app import create_app

SIZE = (100, 30)


async def wait_for_backup(pilot) -> None:
    backend = pilot.app.backend
    await backend.started()
    while backend._backup is None or backend._backup.is_alive():
        await asyncio.sleep(0.01)
    await settle(pilot)


async def test_the_days_backup_is_taken_while_the_learner_reviews(cards_app) -> None:
    async with cards_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "space", "3")
        await wait_for_backup(pilot)
        assert len(list_backups(cards_app.config.backup_dir)) == 1
        assert cards_app.backend.service.today().reviews == 1


async def test_no_room_for_the_backup_warns_once_and_the_review_goes_on(
    cards_app, monkeypatch
) -> None:
    monkeypatch.setattr(daily_backup, "_free_bytes", lambda folder: 0)
    async with cards_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await wait_for_backup(pilot)
        await pilot.press("space", "3")
        await settle(pilot)
        warnings = [str(n.message) for n in cards_app._notifications if "backup" in str(n.message)]
        assert len(warnings) == 1
        assert "today's backup was not taken: it needs about" in warnings[0]
        assert cards_app.backend.service.today().reviews == 1
    assert list_backups(cards_app.config.backup_dir) == []


@pytest.fixture
def held_copy(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """The day's backup waits, once started, until released: a copy longer than the
    session (seconds at a million reviews). Returns (copying, release)."""
    copying, release = threading.Event(), threading.Event()
    vacuum_into = daily_backup.DailyBackup._copy

    def held(self, source, target) -> None:
        target.write_bytes(b"")  # what VACUUM INTO has written so far
        copying.set()
        release.wait(30)
        vacuum_into(self, source, target)

    monkeypatch.setattr(daily_backup.DailyBackup, "_copy", held)
    return copying, release


async def quit_while_copying(pilot, copying: threading.Event) -> None:
    await pilot.press("enter", "space", "3")
    await asyncio.to_thread(copying.wait, 30)
    await pilot.press("q")
    await pilot.pause()


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_quitting_while_the_backup_copies_finishes_it_first(cards_app, held_copy) -> None:
    copying, release = held_copy
    async with cards_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await quit_while_copying(pilot, copying)
        assert cards_app.is_running
        assert any("Finishing today's backup (0% copied)" in n for n in notices(cards_app))
        release.set()
        await cards_app.backend.backup_done()
        for _ in range(100):
            if not cards_app.is_running:
                break
            await asyncio.sleep(0.01)
        assert not cards_app.is_running
    assert len(list_backups(cards_app.config.backup_dir)) == 1


async def test_quitting_again_leaves_the_backup_for_the_next_start(
    cards_app, held_copy, clock
) -> None:
    copying, release = held_copy
    async with cards_app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await quit_while_copying(pilot, copying)
        await pilot.press("q")
        release.set()  # (the copy, cancelled, never starts)
        await cards_app.backend.backup_done()
        for _ in range(100):
            if not cards_app.is_running:
                break
            await asyncio.sleep(0.01)
        assert not cards_app.is_running
    backup_dir = cards_app.config.backup_dir
    assert list_backups(backup_dir) == [] and not list(backup_dir.glob("*.partial"))
    again = create_app(cards_app.config, clock=clock, tz=UTC, fuzz=False)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await wait_for_backup(pilot)
    assert len(list_backups(backup_dir)) == 1
