"""The table of the tuning screens: a Line-API widget that paints only the lines on screen.

Textual's DataTable measures every cell of every row when rows are added: 500 training jobs with
their tuned hyperparameters took about a second to paint (``benchmarks/tuning_bench.py``). Here the
screen hands over rows of plain, already sanitised text with the column widths worked out, and a
line costs the same whatever the number of rows. Statuses are coloured from the theme; the best
training job is bold; the cursor row uses the theme's block cursor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from tui.models.marks import MARK_GLYPH
from tui.safe_text import visible
from tui.widgets.cursor_table import CursorTable

STATUS_CLASSES = {
    "InProgress": "tuning-table--status-inprogress",
    "Completed": "tuning-table--status-completed",
    "Failed": "tuning-table--status-failed",
    "Stopping": "tuning-table--status-stopping",
    "Stopped": "tuning-table--status-stopped",
}
GAP = 2
MARGIN = 1


@dataclass(frozen=True)
class GridColumn:
    key: str
    title: str
    width: int
    right: bool = False


@dataclass(frozen=True)
class GridRow:
    """One row: its key (a name), its cells' text (sanitised by :meth:`TuningTable.set_table`), the
    status that colours the ``status`` column and the failure count column, and whether it is bold."""

    key: str
    cells: tuple[str, ...]
    status: str = ""
    bold: bool = False


def fit(text: str, width: int, *, right: bool = False) -> str:
    """Pad or cut ``text`` to exactly ``width`` cells; a cut ends with an ellipsis."""
    if width <= 0:
        return ""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…" if width > 1 else "…"
    pad = " " * (width - length)
    return pad + text if right else text + pad


class TuningTable(CursorTable, can_focus=True):
    """Rows of tuning jobs or of a tuning job's training jobs, with a cursor."""

    COMPONENT_CLASSES = {
        "tuning-table--header",
        "tuning-table--cursor",
        "tuning-table--best",
        "tuning-table--empty",
        *STATUS_CLASSES.values(),
    }
    DEFAULT_CSS = """
    TuningTable {
        height: 1fr;
        background: $surface;
        color: $foreground;
        overflow-x: auto;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        scrollbar-size-horizontal: 1;
    }
    TuningTable > .tuning-table--header { background: $panel; color: $foreground; text-style: bold; }
    TuningTable > .tuning-table--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
        text-style: $block-cursor-blurred-text-style;
    }
    TuningTable:focus > .tuning-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    TuningTable > .tuning-table--best { text-style: bold; }
    TuningTable > .tuning-table--empty { color: $text-muted; text-style: italic; }
    TuningTable > .tuning-table--status-inprogress { color: $status-inprogress; }
    TuningTable > .tuning-table--status-completed { color: $status-completed; }
    TuningTable > .tuning-table--status-failed { color: $status-failed; text-style: bold; }
    TuningTable > .tuning-table--status-stopping { color: $status-stopping; }
    TuningTable > .tuning-table--status-stopped { color: $status-stopped; }
    """
    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", id="tuning.cursor_down", show=False),
        Binding("k,up", "cursor_up", "Up", id="tuning.cursor_up", show=False),
        Binding("g,home", "top", "Top", id="tuning.top", show=False),
        Binding("G,end", "bottom", "Bottom", id="tuning.bottom", show=False),
        Binding("pageup", "page_up", "Page up", id="tuning.page_up", show=False),
        Binding("pagedown", "page_down", "Page down", id="tuning.page_down", show=False),
        Binding("enter", "open", "Open", id="tuning.open", tooltip="Open the row under the cursor"),
    ]

    class Opened(Message):
        """Enter (or a double click) on a row."""

        def __init__(self, table: TuningTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> TuningTable:
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: list[GridColumn] = []
        self.rows: list[GridRow] = []
        self.empty_text = ""
        #: Keys of the marked rows (a ``*`` in the left margin: marked without colour too).
        self.marks: frozenset[str] = frozenset()

    # -- data -------------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def keys(self) -> list[str]:
        return [row.key for row in self.rows]

    @property
    def cursor_key(self) -> str | None:
        return self.rows[self.cursor].key if 0 <= self.cursor < len(self.rows) else None

    def set_table(self, columns: Sequence[GridColumn], rows: Sequence[GridRow], *, empty: str = "") -> None:
        """Show ``rows`` under ``columns``; the cursor stays on its row's key when it is still there."""
        keep = self.cursor_key
        self.columns = list(columns)
        self.rows = [GridRow(r.key, tuple(visible(c) for c in r.cells), r.status, r.bold) for r in rows]
        self.empty_text = empty
        keys = self.keys
        self.cursor = keys.index(keep) if keep in keys else min(self.cursor, max(0, len(keys) - 1))
        self.virtual_size = Size(self._total_width(), len(self.rows) + 1)
        self._ensure_cursor_visible()
        self.refresh()

    def set_marks(self, marks: Iterable[str]) -> None:
        self.marks = frozenset(marks)
        self.refresh()

    def _total_width(self) -> int:
        return MARGIN + sum(c.width + GAP for c in self.columns)

    def action_open(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.Opened(self, key))

    def activate(self) -> None:
        self.action_open()

    # -- rendering --------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        left = round(self.scroll_x)
        if y == 0:
            strip = self._header()
        elif not self.rows:
            strip = self._empty(y, width)
            return strip
        else:
            index = round(self.scroll_y) + y - 1
            if index >= len(self.rows):
                return Strip.blank(width, self._style("base"))
            strip = self._row(self.rows[index], index == self.cursor)
        total = max(width + left, self._total_width())
        return strip.adjust_cell_length(total, self._style("base")).crop(left, left + width)

    def _header(self) -> Strip:
        style = self._style("tuning-table--header")
        text = " " * MARGIN + "".join(fit(c.title, c.width, right=c.right) + " " * GAP for c in self.columns)
        return Strip([Segment(text, style)])

    def _row(self, row: GridRow, on_cursor: bool) -> Strip:
        base = self._style("tuning-table--cursor" if on_cursor else "base")
        if row.bold and not on_cursor:
            base = base + self._style("tuning-table--best", partial=True)
        segments = [Segment((MARK_GLYPH if row.key in self.marks else " ").ljust(MARGIN), base)]
        for column, text in zip(self.columns, row.cells, strict=False):
            style = base
            if not on_cursor and column.key == "status" and row.status in STATUS_CLASSES:
                style = base + self._style(STATUS_CLASSES[row.status], partial=True)
            segments.append(Segment(fit(text, column.width, right=column.right) + " " * GAP, style))
        return Strip(segments)

    def _empty(self, y: int, width: int) -> Strip:
        base = self._style("base")
        if y != max(1, self.size.height // 2) or not self.empty_text:
            return Strip.blank(width, base)
        text = visible(self.empty_text)
        left = max(0, (width - cell_len(text)) // 2)
        strip = Strip([Segment(" " * left, base), Segment(text, self._style("tuning-table--empty"))])
        return strip.adjust_cell_length(width, base).crop(0, width)


def widths_of(titles: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    """Each column's width: its widest cell or title (in terminal cells, after sanitising)."""
    widths = [cell_len(t) for t in titles]
    for cells in rows:
        for i, text in enumerate(cells):
            length = cell_len(visible(text))
            if length > widths[i]:
                widths[i] = length
    return widths
