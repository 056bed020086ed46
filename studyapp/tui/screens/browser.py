"""The browser: find any item as you type, filter by deck, state and kind, act on a row.

The list is one window of rows read from SQL (``PAGE_ROWS`` at a time, PgDn/PgUp move it),
never every item. On a row: Enter shows it with its history, ``s`` suspends or unsuspends,
``r`` forgets (back to new, history kept), ``e`` opens its source in $EDITOR, ``u`` undoes
the suspensions and forgets made here. While the search box has focus, letters are text.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static

from studyapp.store.item_conditions import Queue
from studyapp.store.queries.browse import KINDS, MATCH_END, MATCH_START, STATE_CONDITIONS
from studyapp.store.queries.search_index import shown
from studyapp.tui.editor import edit_source
from studyapp.tui.format import format_interval
from studyapp.tui.messages import ReportsFailures, ShowItem
from studyapp.tui.widgets.filter_choice import FilterChoice
from studyapp.tui.widgets.item_rows import ItemRows
from studyapp.tui.widgets.key_hints import KeyHints

if TYPE_CHECKING:
    from studyapp.store.queries.browse import FoundItem
    from studyapp.tui.app import StudyApp

PAGE_ROWS = 100
COUNT_CAP = 1_000  # beyond it the status line says "1,000+"
SEARCH_DELAY_S = 0.08
TEXT_CHARS = 60
COLUMNS = ("Item", "Deck", "Kind", "State", "Due", "Interval", "Lapses", "Last")
VERDICT_STYLES = {"correct": "green", "incorrect": "red", "invalid": "yellow"}


class ItemFilterInput(NamedTuple):
    """What the search box and the filters ask for (the service turns it into a filter)."""

    words: str = ""
    deck: str | None = None
    state: str | None = None
    kind: str | None = None


class BrowserScreen(ReportsFailures, Screen[None]):
    app: StudyApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search"),
        Binding("s", "suspend", "Suspend/unsuspend"),
        Binding("r", "forget", "Forget"),
        Binding("e", "edit", "Edit"),
        Binding("u,ctrl+z", "undo", "Undo"),
        Binding("pagedown", "page(1)", "Next rows", priority=True),
        Binding("pageup", "page(-1)", "Previous rows", priority=True),
        # Esc first leaves the search box (so keys are commands), then the browser.
        Binding("escape", "leave_search", "Leave the search box"),
        Binding("escape", "leave", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.first_row = 0
        self.total = 0
        self.rows: dict[str, FoundItem] = {}
        # What was done here, newest last: ("suspend", id, was suspended) or
        # ("forget", id, the state before).
        self.done: list[tuple[str, str, Any]] = []
        self._search_timer: Timer | None = None
        self._opening: asyncio.Future[tuple[list[FoundItem], int]] | None = None
        self.shown = False  # whether any rows (or none found) have been shown

    def compose(self) -> ComposeResult:
        # The first rows are read while the widgets are made, so they are there to be
        # painted with them (see on_mount).
        self._opening = asyncio.ensure_future(self._read(ItemFilterInput()))
        with Horizontal(id="browse-bar"):
            yield Input(placeholder="search (words, 中文 …)", id="browse-search")
            yield FilterChoice([], prompt="all decks", id="browse-deck")
            yield FilterChoice([(s, s) for s in STATE_CONDITIONS], "any state", id="browse-state")
            yield FilterChoice([(k, k) for k in KINDS], prompt="any kind", id="browse-kind")
        yield ItemRows(COLUMNS, id="browse-rows")
        yield Static("Opening your study data…", id="browse-status")
        yield KeyHints()

    def on_mount(self) -> None:
        self.query_one("#browse-search", Input).focus()
        opening = self._opening
        assert opening is not None
        if opening.done() and not opening.cancelled() and opening.exception() is None:
            self.show_rows(*opening.result(), keep=None)
        self.open_rows(opening)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_search":
            return self.focused is self.query_one("#browse-search")
        if action in ("suspend", "forget", "edit"):
            return bool(self.rows)
        return True

    # --- the list -------------------------------------------------------------------

    @work(group="browse-open", exit_on_error=False)
    async def open_rows(self, opening: asyncio.Future[tuple[list[FoundItem], int]]) -> None:
        """Show the first rows (unless on_mount or a search already showed rows), then fill
        the deck filter (after the rows: they are what the learner waits for)."""
        found, total = await opening
        if self.is_attached and not self.shown:
            self.show_rows(found, total, keep=None)
        backend = self.app.backend
        service = await backend.open()
        decks = await backend.call(service.deck_titles)
        if self.is_attached:
            options = [(title, deck_id) for deck_id, title in decks]
            self.query_one("#browse-deck", FilterChoice).set_options(options)

    @on(Input.Changed, "#browse-search")
    def schedule_search(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY_S, self.first_page)

    @on(FilterChoice.Changed)
    def first_page(self) -> None:
        self.first_row = 0
        self.reload()

    @on(Input.Submitted, "#browse-search")
    def to_rows(self) -> None:
        self.query_one("#browse-rows", ItemRows).focus()

    def on_key(self, event: events.Key) -> None:
        """Down from the search box goes to the rows."""
        if event.key == "down" and self.focused is self.query_one("#browse-search"):
            event.stop()
            self.to_rows()

    @work(exclusive=True, group="browse", exit_on_error=False)
    async def reload(self) -> None:
        await self._reload()

    async def _reload(self, keep: str | None = None) -> None:
        """Read the window of rows at ``first_row`` (the cursor stays on ``keep`` if listed)."""
        found, total = await self._read(self._filter_input(), self.first_row)
        if self.is_attached:
            self.show_rows(found, total, keep)

    async def _read(
        self, typed: ItemFilterInput, first_row: int = 0
    ) -> tuple[list[FoundItem], int]:
        """The rows ``typed`` selects from ``first_row`` on, and how many (up to the cap)."""
        backend = self.app.backend
        service = await backend.open()
        where = service.item_filter(
            typed.words, deck=typed.deck, state=typed.state, kind=typed.kind
        )
        return await backend.call(service.browse_window, where, PAGE_ROWS, first_row, COUNT_CAP)

    def _filter_input(self) -> ItemFilterInput:
        return ItemFilterInput(
            self.query_one("#browse-search", Input).value,
            self._selected("#browse-deck"),
            self._selected("#browse-state"),
            self._selected("#browse-kind"),
        )

    def show_rows(self, found: list[FoundItem], total: int, keep: str | None) -> None:
        table = self.query_one("#browse-rows", ItemRows)
        row = table.cursor_row
        self.rows = {item.id: item for item in found}
        self.total = total
        if keep in self.rows:
            row = list(self.rows).index(keep)
        now = self._now()
        table.show([(item.id, row_cells(item, now)) for item in found], cursor=row)
        self.shown = True
        self.query_one("#browse-status", Static).update(self.status_text())
        self.refresh_bindings()

    def status_text(self) -> str:
        if not self.rows:
            return "Nothing matches."
        first, last = self.first_row + 1, self.first_row + len(self.rows)
        total = f"{COUNT_CAP:,}+" if self.total >= COUNT_CAP else f"{self.total:,}"
        return f"Items {first:,}–{last:,} of {total}   (PgDn / PgUp: more rows)"

    def action_page(self, step: int) -> None:
        offset = self.first_row + step * PAGE_ROWS
        if 0 <= offset < self.total:
            self.first_row = offset
            self.reload()

    def _selected(self, selector: str) -> str | None:
        return self.query_one(selector, FilterChoice).value

    # --- acting on a row ------------------------------------------------------------

    def current(self) -> FoundItem | None:
        key = self.query_one("#browse-rows", ItemRows).current_key
        return None if key is None else self.rows.get(key)

    @on(ItemRows.Selected, "#browse-rows")
    def show_item(self, event: ItemRows.Selected) -> None:
        self.post_message(ShowItem(self, event.key))

    def action_suspend(self) -> None:
        if (item := self.current()) is not None:
            self.toggle_suspension(item.id, item.suspended)

    @work(exclusive=True, group="browse", exit_on_error=False)
    async def toggle_suspension(self, item_id: str, suspended: bool) -> None:
        service = await self.app.backend.open()
        await self.app.backend.call(service.unsuspend if suspended else service.suspend, item_id)
        self.done.append(("suspend", item_id, suspended))
        self.notify(f"{'Unsuspended' if suspended else 'Suspended'} {item_id}; u takes it back.")
        await self._reload(keep=item_id)

    def action_forget(self) -> None:
        if (item := self.current()) is not None:
            self.forget(item.id)

    @work(exclusive=True, group="browse", exit_on_error=False)
    async def forget(self, item_id: str) -> None:
        service = await self.app.backend.open()
        before = await self.app.backend.call(service.forget, item_id)
        self.done.append(("forget", item_id, before))
        self.notify(f"{item_id} is new again (its history is kept); u takes it back.")
        await self._reload(keep=item_id)

    def action_undo(self) -> None:
        self.undo()

    @work(exclusive=True, group="browse", exit_on_error=False)
    async def undo(self) -> None:
        if not self.done:
            self.notify("Nothing to undo here.")
            return
        action, item_id, before = self.done.pop()
        backend = self.app.backend
        service = await backend.open()
        if action == "suspend":
            await backend.call(service.suspend if before else service.unsuspend, item_id)
        else:
            await backend.call(service.restore, item_id, before)
        self.notify(f"Undid the {'suspension' if action == 'suspend' else 'forget'} of {item_id}.")
        await self._reload(keep=item_id)

    def action_edit(self) -> None:
        item = self.current()
        service = self.app.backend.service
        if item is None or service is None:
            return
        content_item = service.content.item(item.id)
        if content_item is None:
            self.notify(f"{item.id} is no longer in the content.", severity="warning")
            return
        if edit_source(self.app, content_item.source, self.app.config.content_dirs):
            self.resync(item.id)

    @work(exclusive=True, group="browse", exit_on_error=False)
    async def resync(self, item_id: str) -> None:
        service = await self.app.backend.open()
        await self.app.backend.call(service.sync)
        await self._reload(keep=item_id)

    # --- leaving --------------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one("#browse-search", Input).focus()

    def action_leave_search(self) -> None:
        self.to_rows()

    def action_leave(self) -> None:
        self.app.pop_screen()

    def _now(self) -> datetime:
        clock = self.app.backend.clock
        return clock() if clock is not None else datetime.now(UTC)


def row_cells(item: FoundItem, now: datetime) -> list[str | Text]:
    """The row of ``item``: its text with the match highlighted, then its figures."""
    state = Queue(item.state).label
    if item.suspended:
        state += " (leech)" if item.leech else " (susp.)"
    due = "-" if item.due is None else format_interval(_at(item.due) - now)
    if item.due is not None and _at(item.due) <= now:
        due = "now"
    interval = "-"
    if item.due is not None and item.last_review is not None:
        interval = format_interval(timedelta(milliseconds=item.due - item.last_review))
    verdict = Text(item.last_verdict or "-", style=VERDICT_STYLES.get(item.last_verdict or "", ""))
    return [
        highlighted(item.text),
        item.deck_id,
        item.kind,
        state,
        due,
        interval,
        str(item.lapses),
        verdict,
    ]


def highlighted(stored: str) -> Text:
    """A stored snippet on one line, cut to ``TEXT_CHARS``, its matches in bold."""
    text = Text()
    plain = " ".join(shown(stored).split())
    bold = False
    for part in plain.replace(MATCH_END, MATCH_START).split(MATCH_START):
        text.append(part, style="bold reverse" if bold else "")
        bold = not bold
    text.truncate(TEXT_CHARS, overflow="ellipsis")
    return text


def _at(millis: int) -> datetime:
    return datetime.fromtimestamp(millis / 1000, UTC)
