"""Placeholder: the help screen lands with issue 3."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        yield Static("help")
