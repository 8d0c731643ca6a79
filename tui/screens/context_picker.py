"""The context picker (``C``, ``:ctx``, the palette): a profile from the user's AWS files and a
region where SageMaker exists, side by side; Enter switches to the two highlighted.

The choices are read in a worker (config files, the endpoint data) and come back as a
message; the picker dismisses with ``(profile, region)`` or None (Escape), and the app's
switcher (:mod:`tui.screens.context_switcher`) does the rest.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.aws.contexts import Choices, discover
from tui.regions import split_regions
from tui.safe_text import safe_text

#: What the picker answers: (profile, region), the region possibly several (``us-east-1,us-west-2``).
Picked = tuple[str, str]
#: The mark of a region chosen with Space (several regions: one list).
MARK = "✓ "


class ChoicesLoaded(Message):
    def __init__(self, choices: Choices | None, error: str = "") -> None:
        super().__init__()
        self.choices = choices
        self.error = error


class ContextPicker(ModalScreen[Picked | None]):
    """Profiles on the left, regions on the right; Tab moves between them."""

    DEFAULT_CSS = """
    ContextPicker { align: center middle; }
    ContextPicker > #context-box {
        width: 72; max-width: 100%; height: 24; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ContextPicker #context-title { text-style: bold; height: 1; }
    ContextPicker #context-lists { height: 1fr; }
    ContextPicker OptionList { width: 1fr; height: 1fr; }
    ContextPicker #context-hint { color: $text-muted; height: auto; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="context.cancel"),
        Binding("tab", "other_list", "Other list", id="context.other_list", show=False),
        Binding("space", "mark", "Mark region", id="context.mark", show=False),
    ]

    def __init__(self, current_profile: str, current_region: str) -> None:
        """``current_region``: one region, or several joined by commas (a list of several)."""
        super().__init__()
        self.current_profile = current_profile
        current = split_regions(current_region)
        self.current_region = current[0] if current else ""
        #: Regions marked with Space, in the order marked (Enter then opens them in one list).
        self.marked: list[str] = current if len(current) > 1 else []
        self._regions: list[str] = []
        self.choices: Choices | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="context-box"):
            yield Static("Switch context: profile and region", id="context-title")
            with Horizontal(id="context-lists"):
                yield OptionList(id="context-profiles")
                yield OptionList(id="context-regions")
            yield Static("Loading profiles and regions…", id="context-hint")

    def on_mount(self) -> None:
        profiles = self.query_one("#context-profiles", OptionList)
        profiles.border_title = "Profile"
        self.query_one("#context-regions", OptionList).border_title = "Region"
        profiles.focus()
        self._load()

    @work(thread=True, exclusive=True, group="context-choices", exit_on_error=False)
    def _load(self) -> None:
        try:
            choices = discover(self.current_profile, self.current_region)
        except Exception as exc:  # an unreadable file: said in the picker, in one line
            self.post_message(ChoicesLoaded(None, str(exc).splitlines()[0] if str(exc) else repr(exc)))
            return
        self.post_message(ChoicesLoaded(choices))

    @on(ChoicesLoaded)
    def _on_loaded(self, message: ChoicesLoaded) -> None:
        hint = self.query_one("#context-hint", Static)
        if message.choices is None:
            hint.update(safe_text(f"Could not read the AWS config files: {message.error}"))
            return
        self.choices = choices = message.choices
        profiles = list(choices.profiles)
        if choices.current_profile not in profiles:
            profiles.insert(0, choices.current_profile)  # the demo's or the environment's keys
        regions = list(choices.regions)
        if choices.current_region and choices.current_region not in regions:
            regions.insert(0, choices.current_region)
        self._regions = regions
        self._fill("#context-profiles", profiles, choices.current_profile)
        self._fill("#context-regions", regions, choices.current_region, marks=True)
        hint.update("Enter: switch to the highlighted profile and region · Space: mark several regions "
                    "(one list) · Tab: other list · Esc: cancel")

    def _prompt(self, value: str, current: str, *, marks: bool) -> Text:
        mark = (MARK if value in self.marked else " " * len(MARK)) if marks else ""
        return safe_text(f"{mark}{value}{'  (current)' if value == current else ''}")

    def _fill(self, selector: str, values: list[str], current: str, *, marks: bool = False) -> None:
        option_list = self.query_one(selector, OptionList)
        option_list.clear_options()
        # Profile names are the user's text: shown visibly, never as markup.
        option_list.add_options(
            [Option(self._prompt(value, current, marks=marks), id=value) for value in values]
        )
        if current in values:
            option_list.highlighted = values.index(current)
            # Scrolled once the list has its size (before, it has no height to scroll in).
            option_list.call_after_refresh(option_list.scroll_to_highlight, top=True)

    def highlighted(self, selector: str) -> str | None:
        option_list = self.query_one(selector, OptionList)
        index = option_list.highlighted
        if index is None:
            return None
        return option_list.get_option_at_index(index).id

    @on(OptionList.OptionSelected)
    def _on_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        profile = self.highlighted("#context-profiles")
        marked = [region for region in self._regions if region in self.marked]
        region = ",".join(marked) if marked else self.highlighted("#context-regions")
        if profile is None or region is None:
            self.notify("Choose a profile and a region.", severity="warning")
            return
        self.dismiss((profile, region))

    def action_mark(self) -> None:
        """Space on a region: mark it (or unmark it); Enter opens the marked regions in one list."""
        regions = self.query_one("#context-regions", OptionList)
        region = self.highlighted("#context-regions")
        if region is None or regions.highlighted is None:
            return
        if region in self.marked:
            self.marked.remove(region)
        else:
            self.marked.append(region)
        current = self.choices.current_region if self.choices is not None else ""
        regions.replace_option_prompt_at_index(regions.highlighted, self._prompt(region, current, marks=True))

    def action_other_list(self) -> None:
        profiles = self.query_one("#context-profiles", OptionList)
        regions = self.query_one("#context-regions", OptionList)
        (regions if profiles.has_focus else profiles).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

