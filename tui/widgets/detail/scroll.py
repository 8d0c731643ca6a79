"""The scrolling container of the read-only panes, with k9s-style keys besides the arrows."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll


class PaneScroll(VerticalScroll):
    BINDINGS = [
        Binding("j", "scroll_down", "Down", id="detail.down", show=False),
        Binding("k", "scroll_up", "Up", id="detail.up", show=False),
        Binding("g", "scroll_home", "Top", id="detail.top", show=False),
        Binding("G", "scroll_end", "Bottom", id="detail.bottom", show=False),
    ]
