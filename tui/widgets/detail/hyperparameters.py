"""Tab 3, Hyperparameters: a sorted name/value table with a live filter and an expandable value.

DataTable draws only the rows on screen, so thousands of entries scroll smoothly; cells are cut to
a preview (the full value is one Enter away, pretty-printed when it is JSON, and `c` copies it).
The table is refilled only when the hyperparameters or the filter change, so live refreshes keep
the cursor and scroll position.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from tui.models import derived
from tui.models.detail import JobView
from tui.widgets.detail.context import RenderContext
from tui.widgets.detail.kv_table import one_line, safe

FIELDS = ("HyperParameters",)

#: Characters of a value shown in its cell; the rest is one Enter away.
PREVIEW_CHARS = 160
NAME_CHARS = 60


def preview(value: str, limit: int = PREVIEW_CHARS) -> str:
    """One line: newlines and tabs shown as spaces, cut with an ellipsis."""
    cut = value if len(value) <= limit else value[: limit - 1] + "…"
    return one_line(cut)


def fitted(text: str, cells: int | None) -> Text:
    """``text`` in at most ``cells`` cells, ending in an ellipsis when cut (None: as it is).
    The table's edge would otherwise cut a long value silently (``…/sourcedir.tar.g``)."""
    line = Text(text, no_wrap=True, overflow="ellipsis")
    if cells is not None and line.cell_len > cells:
        line.truncate(max(1, cells), overflow="ellipsis")
    return line


def value_cells(table_width: int, name_cells: int) -> int | None:
    """Cells left for the value column of a table ``table_width`` wide (each column has one cell
    of padding either side); None before the table has a width."""
    if table_width <= 0:
        return None
    return max(1, table_width - (name_cells + 2) - 2)


class HyperparameterFilter(Input):
    """The `/` filter: Escape clears it and returns to the table, Enter keeps it."""

    BINDINGS = [Binding("escape", "clear_filter", "Clear filter", id="detail.hp-clear-filter")]

    def action_clear_filter(self) -> None:
        self.value = ""
        self.display = False
        self.screen.query_one(HyperparameterTable).focus()


class HyperparameterTable(DataTable[Text]):
    BINDINGS = [
        Binding("enter", "select_cursor", "Expand value", id="detail.hp-expand"),
        Binding("c", "copy_value", "Copy value", id="detail.hp-copy"),
        Binding("slash", "filter", "Filter", id="detail.hp-filter"),
        Binding("j", "cursor_down", "Down", id="detail.down", show=False),
        Binding("k", "cursor_up", "Up", id="detail.up", show=False),
        Binding("g", "scroll_top", "Top", id="detail.top", show=False),
        Binding("G", "scroll_bottom", "Bottom", id="detail.bottom", show=False),
    ]

    def on_resize(self) -> None:
        """Shorter (the value box opened under it) or resized: the cursor's row stays in sight."""
        if 0 <= self.cursor_row < self.row_count:
            self.move_cursor(row=self.cursor_row, animate=False, scroll=True)

    def action_copy_value(self) -> None:
        pane = self.query_ancestor(HyperparametersPane)
        pane.copy_current()

    def action_filter(self) -> None:
        self.query_ancestor(HyperparametersPane).open_filter()


