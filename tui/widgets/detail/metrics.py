"""The Metrics tab: charts of the job's algorithm metrics and of each host's health.

Data comes from :class:`~tui.metrics_repository.MetricsRepository` in a thread worker and back as a
message; a finished job's cached series cost no call. While a running job's tab is visible a timer
asks the repository whether a fetch is due (every 60 s); a hidden tab, another screen or a final
job makes no call. CloudWatch errors (AccessDenied, throttling) are shown here and nowhere else.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from tui.models.detail import JobView
from tui.widgets.detail.context import RenderContext, _fg, heading_style
from tui.widgets.detail.scroll import PaneScroll

if TYPE_CHECKING:
    from tui.metrics_repository import MetricsRepository, MetricsSnapshot
    from tui.widgets.detail.metrics_view import ChartPlan, ViewOptions

# The series maths, the chart rasteriser and the metrics repository are imported when the tab is
# first built, not with the detail screen: opening a job costs nothing for a tab not looked at.

#: Seconds between two checks of whether a fetch is due (a check makes no call by itself).
POLL_SECONDS = 5.0
#: Seconds before a failed fetch (AccessDenied, throttling) is tried again.
RETRY_SECONDS = 60.0


class MetricsLoaded(Message):
    def __init__(self, job: str, snapshot: MetricsSnapshot) -> None:
        super().__init__()
        self.job = job
        self.snapshot = snapshot


class MetricsFailed(Message):
    def __init__(self, job: str, error: str) -> None:
        super().__init__()
        self.job = job
        self.error = error


class ChartBlock(Widget):
    """One chart, of a known height, rasterised only when Textual paints it: a 72-hour job's
    fifteen charts cost only the two or three on screen at first paint."""

    DEFAULT_CSS = """
    ChartBlock {
        height: auto;
    }
    """

    def __init__(self, chart: ChartPlan, opts: ViewOptions) -> None:
        super().__init__()
        self.chart = chart
        self.opts = opts
        self.styles.height = chart.height(opts)
        self._drawn: tuple[int, Text] | None = None

    def render(self) -> Text:
        width = self.size.width
        if self._drawn is None or self._drawn[0] != width:
            from tui.widgets.detail.metrics_view import draw

            opts = replace(self.opts, width=max(20, width))
            self._drawn = (width, draw(self.chart, opts))
        return self._drawn[1]


class MetricsPane(PaneScroll):
    """The ninth tab. ``repository`` may be given (tests, benchmarks); otherwise it is the one
    beside the app's job repository."""

    # Focusable even when nothing scrolls: the tab's keys (L, t) act on the focused pane, and a
    # focus left behind in a hidden tab would make TabbedContent switch back to that tab.
    can_focus = True

    # The scrollbar's room is kept from the start: charts appearing would otherwise make it
    # appear, narrow every chart and have the visible ones rasterised twice.
    DEFAULT_CSS = """
    MetricsPane {
        scrollbar-gutter: stable;
    }
    MetricsPane #metrics-status {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    MetricsPane #metrics-charts {
        height: auto;
    }
    """

    BINDINGS = [
        Binding("L", "toggle_log", "Log scale", id="metrics.log-scale", tooltip="Log scale for the charts"),
        Binding(
            "t", "cycle_range", "Range", id="metrics.range", tooltip="Whole job, last hour, last 10 minutes"
        ),
    ]

    def __init__(self, *args: Any, repository: MetricsRepository | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._repository = repository
        self.view: JobView | None = None
        self.snapshot: MetricsSnapshot | None = None
        self.error: str = ""
        self.fetching = False
        from tui.models.metrics import TimeRange

        self.log_scale = False
        self.span = TimeRange.WHOLE
        self._job: str | None = None
        self._memo: tuple[MetricsSnapshot | None, dict[Any, Any]] = (None, {})
        self._failed_at: datetime | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="metrics-status", classes="pane-content")
        yield Static(id="metrics-content", classes="pane-content")
        yield Vertical(id="metrics-charts")

    def on_mount(self) -> None:
        self.set_interval(POLL_SECONDS, self._poll)

    @property
    def repository(self) -> MetricsRepository:
        if self._repository is None:
            from tui.metrics_repository import metrics_repository_for

            context: Any = self.app
            self._repository = metrics_repository_for(context.repository, context.clock)
        return self._repository

    # -- data ---------------------------------------------------------------------------------
    def show(self, view: JobView, ctx: RenderContext) -> None:
        job = view.name or ""
        self.view = view
        if job != self._job:
            self._job, self.snapshot, self.error, self._failed_at = job, None, "", None
        if self.snapshot is None and not self.fetching:
            cached = self.repository.cached(view.raw)
            if cached is not None:  # a finished job's cached series: painted at once, no call
                self.snapshot = cached
            else:
                self._load()
        self.redraw()

    def tab_visible(self) -> bool:
        node: Any = self
        while node is not None and isinstance(node, Widget):
            if not node.display:
                return False
            node = node.parent
        return self.screen.is_current

    def _poll(self) -> None:
        if self.view is None or self.fetching:
            return
        if self.error and self._failed_at is not None:
            # After AccessDenied or throttling, the next try waits a full period (even before any
            # series arrived), never the 5 s of this timer.
            waited = (self.repository.clock.now() - self._failed_at).total_seconds()
            if waited < RETRY_SECONDS:
                return
        due = self.repository.due_in(self.snapshot, visible=self.tab_visible())
        if due is not None and due <= 0:
            self._load()

    def _load(self) -> None:
        if self.view is None:
            return
        self.fetching = True
        self._fetch(self._job or "", self.view.raw, self.snapshot)

    @work(thread=True, exclusive=True, group="metrics", exit_on_error=False)
    def _fetch(self, job: str, raw: dict[str, Any], previous: MetricsSnapshot | None) -> None:
        try:
            snapshot = self.repository.load(raw, previous)
        except Exception as exc:  # every failure becomes one sentence in this tab
            self.post_message(MetricsFailed(job, str(exc) or type(exc).__name__))
        else:
            self.post_message(MetricsLoaded(job, snapshot))

    @on(MetricsLoaded)
    def _loaded(self, message: MetricsLoaded) -> None:
        self.fetching = False
        if message.job != self._job:
            return
        self.snapshot, self.error = message.snapshot, ""
        self.redraw()

    @on(MetricsFailed)
    def _failed(self, message: MetricsFailed) -> None:
        self.fetching = False
        if message.job != self._job:
            return
        self.error = message.error
        self._failed_at = self.repository.clock.now()
        self.redraw()

    # -- drawing ------------------------------------------------------------------------------
    def options(self) -> ViewOptions:
        from tui.widgets.detail.metrics_view import SERIES_COLOURS, ViewOptions

        variables = self.app.theme_variables
        styles = [_fg(variables, name) for name in SERIES_COLOURS]
        size = self.app.size
        return ViewOptions(
            width=max(20, self.size.width - 2),
            height=size.height,
            log=self.log_scale,
            span=self.span,
            series_styles=styles,
            muted=_fg(variables, "foreground-muted"),
            title=heading_style(variables),
            error=_fg(variables, "error", bold=True),
        )

    def redraw(self) -> None:
        from tui.widgets.detail.metrics_view import plan, status_line

        if not self.is_mounted:
            return
        opts = self.options()
        status = self.query_one("#metrics-status", Static)
        content = self.query_one("#metrics-content", Static)
        charts = self.query_one("#metrics-charts", Vertical)
        status.update(status_line(self.snapshot, opts, self.error))
        if self.snapshot is None:
            text = Text("Loading metrics from CloudWatch…" if self.fetching else "", style=opts.muted)
            if self.error:
                text = Text(self.error, style=opts.error)
            content.update(text)
            charts.remove_children()
            return
        if self._memo[0] is not self.snapshot:
            self._memo = (self.snapshot, {})
        intro, planned = plan(self.snapshot, opts, self._memo[1])
        content.update(intro)
        content.display = bool(intro.plain)
        with self.app.batch_update():
            charts.remove_children()
            charts.mount_all(ChartBlock(chart, opts) for chart in planned)

    def on_resize(self, _event: events.Resize) -> None:
        self.redraw()

    def action_toggle_log(self) -> None:
        self.log_scale = not self.log_scale
        self.redraw()

    def action_cycle_range(self) -> None:
        self.span = self.span.next()
        self.redraw()


__all__ = ["MetricsFailed", "MetricsLoaded", "MetricsPane"]
