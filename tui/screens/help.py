"""`?`: every key binding of the screen beneath and of the app, generated from the bindings.

Nothing here is a hand-written list: the rows come from the screen's active bindings, after the
user's keymap (so a remapped key shows its new key), grouped by where they apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static, TabbedContent, TabPane


@dataclass(frozen=True)
class HelpRow:
    keys: str
    description: str
    binding_id: str
    #: The section: where the key works, in words ("Job list", "Resources tab", "Everywhere").
    where: str


EVERYWHERE = "Everywhere"
#: Section names for the screens and widgets that hold bindings (a tab's panes are named after their tab).
SECTION_NAMES = {
    "JobListScreen": "Job list",
    "JobTable": "Job list",
    "JobDetailScreen": "Job detail",
    "HelpScreen": "Help",
}
#: What a key really does in this app where Textual's own description says otherwise, by action.
#: Ctrl+C: the screen's copy binding comes first but skips when nothing is selected, and then the
#: app's Ctrl+C quits (SageMakerTUI.action_help_quit); super+c never reaches a terminal app.
CORRECTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "screen.copy_text": (("ctrl+c",), "Quit (with text selected by the mouse: copy it instead)"),
}


FOCUS_ACTIONS = frozenset({"app.focus_next", "app.focus_previous"})


def _words(name: str) -> str:
    """``HyperparameterTable`` -> ``Hyperparameter table``: a class name a user can read."""
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+", name)
    return " ".join([words[0], *(w.lower() for w in words[1:])]) if words else name


def section_name(node: DOMNode, screen: Screen[object]) -> str:
    """Where ``node``'s bindings work, in words: Everywhere, the screen, or the tab it sits in."""
    if isinstance(node, App):
        return EVERYWHERE
    name = type(node).__name__
    if name in SECTION_NAMES:
        return SECTION_NAMES[name]
    for ancestor in node.ancestors_with_self:
        if isinstance(ancestor, TabPane):
            label = _tab_label(ancestor)
            if label:
                return f"{label} tab"
    if node is screen:
        return _words(name.removesuffix("Screen")) or name
    return _words(name)


def _tab_label(pane: TabPane) -> str:
    """The tab's name (``Resources`` for the tab titled ``5 Infra``): the job detail's from its tab
    table, any other's from its title without the number key."""
    from tui.screens.detail_tabs import TABS

    names = {tab_id: name for tab_id, name, _title, _pane in TABS}
    if pane.id in names:
        return names[pane.id]
    for ancestor in pane.ancestors:
        if isinstance(ancestor, TabbedContent):
            try:
                label = ancestor.get_tab(pane).label.plain
            except (ValueError, NoMatches):  # a pane without an id, or a tab being removed
                return ""
            return re.sub(r"^\d+\s+", "", label).strip()
    return ""


def help_rows(screen: Screen[object]) -> list[HelpRow]:
    """One row per binding reachable from ``screen`` now: keys joined, keymap applied."""
    app = screen.app
    grouped: dict[tuple[int, int], tuple[DOMNode, Binding, list[str]]] = {}
    order: list[tuple[int, int]] = []
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.system:
            continue
        # Multi-key bindings ("j,down") are split per key; the keymap makes new Binding objects,
        # so group by node + (id or action + description), not by identity.
        ident = (id(active.node), hash((binding.id or binding.action, binding.description)))
        if ident not in grouped:
            grouped[ident] = (active.node, binding, [])
            order.append(ident)
        grouped[ident][2].append(key)
    rows = []
    for ident in order:
        node, binding, keys = grouped[ident]
        description = binding.tooltip or binding.description or binding.action
        where = section_name(node, screen)
        if binding.action in FOCUS_ACTIONS and len(screen.focus_chain) < 2:
            continue  # Tab has nowhere else to go here: listing "Focus next" would promise nothing
        if binding.action in CORRECTIONS:
            real_keys, description = CORRECTIONS[binding.action]
            keys = [k for k in keys if k in real_keys]
            where = EVERYWHERE
            if not keys:
                continue
        displays = [app.get_key_display(replace_key(binding, key)) for key in keys]
        rows.append(
            HelpRow(
                keys=", ".join(dict.fromkeys(displays)),
                description=description,
                binding_id=binding.id or "",
                where=where,
            )
        )
    # The most specific first (the focused widget, the tab), then the screen, then everywhere.
    screen_section = section_name(screen, screen)
    rank = {screen_section: 1, EVERYWHERE: 2}
    rows.sort(key=lambda row: rank.get(row.where, 0))
    return rows


def replace_key(binding: Binding, key: str) -> Binding:
    """The binding for one of its keys (``j,down`` is shown as ``j, ↓``)."""
    if binding.key == key:
        return binding
    return replace(binding, key=key, key_display=None)


class HelpScreen(ModalScreen[None]):
    """The bindings of ``source`` (the screen that was active when `?` was pressed)."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; background: $background 60%; }
    HelpScreen > VerticalScroll {
        width: 100; max-width: 100%; height: auto; max-height: 100%;
        background: $surface; border: round $primary; padding: 0 1;
    }
    HelpScreen .help-title { text-style: bold; color: $accent; }
    """

    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
        Binding("j,down", "scroll_down", "Scroll down", id="help.down", show=False),
        Binding("k,up", "scroll_up", "Scroll up", id="help.up", show=False),
    ]

    def __init__(self, source: Screen[object] | None = None) -> None:
        super().__init__()
        self.source = source
        self.rows: list[HelpRow] = []

    def compose(self) -> ComposeResult:
        source = self.source = self.source or self._screen_beneath()
        self.rows = help_rows(source)
        with VerticalScroll(id="help-scroll"):
            yield Static(f"Keys — {section_name(source, source)} (Escape closes)", classes="help-title")
            yield Static(self._table(self.rows), id="help-table")

    def _screen_beneath(self) -> Screen[object]:
        stack = [s for s in self.app.screen_stack if s is not self]
        return stack[-1] if stack else self.app.screen

    @staticmethod
    def _table(rows: list[HelpRow]) -> Table:
        """One block per section (a heading row, then its keys), in the rows' order."""
        table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=False)
        table.add_column("Key", no_wrap=True)
        table.add_column("Action")
        table.add_column("Binding id", no_wrap=True)
        section = None
        for row in rows:
            if row.where != section:
                if section is not None:
                    table.add_row("", "", "")
                section = row.where
                table.add_row(Text(section, style="bold underline"), "", "")
            table.add_row(Text(row.keys, style="bold"), row.description, row.binding_id)
        return table

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_up()
