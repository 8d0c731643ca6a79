"""The `:` command line: an input with Tab completion and a place for the one-line error.

The widget only edits text: Enter posts :class:`CommandBar.Run` with it, Escape closes the line
(:class:`CommandBar.Closed`), and what a line means is the screen's business
(:mod:`tui.screens.command_line`). Completions come from a function the screen hands over, so
they follow its commands as they change.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, Static

from tui.safe_text import message as message_text

Completer = Callable[[str], "str | None"]


class _Completions(Suggester):
    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.completer: Completer | None = None

    async def get_suggestion(self, value: str) -> str | None:
        return self.completer(value) if self.completer is not None else None


class CommandInput(Input):
    """The line's input: Tab takes the completion shown after the cursor (→ does too)."""

    BINDINGS = [
        Binding("tab", "complete", "Complete", id="command_line.complete", show=False),
        Binding("escape", "close", "Close", id="command_line.close", show=False),
    ]

    def action_complete(self) -> None:
        if self.cursor_at_end:
            self.action_cursor_right()  # Textual's Input takes a shown suggestion at the end

    def action_close(self) -> None:
        self.post_message(CommandBar.Closed())


class CommandBar(Horizontal):
    """Hidden until `:`; gone again once a command ran or Escape was pressed."""

    DEFAULT_CSS = """
    CommandBar { height: 1; display: none; background: $panel; }
    CommandBar.-shown { display: block; }
    CommandBar > #command-prompt { width: 2; color: $accent; text-style: bold; background: $panel; }
    CommandBar > CommandInput {
        width: 1fr; height: 1; border: none; padding: 0; background: $panel; color: $foreground;
    }
    CommandBar > CommandInput:focus { border: none; background: $surface; }
    CommandBar > #command-error {
        width: auto; max-width: 70%; color: $error; background: $panel;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    class Run(Message):
        """Enter: run this line."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Closed(Message):
        """Escape: the line was closed without running anything."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._completions = _Completions()

    def compose(self) -> ComposeResult:
        yield Static(":", id="command-prompt")
        yield CommandInput(
            placeholder="command (Tab completes; help lists them)",
            id="command-input",
            suggester=self._completions,
        )
        yield Static("", id="command-error")

    @property
    def input(self) -> CommandInput:
        return self.query_one(CommandInput)

    def open(self, completer: Completer) -> None:
        self._completions.completer = completer
        self.add_class("-shown")
        self.input.value = ""
        self.set_error("")
        self.input.focus()

    def close(self) -> None:
        self.remove_class("-shown")
        self.set_error("")
        self.input.value = ""

    def set_error(self, message: str) -> None:
        self.query_one("#command-error", Static).update(message_text(f" {message}" if message else ""))

    @on(Input.Submitted, "#command-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Run(event.value))

    @on(Input.Changed, "#command-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()  # the screen's filter listens for Input.Changed too
        self.set_error("")
