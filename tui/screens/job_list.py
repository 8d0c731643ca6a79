"""The job list: every training job in the account, filterable, sortable, kept current.

Data comes only from ``app.repository``, in one thread worker at a time (:mod:`job_list_data`);
rows, order and filters live in a textual-free :class:`JobListModel`, refresh decisions in
:class:`tui.refresh.ListScheduler`. This module wires them to the widgets, the keys and one timer.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone, tzinfo
from typing import cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from tui.aws.jobs import ListFilters
from tui.models.list_view import (
    SORT_COLUMNS,
    WARM_POOL_CYCLE,
    FilterError,
    JobListModel,
    LocalFilter,
    MergeResult,
    SortSpec,
)
from tui.models.summary import JobRow
from tui.refresh import Call, Decision, ListScheduler, RefreshPolicy, RefreshState
from tui.safe_text import message as message_text
from tui.screens.app_context import AppContext
from tui.screens.job_list_data import (
    CacheLoaded,
    ListChanges,
    ListDone,
    ListFailed,
    ListJob,
    ListPage,
)
from tui.screens.list_commands import ListCommands
from tui.screens.messages import CursorRested, ListSettled, OpenJob
from tui.widgets.filter_bar import FilterBar
from tui.widgets.footer import Footer
from tui.widgets.job_table import JobTable
from tui.widgets.list_header import HeaderInfo, ListHeader, count_label

#: How long a changed row stays highlighted (seconds; cleared by the one-second tick).
FLASH_SECONDS = 3.0

#: Columns whose natural first sort is descending (newest, longest, most expensive first).
DESCENDING_FIRST = frozenset({"created", "duration", "modified", "billable"})


class JobListScreen(Screen[None]):
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
        Binding("w", "warm_pool", "Warm pool filter", id="list.warm_pool", show=False),
        Binding("y", "copy_name", "Copy name", id="list.copy_name", show=False),
        Binding("l", "open_logs", "Logs", id="list.logs", show=False, tooltip="Open the job's logs"),
        Binding("Y", "copy_arn", "Copy ARN", id="list.copy_arn", show=False),
        Binding("m", "open_metrics", "Metrics", id="list.metrics", show=False, tooltip="Open its metrics"),
        Binding("H", "tuning_jobs", "Tuning jobs", id="list.tuning_jobs", show=False,
                tooltip="The hyperparameter tuning jobs"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.model = JobListModel()
        # time.monotonic looked up at each call: tests put the module's ``time`` on virtual time.
        self.scheduler = ListScheduler(
            RefreshPolicy(), RefreshState(), monotonic=lambda: time.monotonic(), now=self._wall
        )
        self._generation = 0
        self._seen: set[str] = set()  # names the running full list returned so far
        self._seen_count = 0
        self._had_data = False  # rows were on screen before the running full list began
        self._message_text = ""  # the error line under the header, as last shown
        self._operation = "ListTrainingJobs"  # the call in flight, for `waiting 12s for …`
        self._ticker: Timer | None = None
        self._timer: Timer | None = None  # the one refresh timer, armed as the scheduler decides

    # -- app access -----------------------------------------------------------------------
    @property
    def tui(self) -> AppContext:
        return cast("AppContext", self.app)

    @property
    def table(self) -> JobTable:
        return self.query_one(JobTable)

    @property
    def zone(self) -> tzinfo | None:
        return timezone.utc if self.tui.config.timezone == "utc" else None

    def _now_ts(self) -> float:
        return self.tui.clock.now().timestamp()

    def _wall(self) -> datetime:
        return self.tui.clock.now()

    @property
    def state(self) -> RefreshState:
        return self.scheduler.state

    @property
    def policy(self) -> RefreshPolicy:
        return self.scheduler.policy

    @policy.setter
    def policy(self, policy: RefreshPolicy) -> None:
        self.scheduler.policy = policy

    @property
    def _due(self) -> float | None:
        """Monotonic time the pending refresh is due (None: none)."""
        return self.scheduler.due

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
        self.table.set_empty_text("Loading training jobs…")
        if live:
            self._ticker = self.set_interval(1.0, self._tick)
        self._apply(scheduler.start())

    # -- public API (the detail screen and the command palette use these) ----------------
    def neighbour(self, name: str, step: int) -> str | None:
        """The job ``step`` rows from ``name`` in the current filtered and sorted order (None past
        either end, or when ``name`` is not shown)."""
        return self.model.neighbour(name, step)

    @property
    def server_filters(self) -> ListFilters:
        return self.tui.settings.filters

    def apply_server_filters(self, filters: ListFilters) -> None:
        """List again with new server-side filters (the rows of the old ones are dropped)."""
        self.tui.settings.filters = filters
        self.model.clear()
        self._generation += 1  # what a call in flight returns is for the old filters
        self._apply(self.scheduler.filters_changed())
        self._render_view(MergeResult(), flash=False)

    def refresh_now(self, *, full: bool = False) -> None:
        """A list call now (or as soon as the one-call-per-second floor allows): everything
        (``r``), or only what changed since the newest LastModifiedTime held (the timer's call).
        One call at a time: asked while one runs, it runs as soon as that one ends."""
        self._apply(self.scheduler.request(full=full, held=bool(self.model.rows)))

    def set_sort(self, column: str, descending: bool | None = None) -> None:
        if column not in SORT_COLUMNS:
            return
        if descending is None:
            descending = column in DESCENDING_FIRST
        spec = SortSpec(column, descending)
        self.model.set_sort(spec)
        self.table.set_sort(spec)
        self._render_view(MergeResult(), flash=False)

    # -- loading --------------------------------------------------------------------------
    def _apply(self, decision: Decision) -> None:
        """Do what the scheduler decided: one timer, armed or not; a call started or not."""
        if decision.refused:
            self.notify(decision.refused, severity="warning")
        self._arm(decision.timer)
        if decision.call is not None:
            self._launch(decision.call)

    def _launch(self, call: Call) -> None:
        """Start the list operation the scheduler asked for, in the worker."""
        self._generation += 1
        if call is not Call.CHANGES:
            self._seen = set()
            self._seen_count = 0
            self._had_data = bool(self.model.rows)
        job = ListJob(
            generation=self._generation,
            mode=call.value,
            filters=self.server_filters,
            since=self._high_water_mark(),
            offline=self.state.offline_mode,
            post=self.post_message,
            cancelled=lambda: get_current_worker().is_cancelled,
            search=self.scheduler.use_search,
        )
        self._list_worker(job)
        searching = call is Call.CHANGES and self.scheduler.use_search
        self._operation = "Search" if searching else "ListTrainingJobs"
        self.state.calling(self._operation, self.tui.clock.now())
        self._show_header()

    @property
    def _listing_all(self) -> bool:
        """A full list (or the start's) is being read."""
        return self.scheduler.running in (Call.FULL, Call.INITIAL)

    def _high_water_mark(self) -> datetime | None:
        """The newest LastModifiedTime we hold: incremental calls ask for what changed after it."""
        if not self.model.rows:
            return None
        newest = max(row.modified for row in self.model.rows.values())
        return datetime.fromtimestamp(newest, timezone.utc)

    @work(thread=True, exclusive=True, group="job-list", exit_on_error=False)
    def _list_worker(self, job: ListJob) -> None:
        job.run(self.tui.repository)

    @on(CacheLoaded)
    def _on_cache_loaded(self, message: CacheLoaded) -> None:
        if message.generation != self._generation:
            return
        self.model.set_extras(message.extras)
        self.model.merge(message.rows)
        if not message.complete:  # the newest screenful: the header says the rest is loading
            self._seen_count = len(self.model.rows)
        else:
            self._had_data = bool(self.model.rows)
        # Complete: the worker goes on with one incremental call.
        self.scheduler.cache_loaded(complete=message.complete, at=message.fetched_at)
        self._render_view(MergeResult(), flash=False)

    @on(ListPage)
    def _on_list_page(self, message: ListPage) -> None:
        if message.generation != self._generation:
            return
        self._seen.update(row.name for row in message.rows)
        self._seen_count += len(message.rows)
        self.state.calling(self._operation, self.tui.clock.now())  # a page came: not hung
        self.model.set_extras(message.extras)
        result = self.model.merge(message.rows)
        if result or not self.model.view:
            self._render_view(result, flash=self._had_data)
        else:
            self._show_header()

    @on(ListDone)
    def _on_list_done(self, message: ListDone) -> None:
        if message.generation != self._generation:
            return
        self.call_after_refresh(self.post_message, ListSettled())
        self.model.set_extras(message.extras)
        if not self.state.offline_mode:
            self.model.retain(self._seen)
        self._apply(self.scheduler.done(Call.FULL))
        self._render_view(MergeResult(), flash=False)

    @on(ListChanges)
    def _on_list_changes(self, message: ListChanges) -> None:
        if message.generation != self._generation:
            return
        self.call_after_refresh(self.post_message, ListSettled())
        extras_changed = self.model.set_extras(message.extras)
        result = self.model.merge(message.rows)
        result.removed = self.model.remove(message.gone)
        decision = self.scheduler.done(
            Call.CHANGES,
            feed=message.feed,
            calls=message.calls,
            search_error=message.search_error,
        )
        self._apply(decision)
        if result or extras_changed:
            self._render_view(result, flash=True)
        else:
            # Nothing changed: repainting the table would cost kilobytes per refresh over SSH.
            self._show_header()

    @on(ListFailed)
    def _on_list_failed(self, message: ListFailed) -> None:
        if message.generation != self._generation:
            return
        self.call_after_refresh(self.post_message, ListSettled())
        self._apply(self.scheduler.failed(message.error))
        self._render_view(MergeResult(), flash=False)

    # -- the timer ------------------------------------------------------------------------
    def _arm(self, delay: float | None) -> None:
        """Keep exactly the timer the scheduler asked for (None: none)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if delay is not None:
            self._timer = self.set_timer(delay, self._on_timer)

    def _on_timer(self) -> None:
        self._timer = None
        self._apply(self.scheduler.timer_fired(held=bool(self.model.rows)))

    def on_screen_suspend(self) -> None:
        # A job's details or the help are on top: no list calls until we are back (the detail
        # screen refreshes its own job), so the pending refresh waits.
        # Hidden rows still tick: Textual would repaint their changes through the screen on top.
        if self._ticker is not None:
            self._ticker.pause()
        self._apply(self.scheduler.suspend())

    def on_screen_resume(self) -> None:
        if self.table.cursor_name is not None:
            # Opening it again shows what is cached now.
            self.post_message(CursorRested(self.table.cursor_name))
        if self._ticker is not None:
            self._tick()  # catch up at once on what changed while hidden
            self._ticker.resume()
        self._apply(self.scheduler.resume())

    def _tick(self) -> None:
        self.table.tick(time.monotonic())
        if self.state.problem is not None and self.state.retry_at is not None:
            self._show_header()  # the retry countdown
        elif self.state.waiting(self.tui.clock.now()) is not None:
            self._show_header()  # `waiting 12s for ListTrainingJobs`

    # -- view -----------------------------------------------------------------------------
    def _render_view(self, result: MergeResult, *, flash: bool) -> None:
        rows = self.model.update(self._now_ts())
        self.table.set_rows(rows, name_width=self.model.name_width)
        if flash and result.touched:
            self.table.flash(result.touched, time.monotonic() + FLASH_SECONDS)
        self.table.set_empty_text(self._empty_text())
        self._show_header()

    def _empty_text(self) -> str:
        if self.model.rows:
            return "No jobs match the filter (Escape clears it)."
        if self.scheduler.running is not None:
            return "Loading training jobs…"
        if self.state.offline_mode:
            return "Offline, and nothing is cached for this account and region yet."
        if self.state.problem is not None:
            return "No jobs to show: listing failed (see above). Press r to retry."
        if self.server_filters.describe():
            return "No training jobs match the server-side filters."
        where = self.tui.settings.location_label or "this region"
        return f"No training jobs in {where}. Try `sagemaker-tui --demo` to explore a demo fleet."

    def _show_header(self) -> None:
        app = self.tui
        state = self.state
        if state.offline_mode or state.problem is not None:
            tone = "problem"
        elif state.paused or not state.live:
            tone = "paused"
        else:
            tone = "ok"
        server = self.server_filters.describe()
        local = self.model.filter.describe()
        filters = " · ".join(part for part in (f"aws: {server}" if server else "", local) if part)
        loading = self._listing_all
        count = count_label(
            len(self.model.view),
            self.model.total,
            loading=loading,
            first=loading and not self._had_data,
            seen=self._seen_count,
        )
        self.query_one(ListHeader).show(
            HeaderInfo(
                profile=app.settings.profile_label,
                location=app.settings.location_label,
                count=count,
                filters=filters,
                state=self.scheduler.words(),
                tone=tone,
            )
        )
        message = self.query_one("#list-message", Static)
        text = state.error if state.problem is not None else ""
        if text != self._message_text:
            # Static.update always re-lays the screen out, which repaints the table's scrollbar:
            # bytes over SSH on every refresh, so only when the message really changes.
            self._message_text = text
            message.update(message_text(text))
            message.set_class(bool(text), "-shown")

    # -- local filters --------------------------------------------------------------------
    def _set_local_filter(self, spec: LocalFilter) -> None:
        bar = self.query_one(FilterBar)
        try:
            self.model.set_filter(spec)
        except FilterError as exc:
            bar.set_error(str(exc))  # the view keeps the last good filter
            return
        bar.set_error("")
        self._render_view(MergeResult(), flash=False)

    @on(Input.Changed, "#filter-input")
    def _on_filter_changed(self, event: Input.Changed) -> None:
        self._set_local_filter(replace(self.model.filter, text=event.value))

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

    def action_warm_pool(self) -> None:
        current = self.model.filter.warm_pool
        index = WARM_POOL_CYCLE.index(current) if current in WARM_POOL_CYCLE else 0
        following = WARM_POOL_CYCLE[(index + 1) % len(WARM_POOL_CYCLE)]
        self._set_local_filter(replace(self.model.filter, warm_pool=following))

    # -- sorting and display --------------------------------------------------------------
    def action_sort_next(self) -> None:
        shown = [column.key for column in self.table.columns] or list(SORT_COLUMNS)
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
        self.notify(f"Copied {what}: {text}", timeout=3, markup=False)
