"""`?`: every key binding of the screen beneath and of the app, generated from the bindings.

Nothing here is a hand-written list: the rows come from the screen's active bindings, after the
user's keymap (so a remapped key shows its new key), grouped by where they apply.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


@dataclass(frozen=True)
class HelpRow:
    keys: str
    description: str
    binding_id: str
    where: str


def _where(node: DOMNode, screen: Screen[object]) -> str:
    if isinstance(node, App):
        return "App"
    if node is screen:
        return "Screen"
    return type(node).__name__


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
        grouped[ident][2].append(app.get_key_display(replace_key(binding, key)))
    rows = []
    for ident in order:
        node, binding, keys = grouped[ident]
        rows.append(
            HelpRow(
                keys=", ".join(dict.fromkeys(keys)),
                description=binding.tooltip or binding.description or binding.action,
                binding_id=binding.id or "",
                where=_where(node, screen),
            )
        )
    where_order = {"Screen": 1, "App": 2}
    rows.sort(key=lambda row: where_order.get(row.where, 0))
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
            yield Static(f"Keys — {type(source).__name__} (Escape closes)", classes="help-title")
            yield Static(self._table(self.rows), id="help-table")

    def _screen_beneath(self) -> Screen[object]:
        stack = [s for s in self.app.screen_stack if s is not self]
        return stack[-1] if stack else self.app.screen

    @staticmethod
    def _table(rows: list[HelpRow]) -> Table:
        table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=False)
        table.add_column("Key", no_wrap=True)
        table.add_column("Action")
        table.add_column("Where", no_wrap=True)
        table.add_column("Binding id", no_wrap=True)
        for row in rows:
            table.add_row(Text(row.keys, style="bold"), row.description, row.where, row.binding_id)
        return table

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_up()
