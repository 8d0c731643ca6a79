"""The job table: renders only the rows on screen (Textual's Line API), so 100,000 jobs cost nothing
more than 40.

The stock DataTable builds a renderable per cell and measures every row; with 100,000 jobs that takes
seconds. Here the table holds a reference to the already filtered and sorted row list and formats
the ~40 visible rows on demand. Line 0 is the column header (it does not scroll; a click on it sorts).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import timezone, tzinfo

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip

from tui.models.columns import (
    ABSOLUTE_TIME_WIDTH,
    GAP,
    MARGIN,
    OPTIONAL_COLUMN_KEYS,
    TITLES,
    Column,
    column_at,
    layout_columns,
)
from tui.models.elide import elide_end, fit_cells
from tui.models.list_view import SortSpec
from tui.models.marks import MARK_GLYPH
from tui.models.summary import JobRow, cell_text, clock_width, ticks
from tui.models.timefmt import DASH
from tui.safe_text import visible
from tui.widgets.cursor_table import CursorTable

RIGHT_ALIGNED = frozenset({"duration", "billable"})
STATUS_CLASSES = {
    "InProgress": "job-table--status-inprogress",
    "Completed": "job-table--status-completed",
    "Failed": "job-table--status-failed",
    "Stopping": "job-table--status-stopping",
    "Stopped": "job-table--status-stopped",
}


def fit(text: str, width: int, *, right: bool = False, middle: bool = False) -> str:
    """Pad or cut ``text`` to exactly ``width`` cells; a cut shows an ellipsis (in the middle for
    names, whose unique part is at the end: see :mod:`tui.models.elide`)."""
    return fit_cells(text, width, right=right, middle=middle)


class _Line:
    """Builds one line, joining neighbouring text of the same style into one segment: Textual's
    line filters cost per segment, and most of a row shares one style."""

    def __init__(self, base: Style, lead: str = " " * MARGIN) -> None:
        self.base = base
        self.segments: list[Segment] = []
        self._text: list[str] = [lead]
        self._style = base

    def add(self, text: str, style: Style) -> None:
        if style != self._style:
            self._flush()
            self._style = style
        self._text.append(text)

    def _flush(self) -> None:
        if self._text:
            self.segments.append(Segment("".join(self._text), self._style))
            self._text = []

    def strip(self, width: int) -> Strip:
        self._flush()
        return Strip(self.segments).adjust_cell_length(width, self.base)


class JobTable(CursorTable, can_focus=True, inherit_bindings=False):
    """Rows of jobs with a cursor; the screen owns the data and hands over the visible order."""

    COMPONENT_CLASSES = {
        "job-table--header",
        "job-table--header-sorted",
        "job-table--cursor",
        "job-table--changed",
        "job-table--empty",
        "job-table--marked",
        *STATUS_CLASSES.values(),
    }

    DEFAULT_CSS = """
    JobTable {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        height: 1fr;
    }
    JobTable > .job-table--header { background: $panel; color: $foreground; text-style: bold; }
    JobTable > .job-table--header-sorted { background: $panel; color: $accent; text-style: bold; }
    JobTable > .job-table--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
        text-style: $block-cursor-blurred-text-style;
    }
    JobTable:focus > .job-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    JobTable > .job-table--changed { background: $changed-highlight; }
    JobTable > .job-table--empty { color: $text-muted; text-style: italic; }
    JobTable > .job-table--marked { color: $accent; text-style: bold; }
    JobTable > .job-table--status-inprogress { color: $status-inprogress; }
    JobTable > .job-table--status-completed { color: $status-completed; }
    JobTable > .job-table--status-failed { color: $status-failed; text-style: bold; }
    JobTable > .job-table--status-stopping { color: $status-stopping; }
    JobTable > .job-table--status-stopped { color: $status-stopped; }
    """

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", id="list.cursor_down", show=False),
        Binding("k,up", "cursor_up", "Up", id="list.cursor_up", show=False),
        Binding("g,home", "top", "Top", id="list.top", show=False),
        Binding("G,end", "bottom", "Bottom", id="list.bottom", show=False),
        Binding("pageup", "page_up", "Page up", id="list.page_up", show=False),
        Binding("pagedown", "page_down", "Page down", id="list.page_down", show=False),
        Binding("enter", "open", "Open", id="list.open", tooltip="Open the job's details"),
    ]

    class Opened(Message):
        """Enter (or a double click) on a job."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    class CursorMoved(Message):
        """The cursor is on another job (after a key, a click or a refresh that moved rows)."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    class SortClicked(Message):
        """A click on a column title."""

        def __init__(self, column: str) -> None:
            super().__init__()
            self.column = column

    def __init__(
        self,
        *,
        columns: Sequence[str],
        now: Callable[[], float],
        absolute: bool = False,
        zone: tzinfo | None = timezone.utc,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.rows: Sequence[JobRow] = []
        self.wanted_columns = tuple(columns)
        self.columns: list[Column] = []
        self.absolute = absolute
        self.zone = zone
        self.sort = SortSpec()
        self.empty_text = ""
        self._now = now
        self._anchor: str | None = None
        self._cursor_posted: str | None = None
        self._name_width = 0
        self._content_widths: dict[str, int] = {}
        self._layout_width = -1
        self._flash: dict[str, float] = {}
        #: Marked job names (the screen's :class:`~tui.models.marks.Marks`): a glyph in the margin.
        self.marks: Collection[str] = ()
        #: Text of the optional columns by job name (see :meth:`set_cells`).
        self.cells: dict[str, Mapping[str, str]] = {}
        # Text of each visible row's time-dependent cells when last painted (see tick()).
        self._painted: dict[int, tuple[tuple[Column, str], ...]] = {}

    # -- data --------------------------------------------------------------------------------
    @property
    def cursor_row(self) -> JobRow | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    @property
    def cursor_name(self) -> str | None:
        row = self.cursor_row
        return row.name if row else None

    def set_rows(
        self,
        rows: Sequence[JobRow],
        *,
        name_width: int | None = None,
        content_widths: dict[str, int] | None = None,
    ) -> None:
        """Show ``rows``; the cursor stays on its job (and at the same height on screen) when that
        job is still there, else at the same index. ``content_widths``: the widest value of each
        column (spare width goes to the columns that would cut theirs)."""
        old_offset = self.cursor - round(self.scroll_y)
        visible = 0 <= old_offset < self._page_rows()
        shown = self._on_screen()
        self.rows = rows
        relayout = False
        if name_width is not None and name_width != self._name_width:
            self._name_width = name_width
            relayout = True
        if content_widths is not None and content_widths != self._content_widths:
            self._content_widths = dict(content_widths)
            relayout = True
        if relayout:
            columns, painted = self.columns, dict(self._painted)
            self._relayout(refresh=False)
            relayout = self.columns != columns
            if not relayout:
                # The widest values moved, the columns did not (a refresh of an idle list): what
                # is on screen is still right, ticking cells included.
                self._painted = painted
        target = self._index_of(self._anchor) if self._anchor is not None else None
        if target is None:
            target = min(self.cursor, max(0, len(rows) - 1))
        self.cursor = target
        self._set_virtual_size(Size(self._width(), len(rows) + 1))
        if visible:
            self._scroll_to_row(target - old_offset)
        self._ensure_cursor_visible()
        self._repaint_changes(shown, relayout=relayout)
        self._cursor_moved()

    def _repaint_changes(self, shown: tuple[int, int, Sequence[JobRow]], *, relayout: bool) -> None:
        """Repaint what :meth:`set_rows` changed on screen, and only that: the whole cache
        arriving after the newest screenful, or a refresh that changed nothing visible, repaints
        no row; a refresh that changed one job repaints its line (each repaint of the whole table
        is ~15 KB at 160x50 over SSH)."""
        top, cursor, rows = self._on_screen()
        if relayout or (top, cursor) != shown[:2] or not rows or not shown[2]:
            self._painted.clear()
            self.refresh()
            return
        before = shown[2]
        for offset in range(max(len(rows), len(before))):
            old = before[offset] if offset < len(before) else None
            new = rows[offset] if offset < len(rows) else None
            if old != new:
                self._painted.pop(top + offset, None)
                self.refresh_lines(top + offset + 1, 1)

    def _on_screen(self) -> tuple[int, int, Sequence[JobRow]]:
        """What the visible rows depend on besides columns, marks and highlights (which repaint
        when they change): the scroll position, the cursor, and the rows in view."""
        top = round(self.scroll_y)
        return top, self.cursor, tuple(self.rows[top : top + self._page_rows()])

    def _set_virtual_size(self, size: Size) -> None:
        """The scrollable size, laid out again (the scrollbar) without repainting every row: the
        reactive's own refresh would repaint the whole table, which only :meth:`set_rows` knows
        is needed."""
        if size != self.virtual_size:
            self.set_reactive(JobTable.virtual_size, size)
            self.refresh(layout=True, repaint=False)

    def _cursor_moved(self) -> None:
        name = self.cursor_name
        if name is not None and name != self._cursor_posted:
            self._cursor_posted = name
            self.post_message(self.CursorMoved(name))

    def flash(self, names: set[str], until: float) -> None:
        """Highlight these jobs' rows until the monotonic time ``until`` (see :meth:`tick`)."""
        for name in names:
            self._flash[name] = until
        top = round(self.scroll_y)
        for offset, row in enumerate(self.rows[top : top + self._page_rows()]):
            if row.name in names:  # only those lines: the others look as they did
                self.refresh_lines(top + offset + 1, 1)

    def set_columns(self, columns: Sequence[str]) -> None:
        self.wanted_columns = tuple(columns)
        self._relayout()

    def set_absolute(self, absolute: bool) -> None:
        self.absolute = absolute
        self._relayout()

    def set_sort(self, sort: SortSpec) -> None:
        column_changed = sort.column != self.sort.column
        self.sort = sort
        if column_changed:
            self._relayout()  # the sort column is never dropped: another one may have to be
        else:
            self.refresh_lines(round(self.scroll_y), 1)

    def set_marks(self, marks: Collection[str]) -> None:
        """Draw these jobs as marked (the collection is read at each paint)."""
        self.marks = marks
        self.refresh()

    def set_cells(self, column: str, cells: Mapping[str, str]) -> None:
        """The text of an optional column (tags, objective) by job name; absent: a dash."""
        if self.cells.get(column) != cells:
            self.cells[column] = cells
            if any(c.key == column for c in self.columns):
                self.refresh()

    def _cell(self, row: JobRow, key: str, now: float) -> str:
        if key in OPTIONAL_COLUMN_KEYS:
            text = self.cells.get(key, {}).get(row.name)
            return visible(text) if text else DASH
        return cell_text(row, key, now, absolute=self.absolute, zone=self.zone)

    def set_empty_text(self, text: str) -> None:
        if text != self.empty_text:
            self.empty_text = text
            self.refresh()

    def tick(self, monotonic_now: float) -> None:
        """Repaint only the cells whose time-dependent text changed (a running job's duration, a
        recent age), and the rows whose highlight ended: an idle list sends next to nothing."""
        expired = {name for name, until in self._flash.items() if until <= monotonic_now}
        for name in expired:
            del self._flash[name]
        top = round(self.scroll_y)
        now = self._now()
        for y in range(self._page_rows()):
            index = top + y
            if index >= len(self.rows):
                break
            row = self.rows[index]
            if row.name in expired:
                self.refresh_lines(index + 1, 1)
                continue
            before = self._painted.get(index)
            cells = self._time_cells(row, now)
            if before == cells:
                continue
            if before is None or len(before) != len(cells):
                self.refresh_lines(index + 1, 1)
                continue
            for (column, old), (_, new) in zip(before, cells, strict=True):
                if old != new:
                    self.refresh(Region(column.x, y + 1, column.width, 1))

    # -- cursor ------------------------------------------------------------------------------
    def cursor_changed(self, index: int) -> None:
        self._anchor = self.rows[index].name
        self._cursor_moved()

    def pin(self, name: str | None = None) -> None:
        """Keep the cursor on ``name`` (default: the job it is on now) whenever that job is
        shown: across filters that hide it, and before it has even arrived (a job opened at
        start-up, whose row the list has not loaded yet)."""
        self._anchor = name if name is not None else self.cursor_name
        if name is not None:
            index = self._index_of(name)
            if index is not None:
                self.move_cursor(index)

    def first(self) -> None:
        """The cursor on the first row, the view at the top (a filter that just changed)."""
        if self.rows:
            self.move_cursor(0)
        self._scroll_to_row(0)

    def select_name(self, name: str) -> bool:
        index = self._index_of(name)
        if index is None:
            return False
        self.move_cursor(index)
        return True

    def action_open(self) -> None:
        name = self.cursor_name
        if name is not None:
            self.post_message(self.Opened(name))

    # -- events ------------------------------------------------------------------------------
    def activate(self) -> None:
        self.action_open()

    def title_clicked(self, x: int) -> None:
        column = column_at(self.columns, x)
        if column is not None:
            self.post_message(self.SortClicked(column))

    def on_resize(self, event: events.Resize) -> None:
        self._set_virtual_size(Size(self._width(), len(self.rows) + 1))
        if self._width() != self._layout_width:
            self._relayout()
        self._ensure_cursor_visible()

    # -- rendering ---------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self._width()
        if width != self._layout_width:
            self._relayout(refresh=False)  # the vertical scrollbar came or went
        if y == 0:
            return self._render_header(width)
        if not self.rows:
            return self._render_empty(y, width)
        index = round(self.scroll_y) + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, self._style("base"))
        row = self.rows[index]
        now = self._now()
        self._painted[index] = self._time_cells(row, now)
        return self._render_row(row, index, now, width)

    def _render_header(self, width: int) -> Strip:
        plain = self._style("job-table--header")
        sorted_style = self._style("job-table--header-sorted")
        line = _Line(plain)
        for column in self.columns:
            title = TITLES[column.key]
            style = plain
            if column.key == self.sort.column:
                title += " ↓" if self.sort.descending else " ↑"
                style = sorted_style
            line.add(fit(title, column.width, right=column.key in RIGHT_ALIGNED), style)
            line.add(" " * GAP, plain)
        return line.strip(width)

    def _render_empty(self, y: int, width: int) -> Strip:
        base = self._style("base")
        middle = max(1, self.size.height // 2)
        if y != middle or not self.empty_text:
            return Strip.blank(width, base)
        text = elide_end(self.empty_text, width)
        left = max(0, (width - cell_len(text)) // 2)
        strip = Strip([Segment(" " * left, base), Segment(text, self._style("job-table--empty"))])
        return strip.adjust_cell_length(width, base).crop(0, width)

    def _render_row(self, row: JobRow, index: int, now: float, width: int) -> Strip:
        on_cursor = index == self.cursor
        if on_cursor:
            base = self._style("job-table--cursor")
        elif row.name in self._flash:
            base = self._style("job-table--changed")
        else:
            base = self._style("base")
        marked = row.name in self.marks
        if marked and not on_cursor:
            base = base + self._style("job-table--marked", partial=True)
        line = _Line(base, MARK_GLYPH if marked else " " * MARGIN)
        for column in self.columns:
            text = self._cell(row, column.key, now)
            style = base
            if column.key == "status" and not on_cursor and row.status in STATUS_CLASSES:
                style = base + self._style(STATUS_CLASSES[row.status], partial=True)
            line.add(fit(text, column.width, right=column.key in RIGHT_ALIGNED, middle=column.key == "name"),
                     style)
            line.add(" " * GAP, base)
        return line.strip(width)

    def _time_cells(self, row: JobRow, now: float) -> tuple[tuple[Column, str], ...]:
        return tuple(
            (c, cell_text(row, c.key, now, absolute=self.absolute, zone=self.zone))
            for c in self.columns
            if ticks(row, c.key, absolute=self.absolute)
        )

    # -- helpers -----------------------------------------------------------------------------
    def _relayout(self, *, refresh: bool = True) -> None:
        self._layout_width = self._width()
        self.columns = layout_columns(
            self.wanted_columns,
            self._layout_width,
            name_width=self._name_width,
            absolute=self.absolute,
            keep=self.sort.column,
            content=self._content_widths,
            time_width=clock_width(self.zone, self._now()) if self.absolute else ABSOLUTE_TIME_WIDTH,
        )
        self._painted.clear()
        if refresh:
            self.refresh()

    def _index_of(self, name: str | None) -> int | None:
        if name is None:
            return None
        for index, row in enumerate(self.rows):
            if row.name == name:
                return index
        return None
