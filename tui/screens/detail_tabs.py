"""The job detail screen's tabs: their ids, titles, number keys and pane classes."""

from __future__ import annotations

from typing import Any

from tui.widgets.detail.channels import ChannelsPane
from tui.widgets.detail.debugger import DebuggerPane
from tui.widgets.detail.field_tree import FieldsPane
from tui.widgets.detail.hyperparameters import HyperparametersPane
from tui.widgets.detail.metrics import MetricsPane
from tui.widgets.detail.overview import OverviewPane
from tui.widgets.detail.resources import ResourcesPane
from tui.widgets.detail.timeline import TimelinePane
from tui.widgets.log_pane import LogPane

#: (pane id, name (help, key descriptions), tab title, pane class), in number-key order. The tab
#: titles fit 80 columns and stay the same at every width (the strip scrolls below 80).
TABS: tuple[tuple[str, str, str, type[Any]], ...] = (
    ("overview", "Overview", "Overview", OverviewPane),
    ("timeline", "Transitions", "Status", TimelinePane),
    ("hyperparameters", "Hyperparameters", "Params", HyperparametersPane),
    ("channels", "Input channels", "Input", ChannelsPane),
    ("resources", "Resources", "Infra", ResourcesPane),
    ("debugger", "Debugger", "Debug", DebuggerPane),
    ("fields", "All fields", "Fields", FieldsPane),
    ("logs", "Logs", "Logs", LogPane),
    ("metrics", "Metrics", "Metrics", MetricsPane),
)
TAB_IDS = tuple(t[0] for t in TABS)
#: Number keys that differ from the tab's position (none today: Logs is 8, Metrics 9).
TAB_NUMBERS: dict[str, int] = {}


def tab_number(position: int) -> int:
    """The number key of the tab at ``position`` (1-based)."""
    return TAB_NUMBERS.get(TAB_IDS[position - 1], position)


def tab_at(number: int) -> str | None:
    """The tab a number key shows (None when no tab has it)."""
    for position in range(1, len(TAB_IDS) + 1):
        if tab_number(position) == number:
            return TAB_IDS[position - 1]
    return None


#: From this width the All-fields documentation sits beside the tree rather than below it.
WIDE_FIELDS = 110
