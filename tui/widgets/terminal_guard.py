"""The last line of defence between any widget and the terminal stream.

Every string that comes from data is made visible (:mod:`tui.safe_text`) where it is laid out;
this line filter, applied by Textual to every line of every widget (toasts, the command palette
and Textual's own widgets included), drops whatever control character, bidi control or invisible
mark still got through, so none can reach the terminal as an escape sequence or reorder what is
shown. They are all zero cells wide to Rich, so dropping them never shifts a line.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from tui.safe_text import drop_unsafe, has_unsafe


class ControlGuard(LineFilter):
    """Removes control characters and invisible marks from rendered segments."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        # Every line of every widget passes here: a plain loop with C-speed checks, no copy when
        # (as nearly always) there is nothing to drop.
        for text, _style, control in segments:
            if not text.isprintable() and not control and has_unsafe(text):
                break
        else:
            return segments
        return [
            segment
            if segment.control or not has_unsafe(segment.text)
            else Segment(drop_unsafe(segment.text), segment.style)
            for segment in segments
        ]
