"""Jobs side by side (2 to 8): one column per job, one row per compared field.

The rows come from :func:`tui.models.compare.compare` (pure); the data from the repository, in a
worker: cached describes first, then one Search call for the tags and whatever is not cached
(:meth:`tui.repository.JobRepository.compare_records`). Differing rows carry a ``≠`` in their
first cell and the warning colour (so they stand out without colour too); ``d`` shows only them
(the default when more than 20 rows are equal). Long values are elided in the middle; Enter shows
the row's full values.
"""

from __future__ import annotations

from typing import Any, cast

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from tui.aws.errors import AwsError
from tui.models.chart import as_text
from tui.models.compare import DIFF_MARK, CompareRow, Comparison, compare
from tui.models.compare_chart import JobSeries, overlay, overlay_metric, training_start
from tui.safe_text import message as message_text
from tui.safe_text import visible
from tui.screens.app_context import AppContext
from tui.widgets.compare_grid import CompareGrid
from tui.widgets.footer import Footer

#: Rows of the metric chart (axis labels included).
CHART_ROWS = 10


class CompareLoaded(Message):
    def __init__(self, generation: int, comparison: Comparison, describes: list[dict[str, Any]]) -> None:
        super().__init__()
        self.generation = generation
        self.comparison = comparison
        self.describes = describes


class ChartLoaded(Message):
    def __init__(self, generation: int, metric: str, jobs: list[JobSeries], notes: list[str]) -> None:
        super().__init__()
        self.generation = generation
        self.metric = metric
        self.jobs = jobs
        self.notes = notes


class CompareFailed(Message):
    def __init__(self, generation: int, error: str) -> None:
        super().__init__()
        self.generation = generation
        self.error = error


class CompareScreen(Screen[None]):
    """The compared jobs as columns; see the README's "Compare" section."""

    DEFAULT_CSS = """
    CompareScreen { layout: vertical; background: $surface; }
    CompareScreen > #compare-header { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    CompareScreen > CompareGrid { height: 1fr; }
    CompareScreen > #compare-chart { height: auto; max-height: 50%; display: none; padding: 0 1;
                                     border-top: solid $panel; color: $foreground; }
    CompareScreen > #compare-chart.-shown { display: block; }
    """

    BINDINGS = [
        Binding("escape,backspace", "back", "Back", id="compare.back", tooltip="Back to the job list"),
        Binding("d", "toggle_differences", "Only differences", id="compare.only_differences",
                tooltip="Show only the rows that differ, or every row"),
        Binding("m", "toggle_chart", "Metric chart", id="compare.chart",
                tooltip="Overlay the objective metric of every job on one chart"),
    ]

    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__()
        self.names = names
        self.comparison: Comparison | None = None
        #: None until loaded: then the default (only differences when > 20 rows are equal).
        self.only_differences: bool | None = None
        self.error = ""
        self._shown: tuple[CompareRow, ...] = ()
        self._generation = 0  # what a superseded load posts is dropped
        self._describes: list[dict[str, Any]] = []
        self._chart: ChartLoaded | None = None

    @property
    def tui(self) -> AppContext:
        return cast("AppContext", self.app)

    def compose(self) -> ComposeResult:
        yield Static("", id="compare-header")
        yield CompareGrid(id="compare-grid")
        yield Static("", id="compare-chart")
        yield Footer()

    def on_mount(self) -> None:
        self.show(self.names)

    def show(self, names: tuple[str, ...]) -> None:
        """Compare ``names`` (the screen is reused: composed and styled once per session)."""
        self.names = names
        self.comparison = None
        self.only_differences = None
        self.error = ""
        self._shown = ()
        self._describes = []
        self._chart = None
        self._generation += 1
        grid = self.query_one(CompareGrid)
        grid.cursor = 0
        grid.set_rows(names, ())
        grid.focus()
        chart = self.query_one("#compare-chart", Static)
        if chart.has_class("-shown"):  # the reused screen's chart is for the jobs compared before
            chart.update("Loading the metric of every job…")
        self._show_header()
        self._load(names, self._generation)

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False)
    def _load(self, names: tuple[str, ...], generation: int) -> None:
        worker = get_current_worker()
        try:
            records = self.tui.repository.compare_records(names)
            # Built here too (pure, a few ms for 8 x 300 hyperparameters): the event loop only paints.
            tags = [records.tags.get(name) for name in names] if records.tags is not None else None
            comparison = compare(records.describes, self.tui.clock.now(), tags=tags)
        except AwsError as exc:
            message: Message = CompareFailed(generation, str(exc))
        except Exception as exc:  # a bug must not leave the screen blank and silent
            message = CompareFailed(generation, f"Comparing failed: {exc}")
        else:
            message = CompareLoaded(generation, comparison, records.describes)
        if not worker.is_cancelled:
            self.post_message(message)

    @on(CompareLoaded)
    def _on_loaded(self, message: CompareLoaded) -> None:
        if message.generation != self._generation:
            return
        self.comparison = message.comparison
        self._describes = message.describes
        if self.query_one("#compare-chart").has_class("-shown"):
            self._load_chart(self._describes, self._generation)
        if self.only_differences is None:
            self.only_differences = self.comparison.only_differences_by_default
        self._fill()

    @on(CompareFailed)
    def _on_failed(self, message: CompareFailed) -> None:
        if message.generation != self._generation:
            return
        self.error = message.error
        self._show_header()

    # -- painting -------------------------------------------------------------------------
    def _fill(self) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        self._shown = comparison.shown(bool(self.only_differences))
        self.query_one(CompareGrid).set_rows(comparison.names, self._shown)
        self._show_header()

    def _show_header(self) -> None:
        header = self.query_one("#compare-header", Static)
        count = len(self.names)
        if self.error:
            header.update(message_text(f"Compare {count} jobs: {self.error}"))
            return
        comparison = self.comparison
        if comparison is None:
            header.update(f"Compare {count} jobs · loading…")
            return
        differing = len(comparison.differing)
        total = len(comparison.rows)
        mode = "only differences" if self.only_differences else "all rows"
        header.update(
            Text(f"Compare {count} jobs · {differing}/{total} rows differ {DIFF_MARK} · {mode} (d)")
        )

    # -- keys -----------------------------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss(None)

    def action_toggle_differences(self) -> None:
        if self.comparison is None:
            return
        self.only_differences = not self.only_differences
        self._fill()

    # -- the metric chart -------------------------------------------------------------------
    def action_toggle_chart(self) -> None:
        chart = self.query_one("#compare-chart", Static)
        shown = not chart.has_class("-shown")
        chart.set_class(shown, "-shown")
        if shown and self._chart is None:
            chart.update("Loading the metric of every job…")
            if self._describes:
                self._load_chart(self._describes, self._generation)
        elif shown:
            self._draw_chart()

    @work(thread=True, exclusive=True, group="compare-chart", exit_on_error=False)
    def _load_chart(self, describes: list[dict[str, Any]], generation: int) -> None:
        """Each job's series of the overlaid metric: the metric cache for finished jobs, CloudWatch
        otherwise (through the metrics repository); a job that fails is left out, with a note."""
        from tui.metrics_repository import metrics_repository_for
        from tui.models.metrics import SeriesKey

        worker = get_current_worker()
        metric = overlay_metric(describes) or ""
        jobs: list[JobSeries] = []
        notes: list[str] = []
        if metric:
            repository = metrics_repository_for(self.tui.repository)
            for describe in describes:
                name = str(describe.get("TrainingJobName", ""))
                try:
                    snapshot = repository.load(describe)
                except Exception as exc:  # offline, denied, throttled: this job is left out
                    notes.append(f"{name}: {exc}")
                    continue
                points = list(snapshot.series.get(SeriesKey(metric, ""), []))
                jobs.append(JobSeries(name, training_start(describe), points))
        if not worker.is_cancelled:
            self.post_message(ChartLoaded(generation, metric, jobs, notes))

    @on(ChartLoaded)
    def _on_chart_loaded(self, message: ChartLoaded) -> None:
        if message.generation != self._generation:
            return
        self._chart = message
        self._draw_chart()

    def _draw_chart(self) -> None:
        loaded = self._chart
        if loaded is None:
            return
        chart = self.query_one("#compare-chart", Static)
        if not loaded.metric:
            chart.update("None of these jobs defines a metric (MetricDefinitions) to overlay.")
            return
        width = max(20, self.size.width - 4)
        drawn = overlay(loaded.jobs, width, CHART_ROWS)
        text = Text(visible(f"{loaded.metric}, by time since each job's start"), style="bold")
        if drawn.raster is None:
            text.append("\nNo points of this metric yet (cached or from CloudWatch).")
        else:
            text.append("\n" + as_text(drawn.raster))
            text.append("\n" + "   ".join(f"{glyph} {visible(name)}" for glyph, name in drawn.legend))
        for note in loaded.notes:
            text.append("\n" + visible(note), style="italic")
        chart.update(text)

    @on(CompareGrid.Selected)
    def _on_selected(self, event: CompareGrid.Selected) -> None:
        event.stop()
        if self.comparison is not None:
            self.app.push_screen(ValueScreen(event.row, self.comparison.names))


