"""The day's backup runs beside the review: no room for it is one warning, not a stop."""

from __future__ import annotations

import asyncio

from tui_support import settle

from studyapp.store.backup import list_backups
from studyapp.store.safekeeping import daily_backup

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
