"""The detail screen's header: name, status badge, secondary status, duration (ticking while the job
runs), the failure reason when failed, when the data was refreshed, and any error or note.

Lines are only rewritten when their text changes, so a ticking clock costs a few bytes a second and
a settled job costs nothing.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.containers import Lines
from rich.measure import Measurement
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from tui.models import derived, meanings
from tui.models.detail import JobView
from tui.models.duration import APPROXIMATE
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


#: Lines the failure reason and the message line may take (job_detail.tcss's max-heights).
FAILURE_LINES = 3
MESSAGE_LINES = 2


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


def clock_time(moment: datetime, zone: tzinfo | None) -> str:
    """``12:00:03 UTC``: a time of day with its zone (None = the machine's local zone)."""
    local = moment.astimezone(zone)
    return f"{local:%H:%M:%S} {local.tzname() or local.strftime('%z')}".rstrip()


class Clipped:
    """Text wrapped to the width and kept to ``lines`` lines, the last ending in an ellipsis when
    some was left out (the header's failure and message lines have a height limit: a long
    failure reason must not just stop mid-word)."""

    def __init__(self, text: Text, lines: int) -> None:
        self.text = text
        self.lines = lines

    @property
    def key(self) -> tuple[str, int]:
        return (self.text.markup, self.lines)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        wrapped = self.text.wrap(console, width, overflow="fold")
        if len(wrapped) > self.lines:
            kept = list(wrapped)[: self.lines]
            last = kept[-1]
            last.rstrip()
            if last.cell_len >= width:
                last.truncate(width - 1)
            last.append("…")
            wrapped = Lines(kept)
        yield from wrapped

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)


def waiting_text(error: str, *, offline: bool, shown: bool) -> str:
    """What to say when the describe failed in a way no timer will fix (gone, denied, not cached
    offline): ``shown`` when older data stays on screen (a header line), else the placeholder's
    text. Offline, r would read the same cache again: only the way back is offered."""
    if offline:
        way_back = "Escape goes back to the list."
        return f"{error} {way_back}" if shown else f"{error}\n\n{way_back}"
    if shown:
        return f"{error} Press r to retry, Escape to go back."
    return f"{error}\n\nPress r to retry or Escape to go back to the list."


class TimingLine:
    """The header's timing line: its parts in reading order, each with a rank; where the line is
    too narrow, the least needed parts are left out whole (``created …`` first: the Overview has
    it), so the refresh state (``live 10s``) stays in sight at 80 columns. Never cut mid-value
    without an ellipsis."""

    def __init__(self, parts: list[tuple[int, Text]]) -> None:
        #: (rank, text): the lower the rank, the longer the part stays.
        self.parts = parts

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(f"{rank}:{text.markup}" for rank, text in self.parts)

    def fit(self, width: int) -> Text:
        parts = list(self.parts)
        while len(parts) > 1 and _joined(parts).cell_len > width:
            worst = max(range(len(parts)), key=lambda i: (parts[i][0], i))
            del parts[worst]
        line = _joined(parts)
        line.truncate(width, overflow="ellipsis")
        return line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.fit(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, _joined(self.parts).cell_len)


def _joined(parts: list[tuple[int, Text]]) -> Text:
    return Text("  ").join(text for _, text in parts)


def timing_line(
    view: JobView | None,
    ctx: RenderContext,
    fetched_at: datetime | None,
    note: str,
) -> TimingLine:
    """``elapsed 12m03s  created …  refreshed 12:00:03 UTC (5s ago)  live 10s``."""
    parts: list[tuple[int, Text]] = []
    muted = ctx.palette.muted
    if view is not None:
        duration = derived.job_duration(view, ctx.now)
        text = Text("elapsed " if duration.live else "took ", style=muted)
        if duration.approximate:  # no TrainingEndTime: measured to LastModifiedTime (as the list does)
            text.append(f"{APPROXIMATE}{format_duration(duration.seconds)} until last update")
        else:
            text.append(format_duration(duration.seconds))
        parts.append((0, text))
        created = Text("created ", style=muted)
        created.append(format_timestamp(view.creation_time, ctx.zone))
        parts.append((3, created))
    if fetched_at is not None:
        refreshed = Text("refreshed ", style=muted)
        refreshed.append(f"{clock_time(fetched_at, ctx.zone)} ({data_age(fetched_at, ctx.now)})")
        parts.append((2, refreshed))
    if note:
        parts.append((1, Text(one_line(note), style=muted)))  # may quote the service's error message
    return TimingLine(parts)


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

    def _set(self, widget_id: str, content: Text | TimingLine | Clipped | str) -> None:
        """Update only on change: repainting identical text still costs terminal bytes."""
        key: object = content.markup if isinstance(content, Text) else getattr(content, "key", content)
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
        secondary = Text(one_line(view.secondary_status or "-"), no_wrap=True, overflow="ellipsis")
        meaning = meanings.secondary_status_meaning(view.secondary_status)
        if meaning.deprecated:
            secondary.append(" (deprecated)", style=ctx.palette.muted)
        self._set("header-secondary", secondary)
        self.set_class(ctx.is_changed(("TrainingJobStatus",)), "-status-changed")
        badge.set_class(ctx.is_changed(("TrainingJobStatus",)), "-changed")
        self.query_one("#header-secondary").set_class(ctx.is_changed(("SecondaryStatus",)), "-changed")
        self.show_timing(view, ctx, fetched_at, note)
        failure = self.query_one("#header-failure", Static)
        if view.status == "Failed" or view.failure_reason:
            failure.display = True
            # A stopped or retried job can carry a reason too: only a failed one says "Failure".
            label = "Failure" if view.status == "Failed" else "Reason"
            failure.set_class(view.status != "Failed", "-note")
            reason = Text(f"{label}: {safe(view.failure_reason or 'no reason given')}")
            self._set("header-failure", Clipped(reason, FAILURE_LINES))  # the Overview has all of it
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
        line = timing_line(view, ctx, fetched_at, note)
        # Nothing known yet and nothing to say (a job that could not be read): no empty line.
        self.query_one("#header-timing").display = bool(line.parts)
        self._set("header-timing", line)

    def show_message(self, message: str | None, *, severity: str = "error") -> None:
        """An error or note line under the timing (None hides it); the data above stays."""
        line = self.query_one("#header-message", Static)
        line.display = bool(message)
        line.set_class(severity == "error", "-error")
        line.set_class(severity == "warning", "-warning")
        line.set_class(severity == "information", "-information")
        self._set("header-message", Clipped(Text(safe(message or "")), MESSAGE_LINES))
