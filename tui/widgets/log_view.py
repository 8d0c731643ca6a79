"""The log lines on screen: Textual's Line API over a :class:`~tui.models.log_buffer.LogBuffer`.

Only the rows on screen are rendered, so a million lines scroll like forty. Every message goes
through :func:`~tui.models.log_text.visible` and into plain :class:`~rich.segment.Segment`\\ s (never
markup), cut to at most :data:`~tui.models.log_text.MAX_SHOWN` characters: a hostile line can neither
drive the terminal nor break the layout, and a 1 MB line costs one slice. Each line is tagged with
its host (the name itself, so hosts are told apart without colour; coloured from the theme's
variables) and optionally its time. Wrapping maps screen rows to lines through a prefix sum.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable
from datetime import timezone, tzinfo
from itertools import accumulate

from rich.cells import cell_len, chop_cells
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.models.log_buffer import LogBuffer
from tui.models.log_text import MAX_SHOWN, visible

HOST_CLASSES = tuple(f"log-view--host-{i}" for i in range(6))


class LogView(ScrollView, can_focus=True):
    """Log lines with a cursor line, follow mode, search highlights and optional wrapping."""

    COMPONENT_CLASSES = {
        "log-view--time", "log-view--match", "log-view--cursor", "log-view--empty", *HOST_CLASSES,
    }
    DEFAULT_CSS = """
    LogView { background: $surface; overflow-x: hidden; }
    LogView > .log-view--time { color: $text-muted; }
    LogView > .log-view--match { background: $warning 50%; color: $text; text-style: bold; }
    LogView > .log-view--cursor { background: $block-cursor-blurred-background; }
    LogView:focus > .log-view--cursor { background: $block-cursor-background 40%; }
    LogView > .log-view--empty { color: $text-muted; text-style: italic; }
    LogView > .log-view--host-0 { color: $accent; }
    LogView > .log-view--host-1 { color: $warning; }
    LogView > .log-view--host-2 { color: $success; }
    LogView > .log-view--host-3 { color: $secondary; }
    LogView > .log-view--host-4 { color: $primary; }
    LogView > .log-view--host-5 { color: $error; }
    """
    BINDINGS = [
        Binding("j,down", "cursor(1)", "Down", id="logs.down", show=False),
        Binding("k,up", "cursor(-1)", "Up", id="logs.up", show=False),
        Binding("pagedown", "page(1)", "Page down", id="logs.page-down", show=False),
        Binding("pageup", "page(-1)", "Page up", id="logs.page-up", show=False),
        Binding("g,home", "top", "Top", id="logs.top", show=False),
        Binding("F", "follow", "Follow", id="logs.follow", tooltip="Follow new lines (also End)"),
        Binding("end,G", "follow", "Follow", id="logs.end", show=False),
    ]

    class FollowChanged(Message):
        def __init__(self, following: bool) -> None:
            super().__init__()
            self.following = following

    class NearTop(Message):
        """The view reached its first line: older lines may be loaded."""

    class NearBottom(Message):
        """The view reached its last line (or was asked to follow): newer lines may be read back."""

    def __init__(self, buffer: LogBuffer, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.buffer = buffer
        self.rows: array[int] = array("l")
        self.cursor = 0
        self.following = True
        self.wrap = False
        self.timestamps = False
        self.zone: tzinfo = timezone.utc
        self.matches: list[int] = []
        self.query_text = ""
        self.empty_text = ""
        self._starts: list[int] = []
        self._wrap_width = -1
        self._wrap_cache: tuple[tuple[object, ...], list[Strip]] | None = None
        self._styles: dict[str, Style] = {}
        self.host_colour: Callable[[int], str] = lambda i: HOST_CLASSES[i % len(HOST_CLASSES)]

    # -- data ------------------------------------------------------------------------------
    def set_rows(self, rows: array[int]) -> None:
        """Show these line numbers; following stays at the bottom, else the view keeps its place."""
        self.rows = rows
        self._wrap_width = -1
        self.cursor = min(self.cursor, max(0, len(rows) - 1))
        self._resize_virtual()
        if self.following:
            self._to_bottom()
        self.refresh()

    def rows_added(self, rows: array[int]) -> None:
        """More rows at the end (a poll): the view does not move unless it is following."""
        self.set_rows(rows)

    def rows_prepended(self, rows: array[int], count: int) -> None:
        """``count`` older rows in front: shift so the same lines stay on screen."""
        top = round(self.scroll_y)
        self.cursor += count
        self.set_rows(rows)
        if not self.following:
            self.scroll_to_row(top + self._row_of(count) if self.wrap else top + count)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self.rich_style if name == "base" else self.get_component_rich_style(name, partial=True)
            self._styles[name] = style
        return style

    # -- geometry ----------------------------------------------------------------------------
    def _prefix(self) -> str:
        return "" if not self.timestamps else "0000-00-00 00:00:00.000 "

    def _tag_width(self) -> int:
        return max((len(h) for h in self.buffer.hosts), default=6) + 1

    def _line_width(self, number: int) -> int:
        message = self.buffer.messages[number]
        size = len(message) if message.isascii() else cell_len(visible(message, limit=MAX_SHOWN))
        return len(self._prefix()) + self._tag_width() + 1 + min(size, MAX_SHOWN + 40)

    def _resize_virtual(self) -> None:
        if self.wrap:
            # Wrapped at the width the rows will be drawn at: the scrollbar the wrapped rows call
            # for takes its columns from the text, and only the next layout shows it (and sends
            # no Resize), so it is counted now rather than found missing later (a following view
            # would stop short of its last line's end).
            full = max(1, self.container_size.width or self.size.width)
            bar = self.styles.scrollbar_size_vertical
            height = self.container_size.height
            width = full
            if 0 < bar < full and (len(self.rows) > height or self._wrap_at(full) > height):
                width = full - bar
            self.virtual_size = Size(width, max(1, self._wrap_at(width)))
        else:
            width = max(1, self.scrollable_content_region.width or self.size.width)
            self.virtual_size = Size(width, max(1, len(self.rows)))

    def _wrap_at(self, width: int) -> int:
        """Screen rows of :attr:`rows` wrapped at ``width`` (the prefix sum kept for that width)."""
        if self._wrap_width != width:
            self._wrap_width = width
            heights = (max(1, -(-self._line_width(n) // width)) for n in self.rows)
            self._starts = [0, *accumulate(heights)]
        return self._starts[-1] if self._starts else 0

    def _row_of(self, index: int) -> int:
        """The screen row where line ``index`` of :attr:`rows` starts."""
        if self.wrap and self._starts:
            return self._starts[min(index, len(self._starts) - 1)]
        return index

    def _index_at(self, row: int) -> tuple[int, int]:
        """(index into rows, which wrapped part) at virtual row ``row``."""
        if self.wrap and self._starts:
            index = bisect.bisect_right(self._starts, row) - 1
            return index, row - self._starts[index]
        return row, 0

    def on_resize(self, event: events.Resize) -> None:
        self._resize_virtual()
        if self.following:
            self._to_bottom()

    # -- rendering ---------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        base = self._style("base")
        if not self.rows:
            if y == 0 and self.empty_text:
                text = visible(self.empty_text)[: max(0, width - 1)]
                strip = Strip([Segment(" " + text, self._style("log-view--empty"))])
                return strip.adjust_cell_length(width, base)
            return Strip.blank(width, base)
        index, part = self._index_at(round(self.scroll_y) + y)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        if self.wrap:
            pieces = self._wrapped(index, width)
            chosen = pieces[part] if part < len(pieces) else Strip([])
            return chosen.adjust_cell_length(width, self._row_base(index))
        # Unwrapped, no more of the message than fits is even looked at (a 1 MB line included).
        segments = self._segments(index, limit=width)
        return Strip(segments).crop(0, width).adjust_cell_length(width, self._row_base(index))

    def _wrapped(self, index: int, width: int) -> list[Strip]:
        """Line ``index`` cut into rows of ``width`` cells (kept for the rows that follow: a long
        line's rows are drawn one after another, each asking for the same pieces)."""
        key = (index, width, index == self.cursor, self.timestamps, self.query_text, id(self.rows))
        if self._wrap_cache is not None and self._wrap_cache[0] == key:
            return self._wrap_cache[1]
        pieces: list[list[Segment]] = [[]]
        room = width
        for text, style, _ in self._segments(index):
            if not text.isascii():
                # Wide characters: measured once, chopped in one pass (rich's Strip.divide measures
                # the rest of the line again at every cut: quadratic on a long line).
                if room < width and cell_len(text) > room:
                    head, rest = Segment(text, style).split_cells(room)
                    pieces[-1].append(head)
                    pieces.append([])
                    room, text = width, rest.text
                for part in chop_cells(text, width) if cell_len(text) > room else [text]:
                    if room == 0 or cell_len(part) > room:
                        pieces.append([])
                        room = width
                    pieces[-1].append(Segment(part, style))
                    room -= cell_len(part)
                continue
            while text:  # one cell per character: cut by position
                if room == 0:
                    pieces.append([])
                    room = width
                take, text = text[:room], text[room:]
                pieces[-1].append(Segment(take, style))
                room -= len(take)
        strips = [Strip(piece) for piece in pieces]
        self._wrap_cache = (key, strips)
        return strips

    def _row_base(self, index: int) -> Style:
        base = self._style("base")
        return base + self._style("log-view--cursor") if index == self.cursor else base

    def _segments(self, index: int, limit: int = MAX_SHOWN) -> list[Segment]:
        number = self.rows[index]
        buffer = self.buffer
        base = self._row_base(index)
        segments: list[Segment] = []
        if self.timestamps:
            from tui.models.log_text import iso_ms

            stamp = iso_ms(buffer.timestamps[number], self.zone)
            segments.append(Segment(f"{stamp[:10]} {stamp[11:23]} ", base + self._style("log-view--time")))
        host_id = buffer.host_ids[number]
        tag = buffer.hosts[host_id].ljust(self._tag_width())
        segments.append(Segment(tag + " ", base + self._style(self.host_colour(host_id))))
        text = visible(buffer.messages[number], limit=limit)
        query = self.query_text
        if query and self.matches:
            segments.extend(self._highlighted(text, query, base))
        else:
            segments.append(Segment(text, base))
        return segments

    def _highlighted(self, text: str, query: str, base: Style) -> list[Segment]:
        match = base + self._style("log-view--match")
        lowered, needle = text.lower(), query.lower()
        out: list[Segment] = []
        start = 0
        while True:
            found = lowered.find(needle, start)
            if found < 0:
                break
            if found > start:
                out.append(Segment(text[start:found], base))
            out.append(Segment(text[found : found + len(needle)], match))
            start = found + len(needle)
        if start < len(text):
            out.append(Segment(text[start:], base))
        return out

    # -- movement ----------------------------------------------------------------------------
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def scroll_to_row(self, row: float) -> None:
        """Make virtual row ``row`` the top one, now, whether or not the scrollbar is shown yet.

        The view sets its virtual size itself, at once, so the rows it can scroll to are known
        before any layout. Textual ignores an unforced scroll along an axis whose scrollbar is
        hidden, and only the next layout shows the scrollbar: without ``force`` a view laid out
        empty (one row, no scrollbar) stayed at the top of the lines that then arrived. A later
        layout only clamps to the same virtual size; a new size re-anchors in :meth:`on_resize`.
        """
        self.scroll_to(y=row, animate=False, immediate=True, force=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if not self.show_vertical_scrollbar:
            # Textual moves the thumb only while the bar is shown: a forced scroll made while it
            # is hidden would leave the bar the next layout shows with its thumb at the top.
            self.vertical_scrollbar.position = new_value

    def _to_bottom(self) -> None:
        self.cursor = max(0, len(self.rows) - 1)
        self.scroll_to_row(self.max_scroll_y)

    def _set_following(self, following: bool) -> None:
        if following != self.following:
            self.following = following
            self.post_message(self.FollowChanged(following))

    def move_to(self, index: int) -> None:
        """Put the cursor on rows[index] and scroll it into view (pauses following unless last)."""
        if not self.rows:
            return
        self.cursor = max(0, min(index, len(self.rows) - 1))
        self._set_following(self.cursor == len(self.rows) - 1 and self.following)
        top = round(self.scroll_y)
        row = self._row_of(self.cursor)
        if row < top:
            self.scroll_to_row(row)
        elif row >= top + self._page():
            self.scroll_to_row(row - self._page() + 1)
        if self.cursor == 0:
            self.post_message(self.NearTop())
        elif self.cursor == len(self.rows) - 1:
            self.post_message(self.NearBottom())
        self.refresh()

    def action_cursor(self, step: int) -> None:
        if step < 0:
            self._set_following(False)
        self.move_to(self.cursor + step)

    def action_page(self, step: int) -> None:
        if step < 0:
            self._set_following(False)
        self.move_to(self.cursor + step * self._page())

    def action_top(self) -> None:
        self._set_following(False)
        self.move_to(0)

    def action_follow(self) -> None:
        self._set_following(True)
        self._to_bottom()
        self.post_message(self.NearBottom())
        self.refresh()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        # Scrolling up pauses following where the view is: nothing jumps when lines arrive.
        self._set_following(False)
        if round(self.scroll_y) <= 1:
            self.post_message(self.NearTop())

    @property
    def cursor_number(self) -> int | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None
