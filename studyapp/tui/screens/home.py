"""Home: the decks with what is due, the day's progress and the content's problems."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from studyapp.plural import plural
from studyapp.tui.format import display_path, format_duration
from studyapp.tui.messages import OpenBrowser, OpenReview, ReportsFailures
from studyapp.tui.widgets.key_hints import KeyHints

if TYPE_CHECKING:
    from studyapp.content.model import ContentProblem
    from studyapp.scheduling.service import DayProgress, DeckSummary, SyncReport
    from studyapp.tui.app import StudyApp

ALL_DECKS = "*"
COLUMNS = ("Deck", "New", "Learning", "Due", "Suspended", "Leeches", "Total")
MIN_DECK_WIDTH = 12
OPENING = "Opening your study data…"


class HomeScreen(ReportsFailures, Screen[None]):
    app: StudyApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "review", "Review", priority=True),
        Binding("r", "sync", "Reload content"),
        Binding("b", "browse", "Browse"),
        Binding("m", "mistakes", "Mistakes"),
    ]

    def __init__(self, start_deck: str | None = None) -> None:
        super().__init__()
        self.start_deck = start_deck
        self.ready = False
        self.review_when_ready = False  # Enter pressed while the store was still opening
        self.summaries: list[DeckSummary] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(OPENING, id="progress")
            yield Static("", id="mistakes")
            yield DataTable(id="decks", cursor_type="row", zebra_stripes=True)
            yield Static("", id="sync-status")
            with VerticalScroll(id="problems"):
                yield Static("", id="problem-list", markup=False)
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one("#problems").border_title = "Content problems"
        self.query_one("#problems").display = False
        self.query_one("#mistakes").display = False
        self.load()

    def on_screen_resume(self) -> None:
        if self.ready:
            self.refresh_summary()

    @work(exclusive=True, group="home", exit_on_error=False)
    async def load(self, reload: bool = False) -> None:
        """Show the decks at once, then open the store (or sync again) behind them.

        The first figures come from a quick read of the database when it can (see
        ``Backend.quick_home``); the store is opened once they are painted. A StoreError
        here shows the error screen (see ReportsFailures).
        """
        backend = self.app.backend
        if reload:
            self.query_one("#sync-status", Static).update("Reloading content…")
            report = await backend.call((await backend.open()).sync)
        else:
            await self._show_first_screen()
            report = await backend.started()
        status = sync_text(report)
        if not backend.service.content.decks:
            status += "\nNo decks yet: add a content folder with --content DIR."
        self.query_one("#sync-status", Static).update(status)
        self.show_problems(backend.service.content.problems)
        self.ready = True
        if self.start_deck is not None:  # the decks are refreshed when the review ends
            deck, self.start_deck = self.start_deck, None
            self.start_review(deck)
            return
        await self._refresh()
        if self.review_when_ready:
            self.review_when_ready = False
            self.action_review()

    async def _show_first_screen(self) -> None:
        """Fill the deck table from a quick read, then open the store behind it."""
        backend = self.app.backend
        home = None if backend.starting or self.start_deck else await backend.quick_home()
        if home is None:
            backend.start()
            return
        try:
            self.show_decks(home.summaries)
            self.query_one("#progress", Static).update(progress_text(home.progress))
            self.ready = True
        finally:  # whatever happened on screen, the store must open
            self.call_after_refresh(backend.start)

    @work(exclusive=True, group="home", exit_on_error=False)
    async def refresh_summary(self) -> None:
        await self._refresh()

    async def _refresh(self) -> None:
        service = self.app.backend.service
        if service is None:
            return
        summaries = await self.app.backend.call(service.deck_summaries)
        progress = await self.app.backend.call(service.today)
        repeated = await self.app.backend.call(service.mistake_drill)
        self.show_decks(summaries)
        self.query_one("#progress", Static).update(progress_text(progress))
        mistakes = self.query_one("#mistakes", Static)
        mistakes.display = bool(repeated)  # no empty line when there is nothing to say
        mistakes.update(mistakes_text(repeated))

    def on_resize(self) -> None:
        if self.summaries is not None:  # the deck titles' width follows the screen's
            self.show_decks(self.summaries)

    def show_decks(self, summaries: list[DeckSummary]) -> None:
        self.summaries = summaries
        table = self.query_one("#decks", DataTable)
        selected = table.cursor_row
        # Explicit widths: auto-sized columns settle a frame late after a refill. The
        # figures keep their width; long deck titles are cut so they all fit on screen.
        titles = ["All decks", *(summary.title for summary in summaries)]
        figures = [max(len(name), 5) for name in COLUMNS[1:]]
        padding = 2 * table.cell_padding * len(COLUMNS)
        home = self.query_one("#home")
        room = self.size.width - home.styles.gutter.width - sum(figures) - padding - 1
        deck_width = min(max(map(cell_len, titles)), max(room, MIN_DECK_WIDTH))
        table.clear(columns=True)
        for name, width in zip(COLUMNS, [deck_width, *figures], strict=True):
            table.add_column(name, key=name, width=width)
        table.add_row(*deck_row("All decks", summaries, deck_width), key=ALL_DECKS)
        for summary in summaries:
            table.add_row(*deck_row(summary.title, [summary], deck_width), key=summary.deck_id)
        table.move_cursor(row=min(selected, table.row_count - 1))
        table.focus()

    def show_problems(self, problems: list[ContentProblem]) -> None:
        panel = self.query_one("#problems")
        panel.display = bool(problems)
        panel.border_title = f"Content problems ({len(problems)})"
        dirs = self.app.config.content_dirs
        lines = [
            f"{display_path(p.source.path, dirs)}:{p.source.line}: {p.severity}: {p.message}"
            for p in problems
        ]
        self.query_one("#problem-list", Static).update("\n".join(lines))

    def action_review(self) -> None:
        if not self.ready:  # started as soon as the decks are known
            self.review_when_ready = True
            self.query_one("#progress", Static).update(f"{OPENING} the review starts next.")
            return
        table = self.query_one("#decks", DataTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self.start_review(None if key == ALL_DECKS else key)

    def action_sync(self) -> None:
        if not self.ready:
            self.notify("The content is still being loaded; r works once it is.")
            return
        self.ready = False
        self.load(reload=True)

    def start_review(self, deck_id: str | None) -> None:
        self.post_message(OpenReview(self, deck_id))

    def action_browse(self) -> None:
        self.post_message(OpenBrowser(self))

    def action_mistakes(self) -> None:
        """Review what keeps going wrong (of every deck: mistakes cut across them)."""
        if not self.ready:
            self.notify("Your study data is still opening; m works once it is.")
            return
        self.post_message(OpenReview(self, None, mistakes=True))


def deck_row(title: str, summaries: list[DeckSummary], width: int) -> list[str | Text]:
    def total(field: str) -> int:
        return sum(getattr(s, field) for s in summaries)

    label = Text(title)
    label.truncate(width, overflow="ellipsis")
    return [
        label,
        Text(str(total("new")), style="bold blue"),
        Text(str(total("learning")), style="bold red"),
        Text(str(total("review")), style="bold green"),
        str(total("suspended")),
        Text(str(total("leeches")), style="bold yellow") if total("leeches") else "0",
        str(total("total")),
    ]


def progress_text(progress: DayProgress) -> str:
    return (
        f"Today: {progress.reviews} reviewed · {progress.new_seen} new · "
        f"{progress.again} again · {format_duration(progress.time_spent)}"
    )


def mistakes_text(drill: list[str]) -> Text:
    return Text.assemble(
        ("Mistakes: ", "bold yellow"),
        f"{plural(len(drill), 'item')} to go over (repeated mistakes and their topics); m reviews them",
    )


def sync_text(report: SyncReport) -> str:
    counts = [f"{report.added} added", f"{report.updated} updated"]
    # Moves and revivals are rare: named only when they happened, so a returning card shows.
    counts += [
        f"{n} {what}" for n, what in ((report.moved, "moved"), (report.revived, "revived")) if n
    ]
    counts += [f"{report.retired} retired", f"{report.unchanged} unchanged"]
    return "Content: " + ", ".join(counts)
