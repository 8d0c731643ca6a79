"""The screen as plain text lines (what a snapshot shows, without colours), for readable asserts."""

from __future__ import annotations

from typing import Any

from textual.app import App


def screen_lines(app: App[Any]) -> list[str]:
    # The compositor is private; its render_strips() is what the snapshot SVG is drawn from.
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]
