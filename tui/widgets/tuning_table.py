"""A DataTable for the tuning screens: statuses coloured from the theme, every cell sanitised.

Tuning lists are small (tens of tuning jobs; at most a few hundred training jobs per tuning job),
so Textual's DataTable serves; the job list's Line-API table is for 100,000 rows.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable

from tui.safe_text import safe_text

STATUS_CLASSES = {
    "InProgress": "tuning-table--status-inprogress",
    "Completed": "tuning-table--status-completed",
    "Failed": "tuning-table--status-failed",
    "Stopping": "tuning-table--status-stopping",
    "Stopped": "tuning-table--status-stopped",
}


class TuningTable(DataTable[Text]):
    """Rows of tuning jobs or of a tuning job's training jobs."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | set(STATUS_CLASSES.values()) | {"tuning-table--best"}

    DEFAULT_CSS = """
    TuningTable { height: 1fr; background: $surface; scrollbar-size-vertical: 1; }
    TuningTable > .tuning-table--status-inprogress { color: $status-inprogress; }
    TuningTable > .tuning-table--status-completed { color: $status-completed; }
    TuningTable > .tuning-table--status-failed { color: $status-failed; text-style: bold; }
    TuningTable > .tuning-table--status-stopping { color: $status-stopping; }
    TuningTable > .tuning-table--status-stopped { color: $status-stopped; }
    TuningTable > .tuning-table--best { text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)

    def status_style(self, status: str) -> Style:
        component = STATUS_CLASSES.get(status)
        return self.get_component_rich_style(component, partial=True) if component else Style()

    def best_style(self) -> Style:
        return self.get_component_rich_style("tuning-table--best", partial=True)

    @staticmethod
    def cell(text: str, style: Style | str = "", *, right: bool = False) -> Text:
        """A cell from untrusted text: control characters shown visibly, never markup."""
        cell = safe_text(text, style if isinstance(style, str) else "")
        if isinstance(style, Style):
            cell.stylize(style)
        if right:
            cell.justify = "right"
        return cell
