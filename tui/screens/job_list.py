"""Placeholder: the job list screen lands with issue 3."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static


class JobListScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("job list")
        yield Footer()
