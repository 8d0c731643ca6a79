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
        if not any(has_unsafe(segment.text) for segment in segments if not segment.control):
            return segments
        return [
            segment
            if segment.control or not has_unsafe(segment.text)
            else Segment(drop_unsafe(segment.text), segment.style)
            for segment in segments
        ]
