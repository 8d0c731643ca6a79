"""The two small dialogs of the job actions: confirm a stop (default no) and pick a host."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.safe_text import visible


class StopConfirm(ModalScreen[bool]):
    """``Stop training job NAME?`` y stops; n, Enter and Escape keep it running (the default)."""

    DEFAULT_CSS = """
    StopConfirm { align: center middle; background: $background 60%; }
    StopConfirm > Vertical {
        width: 72; max-width: 100%; height: auto;
        background: $surface; border: round $error; padding: 0 1;
    }
    StopConfirm .confirm-title { text-style: bold; color: $error; }
    StopConfirm .confirm-keys { color: $text-muted; }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Stop it", id="confirm.yes"),
        Binding("n,enter,escape", "answer(False)", "Keep it running", id="confirm.no"),
    ]

    def __init__(self, job_name: str) -> None:
        super().__init__()
        self.job_name = job_name

    def compose(self) -> ComposeResult:
        with Vertical():
            # The name is the API's text: shown, never parsed as markup or sent raw.
            yield Static(Text(f"Stop training job {visible(self.job_name)}?"), classes="confirm-title")
            yield Static(
                "SageMaker stops it (Stopping, then Stopped); a stopped job cannot be resumed.",
            )
            yield Static("y stop it · n / Enter / Escape keep it running", classes="confirm-keys")

    def action_answer(self, stop: bool) -> None:
        self.dismiss(stop)


class HostPicker(ModalScreen["str | None"]):
    """Pick one of a job's hosts (``algo-1`` …) for a shell; Escape picks none."""

    DEFAULT_CSS = """
    HostPicker { align: center middle; background: $background 60%; }
    HostPicker > Vertical {
        width: 60; max-width: 100%; height: auto; max-height: 80%;
        background: $surface; border: round $primary; padding: 0 1;
    }
    HostPicker OptionList { height: auto; max-height: 20; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="hosts.cancel")]

    def __init__(self, job_name: str, hosts: list[str]) -> None:
        super().__init__()
        self.job_name = job_name
        self.hosts = hosts

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(f"Shell into a host of {visible(self.job_name)} (Escape cancels)"))
            yield OptionList(*(Option(host, id=host) for host in self.hosts), id="host-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
