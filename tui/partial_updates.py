"""Partial screen updates that write only the cells that changed, not the line up to them.

When a widget repaints part of a line (``widget.refresh(region)``), Textual 8.2.8 computes the
exact span but its fast path, ``ChopsUpdate.render_segments``, crops only the end of the strip
(its own comment on the slower ``__rich_console__`` path reads "TODO: crop to x extents"). So a
job list that repaints one ticking cell at the right of a row rewrites the whole row up to it:
about 150 bytes a cell at 80 columns instead of about 40, and twice when two cells of a row
tick. Over SSH on a slow link that is the bulk of what an idle list sends (see
``benchmarks/idle_bytes.py``).

:func:`install` replaces that one method with the same loop that also crops the start. It is
applied only to the Textual version it was checked against (``pyproject.toml`` pins Textual
exactly); on another version the stock method stays and the app merely sends more bytes.
Lines holding wide characters keep the stock behaviour: cropping inside a double-width cell
would leave half of it on the terminal.
"""

from __future__ import annotations

from rich.console import Console
from rich.control import Control
from textual._compositor import ChopsUpdate

#: The Textual version whose ``ChopsUpdate`` this replacement was written against and tested with.
CHECKED_TEXTUAL = "8.2.8"

_stock_render_segments = ChopsUpdate.render_segments


def render_segments(self: ChopsUpdate, console: Console) -> str:
    """``ChopsUpdate.render_segments`` cropping each chop to its span at both ends."""
    sequences: list[str] = []
    append = sequences.append
    move_to = Control.move_to
    last_y = self.spans[-1][0]
    for y, x1, x2 in self.spans:
        line = self.chops[y]
        ends = self.chop_ends[y]
        for end, (x, strip) in zip(ends, line.items(), strict=False):
            if strip is None or x >= x2 or end <= x1:
                continue
            start = x
            if x < x1 and strip.cell_length == len(strip.text):  # narrow characters only
                start = x1
            stop = min(end, x2)
            if start != x or stop != end:
                strip = strip.crop(start - x, stop - x)
            append(move_to(start, y).segment.text)
            append(strip.render(console))
        if y != last_y:
            append("\n")
    return "".join(sequences)


def install(textual_version: str) -> bool:
    """Use :func:`render_segments` if ``textual_version`` is the one it was checked against."""
    if textual_version != CHECKED_TEXTUAL:
        return False
    ChopsUpdate.render_segments = render_segments  # type: ignore[method-assign]
    return True


def uninstall() -> None:
    """Back to Textual's own method (for tests comparing the two)."""
    ChopsUpdate.render_segments = _stock_render_segments  # type: ignore[method-assign]
