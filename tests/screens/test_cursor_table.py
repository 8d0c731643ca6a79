"""The three Line-API tables (job list, tuning tables, comparison grid) move their cursor alike:
one base (tui.widgets.cursor_table), so a key does the same in each."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult

from tests.screens.fakes import async_test
from tui.models.compare import CompareRow
from tui.widgets.compare_grid import CompareGrid
from tui.widgets.cursor_table import CursorTable
from tui.widgets.tuning_table import GridColumn, GridRow, TuningTable

ROWS = 100


def tuning_table() -> TuningTable:
    return TuningTable(id="table")


def fill(table: CursorTable) -> None:
    if isinstance(table, TuningTable):
        table.set_table([GridColumn("name", "NAME", 12)], [GridRow(f"job-{i:03d}", (f"job-{i:03d}",))
                                                          for i in range(ROWS)])
    elif isinstance(table, CompareGrid):
        table.set_rows(["a", "b"], [CompareRow("s", f"field {i}", (str(i), str(i))) for i in range(ROWS)])


class TableApp(App[None]):
    def __init__(self, table: CursorTable) -> None:
        super().__init__()
        self.table = table

    def get_css_variables(self) -> dict[str, str]:
        statuses = ("inprogress", "completed", "failed", "stopping", "stopped")
        return {**super().get_css_variables(), **{f"status-{s}": "white" for s in statuses}}

    def compose(self) -> ComposeResult:
        yield self.table

    def on_mount(self) -> None:
        fill(self.table)
        self.table.focus()


@pytest.mark.parametrize("make", [tuning_table, lambda: CompareGrid(id="table")], ids=["tuning", "compare"])
@async_test
async def test_keys_page_and_keep_the_cursor_in_view(make: Any) -> None:
    table = make()
    app = TableApp(table)
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        page = table._page_rows()  # 11 rows under the title line
        assert page == 11
        await pilot.press("j", "j", "k")
        assert table.cursor == 1 and table.scroll_y == 0
        await pilot.press("pagedown")  # the view and the cursor a page on, less one row
        assert table.cursor == 1 + page - 1 and round(table.scroll_y) == page - 1
        await pilot.press("pageup")
        assert table.cursor == 1 and table.scroll_y == 0
        await pilot.press("G")
        assert table.cursor == ROWS - 1
        top = round(table.scroll_y)
        assert top <= table.cursor < top + page  # in view
        await pilot.press("g")
        assert table.cursor == 0 and table.scroll_y == 0
        await pilot.click(table, offset=(3, 4))  # the fourth row under the title
        assert table.cursor == 3
        await pilot.click(table, offset=(3, 0))  # the title: the cursor stays
        assert table.cursor == 3
