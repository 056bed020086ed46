"""One item as written, with every review it had: rating, answer typed, verdict, mistake."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from studyapp.content.model import Card, Exercise, Item
from studyapp.scheduling import Rating
from studyapp.store.queries.search_index import readable_prompt
from studyapp.tui.format import display_path
from studyapp.tui.messages import ReportsFailures
from studyapp.tui.widgets.key_hints import KeyHints

if TYPE_CHECKING:
    from studyapp.store.queries.mistakes import HistoryEntry
    from studyapp.tui.app import StudyApp


class ItemHistoryScreen(ReportsFailures, Screen[None]):
    app: StudyApp

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter", "leave", "Back")]

    def __init__(self, item_id: str) -> None:
        super().__init__()
        self.item_id = item_id

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="item-history"):
            yield Static(self.item_id, id="history-item", markup=False)
            yield Static("Reading the history…", id="history-reviews")
        yield KeyHints()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="history", exit_on_error=False)
    async def load(self) -> None:
        backend = self.app.backend
        service = await backend.open()
        entries = await backend.call(service.history, self.item_id)
        item = service.content.item(self.item_id)
        # Off the event loop: filling a varied prompt loads the numeric references.
        prompt = await backend.call(readable_prompt, item) if isinstance(item, Exercise) else ""
        if self.is_attached:
            where = (
                None
                if item is None
                else display_path(item.source.path, self.app.config.content_dirs)
            )
            place = f"{where}:{item.source.line}" if item else ""
            text = item_text(self.item_id, item, place, prompt)
            self.query_one("#history-item", Static).update(text)
            self.query_one("#history-reviews", Static).update(history_table(entries))

    def action_leave(self) -> None:
        self.app.pop_screen()


def item_text(item_id: str, item: Item | None, where: str, prompt: str = "") -> Text:
    """The item as written; an exercise's ``prompt`` as read outside a review (its values
    filled in, see ``readable_prompt``)."""
    text = Text(f"{item_id}\n", style="bold")
    if item is None:
        return text.append("no longer in the content", style="italic")
    if isinstance(item, Card):
        question, answer = item.front, item.back
    elif isinstance(item, Exercise):
        question, answer = prompt or item.prompt, item.answer
    else:
        question, answer = item.prompt, "\n".join(step.content for step in item.steps)
    text.append(f"{item.item_kind} · {where}\n\n", style="dim")
    text.append(question + "\n\n")
    if isinstance(item, Exercise) and item.parameterised:
        text.append("(shown with its own values: each review draws new ones)\n\n", style="dim")
    return text.append(answer, style="green")


def history_table(entries: list[HistoryEntry]) -> Table | str:
    if not entries:
        return "Never reviewed."
    table = Table(title=f"{len(entries)} reviews", title_justify="left", expand=True)
    for column in ("When (UTC)", "Was", "Rating", "Answer", "Verdict", "Mistake"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        when = datetime.fromtimestamp(entry.reviewed_at / 1000, UTC)
        table.add_row(
            f"{when:%Y-%m-%d %H:%M}",
            entry.queue,
            Rating(entry.rating).name,
            entry.answer or "",
            entry.verdict or "",
            entry.mistake or "",
        )
    return table
