"""Jobs side by side (2 to 8): one column per job, one row per compared field.

The rows come from :func:`tui.models.compare.compare` (pure); the data from the repository, in a
worker: cached describes first, then one Search call for the tags and whatever is not cached
(:meth:`tui.repository.JobRepository.compare_records`). Differing rows carry a ``≠`` in their
first cell and the warning colour (so they stand out without colour too); ``d`` shows only them
(the default when more than 20 rows are equal). Long values are elided in the middle; Enter shows
the row's full values.
"""

from __future__ import annotations

from typing import cast

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from tui.aws.errors import AwsError
from tui.models.compare import DIFF_MARK, CompareRow, Comparison, compare, elide_middle
from tui.repository import CompareRecords
from tui.safe_text import message as message_text
from tui.safe_text import visible
from tui.screens.app_context import AppContext
from tui.widgets.footer import Footer

#: Cells of the field column (labels are cut with an ellipsis in the middle past this).
LABEL_CELLS = 24
#: Narrowest a job's column gets (below this, the table scrolls sideways).
MIN_VALUE_CELLS = 8


def name_cell(name: str, width: int) -> str:
    """A job name cut from the left: runs of one series share their start and differ at the end."""
    return name if len(name) <= width else "…" + name[len(name) - width + 1 :]


class CompareLoaded(Message):
    def __init__(self, records: CompareRecords) -> None:
        super().__init__()
        self.records = records


class CompareFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class CompareTable(DataTable[Text]):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", id="compare.down", show=False),
        Binding("k", "cursor_up", "Up", id="compare.up", show=False),
        Binding("g", "scroll_top", "Top", id="compare.top", show=False),
        Binding("G", "scroll_bottom", "Bottom", id="compare.bottom", show=False),
    ]


