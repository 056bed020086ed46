"""The browser's row list on its own: the cursor, scrolling to it, opening a row, its lines."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from studyapp.tui.widgets.item_rows import ItemRows

ROWS = [(f"item-{n}", [f"prompt {n}", "ml", Text("correct", style="green")]) for n in range(50)]


class RowsApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    def compose(self) -> ComposeResult:
        yield ItemRows(("Item", "Deck", "Last"))

    def on_mount(self) -> None:
        rows = self.query_one(ItemRows)
        rows.show(ROWS)
        rows.focus()

    def on_item_rows_selected(self, event: ItemRows.Selected) -> None:
        self.opened.append(event.key)


def line(rows: ItemRows, y: int) -> str:
    return rows.render_line(y).text


async def test_the_cursor_moves_and_the_list_scrolls_to_keep_it_in_view():
    app = RowsApp()
    async with app.run_test(size=(40, 10)) as pilot:
        rows = app.query_one(ItemRows)
        await pilot.press("down", "down")
        assert rows.current_key == "item-2"
        await pilot.press("end")
        await pilot.pause()
        assert rows.current_key == "item-49"
        assert rows.scroll_offset.y == 50 - (rows.size.height - 1)  # the last row at the bottom
        assert line(rows, rows.size.height - 1).startswith(" prompt 49")
        assert line(rows, 0).split() == ["Item", "Deck", "Last"]  # the header stays on top
        await pilot.press("home", "up")
        await pilot.pause()
        assert (rows.current_key, rows.scroll_offset.y) == ("item-0", 0)


async def test_enter_and_a_click_on_the_cursor_row_open_it():
    app = RowsApp()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.press("down", "enter")
        await pilot.click(ItemRows, offset=(2, 4))  # the fourth row: moves the cursor there
        await pilot.click(ItemRows, offset=(2, 4))  # the cursor's row: opens it
        await pilot.pause()
        assert app.opened == ["item-1", "item-3"]


async def test_new_rows_keep_the_cursor_within_them_and_columns_fit_their_cells():
    app = RowsApp()
    async with app.run_test(size=(40, 10)) as pilot:
        rows = app.query_one(ItemRows)
        await pilot.press("end")
        rows.show([("only", ["a much longer prompt than the others", "statistics", "-"])], 49)
        await pilot.pause()
        assert (rows.row_count, rows.current_key) == (1, "only")
        assert line(rows, 1) == " a much longer promp…  statistics  -    "  # 40 columns
        rows.show([])
        await pilot.pause()
        assert (rows.row_count, rows.current_key) == (0, None)
