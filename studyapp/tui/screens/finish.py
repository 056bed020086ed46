"""Shown when nothing is left to review for now: the day's figures; undo still works."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from studyapp.tui.screens.error import ReportsFailures
from studyapp.tui.screens.home import progress_text

if TYPE_CHECKING:
    from studyapp.tui.app import StudyApp


class FinishScreen(ReportsFailures, Screen[None]):
    app: StudyApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "leave", "Decks"),
        Binding("u,ctrl+z", "undo", "Undo"),
    ]

    def __init__(self, deck_id: str | None) -> None:
        super().__init__()
        self.deck_id = deck_id

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="finish"):
            yield Static("Congratulations! You have finished for now.", id="finish-title")
            yield Static("", id="finish-progress")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, exit_on_error=False)
    async def load(self) -> None:
        backend = self.app.backend
        progress = await backend.call(backend.service.today)
        self.query_one("#finish-progress", Static).update(progress_text(progress))

    def action_leave(self) -> None:
        self.app.pop_screen()

    @work(exclusive=True, exit_on_error=False)
    async def action_undo(self) -> None:
        from studyapp.tui.screens.review import ReviewScreen

        backend = self.app.backend
        item_id = await backend.call(backend.service.undo)
        if item_id is None:
            self.notify("Nothing to undo.")
            return
        self.app.switch_screen(ReviewScreen(self.deck_id, resume_item=item_id))
