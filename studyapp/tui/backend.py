"""Runs the study service and the answer checker off the event loop.

Every StudyService call goes through one dedicated thread: SQLite work never stalls the
screen, calls never interleave, and awaiting ``call`` for a review means the review is
committed before the caller shows the next item. The first screen is drawn from a quick
read of the database (``studyapp.scheduling.quick``) and the screens call ``start`` once
it is painted: opening and syncing the store then runs while the learner reads. Checker calls (grading, derivation lines,
hints, warm-up) go through a second thread, one at a time: each is capped by the sandbox,
and serialising them keeps the sandbox pool from starting worker processes concurrently.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from studyapp.config import AppConfig

if TYPE_CHECKING:
    from studyapp.content.model import Exercise
    from studyapp.scheduling.quick import QuickHome, QuickReview
    from studyapp.scheduling.service import StudyService, SyncReport
    from studyapp.scheduling.variant import ExerciseVariant

P = ParamSpec("P")
T = TypeVar("T")


class Backend:
    def __init__(
        self,
        config: AppConfig,
        clock: Callable[[], datetime] | None = None,
        tz: tzinfo | None = None,
        fuzz: bool = True,
    ) -> None:
        self.config = config
        self.clock = clock
        self.tz = tz
        self.fuzz = fuzz
        self.service: StudyService | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="studyapp-db")
        self._checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="studyapp-checker")
        self._started: Future[SyncReport] = Future()
        self._starting = False
        self._backup: threading.Thread | None = None
        self.on_warning: Callable[[str], None] | None = None  # told from another thread

    async def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``fn`` on the database thread and wait for it without blocking the loop."""
        return await asyncio.wrap_future(self._executor.submit(fn, *args, **kwargs))

    async def check(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a checker function (which blocks until the sandbox answers) on its thread."""
        start_process_helpers()
        return await asyncio.wrap_future(self._checker.submit(fn, *args, **kwargs))

    async def quick_review(self, deck_id: str | None) -> QuickReview | None:
        """The first item of a review, read without opening the store (None: no shortcut)."""
        from studyapp.scheduling.quick import quick_review

        return await self.call(quick_review, self.config, deck_id, self.clock, self.tz)

    async def quick_home(self) -> QuickHome | None:
        """The home screen's figures, read without opening the store (None: no shortcut)."""
        from studyapp.scheduling.quick import quick_home

        return await self.call(quick_home, self.config, self.clock, self.tz)

    async def exercise_variant(self, exercise: Exercise) -> ExerciseVariant:
        """The version of ``exercise`` to show now (a fresh draw if it varies its givens)."""
        from studyapp.scheduling.variant import exercise_variant

        return await self.call(exercise_variant, exercise)

    @property
    def starting(self) -> bool:
        """Whether ``start`` has been called (the store is opening or open)."""
        return self._starting

    def start(self) -> None:
        """Open the store and sync the content on the database thread (once; idempotent)."""
        if not self._starting:
            self._starting = True
            self._executor.submit(self._open_and_sync)

    async def started(self) -> SyncReport:
        """Wait for ``start`` (without calling it); raises StoreError with a user message.

        Shielded: several screens wait on the one opening, and a screen closed while it
        waits must not cancel the opening for the others (a cancelled wrapper would
        cancel the shared future)."""
        return await asyncio.shield(asyncio.wrap_future(self._started))

    async def open(self) -> StudyService:
        """The opened and synced service, starting it if nobody has; raises like ``started``."""
        self.start()
        await self.started()
        assert self.service is not None
        return self.service

    def _open_and_sync(self) -> None:
        from studyapp.scheduling.service import StudyService

        try:
            self.service = StudyService.open(self.config, self.clock, tz=self.tz, fuzz=self.fuzz)
            self._started.set_result(self.service.sync())
        except BaseException as exc:  # noqa: BLE001 (handed to whoever awaits started())
            self._started.set_exception(exc)
            return
        # The first card is on screen by now (start is called once it is painted); the
        # day's backup copies on its own thread and connection, so reviews never wait.
        self._backup = threading.Thread(
            target=self._back_up, args=(self.service,), name="studyapp-backup"
        )
        self._backup.start()

    def _back_up(self, service: StudyService) -> None:
        warning = service.backup_if_due()
        if warning and self.on_warning is not None:
            self.on_warning(warning)

    def backup_progress(self) -> float | None:
        """How much of the day's backup is copied (0 to 1), None when none is under way."""
        if self.service is None or self._backup is None or not self._backup.is_alive():
            return None
        return self.service.daily_backup.progress() or 0.0

    async def backup_done(self) -> None:
        """Wait for the day's backup under way, if any, to end."""
        if self._backup is not None:
            await asyncio.to_thread(self._backup.join)

    def cancel_backup(self) -> None:
        """Stop the day's backup under way (its partial copy is removed); the next start
        takes it again."""
        if self.service is not None:
            self.service.daily_backup.cancel()

    def close(self) -> None:
        """Finish pending writes, then close the store (called once, on exit).

        The close is queued behind whatever the database thread is doing, so a store still
        being opened when the app quits is closed too, once it is open.
        """
        self._executor.submit(self._close_service)
        self._executor.shutdown(wait=True)
        if self._backup is not None:
            self._backup.join()
        self._checker.shutdown(wait=False, cancel_futures=True)  # pending checks are moot

    def _close_service(self) -> None:
        if self.service is not None:
            self.service.daily_backup.cancel()  # a copy under way stops; the next start retakes it
            self.service.close()
            self.service = None


def start_process_helpers() -> None:
    """Start multiprocessing's resource tracker, which the checker's sandbox needs, once.

    The tracker's child inherits ``sys.stderr.fileno()``; inside a running app stderr is
    Textual's capture (fileno -1) and the launch would fail, so the process's own stderr
    stands in while it starts. Done on first use: a card-only session never pays for it.
    """
    if os.name == "posix":
        from multiprocessing import resource_tracker

        with contextlib.redirect_stderr(sys.__stderr__ or sys.stderr):
            resource_tracker.ensure_running()