class HyperparametersPane(Vertical):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._params: dict[str, str] | None = None
        self._highlighted: frozenset[str] = frozenset()
        self._rows: list[tuple[str, str]] = []
        self._ctx: RenderContext | None = None
        self._value_open = False
        #: The table width the values were last cut for (they are cut again when it changes).
        self._fitted_width = -1

    def compose(self) -> ComposeResult:
        yield Static(id="hp-summary")
        yield HyperparameterFilter(placeholder="filter names and values (Esc clears)", id="hp-filter")
        table = HyperparameterTable(id="hp-table", cursor_type="row", zebra_stripes=True)
        table.add_column("Name", key="name")
        table.add_column("Value", key="value")
        yield table
        with VerticalScroll(id="hp-value-box"):
            yield Static(id="hp-value")

    def on_mount(self) -> None:
        self.query_one("#hp-filter").display = False
        self.query_one("#hp-value-box").display = False

    @property
    def table(self) -> HyperparameterTable:
        return self.query_one(HyperparameterTable)

    @property
    def query_text(self) -> str:
        return self.query_one(HyperparameterFilter).value

    def show(self, view: JobView, ctx: RenderContext) -> None:
        self._ctx = ctx
        highlighted = frozenset(str(c[1]) for c in ctx.changed if len(c) >= 2 and c[0] == "HyperParameters")
        # Refilling thousands of rows is the expensive part: only when something in them changed.
        if view.hyperparameters != self._params or highlighted != self._highlighted:
            self._params = dict(view.hyperparameters)
            self._highlighted = highlighted
            self._refill()
        self._update_summary()

    def _refill(self) -> None:
        """Rebuild the rows for the current filter, keeping the cursor on the same name."""
        table = self.table
        current = self.current_row()
        scroll_y = table.scroll_y
        self._rows = derived.hyperparameter_rows(self._params or {}, self.query_text)
        ctx = self._ctx
        # Columns too: their widths follow the values of the last fill, never shrinking otherwise.
        table.clear(columns=True)
        cells = []
        names = [preview(name, NAME_CHARS) for name, _ in self._rows]
        width = table.scrollable_content_region.width
        name_cells = max([Text(n).cell_len for n in names] + [len("Name")])
        if width > 0:  # on a narrow terminal the names get three fifths of the table at most
            name_cells = min(name_cells, max(len("Name"), width * 3 // 5 - 2))
        room = value_cells(width, name_cells)
        self._fitted_width = width
        table.add_column("Name", key="name", width=name_cells if width > 0 else None)
        table.add_column("Value", key="value", width=room)
        for (name, value), shown in zip(self._rows, names, strict=True):
            name_text = fitted(shown, name_cells if width > 0 else None)
            value_text = fitted(preview(value), room)
            if ctx is not None and name in self._highlighted:
                value_text.stylize(ctx.palette.changed)
            cells.append((name_text, value_text))
        table.add_rows(cells)
        if current is not None:
            names = [n for n, _ in self._rows]
            if current[0] in names:
                table.move_cursor(row=names.index(current[0]), animate=False, scroll=False)
                table.scroll_to(y=scroll_y, animate=False)
        self._update_value()

    def _update_summary(self) -> None:
        total = len(self._params or {})
        if total == 0:
            text = Text("No hyperparameters.", style=self._ctx.palette.muted if self._ctx else "")
        else:
            text = Text(f"{total:,} hyperparameter{'s' if total != 1 else ''}")
            if self.query_text:
                text.append(f" · {len(self._rows):,} match {self.query_text!r}")
            hint = " · / filter · Enter expand · c copy value"
            text.append(hint, style=self._ctx.palette.muted if self._ctx else "")
        self.query_one("#hp-summary", Static).update(text)

    def current_row(self) -> tuple[str, str] | None:
        row = self.table.cursor_row
        if 0 <= row < len(self._rows):
            return self._rows[row]
        return None

    def _update_value(self) -> None:
        if not self._value_open:
            return
        current = self.current_row()
        static = self.query_one("#hp-value", Static)
        if current is None:
            static.update("")
            return
        name, value = current
        body = Text()
        body.append(safe(name), style=self._ctx.palette.title if self._ctx else "")
        body.append("\n")
        body.append(safe(derived.pretty_value(value)) if value else '""')
        static.update(body)

    def open_filter(self) -> None:
        box = self.query_one(HyperparameterFilter)
        box.display = True
        box.focus()

    def copy_current(self) -> None:
        current = self.current_row()
        if current is None:
            self.app.notify("No hyperparameter selected.", severity="warning")
            return
        self.app.copy_to_clipboard(current[1])
        self.app.notify(f"Copied the value of {preview(current[0], 40)}.", markup=False)

    @on(Input.Changed, "#hp-filter")
    def _filter_changed(self) -> None:
        self._refill()
        self._update_summary()

    @on(Input.Submitted, "#hp-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    @on(DataTable.RowSelected, "#hp-table")
    def _toggle_value(self) -> None:
        self._value_open = not self._value_open
        self.query_one("#hp-value-box").display = self._value_open
        self._update_value()

    def on_resize(self) -> None:
        """Values are cut to the table's width: cut them again when it changes."""
        if self._params is not None and self.table.scrollable_content_region.width != self._fitted_width:
            self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        if self.table.scrollable_content_region.width != self._fitted_width:
            self._refill()

    @on(DataTable.RowHighlighted, "#hp-table")
    def _row_moved(self) -> None:
        self._update_value()

    def default_focus(self) -> Widget:
        """The widget the detail screen focuses when this pane is shown."""
        return self.table
