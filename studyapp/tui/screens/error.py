"""Errors the user can act on, shown instead of a traceback."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from studyapp.store.errors import StoreError
from studyapp.tui.widgets.key_hints import KeyHints


class ErrorScreen(Screen[None]):
    """The store cannot be used (damaged, locked, unwritable): say why, then quit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "app.quit", "Quit", show=False)
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="error"):
            yield Static("studyapp cannot continue", id="error-title")
            yield Static(self.message, id="error-message", markup=False)
        yield KeyHints()


def show_failure(app: App, error: BaseException | None) -> None:
    """A store error ends the session with its message; anything else is reported."""
    if isinstance(error, StoreError):
        if not isinstance(app.screen, ErrorScreen):
            app.push_screen(ErrorScreen(str(error)))
        return
    app.notify(f"Something went wrong: {error}", severity="error", timeout=15)


class ReportsFailures:
    """For screens whose workers (run with ``exit_on_error=False``) use the store."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            show_failure(event.worker.node.app, event.worker.error)
