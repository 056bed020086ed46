"""The Textual application and its factory.

The app owns the backend (the study service on its own thread); screens reach it through
``self.app.backend`` and hand widgets what they need. The app alone decides which screen
comes next: screens post the requests of ``studyapp.tui.messages`` and never import each
other. Build it with ``create_app`` so tests can pass a temp home and a fixed clock.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from studyapp.config import AppConfig
from studyapp.store.errors import StoreError
from studyapp.tui.backend import Backend
from studyapp.tui.messages import (
    BackToDecks,
    OpenBrowser,
    OpenReview,
    QueueFinished,
    ScreenRequest,
    ShowItem,
    WorkFailed,
)
from studyapp.tui.remote_sync import RemoteSyncs
from studyapp.tui.screens.help import HelpScreen


class StudyApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "studyapp"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        # Ctrl+C must quit (not copy): every acknowledged review is already committed.
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("t", "stats", "Stats", show=False),
    ]

    def __init__(
        self,
        config: AppConfig,
        clock: Callable[[], datetime] | None = None,
        deck_id: str | None = None,
        tz: tzinfo | None = None,
        fuzz: bool = True,
        mistakes: bool = False,
    ) -> None:
        super().__init__()
        self.config = config
        self.backend = Backend(config, clock, tz=tz, fuzz=fuzz)
        self.backend.on_warning = self._warn_from_thread
        self.start_deck = deck_id
        self.start_mistakes = mistakes
        self.quitting = False  # set by quit: keys already typed open no more screens
        self.finishing_backup = False  # quitting once the day's backup is copied
        self.remote_syncs = RemoteSyncs(self.backend)
        self.last_sync: str | None = None  # the latest sync's outcome, as shown

    def run(self, *args: Any, **kwargs: Any) -> None:  # App[None]: nothing else to return
        """Run the app, with everything imported so far frozen out of the garbage collector.

        Those objects (Textual, the content model, ...) live as long as the process; left
        in, a full collection rescans them during start-up and again all session long.
        """
        gc.freeze()
        return super().run(*args, **kwargs)

    def on_mount(self) -> None:
        if self.start_mistakes:
            from studyapp.tui.screens.review import ReviewScreen

            self.push_screen(ReviewScreen(self.start_deck, mistakes=True))
        elif self.start_deck is None:
            from studyapp.tui.screens.home import HomeScreen  # lazy: a review may start at once

            self.push_screen(HomeScreen())
        else:
            self.open_deck(self.start_deck)
        if self.remote_syncs.remote() is not None:
            self.sync_with_remote()

    @work(exit_on_error=False, group="remote")
    async def sync_with_remote(self) -> None:
        """Sync in the background once the screens have opened the store; say how it went."""
        self._show_sync(await self.remote_syncs.run())

    def _show_sync(self, message: str | None) -> None:
        if message is not None:
            self.last_sync = message
            failed = not message.startswith("Synced")
            self.notify(message, severity="warning" if failed else "information", timeout=8)

    @work(exit_on_error=False)
    async def open_deck(self, deck_id: str) -> None:
        """Start in the deck's review: straight from a quick read when there is one.

        Without one (first run, a schema to migrate, a damaged file) the home screen opens
        the store, reports any problem, and then starts the review.
        """
        from studyapp.tui.screens.review import ReviewScreen

        quick = await self.backend.quick_review(deck_id)
        if quick is None:
            from studyapp.tui.screens.home import HomeScreen

            self.push_screen(HomeScreen(start_deck=deck_id))
        else:
            self.push_screen(ReviewScreen(deck_id, quick=quick))

    # --- navigation: what each screen's request leads to -----------------------------

    def on_open_review(self, request: OpenReview) -> None:
        """A review goes above the decks; from a finish screen it takes that screen's place."""
        from studyapp.tui.screens.home import HomeScreen
        from studyapp.tui.screens.review import ReviewScreen

        if self.bring_forward(request):
            review = ReviewScreen(
                request.deck_id, resume_item=request.resume_item, mistakes=request.mistakes
            )
            if isinstance(request.screen, HomeScreen):
                self.push_screen(review)
            else:
                self.switch_screen(review)

    def on_open_browser(self, request: OpenBrowser) -> None:
        """The browser goes above the asking screen; leaving it goes back there."""
        from studyapp.tui.screens.browser import BrowserScreen

        if self.bring_forward(request):
            self.open_screen(BrowserScreen())

    def on_show_item(self, request: ShowItem) -> None:
        from studyapp.tui.screens.item_history import ItemHistoryScreen

        if self.bring_forward(request):
            self.open_screen(ItemHistoryScreen(request.item_id))

    def on_queue_finished(self, request: QueueFinished) -> None:
        from studyapp.tui.screens.finish import FinishScreen

        if self.bring_forward(request):
            self.switch_screen(FinishScreen(request.deck_id))

    def on_back_to_decks(self, request: BackToDecks) -> None:
        """Leave a review or finish screen for the decks (made if not yet shown)."""
        from studyapp.tui.screens.home import HomeScreen

        if not self.bring_forward(request):
            return
        if any(isinstance(screen, HomeScreen) for screen in self.screen_stack):
            while not isinstance(self.screen, HomeScreen):
                self.pop_screen()
        else:
            self.switch_screen(HomeScreen())

    def on_work_failed(self, request: WorkFailed) -> None:
        """A store error ends the session with its message; anything else is reported."""
        from studyapp.tui.screens.error import ErrorScreen

        if isinstance(request.error, StoreError):
            if not self.quitting and not isinstance(self.screen, ErrorScreen):
                self.push_screen(ErrorScreen(str(request.error)))
            return
        self.notify(f"Something went wrong: {request.error}", severity="error", timeout=15)

    def bring_forward(self, request: ScreenRequest) -> bool:
        """Whether ``request`` is still to be followed, its screen then on top.

        Dropped once the app is quitting or the asking screen is gone (keys typed in a burst
        can ask twice); a screen shown over the asking one (help, statistics) is closed.
        """
        if self.quitting or request.screen not in self.screen_stack:
            return False
        while self.screen is not request.screen:
            self.pop_screen()
        return True

    def open_screen(self, screen: Screen[None]) -> None:
        """Show ``screen`` over the current one, unless it is already shown or the app quits."""
        if not self.quitting and type(self.screen) is not type(screen):
            self.push_screen(screen)

    def on_unmount(self) -> None:
        self.backend.close()

    async def action_quit(self) -> None:
        """Quit; with a remote set, sync the session's reviews first (time-limited). The
        day's backup, if still copying, is finished first, unless quit is asked again."""
        if self.finishing_backup:
            self.backend.cancel_backup()  # the waiting quit goes on as soon as it stops
            return
        self.quitting = True
        if self.remote_syncs.remote() is not None and self.backend.starting:
            self.notify("Syncing with the remote before quitting…", timeout=30)
            self._show_sync(await self.remote_syncs.on_quit())
        progress = self.backend.backup_progress()
        if progress is not None:
            self.finishing_backup = True
            self.notify(
                f"Finishing today's backup ({progress:.0%} copied)… "
                "press q again to quit now and take it on the next start.",
                timeout=600,
            )
            self.quit_after_backup()
            return
        await super().action_quit()

    @work(exit_on_error=False, group="backup")
    async def quit_after_backup(self) -> None:
        """Quit once the day's backup has ended (copied, or stopped by a second quit)."""
        await self.backend.backup_done()
        self.exit()

    def _warn_from_thread(self, message: str) -> None:
        """Show a warning the backend found on another thread (e.g. no room for a backup)."""
        with contextlib.suppress(RuntimeError):  # the app is closing: nobody to tell
            self.call_from_thread(self.notify, message, severity="warning", timeout=30)

    def action_help(self) -> None:
        self.open_screen(HelpScreen())

    def action_stats(self) -> None:
        from studyapp.tui.screens.stats import StatsScreen  # lazy: charts load on demand

        self.open_screen(StatsScreen())  # it waits for the store if it is still opening


def create_app(
    config: AppConfig,
    clock: Callable[[], datetime] | None = None,
    deck_id: str | None = None,
    *,
    tz: tzinfo | None = None,
    fuzz: bool = True,
    mistakes: bool = False,
) -> StudyApp:
    """The review app over ``config``.

    ``deck_id`` starts reviewing that deck at once; ``mistakes`` starts the mistakes review
    (of that deck, or of all). ``clock`` (aware UTC), ``tz`` (whose
    calendar day is "today") and ``fuzz=False`` make a session reproducible (tests).
    """
    return StudyApp(config, clock=clock, deck_id=deck_id, tz=tz, fuzz=fuzz, mistakes=mistakes)
