"""The job list's feed: where its rows come from and when (the job list screen is built on it).

Data comes only from ``app.repository``, in one thread worker at a time (:mod:`job_list_data`);
refresh decisions come from :class:`tui.refresh.ListScheduler`, and this class keeps the one timer
they ask for, merges what the worker posts back into the :class:`JobListModel`, and paints the
rows and the header. Keys, filters and sorting are :mod:`job_list`'s.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone, tzinfo
from typing import cast

from textual import on, work
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from tui.aws.jobs import ListFilters
from tui.models.list_view import JobListModel, MergeResult
from tui.models.summary import JobRow
from tui.refresh import Call, Decision, ListScheduler, RefreshPolicy, RefreshState
from tui.safe_text import message as message_text
from tui.screens.app_context import AppContext
from tui.screens.context_messages import ContextShown
from tui.screens.job_list_data import (
    CacheLoaded,
    ListChanges,
    ListDone,
    ListFailed,
    ListJob,
    ListPage,
    first_screenful,
)
from tui.screens.messages import CursorRested, ListSettled
from tui.widgets.job_table import JobTable
from tui.widgets.list_header import HeaderInfo, ListHeader, count_label

#: How long a changed row stays highlighted (seconds; cleared by the one-second tick).
FLASH_SECONDS = 3.0


class ListFeedScreen(Screen[None]):
    """Rows in, kept current: the loading half of the job list."""

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

    def on_context_shown(self, _: ContextShown) -> None:
        self._show_header()  # the account, learnt after the first list

    # -- hooks (the list screen's marks and ``--where`` query fill them in) ---------------------
    def where_job(self, job: ListJob) -> ListJob:
        """The list operation to run for ``job`` (a query replaces it by Search)."""
        return job

    def where_label(self) -> str:
        """The active query, for the header ("" when none)."""
        return ""

    def changes_arriving(self, rows: list[JobRow]) -> None:
        """Changed rows, before they are merged (the list's failure notifications read them)."""

    def marked_count(self, count: str) -> str:
        """The header's count, with what else it should say (the marks)."""
        return count

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
        if call is Call.INITIAL and not self.where_label():
            head = first_screenful(self.tui.repository, self._generation, self.server_filters)
            if head is not None:  # read by the launcher: painted with the first frame
                job.head_shown = True
                self._on_cache_loaded(head)
        if job.head_shown:
            # The whole cache is read after that frame is out: the worker's thread (rows built
            # from the cache, a few hundred ms at 100,000 jobs) would hold the GIL the first
            # frame waits for.
            self.call_after_refresh(self._list_worker, self.where_job(job))
        else:
            self._list_worker(self.where_job(job))
        searching = (call is Call.CHANGES and self.scheduler.use_search) or self.where_label() != ""
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
        self.changes_arriving(message.rows)
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
        self.table.set_rows(rows, name_width=self.model.name_width, content_widths=self.model.content_widths)
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
        filters = " · ".join(
            part for part in (self.where_label(), f"aws: {server}" if server else "", local) if part
        )
        loading = self._listing_all
        count = count_label(
            len(self.model.view),
            self.model.total,
            loading=loading,
            first=loading and not self._had_data,
            seen=self._seen_count,
        )
        count = self.marked_count(count)
        self.query_one(ListHeader).show(
            HeaderInfo(
                profile=app.settings.profile_label,
                account=app.settings.account_label,
                location=app.settings.location_label,
                count=count,
                filters=filters,
                sort=self.model.sort.describe(),
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
