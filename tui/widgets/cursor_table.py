"""What the app's Line-API tables share (the job list, the tuning tables, the comparison grid): a
title line, rows under it with one cursor row, kept in view, moved by keys and clicks.

Each table renders its own lines (:meth:`render_line`) and declares its own bindings (their ids
are what a keymap names); this base holds the cursor, the paging, the clicks and the cached
component styles, so the three move and repaint alike: a cursor step repaints the two lines whose
cursor state changed, not the table (bytes over SSH).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.style import Style
from textual import events
from textual.scroll_view import ScrollView


class CursorTable(ScrollView):
    """A title line (virtual row 0) over :attr:`rows`, with :attr:`cursor` on one of them."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: Sequence[Any] = ()
        self.cursor = 0
        self._styles: dict[str, Style] = {}

    # -- hooks -------------------------------------------------------------------------------
    def cursor_changed(self, index: int) -> None:
        """The cursor moved to ``index`` by a key or a click (before the view follows it)."""

    def activate(self) -> None:
        """Enter on the cursor row, or a double click on a row."""

    def title_clicked(self, x: int) -> None:
        """A click on the title line, ``x`` cells into the content."""

    # -- cursor ------------------------------------------------------------------------------
    def move_cursor(self, index: int) -> None:
        if not self.rows:
            return
        previous = self.cursor
        self.cursor = max(0, min(index, len(self.rows) - 1))
        self.cursor_changed(self.cursor)
        if not self._ensure_cursor_visible():
            # Only the two rows whose cursor state changed are repainted (small output over SSH).
            self.refresh_lines(previous + 1, 1)
            self.refresh_lines(self.cursor + 1, 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_top(self) -> None:
        self.move_cursor(0)

    def action_bottom(self) -> None:
        self.move_cursor(len(self.rows) - 1)

    def action_page_down(self) -> None:
        """The view and the cursor a page on (less one row, kept in sight for reading on)."""
        page = max(1, self._page_rows() - 1)
        self._scroll_to_row(round(self.scroll_y) + page)
        self.move_cursor(self.cursor + page)

    def action_page_up(self) -> None:
        page = max(1, self._page_rows() - 1)
        self._scroll_to_row(round(self.scroll_y) - page)
        self.move_cursor(self.cursor - page)

    # -- events ------------------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            self.title_clicked(offset.x)
            return
        index = round(self.scroll_y) + offset.y - 1
        if 0 <= index < len(self.rows):
            self.move_cursor(index)
            if event.chain >= 2:
                self.activate()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    # -- helpers -----------------------------------------------------------------------------
    def _style(self, name: str, *, partial: bool = False) -> Style:
        """The widget's own style (``base``) or a component class's, cached until a restyle."""
        key = f"{name}:{partial}"
        style = self._styles.get(key)
        if style is None:
            if name == "base":
                style = self.rich_style
            else:
                style = self.get_component_rich_style(name, partial=partial)
            self._styles[key] = style
        return style

    def _width(self) -> int:
        """Cells for text: the widget minus its scrollbar."""
        return self.scrollable_content_region.width

    def _page_rows(self) -> int:
        """Rows shown under the title line."""
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_row(self, top: int) -> None:
        top = max(0, min(top, len(self.rows) - self._page_rows()))
        self.scroll_to(y=top, animate=False, immediate=True)

    def _ensure_cursor_visible(self) -> bool:
        """Scroll so the cursor row is on screen; True when that scrolled (all repaints then)."""
        top = round(self.scroll_y)
        page = self._page_rows()
        if self.cursor < top:
            self._scroll_to_row(self.cursor)
            return True
        if self.cursor >= top + page:
            self._scroll_to_row(self.cursor - page + 1)
            return True
        return False
