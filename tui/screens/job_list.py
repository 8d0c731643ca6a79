"""The job list: every training job in the account, filterable, sortable, kept current.

Data comes only from ``app.repository``, in one thread worker at a time (:mod:`job_list_data`);
rows, order and filters live in a textual-free :class:`JobListModel`, refresh decisions in
:class:`tui.refresh.ListScheduler`. The loading half (the worker's messages, the one timer, painting) is
:class:`~tui.screens.job_list_feed.ListFeedScreen`; this module adds the keys, filters and sorting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from tui.models.list_view import (
    SORT_COLUMNS,
    WARM_POOL_CYCLE,
    FilterError,
    LocalFilter,
    MergeResult,
    SortSpec,
)
from tui.models.summary import JobRow
from tui.refresh import RefreshPolicy, RefreshState
from tui.screens.job_actions import ActionTarget, JobActionsScreen, report_failures
from tui.screens.job_list_feed import ListFeedScreen
from tui.screens.job_list_marks import ListMarksMixin
from tui.screens.list_commands import ListCommands
from tui.screens.messages import CursorRested, OpenJob
from tui.widgets.command_bar import CommandBar
from tui.widgets.filter_bar import FilterBar
from tui.widgets.footer import Footer
from tui.widgets.job_table import JobTable
from tui.widgets.list_header import ListHeader

#: Columns whose natural first sort is descending (newest, longest, most expensive first).
DESCENDING_FIRST = frozenset({"created", "duration", "modified", "billable"})


class JobListScreen(ListMarksMixin, JobActionsScreen, ListFeedScreen):
    """Every training job, one row each (see the README's "Job list" section for the keys)."""

    CSS_PATH = "../styles/job_list.tcss"
    COMMANDS = {ListCommands}
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="list.filter", tooltip="Filter by name (~ for a regex)"),
        Binding("escape", "clear_filter", "Clear filter", id="list.clear_filter", show=False),
        Binding("r", "refresh", "Refresh", id="list.refresh", tooltip="List every job again now"),
        Binding("p", "pause", "Pause", id="list.pause", tooltip="Pause or resume live refresh"),
        Binding("s", "sort_next", "Sort", id="list.sort_next", tooltip="Sort by the next column"),
        Binding("S", "sort_reverse", "Reverse sort", id="list.sort_reverse", show=False),
        Binding("t", "toggle_time", "Abs/rel time", id="list.toggle_time", show=False),
        Binding("1", "status('InProgress')", "Only InProgress", id="list.status_inprogress", show=False),
        Binding("2", "status('Completed')", "Only Completed", id="list.status_completed", show=False),
        Binding("3", "status('Failed')", "Only Failed", id="list.status_failed", show=False),
        Binding("4", "status('Stopped')", "Only Stopped", id="list.status_stopped", show=False),
        Binding("5", "status('')", "All statuses", id="list.status_all", show=False),
        Binding("6", "status('Stopping')", "Only Stopping", id="list.status_stopping", show=False),
        Binding("colon", "command_line", "Command", id="list.command_line", show=False,
                tooltip="Run a command: :sort modified, :status failed, :theme ansi, :q"),
        Binding("w", "warm_pool", "Warm pool filter", id="list.warm_pool", show=False),
        Binding("y", "copy_name", "Copy name", id="list.copy_name", show=False),
        Binding("l", "open_logs", "Logs", id="list.logs", show=False, tooltip="Open the job's logs"),
        Binding("Y", "copy_arn", "Copy ARN", id="list.copy_arn", show=False),
        Binding("m", "open_metrics", "Metrics", id="list.metrics", show=False, tooltip="Open its metrics"),
        Binding("space", "toggle_mark", "Mark", id="list.mark", show=False, tooltip="Mark or unmark the job"),
        Binding("ctrl+space,ctrl+@", "clear_marks", "Clear marks", id="list.clear_marks", show=False),
        Binding("c", "compare", "Compare", id="list.compare", show=False, tooltip="Compare the marked jobs"),
        Binding("H", "tuning_jobs", "Tuning jobs", id="list.tuning_jobs", show=False,
                tooltip="The hyperparameter tuning jobs"),
    ]

    def compose(self) -> ComposeResult:
        config = self.tui.config
        yield ListHeader(id="list-header")
        yield Static("", id="list-message")
        yield JobTable(
            columns=config.columns,
            now=self._now_ts,
            absolute=config.time_display == "absolute",
            zone=self.zone,
            id="job-table",
        )
        yield FilterBar(id="filter-bar")
        yield CommandBar(id="command-bar")
        yield Footer()

    def on_mount(self) -> None:
        app = self.tui
        offline = app.repository.offline or app.settings.offline
        live = app.settings.live and not offline
        scheduler = self.scheduler
        scheduler.policy = RefreshPolicy(interval=app.config.list_interval, jitter=0.1 if live else 0.0)
        scheduler.state = RefreshState(interval=scheduler.policy.interval, live=live, offline_mode=offline)
        scheduler.zone = self.zone
        self.table.focus()
        if app.settings.initial_job:
            self.table.pin(app.settings.initial_job)  # Escape from its details lands on it
        self.table.set_empty_text("Loading training jobs…")
        if live:
            self._ticker = self.set_interval(1.0, self._tick)
        self.start_where(app.settings.where)
        self._apply(scheduler.start())

    # -- public API (the detail screen and the command palette use these) ----------------
    def neighbour(self, name: str, step: int) -> str | None:
        """The job ``step`` rows from ``name`` in the current filtered and sorted order (None past
        either end, or when ``name`` is not shown)."""
        return self.model.neighbour(name, step)

    def set_sort(self, column: str, descending: bool | None = None) -> None:
        if column not in SORT_COLUMNS:
            return
        if descending is None:
            descending = column in DESCENDING_FIRST
        spec = SortSpec(column, descending)
        self.model.set_sort(spec)
        self.table.set_sort(spec)
        self._render_view(MergeResult(), flash=False)

    # -- local filters --------------------------------------------------------------------
    def _set_local_filter(self, spec: LocalFilter) -> None:
        bar = self.query_one(FilterBar)
        try:
            self.model.set_filter(spec)
        except FilterError as exc:
            bar.set_error(str(exc))  # the view keeps the last good filter
            return
        bar.set_error("")
        self.table.pin()  # the cursor stays on the job it is on when that job is shown again
        self._render_view(MergeResult(), flash=False)

    @on(Input.Changed, "#filter-input")
    def _on_filter_changed(self, event: Input.Changed) -> None:
        before = self.model.filter
        self._set_local_filter(replace(before, text=event.value))
        if self.model.filter is not before and event.value:
            self.table.first()  # as k9s: the first match, at the top of the filtered list

    @on(Input.Submitted, "#filter-input")
    def _on_filter_submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            self.query_one(FilterBar).close()
        self.table.focus()

    def action_filter(self) -> None:
        self.query_one(FilterBar).open(self.model.filter.text)

    def action_clear_filter(self) -> None:
        """Escape: clear the name filter; with none, clear the status and warm-pool filters."""
        bar = self.query_one(FilterBar)
        if self.model.filter.text or bar.has_class("-shown"):
            bar.input.value = ""
            bar.close()
            self._set_local_filter(replace(self.model.filter, text=""))
        elif self.model.filter.active:
            self._set_local_filter(LocalFilter())
        self.table.focus()

    def action_status(self, status: str) -> None:
        wanted = frozenset({status}) if status else frozenset()
        if wanted == self.model.filter.statuses:
            wanted = frozenset()  # the same key again shows every status
        self._set_local_filter(replace(self.model.filter, statuses=wanted))

    def set_statuses(self, statuses: frozenset[str]) -> None:
        """Show only these statuses (none: every status)."""
        self._set_local_filter(replace(self.model.filter, statuses=statuses))

    def action_command_line(self) -> None:
        from tui.screens.command_line import open_command_line  # when first used: not at start

        open_command_line(self)

    @on(CommandBar.Run)
    def _on_command(self, event: CommandBar.Run) -> None:
        from tui.screens.command_line import run_command_line

        run_command_line(self, event.text)

    @on(CommandBar.Closed)
    def _on_command_closed(self) -> None:
        from tui.screens.command_line import close_command_line

        close_command_line(self)

    def action_warm_pool(self) -> None:
        current = self.model.filter.warm_pool
        index = WARM_POOL_CYCLE.index(current) if current in WARM_POOL_CYCLE else 0
        following = WARM_POOL_CYCLE[(index + 1) % len(WARM_POOL_CYCLE)]
        self._set_local_filter(replace(self.model.filter, warm_pool=following))

    # -- sorting and display --------------------------------------------------------------
    def action_sort_next(self) -> None:
        shown = [c.key for c in self.table.columns if c.key in SORT_COLUMNS] or list(SORT_COLUMNS)
        current = self.model.sort.column
        index = shown.index(current) if current in shown else -1
        self.set_sort(shown[(index + 1) % len(shown)])

    def action_sort_reverse(self) -> None:
        self.set_sort(self.model.sort.column, not self.model.sort.descending)

    @on(JobTable.SortClicked)
    def _on_sort_clicked(self, event: JobTable.SortClicked) -> None:
        if event.column == self.model.sort.column:
            self.action_sort_reverse()
        else:
            self.set_sort(event.column)

    def action_toggle_time(self) -> None:
        self.table.set_absolute(not self.table.absolute)

    # -- refresh --------------------------------------------------------------------------
    def action_refresh(self) -> None:
        self.refresh_now(full=True)

    def action_pause(self) -> None:
        self._apply(self.scheduler.pause())
        self._show_header()

    # -- rows -----------------------------------------------------------------------------
    @on(JobTable.Opened)
    def _on_opened(self, event: JobTable.Opened) -> None:
        self.post_message(OpenJob(event.name))

    @on(JobTable.CursorMoved)
    def _on_cursor_moved(self, event: JobTable.CursorMoved) -> None:
        self.post_message(CursorRested(event.name))

    def action_open_metrics(self) -> None:
        row = self.table.cursor_row
        if row is not None:
            self.post_message(OpenJob(row.name, tab="metrics"))

    def action_tuning_jobs(self) -> None:
        from tui.widgets.tuning_messages import OpenTuningJobs

        self.post_message(OpenTuningJobs())

    def action_copy_name(self) -> None:
        self._copy("name", lambda row: row.name)

    def action_open_logs(self) -> None:
        """Open the job under the cursor on its Logs tab."""
        name = self.table.cursor_name
        if name is None:
            self.notify("No job selected.", severity="warning")
            return
        self.post_message(OpenJob(name, tab="logs"))

    def action_copy_arn(self) -> None:
        self._copy("ARN", lambda row: row.arn)

    def action_target(self) -> ActionTarget | None:
        """The cursor's job, for the job actions (tui/screens/job_actions.py)."""
        row = self.table.cursor_row
        return None if row is None else ActionTarget(row.name, row.status, row.secondary, row.arn)

    def nudge_refresh(self) -> None:
        self.refresh_now()

    def changes_arriving(self, rows: list[JobRow]) -> None:
        report_failures(self, self.model.rows, rows)  # notify_failures: before the merge

    def _copy(self, what: str, pick: Callable[[JobRow], str]) -> None:
        row = self.table.cursor_row
        if row is None:
            self.notify("No job selected.", severity="warning")
            return
        text = pick(row)
        if not text:
            self.notify(f"This job has no {what}.", severity="warning")
            return
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied the {what}: {text}", timeout=3, markup=False)
