"""The detail screen's header: name, status badge, secondary status, duration (ticking while the job
runs), the failure reason when failed, when the data was refreshed, and any error or note.

Lines are only rewritten when their text changes, so a ticking clock costs a few bytes a second and
a settled job costs nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from tui.models import derived
from tui.models.detail import JobView
from tui.models.timefmt import format_duration, format_relative, format_timestamp
from tui.widgets.detail.context import RenderContext
from tui.widgets.detail.kv_table import one_line, safe

STATUS_CLASSES = {
    "InProgress": "-inprogress",
    "Completed": "-completed",
    "Failed": "-failed",
    "Stopping": "-stopping",
    "Stopped": "-stopped",
}


def data_age(fetched_at: datetime, now: datetime) -> str:
    """How old the data is: to the second for a minute, then to the minute.

    The header repaints only when this text changes, so a settled job left open writes one short
    line a minute instead of one a second.
    """
    seconds = (now - fetched_at).total_seconds()
    if seconds < 60:
        return format_relative(fetched_at, now)
    minutes = int(seconds // 60) * 60
    return f"{format_duration(minutes).removesuffix('00s')} ago"


def timing_line(
    view: JobView | None,
    ctx: RenderContext,
    fetched_at: datetime | None,
    note: str,
) -> Text:
    """``elapsed 12m03s · created … · refreshed 12:00:03 UTC (5s ago) · live 10s``."""
    text = Text()
    muted = ctx.palette.muted
    if view is not None:
        duration = derived.job_duration(view, ctx.now)
        text.append("elapsed " if duration.live else "took ", style=muted)
        text.append(format_duration(duration.seconds))
        text.append("  created ", style=muted)
        text.append(format_timestamp(view.creation_time, ctx.zone))
    if fetched_at is not None:
        text.append("  refreshed ", style=muted)
        text.append(f"{fetched_at.astimezone(ctx.zone):%H:%M:%S} ({data_age(fetched_at, ctx.now)})")
    if note:
        text.append(f"  {one_line(note)}", style=muted)  # may quote the service's error message
    return text


class DetailHeader(Vertical):
    """Always visible above the tabs."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._last: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        with Horizontal(id="header-top"):
            yield Static(id="header-name")
            yield Static(id="header-status")
            yield Static(id="header-secondary")
            yield Static(id="header-marks")
        yield Static(id="header-timing")
        yield Static(id="header-failure")
        yield Static(id="header-message")

    def on_mount(self) -> None:
        self.query_one("#header-failure").display = False
        self.query_one("#header-message").display = False
        self.query_one("#header-marks").display = False

    def set_marks(self, marks: str) -> None:
        """``actions on · watching …`` at the right of the top line (hidden when empty)."""
        self.query_one("#header-marks").display = bool(marks)
        self._set("header-marks", Text(one_line(marks), no_wrap=True, overflow="ellipsis"))

    def _set(self, widget_id: str, content: Text | str) -> None:
        """Update only on change: repainting identical text still costs terminal bytes."""
        key = content.markup if isinstance(content, Text) else content
        if self._last.get(widget_id) == key:
            return
        self._last[widget_id] = key
        self.query_one(f"#{widget_id}", Static).update(content)

    def show_name(self, name: str) -> None:
        self._set("header-name", Text(one_line(name), overflow="ellipsis", no_wrap=True))

    def show_job(
        self,
        view: JobView,
        ctx: RenderContext,
        *,
        fetched_at: datetime | None,
        note: str,
    ) -> None:
        self.show_name(view.name or "-")
        badge = self.query_one("#header-status", Static)
        for cls in STATUS_CLASSES.values():
            badge.remove_class(cls)
        badge.add_class(STATUS_CLASSES.get(view.status or "", "-unknown"))
        self._set("header-status", Text(f" {one_line(view.status or '-')} "))  # an enum: any text
        secondary = Text(one_line(view.secondary_status or "-"))
        meaning = derived.secondary_status_meaning(view.secondary_status)
        if meaning.deprecated:
            secondary.append(" (deprecated)", style=ctx.palette.muted)
        self._set("header-secondary", secondary)
        self.set_class(ctx.is_changed(("TrainingJobStatus",)), "-status-changed")
        badge.set_class(ctx.is_changed(("TrainingJobStatus",)), "-changed")
        self.query_one("#header-secondary").set_class(ctx.is_changed(("SecondaryStatus",)), "-changed")
        self._set("header-timing", timing_line(view, ctx, fetched_at, note))
        failure = self.query_one("#header-failure", Static)
        if view.status == "Failed" or view.failure_reason:
            failure.display = True
            # A stopped or retried job can carry a reason too: only a failed one says "Failure".
            label = "Failure" if view.status == "Failed" else "Reason"
            failure.set_class(view.status != "Failed", "-note")
            self._set("header-failure", Text(f"{label}: {safe(view.failure_reason or 'no reason given')}"))
        else:
            failure.display = False

    def clear_job(self) -> None:
        """Back to how a new header looks before its job is known (the screen is being reused)."""
        badge = self.query_one("#header-status", Static)
        badge.remove_class(*STATUS_CLASSES.values(), "-unknown", "-changed")
        self.remove_class("-status-changed")
        self.query_one("#header-secondary").remove_class("-changed")
        self._set("header-status", "")
        self._set("header-secondary", "")
        self.query_one("#header-failure").display = False
        self.show_message(None)

    def show_timing(
        self, view: JobView | None, ctx: RenderContext, fetched_at: datetime | None, note: str
    ) -> None:
        self._set("header-timing", timing_line(view, ctx, fetched_at, note))

    def show_message(self, message: str | None, *, severity: str = "error") -> None:
        """An error or note line under the timing (None hides it); the data above stays."""
        line = self.query_one("#header-message", Static)
        line.display = bool(message)
        line.set_class(severity == "error", "-error")
        line.set_class(severity == "warning", "-warning")
        line.set_class(severity == "information", "-information")
        self._set("header-message", Text(safe(message or "")))
