"""Every rendered line through the terminal's glyph table (:mod:`tui.glyphs`), when it needs one.

A line filter, like the terminal guard, so it covers this app's widgets, Textual's own (the tab
underline ``━╸``, rounded borders, scroll bar ends) and anything added later, with one table.
Only installed for terminals whose font lacks Unicode glyphs (TERM=linux, vt100 …): elsewhere it
costs nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from tui.glyphs import glyph_table


class GlyphFilter(LineFilter):
    """Replaces glyphs the terminal's font lacks with one-cell ones it has."""

    def __init__(self, table: Mapping[int, str]) -> None:
        super().__init__()
        self.table = table

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        table = self.table
        return [
            segment if segment.control or segment.text.isascii()
            else Segment(segment.text.translate(table), segment.style)
            for segment in segments
        ]


def glyph_filter(term: str | None) -> GlyphFilter | None:
    """The filter for ``term`` (the TERM variable), None when the terminal draws Unicode."""
    table = glyph_table(term)
    return None if table is None else GlyphFilter(table)
