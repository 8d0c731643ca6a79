"""The job list: every training job in the account, filterable, sortable, kept current.

Data comes only from ``app.repository``, in one thread worker at a time (:mod:`job_list_data`);
rows, order and filters live in a textual-free :class:`ListView`, refresh decisions in
:mod:`tui.models.refresh`. This module wires them to the widgets and the keys.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone, tzinfo
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from tui.aws.jobs import ListFilters
from tui.models.list_view import (
    SORT_COLUMNS,
    WARM_POOL_CYCLE,
    FilterError,
    ListView,
    LocalFilter,
    MergeResult,
    SortSpec,
)
from tui.models.refresh import RefreshPolicy, RefreshState, label
from tui.models.summary import JobRow
from tui.screens.job_list_data import (
    CacheLoaded,
    ListChanges,
    ListDone,
    ListFailed,
    ListJob,
    ListPage,
)
from tui.widgets.filter_bar import FilterBar
from tui.widgets.job_table import JobTable
from tui.widgets.list_commands import ListCommands
from tui.widgets.list_header import HeaderInfo, ListHeader, count_label

if TYPE_CHECKING:
    from tui.app import SageMakerTUI

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
    ]

    def __init__(self) -> None:
        super().__init__()
        self.model = ListView()
        self.state = RefreshState()
        self.policy = RefreshPolicy()
        self._rng = random.Random()
        self._generation = 0
        self._op: str | None = None  # "full" (paging) or "changes" (incremental) while a call runs
        self._queued: str | None = None  # a refresh asked for while a call was running
        self._need_full = True  # the next call must be a full list (none completed, or one failed)
        self._seen: set[str] = set()  # names the running full list returned so far
        self._seen_count = 0
        self._had_data = False  # rows were on screen before the running full list began
        self._message_text = ""  # the error line under the header, as last shown
        self._ticker: Timer | None = None
        self._last_call: float | None = None  # monotonic start of the last list operation
        self._timer: Timer | None = None
        self._due: float | None = None  # monotonic time the pending timer fires
        self._suspended = False

    # -- app access -----------------------------------------------------------------------
    @property
    def tui(self) -> SageMakerTUI:
        return cast("SageMakerTUI", self.app)

    @property
    def table(self) -> JobTable:
        return self.query_one(JobTable)

    @property
    def zone(self) -> tzinfo | None:
        return timezone.utc if self.tui.config.timezone == "utc" else None

    def _now_ts(self) -> float:
        return self.tui.clock.now().timestamp()

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
        self.policy = RefreshPolicy(interval=app.config.list_interval, jitter=0.1 if live else 0.0)
        self.state = RefreshState(interval=self.policy.interval, live=live, offline_mode=offline)
        self.table.focus()
        self.table.set_empty_text("Loading training jobs…")
        if live:
            self._ticker = self.set_interval(1.0, self._tick)
        self._start(initial=True)

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
        self._need_full = True
        self._start(full=True, force=True)
        self._render_view(MergeResult(), flash=False)

    def refresh_now(self, *, full: bool = False) -> None:
        """A list call now (or as soon as the one-call-per-second floor allows): everything
        (``r``), or only what changed since the newest LastModifiedTime held (the timer's call)."""
        if self.state.offline_mode:
            self.notify("Offline: showing the cache only (started with --offline).", severity="warning")
            return
        if self._op is not None:
            # One call at a time: a second worker would only pile up behind a slow endpoint.
            # The request runs as soon as the current call ends.
            self._queued = "full" if full or self._queued == "full" else "changes"
            return
        self._start(full=full, force=True)

    def _run_queued(self) -> bool:
        """Start the refresh asked for while a call was running; True when one was queued."""
        queued, self._queued = self._queued, None
        if queued is None:
            return False
        self._start(full=queued == "full", force=True)
        return True

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
    def _start(self, *, initial: bool = False, full: bool = False, force: bool = False) -> None:
        """Start a list operation now, or as soon as the one-call-per-second floor allows."""
        if self.state.offline_mode and not initial:
            return
        if self._op is not None and not force:
            return
        since = self._high_water_mark()
        full = full or self._need_full or since is None
        wait = self.policy.wait_before_call(self._last_call, time.monotonic())
        if wait > 0 and not initial:
            self._need_full = self._need_full or full
            self._schedule(wait, force=True)
            return
        self._cancel_timer()
        self._generation += 1
        self._last_call = time.monotonic()
        self._op = "full" if full or initial else "changes"
        if self._op == "full":
            self._seen = set()
            self._seen_count = 0
            self._had_data = bool(self.model.rows)
        job = ListJob(
            generation=self._generation,
            mode="initial" if initial else self._op,
            filters=self.server_filters,
            since=since,
            offline=self.state.offline_mode,
            post=self.post_message,
            cancelled=lambda: get_current_worker().is_cancelled,
        )
        self._list_worker(job)
        self._show_header()

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
        self.state.data_from = message.fetched_at
        if not message.complete:  # the newest screenful: the header says the rest is loading
            self._seen_count = len(self.model.rows)
        else:
            self._had_data = bool(self.model.rows)
            if not self.state.offline_mode:
                self._op = "changes"  # the worker goes on with one incremental call
        self._render_view(MergeResult(), flash=False)

    @on(ListPage)
    def _on_list_page(self, message: ListPage) -> None:
        if message.generation != self._generation:
            return
        self._seen.update(row.name for row in message.rows)
        self._seen_count += len(message.rows)
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
        self._op = None
        self.call_after_refresh(self.tui.settle)
        self.model.set_extras(message.extras)
        if not self.state.offline_mode:
            self.model.retain(self._seen)
            self._need_full = False
            self.state.succeeded(self.tui.clock.now())
            if not self._run_queued():
                self._schedule_next()
        self._render_view(MergeResult(), flash=False)

    @on(ListChanges)
    def _on_list_changes(self, message: ListChanges) -> None:
        if message.generation != self._generation:
            return
        self._op = None
        self.call_after_refresh(self.tui.settle)
        self._need_full = False
        extras_changed = self.model.set_extras(message.extras)
        result = self.model.merge(message.rows)
        result.removed = self.model.remove(message.gone)
        self.state.succeeded(self.tui.clock.now())
        if not self._run_queued():
            self._schedule_next()
        if result or extras_changed:
            self._render_view(result, flash=True)
        else:
            # Nothing changed: repainting the table would cost kilobytes per refresh over SSH.
            self._show_header()

    @on(ListFailed)
    def _on_list_failed(self, message: ListFailed) -> None:
        if message.generation != self._generation:
            return
        if self._op == "full":
            self._need_full = True  # a half-finished full list proves nothing about missing rows
        self._op = None
        self.call_after_refresh(self.tui.settle)
        delay = self.policy.backoff(self.state.failures + 1, self._rng) if self.state.live else None
        self.state.failed(message.error, self.tui.clock.now(), delay)
        self._queued = None  # the backoff decides when to call again (r still works)
        if delay is not None and not self.state.paused:
            self._schedule(delay)
        self._render_view(MergeResult(), flash=False)

    # -- scheduling -----------------------------------------------------------------------
    def _schedule_next(self) -> None:
        if self.state.live and not self.state.paused:
            self._schedule(self.policy.next_delay(self._rng))

    def _schedule(self, delay: float, *, force: bool = False) -> None:
        """The next list operation in ``delay`` seconds. Timers run only live, or when forced (a
        key press held back by the one-call-per-second floor); none while another screen is on top."""
        if not (self.state.live or force):
            return
        self._cancel_timer()
        delay = max(delay, 0.05)  # Textual's timers cannot take 0
        self._due = time.monotonic() + delay
        if not self._suspended:
            self._timer = self.set_timer(delay, self._on_timer)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._due = None

    def _on_timer(self) -> None:
        self._timer = None
        self._due = None
        self._start()

    def on_screen_suspend(self) -> None:
        # A job's details or the help are on top: no list calls until we are back (the detail
        # screen refreshes its own job), so the pending refresh waits.
        self._suspended = True
        # Hidden rows still tick: Textual would repaint their changes through the screen on top.
        if self._ticker is not None:
            self._ticker.pause()
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def on_screen_resume(self) -> None:
        self._suspended = False
        if self.table.cursor_name is not None:
            self.tui.prefetch(self.table.cursor_name)  # opening it again shows what is cached now
        if self._ticker is not None:
            self._tick()  # catch up at once on what changed while hidden
            self._ticker.resume()
        if self._due is not None and not self.state.paused:
            self._schedule(max(0.0, self._due - time.monotonic()), force=True)

    def _tick(self) -> None:
        self.table.tick(time.monotonic())
        if self.state.problem is not None and self.state.retry_at is not None:
            self._show_header()  # the retry countdown

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
        if self._op is not None:
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
        loading = self._op == "full"
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
                state=label(state, app.clock.now(), self.zone),
                tone=tone,
            )
        )
        message = self.query_one("#list-message", Static)
        text = state.error if state.problem is not None else ""
        if text != self._message_text:
            # Static.update always re-lays the screen out, which repaints the table's scrollbar:
            # bytes over SSH on every refresh, so only when the message really changes.
            self._message_text = text
            message.update(text)
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
        if self.state.offline_mode:
            return
        self.state.paused = not self.state.paused
        if self.state.paused:
            self._cancel_timer()
        elif self.state.problem is not None:
            self._start()
        else:
            self._schedule_next()
        self._show_header()

    # -- rows -----------------------------------------------------------------------------
    @on(JobTable.Opened)
    def _on_opened(self, event: JobTable.Opened) -> None:
        self.tui.open_job(event.name)

    @on(JobTable.CursorMoved)
    def _on_cursor_moved(self, event: JobTable.CursorMoved) -> None:
        self.tui.prefetch(event.name)

    def action_copy_name(self) -> None:
        self._copy("name", lambda row: row.name)

    def action_open_logs(self) -> None:
        """Open the job under the cursor on its Logs tab."""
        name = self.table.cursor_name
        if name is None:
            self.notify("No job selected.", severity="warning")
            return
        self.tui.open_job(name)

        async def show_logs() -> None:
            run = getattr(self.app.screen, "action_show_tab", None)
            if run is not None:
                await run(8)

        self.app.call_after_refresh(show_logs)

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
        self.notify(f"Copied {what}: {text}", timeout=3)
