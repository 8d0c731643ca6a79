"""What the Metrics tab draws, as Rich Text (no widgets here: built and tested without an app).

One chart per algorithm metric group (``train:loss`` with ``validation:loss``), each with its latest,
min and max; then one chart per instance metric with a line per host. Every line has its own glyph
(braille for the first, markers or host digits for the others) and its own colour, so it reads in
16 colours and in NO_COLOR alike. Below :data:`COMPACT_WIDTH` x :data:`COMPACT_HEIGHT` cells a
table of latest/min/max replaces the charts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timezone

from rich.style import Style
from rich.text import Text

from tui.metrics_repository import MetricsSnapshot
from tui.models.chart import BRAILLE, ChartSeries, Raster, glyphs_for, render
from tui.models.metric_columns import Columns, ColumnSeries, column_stats, column_window, columns_of
from tui.models.metrics import (
    GPU_METRICS,
    INSTANCE_METRICS,
    SeriesKey,
    TimeRange,
    format_value,
    pair_metrics,
)
from tui.widgets.detail.kv_table import one_line

COMPACT_WIDTH = 60
COMPACT_HEIGHT = 16
#: Theme variables whose colours the lines take, in order.
SERIES_COLOURS = ("primary", "warning", "success", "error", "accent", "secondary", "foreground", "primary")
UNITS = {m: "%" for m in INSTANCE_METRICS}
TITLES = {
    "CPUUtilization": "CPU",
    "MemoryUtilization": "Memory",
    "DiskUtilization": "Disk",
    "GPUUtilization": "GPU (per GPU)",
    "GPUMemoryUtilization": "GPU memory (per GPU)",
}


@dataclass(frozen=True)
class ViewOptions:
    width: int
    height: int
    log: bool = False
    span: TimeRange = TimeRange.WHOLE
    series_styles: Sequence[Style] = field(default_factory=lambda: [Style()])
    muted: Style = field(default_factory=lambda: Style(dim=True))
    title: Style = field(default_factory=lambda: Style(bold=True))
    error: Style = field(default_factory=lambda: Style(bold=True))

    @property
    def compact(self) -> bool:
        return self.width < COMPACT_WIDTH or self.height < COMPACT_HEIGHT

    @property
    def chart_rows(self) -> int:
        # Two charts and their titles fit an 80x24 screen; more rows on taller ones.
        return max(4, min(12, (self.height - 10) // 2))


def status_line(snapshot: MetricsSnapshot | None, opts: ViewOptions, note: str = "") -> Text:
    """The range, the keys, when the series were fetched; ``note`` (an error) when there are series
    to show under it (without series the error is the tab's body)."""
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{opts.span.value}", opts.title)
    if not opts.compact:
        line.append(f"  t range · L {'linear' if opts.log else 'log'} scale", opts.muted)
    if snapshot is not None and snapshot.fetched_at is not None:
        when = snapshot.fetched_at.astimezone(timezone.utc).strftime("%H:%M:%S UTC")
        source = "cached" if snapshot.from_cache else "updated"
        line.append(f"  · {source} {when}", opts.muted)
        if not snapshot.final and snapshot.spec.running and not opts.compact:
            line.append(" · every 60 s", opts.muted)
    if note and snapshot is not None:
        line.append(f"  {note}", opts.error)
    return line


@dataclass(frozen=True)
class ChartPlan:
    """One chart to draw: cheap to make (no rasterising); :func:`draw` does the work, only for the
    charts on screen."""

    title: str
    items: Sequence[tuple[str, Columns]]
    log: bool
    digits: bool

    def height(self, opts: ViewOptions) -> int:
        return 1 + len(self.items) + opts.chart_rows + 1


def plan(
    snapshot: MetricsSnapshot, opts: ViewOptions, memo: dict[SeriesKey, Columns] | None = None
) -> tuple[Text, list[ChartPlan]]:
    """The tab below its status line: an introduction (sentences, or the compact table) and the
    charts. ``memo`` keeps the snapshot's series as columns between redraws (a key press, a
    resize), so only the first draw splits point lists."""
    spec = snapshot.spec
    memo = {} if memo is None else memo
    out = Text()
    if not spec.metric_names:
        out.append(
            "This job defines no algorithm metrics (AlgorithmSpecification.MetricDefinitions is empty).\n",
            opts.muted,
        )
    elif snapshot.empty:
        out.append(
            "No metrics yet: SageMaker publishes them to CloudWatch every minute once training starts.\n",
            opts.muted,
        )
    end = _end(snapshot)

    def get(key: SeriesKey) -> Columns:
        columns = memo.get(key)
        if columns is None:
            columns = memo[key] = columns_of(snapshot.series, key)
        return column_window(columns, opts.span, end)

    if opts.compact:
        return out.append_text(_table(get, spec.metric_names, spec.hosts, opts)), []
    charts = []
    for group in pair_metrics(spec.metric_names):
        items = [(name, get(SeriesKey(name))) for name in group.names]
        if any(len(times) for _, (times, _v) in items):
            charts.append(ChartPlan(one_line(group.title), items, opts.log, False))
    for metric in INSTANCE_METRICS:
        items = [(host, get(SeriesKey(metric, host))) for host in spec.hosts]
        if not any(len(times) for _, (times, _v) in items):
            continue
        title = TITLES[metric]
        if metric in GPU_METRICS and spec.gpus_per_host > 1:
            title += f", {spec.gpus_per_host} GPUs"
        charts.append(ChartPlan(f"{title} %", items, False, True))
    return out, charts


def build(
    snapshot: MetricsSnapshot, opts: ViewOptions, memo: dict[SeriesKey, Columns] | None = None
) -> Text:
    """Everything :func:`plan` holds, drawn as one Text (tests, the bench's component figure)."""
    intro, charts = plan(snapshot, opts, memo)
    out = intro.copy()
    for chart in charts:
        out.append_text(draw(chart, opts))
    return out


def draw(chart: ChartPlan, opts: ViewOptions) -> Text:
    out = Text()
    _chart(out, chart.title, chart.items, opts, log=chart.log, digits=chart.digits)
    return out


def _end(snapshot: MetricsSnapshot) -> float | None:
    """The newest point of any series (the right edge of "last hour" and "last 10 min")."""
    series = snapshot.series
    if isinstance(series, ColumnSeries):
        stamps = [series.columns(key)[0][-1] for key in series if len(series.columns(key)[0])]
    else:
        stamps = [points[-1][0] for points in series.values() if points]
    return max(stamps) if stamps else None


def _chart(
    out: Text,
    title: str,
    items: Sequence[tuple[str, Columns]],
    opts: ViewOptions,
    *,
    log: bool,
    digits: bool,
) -> None:
    glyphs = glyphs_for(len(items), digits=digits)
    styles = [opts.series_styles[i % len(opts.series_styles)] for i in range(len(items))]
    out.append(title, opts.title)
    if log:
        out.append(" (log)", opts.muted)
    out.append("\n")
    # Legend with latest/min/max per line.
    for (label, columns), glyph, style in zip(items, glyphs, styles, strict=True):
        s = column_stats(columns)
        out.append(" ")
        out.append("⣿" if glyph == BRAILLE else glyph, style)
        out.append(f" {one_line(label)}", style)
        if s is None:
            out.append("  no data", opts.muted)
        else:
            latest, low, high = (format_value(v) for v in (s.latest, s.minimum, s.maximum))
            out.append(f"  latest {latest}  min {low}  max {high}", opts.muted)
        out.append("\n")
    chart_series = [
        ChartSeries(label, columns[0], columns[1], glyph)
        for (label, columns), glyph in zip(items, glyphs, strict=True)
    ]
    raster = render(chart_series, opts.width, opts.chart_rows, log=log)
    if raster is not None:
        _append_raster(out, raster, styles, opts.muted)
    out.append("\n")


def _append_raster(out: Text, raster: Raster, styles: Sequence[Style], muted: Style) -> None:
    for row in raster.rows:
        run_style: Style | None = None
        run: list[str] = []
        for cell in row:
            style = styles[cell.series] if cell.series >= 0 else muted
            if style is not run_style and run:
                out.append("".join(run), run_style)
                run = []
            run_style = style
            run.append(cell.char)
        if run:
            out.append("".join(run).rstrip() if run_style is muted else "".join(run), run_style)
        out.append("\n")


def _table(
    get: Callable[[SeriesKey], Columns], names: Sequence[str], hosts: Sequence[str], opts: ViewOptions
) -> Text:
    """Latest/min/max per series, for terminals too small for charts."""
    out = Text()
    rows: list[tuple[str, str, str, str]] = []

    def add(label: str, columns: Columns) -> None:
        s = column_stats(columns)
        if s is not None:
            rows.append((label, format_value(s.latest), format_value(s.minimum), format_value(s.maximum)))

    for name in names:
        add(one_line(name), get(SeriesKey(name)))
    for metric in INSTANCE_METRICS:
        for host in hosts:
            label = f"{TITLES[metric].split(' ')[0]} {host.removeprefix('algo-')}"
            add(label, get(SeriesKey(metric, host)))
    if not rows:
        return out
    numbers = [max(len(r[i]) for r in rows) for i in (1, 2, 3)]
    numbers = [max(n, len(h)) for n, h in zip(numbers, ("latest", "min", "max"), strict=True)]
    room = opts.width - sum(numbers) - 3
    width = max(4, min(room, max(len(r[0]) for r in rows)))
    head = " ".join(h.rjust(n) for h, n in zip(("latest", "min", "max"), numbers, strict=True))
    out.append(f"{'':{width}} {head}\n", opts.muted)
    for label, *values in rows:
        shown = label if len(label) <= width else label[: width - 1] + "…"
        out.append(f"{shown:{width}}", opts.title)
        out.append(" " + " ".join(v.rjust(n) for v, n in zip(values, numbers, strict=True)) + "\n")
    return out

