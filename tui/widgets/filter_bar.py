"""The `/` filter line: an input (substring, or ``~regex``) and where a bad regex is reported."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static

from tui.safe_text import message as message_text


class FilterBar(Horizontal):
    """Hidden until `/`; stays visible (unfocused) while a filter text is set."""

    DEFAULT_CSS = """
    FilterBar { height: 1; display: none; background: $panel; }
    FilterBar.-shown { display: block; }
    FilterBar > #filter-prompt { width: 2; color: $accent; text-style: bold; background: $panel; }
    FilterBar > Input {
        width: 1fr; height: 1; border: none; padding: 0; background: $panel; color: $foreground;
    }
    FilterBar > Input:focus { border: none; background: $surface; }
    FilterBar > #filter-error {
        width: auto; max-width: 60%; color: $error; background: $panel;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("/", id="filter-prompt")
        yield Input(placeholder="name contains…  (~ for a regular expression)", id="filter-input")
        yield Static("", id="filter-error")

    @property
    def input(self) -> Input:
        return self.query_one("#filter-input", Input)

    def open(self, text: str) -> None:
        self.add_class("-shown")
        if self.input.value != text:
            self.input.value = text
        self.input.cursor_position = len(text)
        self.input.focus()

    def close(self) -> None:
        self.remove_class("-shown")
        self.set_error("")

    def set_error(self, message: str) -> None:
        self.query_one("#filter-error", Static).update(message_text(f" {message}" if message else ""))
