"""The app's syncs with a remote: in the background on start, and once more on quit.

A sync talks to the network, so it never runs on the database thread the reviews use: it
opens its own store on a thread of its own, and the learner keeps reviewing meanwhile
(SQLite lets the two take turns writing). Its outcome, or the one-line reason it failed,
is shown as a notification.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studyapp.remote.address import Remote
    from studyapp.tui.backend import Backend

# Quitting waits this long for the last sync; what is not sent then goes next time.
QUIT_SYNC_TIMEOUT_S = 20.0


class RemoteSyncs:
    def __init__(self, backend: Backend) -> None:
        self._backend = backend
        self._lock = asyncio.Lock()

    def remote(self) -> Remote | None:
        from studyapp.remote import RemoteError
        from studyapp.remote.address import configured_remote

        try:
            return configured_remote(self._backend.config.home)
        except RemoteError:
            return None  # `studyapp remote status` explains it; the app studies on

    async def run(self) -> str | None:
        """Sync once the store is open; the outcome or the error on one line (None: no
        remote is set)."""
        remote = self.remote()
        if remote is None:
            return None
        async with self._lock:  # a sync on quit waits for the one from the start
            try:
                await self._backend.started()
            except Exception:  # noqa: BLE001 (the home screen reports a store that cannot open)
                return None
            try:
                message = await asyncio.to_thread(self._sync, remote)
            except Exception as exc:  # noqa: BLE001 (shown, never a traceback)
                return f"Sync failed: {remote.scrub(str(exc))}"
            service = self._backend.service
            if service is not None:  # pulled settings may be newer than config.toml
                await self._backend.call(service.adopt_synced_settings)
            return message

    def _sync(self, remote: Remote) -> str:
        from studyapp.remote import RemoteError
        from studyapp.remote.sync import sync
        from studyapp.scheduling.service import StudyService

        backend = self._backend
        service = StudyService.open(backend.config, backend.clock, tz=backend.tz, fuzz=backend.fuzz)
        try:
            outcome = sync(service, remote)
        except RemoteError as exc:
            return f"Sync failed: {exc}"
        finally:
            service.close()
        return outcome.describe().capitalize() + "."

    async def on_quit(self) -> str | None:
        try:
            return await asyncio.wait_for(self.run(), QUIT_SYNC_TIMEOUT_S)
        except TimeoutError:
            return "Sync on quit took too long; the next sync sends the rest."
