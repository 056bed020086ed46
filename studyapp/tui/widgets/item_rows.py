"""A list of rows under a header, with a row cursor: the browser's found items.

Textual's ``DataTable`` measures every cell to size its columns and renders each visible
cell on its own through Rich (padding, cropping, styles); for a screenful of eight columns
that was most of the browser's opening time, and it recurs on every keystroke of a search.
The browser shows one window of rows at a time and needs no cell cursor, sorting or
editing, so this widget draws each visible line as one piece of text, built when it is
first shown and kept until the rows, the cursor, the focus or the width change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

Cell = str | Text
PADDING = 1  # blank cells on each side of a column, as a DataTable pads them
HEADER = -1  # the header's place among the rows' lines


class ItemRows(ScrollView, can_focus=True):
    """Rows keyed by an id; the first column takes the width the others leave."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("home", "move_to(0)", "First row", show=False),
        Binding("end", "move_to(-1)", "Last row", show=False),
        Binding("enter", "open_row", "Open", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "item-rows--header",
        "item-rows--even-row",
        "item-rows--cursor",
    }
    DEFAULT_CSS = """
    ItemRows {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .item-rows--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .item-rows--header {
                background-tint: $foreground 5%;
            }
        }
        & > .item-rows--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .item-rows--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .item-rows--even-row {
            background: $surface-darken-1 40%;
        }
        & > .item-rows--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True)

    class Selected(Message):
        """Enter (or a click) on the cursor's row."""

        def __init__(self, rows: ItemRows, key: str) -> None:
            super().__init__()
            self.rows = rows
            self.key = key

        @property
        def control(self) -> ItemRows:
            return self.rows

    def __init__(self, columns: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = tuple(columns)
        self.keys: list[str] = []
        self.cells: list[Sequence[Cell]] = []
        self._widths: list[int] = [cell_len(name) for name in self.columns]
        self._lines: dict[tuple[int, bool], Strip] = {}  # (row, has the cursor): its line
        self._lines_width = 0

    @property
    def row_count(self) -> int:
        return len(self.keys)

    @property
    def current_key(self) -> str | None:
        """The key of the cursor's row (None when there are no rows)."""
        return self.keys[self.cursor_row] if self.keys else None

    def show(self, rows: Sequence[tuple[str, Sequence[Cell]]], cursor: int = 0) -> None:
        """Show ``rows`` (key, cells) instead of the ones listed, the cursor on row ``cursor``
        (kept within the rows)."""
        self.keys = [key for key, _cells in rows]
        self.cells = [cells for _key, cells in rows]
        self._widths = [
            max([cell_len(name), *(cell_len(_plain(cells[n])) for cells in self.cells)])
            for n, name in enumerate(self.columns)
        ]
        self._lines.clear()
        self.virtual_size = Size(0, len(self.keys) + 1)  # and the header; no sideways scroll
        self.cursor_row = max(0, min(cursor, len(self.keys) - 1))
        self.refresh()

    # --- moving and choosing ---------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        for row in (old, new):
            self._lines.pop((row, True), None)
            self._lines.pop((row, False), None)
        self._keep_in_view(new)
        self.refresh()

    def action_move(self, step: int) -> None:
        if self.keys:
            self.cursor_row = max(0, min(self.cursor_row + step, len(self.keys) - 1))

    def action_move_to(self, row: int) -> None:
        if self.keys:
            self.cursor_row = row % len(self.keys)

    def action_open_row(self) -> None:
        if (key := self.current_key) is not None:
            self.post_message(self.Selected(self, key))

    def on_click(self, event: events.Click) -> None:
        """A click moves the cursor to its row; a click on the cursor's row opens it."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        row = self.scroll_offset.y + offset.y - 1
        if row < len(self.keys):
            if row == self.cursor_row:
                self.action_open_row()
            self.cursor_row = row

    def _keep_in_view(self, row: int) -> None:
        room = max(self.size.height - 1, 1)  # lines below the header
        top = self.scroll_offset.y
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + room:
            self.scroll_to(y=row - room + 1, animate=False, immediate=True)

    # --- drawing ---------------------------------------------------------------------

    def on_focus(self) -> None:
        self._lines.clear()

    def on_blur(self) -> None:
        self._lines.clear()

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y - 1 if y else HEADER
        if row >= len(self.keys):
            return Strip.blank(self.size.width, self.rich_style)
        if self.size.width != self._lines_width:  # the lines fit the width they were made for
            self._lines.clear()
            self._lines_width = self.size.width
        cursor = row == self.cursor_row
        line = self._lines.get((row, cursor))
        if line is None:
            line = self._lines[row, cursor] = self._line(row, cursor)
        return line

    def _line(self, row: int, cursor: bool) -> Strip:
        """Row ``row`` (or the header) in its columns; the first is cut to the room left."""
        if row == HEADER:
            cells: Sequence[Cell] = self.columns
            style = self.get_component_rich_style("item-rows--header")
        else:
            cells, style = self.cells[row], self.rich_style
            if row % 2 == 0:  # the first row is row 0, as in a DataTable's stripes
                style += self.get_component_rich_style("item-rows--even-row")
            if cursor:
                style += self.get_component_rich_style("item-rows--cursor")
        widths = list(self._widths)
        others = sum(widths[1:]) + 2 * PADDING * len(widths)
        widths[0] = max(1, min(widths[0], self.size.width - others))
        text = Text(no_wrap=True, end="")
        pad = " " * PADDING
        for cell, cell_width in zip(cells, widths, strict=True):
            shown = cell.copy() if isinstance(cell, Text) else Text(cell)
            shown.truncate(cell_width, overflow="ellipsis", pad=True)
            text.append(pad).append_text(shown).append(pad)
        strip = Strip(text.render(self.app.console)).apply_style(style)
        return strip.extend_cell_length(self.size.width, style).crop(0, self.size.width)


def _plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell
