"""Errors the user can act on, shown instead of a traceback."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

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
