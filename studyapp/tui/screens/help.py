"""The key reference, shown over any screen with ``?``."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Everywhere",
        (
            ("?", "this help"),
            ("q, Ctrl+C", "quit (every rated item is already saved)"),
            ("t", "statistics"),
        ),
    ),
    (
        "Decks",
        (
            ("↑ ↓", "choose a deck"),
            ("Enter", "review the chosen deck (or all decks)"),
            ("r", "reload content from disk"),
            ("b", "browse and search every item"),
            ("m", "review repeated mistakes (with their topics' cards)"),
        ),
    ),
    (
        "Review",
        (
            ("Space, Enter", "show the answer"),
            ("1 2 3 4", "rate Again / Hard / Good / Easy (next interval on each)"),
            ("Enter", "after checking: accept the suggested rating"),
            ("u, Ctrl+Z", "undo the last rating or suspension (repeatable)"),
            ("s, !", "suspend this item"),
            ("e", "open the item's source file at its line in $EDITOR"),
            ("b", "browse and search every item"),
            ("Esc", "back to the decks"),
        ),
    ),
    (
        "Browser",
        (
            ("type", "search as you type (words, accents and case ignored, 中文)"),
            ("↓, Enter, Esc", "from the search box to the rows (/ goes back)"),
            ("Enter", "the item with its whole review history"),
            ("s / r / e", "suspend or unsuspend / forget (back to new) / edit the source"),
            ("u, Ctrl+Z", "undo a suspension or a forget made here"),
            ("PgDn, PgUp", "the next / previous rows"),
        ),
    ),
    (
        "Exercises",
        (
            ("type", "your answer as you would write it: x^2, ln x, √x, 2e^-x, 4,096"),
            ("Enter", "check the answer (empty: show the solution)"),
            ("Esc", "leave the answer box: keys are commands again (Tab returns)"),
            ("Ctrl+G", "a hint (a correct answer after hints suggests Hard)"),
        ),
    ),
    (
        "Derivations",
        (
            ("type", "one expression or equation per line, starting from what is given"),
            ("L = …", "names an expression, so diff(L, x) = 0 can follow"),
            ("Ctrl+G", "a hint (the author's, then the next reference step)"),
            ("Ctrl+S", "submit the derivation"),
        ),
    ),
    (
        "Finished",
        (
            ("r", "review what has become due since (a learning step)"),
            ("u, Ctrl+Z", "undo the last rating"),
            ("Esc, Enter", "back to the decks"),
        ),
    ),
    (
        "Statistics",
        (
            ("e", "save the HTML report (the path is shown)"),
            ("Esc", "back"),
        ),
    ),
)


def key_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for section, rows in KEYS:
        table.add_row(f"[u]{section}[/u]", "")
        for keys, meaning in rows:
            table.add_row(keys, meaning)
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,enter", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static("Keys  (Esc closes this help)", id="help-title")
            yield Static(key_table())

    def action_close(self) -> None:
        self.dismiss(None)