class CompareScreen(Screen[None]):
    """The compared jobs as columns; see the README's "Compare" section."""

    DEFAULT_CSS = """
    CompareScreen { layout: vertical; background: $surface; }
    CompareScreen > #compare-header { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    CompareScreen > CompareTable { height: 1fr; }
    """

    BINDINGS = [
        Binding("escape,backspace", "back", "Back", id="compare.back", tooltip="Back to the job list"),
        Binding("d", "toggle_differences", "Only differences", id="compare.only_differences",
                tooltip="Show only the rows that differ, or every row"),
        Binding("enter", "show_value", "Full value", id="compare.full_value",
                tooltip="Show the full values of the row under the cursor"),
    ]

    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__()
        self.names = names
        self.comparison: Comparison | None = None
        #: None until loaded: then the default (only differences when > 20 rows are equal).
        self.only_differences: bool | None = None
        self.error = ""
        self._shown: tuple[CompareRow, ...] = ()

    @property
    def tui(self) -> AppContext:
        return cast("AppContext", self.app)

    def compose(self) -> ComposeResult:
        yield Static("", id="compare-header")
        yield CompareTable(id="compare-table", cursor_type="row", zebra_stripes=False)
        yield Footer()

    def on_mount(self) -> None:
        self._show_header()
        self.query_one(CompareTable).focus()
        self._load(self.names)

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False)
    def _load(self, names: tuple[str, ...]) -> None:
        worker = get_current_worker()
        try:
            records = self.tui.repository.compare_records(names)
        except AwsError as exc:
            message: Message = CompareFailed(str(exc))
        except Exception as exc:  # a bug must not leave the screen blank and silent
            message = CompareFailed(f"Comparing failed: {exc}")
        else:
            message = CompareLoaded(records)
        if not worker.is_cancelled:
            self.post_message(message)

    @on(CompareLoaded)
    def _on_loaded(self, message: CompareLoaded) -> None:
        records = message.records
        tags = None
        if records.tags is not None:
            tags = [records.tags.get(name) for name in self.names]
        self.comparison = compare(records.describes, self.tui.clock.now(), tags=tags)
        if self.only_differences is None:
            self.only_differences = self.comparison.only_differences_by_default
        self._fill()

    @on(CompareFailed)
    def _on_failed(self, message: CompareFailed) -> None:
        self.error = message.error
        self._show_header()

    def on_resize(self) -> None:
        if self.comparison is not None:
            self._fill()

    # -- painting -------------------------------------------------------------------------
    def _value_cells(self) -> int:
        count = max(1, len(self.names))
        # Each DataTable cell has one cell of padding on either side; 2 for the marker column.
        room = self.size.width - (LABEL_CELLS + 2) - 3 - 1 - 2 * count
        return max(MIN_VALUE_CELLS, room // count)

    def _fill(self) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        table = self.query_one(CompareTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        width = self._value_cells()
        table.add_column(Text(" "), key="mark", width=1)
        table.add_column(Text("FIELD"), key="field", width=LABEL_CELLS)
        for index, name in enumerate(comparison.names):
            table.add_column(Text(name_cell(visible(name), width), style="bold"), key=f"job{index}",
                             width=width)
        differ = self._differ_style()
        self._shown = comparison.shown(bool(self.only_differences))
        rows = []
        for row in self._shown:
            style = differ if row.differs else Style()
            cells = [
                Text(DIFF_MARK if row.differs else " ", style=style),
                Text(elide_middle(visible(row.title), LABEL_CELLS), style=style),
                *(Text(elide_middle(visible(value), width), style=style) for value in row.values),
            ]
            rows.append(cells)
        table.add_rows(rows)
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))
        self._show_header()

    def _differ_style(self) -> Style:
        colour = self.app.theme_variables.get("warning")
        try:
            return Style(bold=True, color=colour) if colour else Style(bold=True)
        except Exception:  # a theme colour rich cannot read: bold alone still shows it
            return Style(bold=True)

    def _show_header(self) -> None:
        header = self.query_one("#compare-header", Static)
        count = len(self.names)
        if self.error:
            header.update(message_text(f"Compare {count} jobs: {self.error}"))
            return
        comparison = self.comparison
        if comparison is None:
            header.update(f"Compare {count} jobs · loading…")
            return
        differing = len(comparison.differing)
        total = len(comparison.rows)
        mode = "only differences" if self.only_differences else "all rows"
        header.update(
            Text(f"Compare {count} jobs · {differing}/{total} rows differ {DIFF_MARK} · {mode} (d)")
        )

    # -- keys -----------------------------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss(None)

    def action_toggle_differences(self) -> None:
        if self.comparison is None:
            return
        self.only_differences = not self.only_differences
        self._fill()

    def action_show_value(self) -> None:
        table = self.query_one(CompareTable)
        if self.comparison is None or not self._shown:
            return
        row = self._shown[min(table.cursor_row, len(self._shown) - 1)]
        self.app.push_screen(ValueScreen(row, self.comparison.names))

    @on(DataTable.RowSelected)
    def _on_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_show_value()


class ValueScreen(ModalScreen[None]):
    """The full values of one compared row, one job per line (Escape or Enter closes)."""

    DEFAULT_CSS = """
    ValueScreen { align: center middle; background: $background 60%; }
    ValueScreen > VerticalScroll {
        width: 90%; height: auto; max-height: 90%;
        background: $surface; border: round $primary; padding: 0 1;
    }
    ValueScreen .value-title { text-style: bold; color: $accent; }
    """

    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="compare.value_close")]

    def __init__(self, row: CompareRow, names: tuple[str, ...]) -> None:
        super().__init__()
        self.row = row
        self.names = names

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(visible(f"{self.row.section}: {self.row.title}")), classes="value-title")
            body = Text()
            for name, value in zip(self.names, self.row.values, strict=True):
                body.append(visible(name), style="bold")
                body.append("\n")
                body.append(visible(value, lines=True))
                body.append("\n\n")
            yield Static(body, id="value-body")

    def action_close(self) -> None:
        self.dismiss(None)