class ValueScreen(ModalScreen[None]):
    """The full values of one compared row, one job per line (Escape or Enter closes)."""

    DEFAULT_CSS = """
    ValueScreen { align: center middle; background: $background 60%; }
    ValueScreen > VerticalScroll {
        width: 90%; height: auto; max-height: 90%;
        background: $surface; border: round $primary; padding: 0 1;
    }
    ValueScreen .value-title { text-style: bold; color: $accent; }
    """

    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="compare.value_close")]

    def __init__(self, row: CompareRow, names: tuple[str, ...]) -> None:
        super().__init__()
        self.row = row
        self.names = names

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(visible(f"{self.row.section}: {self.row.title}")), classes="value-title")
            body = Text()
            for name, value in zip(self.names, self.row.values, strict=True):
                body.append(visible(name), style="bold")
                body.append("\n")
                body.append(visible(value, lines=True))
                body.append("\n\n")
            yield Static(body, id="value-body")

    def action_close(self) -> None:
        self.dismiss(None)



#: The name the reused compare screen is installed under.
COMPARE_SCREEN = "compare"


def open_compare(app: App[Any], names: tuple[str, ...]) -> None:
    """Show the comparison of ``names``: the compare screen is installed once and reused (its
    widgets are composed and styled once per session, as the detail screen's are)."""
    if not app.is_screen_installed(COMPARE_SCREEN):
        app.install_screen(CompareScreen(names), COMPARE_SCREEN)
        app.push_screen(COMPARE_SCREEN)
        return
    screen = app.get_screen(COMPARE_SCREEN)
    if screen not in app.screen_stack:
        app.push_screen(COMPARE_SCREEN)
    assert isinstance(screen, CompareScreen)
    screen.show(names)
