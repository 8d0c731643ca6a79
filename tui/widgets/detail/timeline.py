"""Tab 2, Status transitions: the statuses and their meaning, time by status, and a timeline.

Each transition gets a bar on one shared time axis (a Gantt row), so long waits (Starting for
40 minutes waiting for capacity) and Interrupted spells on spot stand out at a glance. Bars are
sized from the width Rich offers at render time, so they fill the pane at any terminal size.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from tui.models import meanings, transitions
from tui.models.detail import JobView
from tui.models.timefmt import DASH, format_duration
from tui.models.transitions import TransitionRow
from tui.widgets.detail.context import RenderContext
from tui.widgets.detail.kv_table import Section, aligned, not_configured, one_line, safe
from tui.widgets.detail.laid_out import pane_content
from tui.widgets.detail.scroll import PaneScroll

FIELDS = ("SecondaryStatusTransitions", "TrainingJobStatus", "SecondaryStatus")

#: Bar glyphs per kind, so the kinds stay distinguishable without colour (NO_COLOR, ansi themes).
GLYPHS = {"normal": "█", "current": "▓", "interrupted": "▒", "failed": "▒"}
STATUS_WIDTH_MAX = 20
MIN_BAR = 8


def _time_format(rows: Sequence[TransitionRow]) -> str:
    span = transitions.timeline_span(rows)
    if span and span[1] - span[0] > timedelta(hours=20):
        return "%m-%d %H:%M:%S"
    return "%H:%M:%S"


def _clock(value: datetime | None, fmt: str, ctx: RenderContext) -> str:
    if value is None:
        return DASH
    return value.astimezone(ctx.zone).strftime(fmt)


def _bar(row: TransitionRow, span: tuple[datetime, datetime] | None, width: int) -> str:
    """The row's bar on the shared axis: spaces up to its start, then glyphs for its duration."""
    if span is None or row.start is None or width <= 0:
        return ""
    total = (span[1] - span[0]).total_seconds()
    if total <= 0:
        return GLYPHS[row.kind]
    offset = int((row.start - span[0]).total_seconds() / total * width)
    length = 0 if row.seconds is None else round(row.seconds / total * width)
    offset = min(max(0, offset), width - 1)
    length = min(max(1, length), width - offset)
    return " " * offset + GLYPHS[row.kind] * length


class TimelineRenderable:
    """The transition rows: status, start → end, duration, share, bar; the message below."""

    def __init__(self, rows: Sequence[TransitionRow], ctx: RenderContext, highlight: Iterable[int] = ()):
        self.rows = rows
        self.ctx = ctx
        self.highlight = frozenset(highlight)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        ctx = self.ctx
        rows = self.rows
        fmt = _time_format(rows)
        span = transitions.timeline_span(rows)
        status_w = min(STATUS_WIDTH_MAX, max((len(one_line(r.status)) for r in rows), default=6))
        time_w = len(datetime(2000, 1, 1).strftime(fmt))
        fixed = status_w + 1 + time_w * 2 + 1 + 1 + 7 + 1 + 4 + 2
        bar_w = max(MIN_BAR, options.max_width - fixed)
        for i, row in enumerate(rows):
            line = Text(no_wrap=True, overflow="ellipsis")
            status = one_line(row.status)[:status_w].ljust(status_w)
            line.append(status, style=ctx.palette.for_bar(row.kind) if row.kind != "normal" else "")
            line.append(" ")
            line.append(_clock(row.start, fmt, ctx))
            line.append("→", style=ctx.palette.muted)
            line.append("now".ljust(time_w) if row.current else _clock(row.end, fmt, ctx).ljust(time_w))
            line.append(" ")
            line.append(format_duration(row.seconds).rjust(7))
            share = f"{row.share * 100:3.0f}%" if row.share is not None else "   -"
            line.append(" " + share, style=ctx.palette.muted)
            line.append("  ")
            line.append(_bar(row, span, bar_w), style=ctx.palette.for_bar(row.kind))
            if i in self.highlight:
                line.stylize(ctx.palette.changed)
            yield line
            notes = []
            if row.status in meanings.DEPRECATED_SECONDARY_STATUSES:
                notes.append("(deprecated status)")
            if row.current:
                notes.append("(current, still running)")
            if row.message:
                notes.append(safe(row.message))
            if notes:
                note = " ".join(notes)
                if len(note) + 4 <= options.max_width:
                    yield Text("    " + note, style=ctx.palette.muted, overflow="fold")
                else:  # Padding keeps the wrapped lines of a long message indented too
                    yield Padding(Text(note, style=ctx.palette.muted, overflow="fold"), (0, 0, 0, 4))


def _status_section(view: JobView, ctx: RenderContext) -> RenderableType:
    s = Section("Status", ctx)
    s.row(
        "Primary",
        view.status,
        path=("TrainingJobStatus",),
        style=ctx.palette.for_status(view.status),
        explain=meanings.primary_status_meaning(view.status),
    )
    meaning = meanings.secondary_status_meaning(view.secondary_status)
    s.row(
        "Secondary",
        view.secondary_status,
        path=("SecondaryStatus",),
        explain=meaning.text + (" SageMaker no longer reports this status." if meaning.deprecated else ""),
    )
    return s.render()


def _by_status(rows: Sequence[TransitionRow], ctx: RenderContext) -> RenderableType:
    """Total time per status, longest first: where the time went."""
    totals: dict[str, float] = {}
    for r in rows:
        if r.seconds is not None:
            totals[r.status] = totals.get(r.status, 0.0) + r.seconds
    grand = sum(totals.values())
    s = Section("Time by status", ctx)
    for status, secs in sorted(totals.items(), key=lambda kv: -kv[1]):
        share = secs / grand if grand > 0 else 0.0
        text = Text(f"{format_duration(secs):>7} {share * 100:3.0f}%  ")
        kind = (
            "interrupted"
            if status in transitions.INTERRUPTED_STATUSES
            else ("failed" if status in transitions.FAILED_STATUSES else "normal")
        )
        text.append("█" * max(1, round(share * 30)) if secs > 0 else "", style=ctx.palette.for_bar(kind))
        s.row(status, text)
    return s.render()


def build_timeline(view: JobView, ctx: RenderContext) -> RenderableType:
    rows = transitions.transition_rows(view, ctx.now)
    parts: list[RenderableType] = [_status_section(view, ctx)]
    if not rows:
        parts.append(not_configured("Transitions", ctx, "none reported yet"))
        return aligned(Group(*parts))
    span = transitions.timeline_span(rows)
    total = (span[1] - span[0]).total_seconds() if span else None
    parts.append(_by_status(rows, ctx))
    changed = {
        c[1]
        for c in ctx.changed
        if len(c) >= 2 and c[0] == "SecondaryStatusTransitions" and isinstance(c[1], int)
    }
    title = Text(f"Transitions ({len(rows)}", style=ctx.palette.title)
    title.append(f", over {format_duration(total)})" if total is not None else ")", style=ctx.palette.title)
    parts.append(title)
    parts.append(TimelineRenderable(rows, ctx, changed))
    return aligned(Group(*parts))


class TimelinePane(PaneScroll):
    def compose(self) -> ComposeResult:
        yield Static(id="timeline-content", classes="pane-content")

    def show(self, view: JobView, ctx: RenderContext) -> None:
        content = self.query_one("#timeline-content", Static)
        content.update(pane_content(content, build_timeline(view, ctx)))
