"""Placeholder: the job detail screen lands with issue 4."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static


class JobDetailScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="detail.back")]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.job_name = name

    def compose(self) -> ComposeResult:
        yield Static(self.job_name)
        yield Footer()
