"""The Textual application and its factory.

The app owns the backend (the study service on its own thread); screens reach it through
``self.app.backend``. Build it with ``create_app`` so tests can pass a temp home and a
fixed clock.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from studyapp.config import AppConfig
from studyapp.tui.backend import Backend
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
    ) -> None:
        super().__init__()
        self.config = config
        self.backend = Backend(config, clock, tz=tz, fuzz=fuzz)
        self.start_deck = deck_id

    def run(self, *args: Any, **kwargs: Any) -> None:  # App[None]: nothing else to return
        """Run the app, with everything imported so far frozen out of the garbage collector.

        Those objects (Textual, the content model, ...) live as long as the process; left
        in, a full collection rescans them during start-up and again all session long.
        """
        gc.freeze()
        return super().run(*args, **kwargs)

    def on_mount(self) -> None:
        if self.start_deck is None:
            from studyapp.tui.screens.home import HomeScreen  # lazy: a review may start at once

            self.push_screen(HomeScreen())
        else:
            self.open_deck(self.start_deck)

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

    def back_to_decks(self) -> None:
        """Leave a review, finish or stats screen for the decks (made if not yet shown)."""
        from studyapp.tui.screens.home import HomeScreen

        if any(isinstance(screen, HomeScreen) for screen in self.screen_stack):
            while not isinstance(self.screen, HomeScreen):
                self.pop_screen()
        else:
            self.switch_screen(HomeScreen())

    def on_unmount(self) -> None:
        self.backend.close()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_stats(self) -> None:
        from studyapp.tui.screens.stats import StatsScreen  # lazy: charts load on demand

        if self.backend.service is not None and not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen())


def create_app(
    config: AppConfig,
    clock: Callable[[], datetime] | None = None,
    deck_id: str | None = None,
    *,
    tz: tzinfo | None = None,
    fuzz: bool = True,
) -> StudyApp:
    """The review app over ``config``.

    ``deck_id`` starts reviewing that deck at once. ``clock`` (aware UTC), ``tz`` (whose
    calendar day is "today") and ``fuzz=False`` make a session reproducible (tests).
    """
    return StudyApp(config, clock=clock, deck_id=deck_id, tz=tz, fuzz=fuzz)
