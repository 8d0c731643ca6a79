"""One hyperparameter tuning job: its configuration, counters, best training job, and its training
jobs best first with the tuned hyperparameters as columns (so the winning values show).

Enter on a training job opens the usual detail screen (:class:`~tui.screens.messages.OpenJob`).
Data comes from the :class:`~tui.tuning_repository.TuningRepository` in a thread worker: the
cached copy first, then DescribeHyperParameterTuningJob and
ListTrainingJobsForHyperParameterTuningJob (a settled tuning job never calls again).
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from tui.aws.errors import AwsError
from tui.models.marks import Marks
from tui.models.timefmt import format_duration
from tui.models.tuning import (
    arrow,
    config_lines,
    counter_line,
    format_value,
    objective_of,
    range_lines,
    trial_rows,
    tuned_names,
)
from tui.repository import Fetched
from tui.safe_text import visible
from tui.screens.messages import CompareJobs, OpenJob
from tui.screens.tuning_base import TuningScreen
from tui.tuning_repository import TuningJobData, TuningRepository
from tui.widgets.footer import Footer
from tui.widgets.list_header import HeaderInfo, ListHeader
from tui.widgets.tuning_table import GridColumn, GridRow, TuningTable, widths_of


class TuningJobLoaded(Message):
    def __init__(
        self, fetched: Fetched[TuningJobData] | None, error: AwsError | None = None, *, first: bool = False
    ) -> None:
        super().__init__()
        self.fetched = fetched
        self.error = error
        self.first = first


class TuningJobScreen(TuningScreen):
    """Everything DescribeHyperParameterTuningJob and its training jobs say about one tuning job."""

    CSS_PATH = "../styles/tuning.tcss"
    BINDINGS = [
        Binding("escape,backspace", "back", "Back", id="tuning-job.back", tooltip="Back"),
        Binding("r", "refresh", "Refresh", id="tuning-job.refresh",
                tooltip="Describe the tuning job again now"),
        Binding("b", "open_best", "Best job", id="tuning-job.open_best",
                tooltip="Open the best training job"),
        Binding("space", "toggle_mark", "Mark", id="tuning-job.mark", show=False,
                tooltip="Mark or unmark the training job"),
        Binding("ctrl+space,ctrl+@", "clear_marks", "Clear marks", id="tuning-job.clear_marks", show=False),
        Binding("c", "compare", "Compare", id="tuning-job.compare", show=False,
                tooltip="Compare the marked training jobs"),
    ]

    def __init__(self, name: str, repository: TuningRepository | None = None) -> None:
        super().__init__(repository)
        self.tuning_name = name
        self.data: TuningJobData | None = None
        self.trial_names: list[str] = []
        #: Training jobs marked for a comparison (kept by name across refreshes).
        self.marks = Marks()

    def compose(self) -> ComposeResult:
        yield ListHeader(id="tuning-header")
        yield Static(id="tuning-message")
        yield Static(id="tuning-config")
        yield TuningTable(id="tuning-trials")
        yield Footer()

    def on_mount(self) -> None:
        self.start_refreshing()
        self.query_one(TuningTable).focus()
        self._paint_header()
        self._load(first=True)

    # -- data -------------------------------------------------------------------------------
    def _load(self, *, first: bool = False, force: bool = False) -> None:
        repository, name = self.repository, self.tuning_name
        self.note = "loading…"
        self._paint_header()

        def work() -> None:
            if first:
                cached = repository.cached_job(name)
                if cached is not None:
                    self.post_message(TuningJobLoaded(cached, first=not cached.value.settled))
                    if cached.value.settled and not force:
                        return
            try:
                fetched = repository.job(name, force=force)
            except AwsError as exc:
                self.post_message(TuningJobLoaded(None, exc))
                return
            self.post_message(TuningJobLoaded(fetched))

        self.run_worker(work, thread=True, exclusive=True, group="tuning-job", exit_on_error=False)

    @on(TuningJobLoaded)
    def _loaded(self, message: TuningJobLoaded) -> None:
        if message.fetched is not None:
            self.data = message.fetched.value
            self._paint()
        if message.first:
            return
        error = message.error or (message.fetched.error if message.fetched is not None else None)
        self.loaded(error, answered=message.fetched is not None, interval=self.repository.interval(self.data))

    # -- painting ---------------------------------------------------------------------------
    def _paint_header(self) -> None:
        status = ""
        if self.data is not None:
            status = str(self.data.describe.get("HyperParameterTuningJobStatus") or "")
        self.query_one(ListHeader).show(HeaderInfo(
            profile="tuning job", location=self.tuning_name,
            count=" · ".join(part for part in (status, self.marks.label()) if part), state=self.note,
            tone="problem" if self.note.startswith(("retry", "throttled", "r retries")) else "ok",
        ))

    def _paint(self) -> None:
        data = self.data
        if data is None:
            return
        self._paint_header()
        self.query_one("#tuning-config", Static).update(self._config_text(data))
        self._paint_trials(data)

    def _config_text(self, data: TuningJobData) -> Text:
        describe = data.describe
        text = Text()
        label = "bold"

        def add(name: str, value: str, *, end: str = "\n") -> None:
            text.append(f"{name}: ", style=label)
            text.append(visible(value))
            text.append(end)

        lines = config_lines(describe)
        for index, (name, value) in enumerate(lines):
            add(name, value, end="  ·  " if index < len(lines) - 1 else "\n")
        ranges = range_lines(describe)
        for index, (name, value) in enumerate(ranges):
            if index == 0:
                text.append("Ranges: ", style=label)
            text.append(visible(name), style="italic")
            text.append(" " + visible(value) + ("  ·  " if index < len(ranges) - 1 else "\n"))
        add("Training jobs", counter_line(describe))
        best = describe.get("BestTrainingJob") or {}
        metric, _direction = objective_of(describe)
        if best:
            score = (best.get("FinalHyperParameterTuningJobObjectiveMetric") or {}).get("Value")
            add("Best", f"{best.get('TrainingJobName', '?')}  {metric} = "
                f"{format_value(float(score)) if isinstance(score, int | float) else '–'}  (b opens it)")
        else:
            add("Best", "none yet")
        reason = describe.get("FailureReason")
        if reason:
            text.append("Failure: ", style=label)
            text.append(visible(str(reason), lines=False), style="bold")
            text.append("\n")
        text.rstrip()
        return text

    def _paint_trials(self, data: TuningJobData) -> None:
        table = self.query_one(TuningTable)
        metric, direction = objective_of(data.describe)
        tuned = tuned_names(data.describe, data.trials)
        rows = trial_rows(data.trials, direction)
        now: datetime = self.tui.clock.now()
        best_name = (data.describe.get("BestTrainingJob") or {}).get("TrainingJobName")
        titles = ["TRAINING JOB", "STATUS", f"{metric or 'OBJECTIVE'} {arrow(direction)}".strip(),
                  *tuned, "DURATION"]
        cells = []
        for row in rows:
            duration = row.duration(now)
            cells.append((
                row.name, row.status, format_value(row.value), *(row.tuned.get(n, "–") for n in tuned),
                format_duration(duration) if duration is not None else "–",
            ))
        widths = widths_of(titles, cells)
        keys = ["name", "status", "objective", *(f"hp:{n}" for n in tuned), "duration"]
        columns = [GridColumn(key, title, width, right=key not in ("name", "status"))
                   for key, title, width in zip(keys, titles, widths, strict=True)]
        table.set_table(
            columns,
            [GridRow(row.name, cell, row.status, bold=row.name == best_name) for row, cell in zip(rows, cells,
                                                                                              strict=True)],
            empty="No training jobs yet.",
        )
        self.trial_names = [row.name for row in rows]

    def current_trial(self) -> str | None:
        return self.query_one(TuningTable).cursor_key

    # -- keys -------------------------------------------------------------------------------
    @on(TuningTable.Opened, "#tuning-trials")
    def _open(self, message: TuningTable.Opened) -> None:
        self.post_message(OpenJob(message.key))

    def action_open_best(self) -> None:
        best = (self.data.describe.get("BestTrainingJob") or {}) if self.data is not None else {}
        name = best.get("TrainingJobName")
        if isinstance(name, str):
            self.post_message(OpenJob(name))
        else:
            self.notify("No best training job yet.", timeout=3, markup=False)

    def action_toggle_mark(self) -> None:
        name = self.current_trial()
        if name is None:
            self.notify("No training job selected.", severity="warning", timeout=3)
            return
        self.marks.toggle(name)
        self.query_one(TuningTable).set_marks(self.marks)
        self._paint_header()

    def action_clear_marks(self) -> None:
        cleared = self.marks.clear()
        self.query_one(TuningTable).set_marks(self.marks)
        self._paint_header()
        if cleared:
            self.notify(f"Cleared {cleared} mark{'s' if cleared != 1 else ''}.", timeout=3)

    def action_compare(self) -> None:
        """Compare the marked training jobs (as the job list's ``c`` does)."""
        from tui.models.compare import MAX_JOBS, MIN_JOBS

        names = self.marks.names
        if not MIN_JOBS <= len(names) <= MAX_JOBS:
            self.notify(
                f"Mark {MIN_JOBS} to {MAX_JOBS} training jobs with space to compare them "
                f"({len(names)} marked).",
                severity="warning",
            )
            return
        self.post_message(CompareJobs(names))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_refresh(self) -> None:
        self.reset_refresh()
        self._load(force=True)

