"""The compare screen's grid: one column per job, one line per compared field, drawn with the Line
API (only the lines on screen are formatted, as in :mod:`tui.widgets.job_table`).

A stock DataTable renders every cell through Rich (a console render per cell): comparing 8 jobs
took ~300 ms to paint on a loaded 2-core machine, most of it there. Here a line is a few segments
of already elided text. The screen hands over the rows (:class:`~tui.models.compare.CompareRow`)
and the column widths; values are made visible (no control character reaches the terminal).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from tui.models.compare import DIFF_MARK, CompareRow, elide_middle
from tui.safe_text import visible
from tui.widgets.cursor_table import CursorTable

GAP = 2
MARK_CELLS = 2  # the ≠ and a space


def name_cell(name: str, width: int) -> str:
    """A job name cut from the left: runs of one series share their start and differ at the end."""
    if width <= 0:
        return ""
    return name if len(name) <= width else "…" + name[len(name) - width + 1 :]


def _fit(text: str, cells: int) -> str:
    """Exactly ``cells`` terminal cells (wide characters count twice), so columns stay aligned."""
    return set_cell_size(text, cells)


class CompareGrid(CursorTable, can_focus=True):
    """Rows of a comparison with a cursor; Enter posts :class:`CompareGrid.Selected`."""

    COMPONENT_CLASSES = {"compare-grid--header", "compare-grid--cursor", "compare-grid--differ"}

    DEFAULT_CSS = """
    CompareGrid {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        height: 1fr;
    }
    CompareGrid > .compare-grid--header { background: $panel; color: $foreground; text-style: bold; }
    CompareGrid > .compare-grid--differ { color: $warning; text-style: bold; }
    CompareGrid > .compare-grid--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
        text-style: $block-cursor-blurred-text-style;
    }
    CompareGrid:focus > .compare-grid--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    """

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", id="compare.down", show=False),
        Binding("k,up", "cursor_up", "Up", id="compare.up", show=False),
        Binding("g,home", "top", "Top", id="compare.top", show=False),
        Binding("G,end", "bottom", "Bottom", id="compare.bottom", show=False),
        Binding("pageup", "page_up", "Page up", id="compare.page_up", show=False),
        Binding("pagedown", "page_down", "Page down", id="compare.page_down", show=False),
        Binding("enter", "select", "Full value", id="compare.full_value",
                tooltip="Show the full values of the row under the cursor"),
    ]

    class Selected(Message):
        """Enter (or a double click) on a row."""

        def __init__(self, row: CompareRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, label_cells: int = 24, min_value_cells: int = 6, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label_cells = label_cells
        self.min_value_cells = min_value_cells
        self.names: tuple[str, ...] = ()
        self.rows: Sequence[CompareRow] = ()

    # -- data --------------------------------------------------------------------------------
    def set_rows(self, names: Sequence[str], rows: Sequence[CompareRow]) -> None:
        self.names = tuple(names)
        self.rows = rows
        self.cursor = min(self.cursor, max(0, len(rows) - 1))
        self.virtual_size = Size(self._width(), len(rows) + 1)
        self._ensure_cursor_visible()
        self.refresh()

    @property
    def cursor_row(self) -> CompareRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def widths(self) -> tuple[int, int]:
        """(label cells, cells of each job's column): the values share what the label leaves; when
        that is too little, the label gives up cells (down to half) before the values do."""
        count = max(1, len(self.names))
        fixed = MARK_CELLS + GAP + GAP * count
        label = self.label_cells
        values = (self._width() - fixed - label) // count
        if values < self.min_value_cells:
            label = max(self.label_cells // 2, self._width() - fixed - self.min_value_cells * count)
            values = (self._width() - fixed - label) // count
        return label, max(self.min_value_cells, values)

    def action_select(self) -> None:
        row = self.cursor_row
        if row is not None:
            self.post_message(self.Selected(row))

    def activate(self) -> None:
        self.action_select()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self._width(), len(self.rows) + 1)
        self._ensure_cursor_visible()
        self.refresh()

    # -- rendering ---------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self._width()
        base = self._style("base")
        label_cells, value_cells = self.widths()
        if y == 0:
            header = self._style("compare-grid--header")
            cells = [" " * MARK_CELLS, "FIELD".ljust(label_cells)]
            cells += [_fit(name_cell(visible(n), value_cells), value_cells) for n in self.names]
            return self._strip((" " * GAP).join(cells), header, width)
        index = round(self.scroll_y) + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[index]
        style = base
        if row.differs:
            style = base + self._style("compare-grid--differ", partial=True)
        if index == self.cursor:
            style = self._style("compare-grid--cursor")
        cells = [
            (DIFF_MARK if row.differs else " ").ljust(MARK_CELLS),
            _fit(elide_middle(visible(row.title), label_cells), label_cells),
        ]
        cells += [_fit(elide_middle(visible(v), value_cells), value_cells) for v in row.values]
        return self._strip((" " * GAP).join(cells), style, width)

    def _strip(self, text: str, style: Style, width: int) -> Strip:
        return Strip([Segment(text, style)]).adjust_cell_length(width, style).crop(0, width)
