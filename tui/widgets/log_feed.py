"""The Logs tab's data side: the workers that ask the logs repository, polling, history, read-back.

:class:`LogFeed` is the log pane's base: it holds the job's lines in a bounded
:class:`~tui.models.log_buffer.LogBuffer`, asks the logs repository (:func:`tui.log_repository.logs_for`)
from thread workers, which post :class:`LogsArrived` back, and polls as the pure
:class:`~tui.models.log_poll.LogPollScheduler` says (never while the pane is hidden, or once the job is
finished and read to the end). Scrolling up pages older lines in (:class:`HistoryArrived`) or reads back
from the cache those that left the window past the in-memory cap (:class:`ReadBack`). What is shown of
the lines (host, filter, search) and the header are the subclasses' (the ``_apply_rows`` … hooks).
It is a Widget subclass, not a plain mixin, so that its ``@on`` handlers are registered.
"""

from __future__ import annotations

import bisect
import time
from dataclasses import replace
from typing import Any

from textual import events, on, work
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer

from tui.aws.errors import AwsError
from tui.aws.logs import LogGroupNotFoundError, LogsAccessDeniedError, LogsThrottledError
from tui.log_repository import LogUpdate, local_matcher
from tui.models.log_buffer import DEFAULT_CAP, LogBuffer
from tui.models.log_poll import LogPollScheduler, PollOutcome
from tui.widgets.log_view import LogView

TERMINAL = frozenset({"Completed", "Failed", "Stopped"})
#: Lines per stream read from the cache for the first screen (the rest follows at once).
FIRST_SCREEN_LINES = 200
#: Lines per stream read at a time from the tail of a running job's log, and on scroll-up.
HISTORY_PAGE = 1_000
#: Lines read back from the cache at a time when the view scrolls past what memory holds.
READ_BACK = 100_000


class LogsArrived(Message):
    """A worker's answer for the pane's job (``generation`` tells a stale answer apart)."""

    def __init__(
        self, job: str, generation: int, update: LogUpdate, *, initial: bool, replaces: bool = False
    ) -> None:
        super().__init__()
        self.job = job
        self.generation = generation
        self.update = update
        self.initial = initial
        #: The whole cached log, replacing the newest part shown first.
        self.replaces = replaces


class ReadBack(Message):
    """Lines past the in-memory cap, read back from the cache (``older``: before the window)."""

    def __init__(self, job: str, generation: int, update: LogUpdate, *, older: bool) -> None:
        super().__init__()
        self.job = job
        self.generation = generation
        self.update = update
        self.older = older


class HistoryArrived(Message):
    """Older lines of the pane's job (read backwards on scroll-up)."""

    def __init__(self, job: str, generation: int, update: LogUpdate) -> None:
        super().__init__()
        self.job = job
        self.generation = generation
        self.update = update


class LogFeed(Vertical):
    """The log pane's lines and the workers that bring them (see the module's docstring)."""

    #: Lines held in memory at most; beyond it the oldest leave and are read back from the cache.
    BUFFER_CAP = DEFAULT_CAP

    #: The `&` filter (set by :class:`~tui.widgets.log_search.LogSearch`): the feed only reads it.
    filter_text: str
    filter_source: str

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.job = ""
        self.status = ""
        self.generation = 0
        self.buffer = LogBuffer(self.BUFFER_CAP)
        self.host: str | None = None
        self.streams = 0
        self.error: AwsError | None = None
        self.loaded = False
        self._scheduler = LogPollScheduler(time.monotonic)
        self._timer: Timer | None = None
        self._polling = False
        self._read_to_end = False
        self._loading_history = False

    @property
    def view(self) -> LogView:
        return self.query_one(LogView)

    # -- what the subclasses do with the lines ------------------------------------------------
    def _apply_rows(self) -> None:
        """Show the lines the host and filter select (LogSearch)."""
        raise NotImplementedError

    def _extend_filtered(self, events: list[Any]) -> None:
        """Lines polled while a CloudWatch filter is on (LogSearch)."""
        raise NotImplementedError

    def _search(self) -> None:
        """Mark the search's matches among the rows shown (LogSearch)."""
        raise NotImplementedError

    def _render_header(self) -> None:
        """Repaint the header line (LogPane)."""
        raise NotImplementedError

    # -- workers ------------------------------------------------------------------------------
    def _repository(self) -> Any:
        from tui.log_repository import logs_for

        return logs_for(self.app.repository)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, exit_on_error=False, group="logs-cached")
    def _load_cached(self, job: str, generation: int) -> None:
        # The newest lines of each stream first (a chunk or two to decode): the first screen at
        # once; then the whole cached log, which replaces them.
        try:
            newest = self._repository().cached(job, newest=FIRST_SCREEN_LINES)
        except AwsError as exc:  # building the client (options): nothing cached, the poll says why
            newest = LogUpdate([], [], error=exc, at_end=False)
        self.post_message(LogsArrived(job, generation, newest, initial=True))

    @work(thread=True, exclusive=True, exit_on_error=False, group="logs-cached-whole")
    def _load_whole(self, job: str, generation: int) -> None:
        whole = self._repository().cached(job)
        self.post_message(LogsArrived(job, generation, whole, initial=True, replaces=True))

    @work(thread=True, exclusive=True, exit_on_error=False, group="logs-poll")
    def _poll_worker(
        self, job: str, generation: int, finished: bool, discover: bool, tail: bool = False
    ) -> None:
        try:
            repository = self._repository()
            if tail:
                # A running job with nothing cached: its newest lines first, history on scroll-up.
                update = repository.tail(job, lines=HISTORY_PAGE)
            else:
                update = repository.poll(job, finished=finished, discover=discover)
        except AwsError as exc:  # building the client (options) can fail too
            update = LogUpdate([], [], error=exc, at_end=False)
        self.post_message(LogsArrived(job, generation, update, initial=False))

    @on(LogsArrived)
    def _arrived(self, message: LogsArrived) -> None:
        message.stop()
        if message.generation != self.generation or message.job != self.job:
            return
        update = message.update
        if message.replaces:
            self._replace(update)
            return
        if message.initial and update.truncated:
            # After the first frame is painted: decoding the rest must not compete with it.
            self.call_after_refresh(self._load_whole, self.job, self.generation)
        if self.buffer.dropped_end and not message.initial:
            # The view shows older lines read back from the cache: the new ones wait there (polls
            # store them) and are read back when the view gets to the end.
            self.buffer.dropped_end += len(update.events)
            update = replace(update, events=[])
        before = len(self.buffer)
        dropped = self.buffer.extend(update.events)
        self.streams = max(self.streams, len(update.streams))
        if not message.initial:
            self._polling = False
            throttled = isinstance(update.error, LogsThrottledError)
            self._scheduler.record(PollOutcome(len(update.events), update.requests, update.at_end,
                                               throttled=throttled, failed=update.error is not None))
            self.error = update.error
            finished = self.status in TERMINAL
            self._read_to_end = update.complete or (finished and update.at_end and not update.error)
        elif update.complete:
            self._read_to_end = True
        first = not self.loaded
        self.loaded = True
        if self.filter_source == "CloudWatch":
            self._extend_filtered(update.events)
        elif update.events or first:
            # Nothing new, nothing repainted: a quiet job costs the terminal no bytes.
            if dropped or before == 0 or self.host or self.filter_text:
                self._apply_rows()
            else:
                self.view.rows_added(self._extend_rows(before))
        self._empty_text(update)
        self._render_header()
        self._schedule()

    def _replace(self, update: LogUpdate) -> None:
        """The whole cached log in place of its newest part (and of lines polled since)."""
        newer = [self.buffer.event(n) for n in range(len(self.buffer))]
        last = max((e.timestamp for e in update.events), default=None)
        extra = [e for e in newer if last is None or e.timestamp > last]
        shown_before = len(self.view.rows)
        self.buffer.clear()
        self.buffer.extend(update.events)
        self.buffer.extend(extra)
        if self.filter_source == "CloudWatch":  # the view shows the service's matches
            self._render_header()
            return
        keep = local_matcher(self.filter_text) if self.filter_text else None
        rows = self.buffer.select(self.host, keep)
        self.view.rows_prepended(rows, len(rows) - shown_before)
        self._search()
        self._render_header()

    def _extend_rows(self, before: int) -> Any:
        rows = self.view.rows
        rows.extend(range(before, len(self.buffer)))
        return rows

    # -- polling ------------------------------------------------------------------------------
    def _visible(self) -> bool:
        try:
            return self.screen.is_current and self.region.area > 0
        except Exception:  # not mounted on a screen (being removed)
            return False

    def _schedule(self, delay: float | None = None) -> None:
        # Not before the cache has answered: a poll started sooner reads the log from its head (the
        # streams' stored tokens are not known yet), costing calls for a cached log and showing its
        # lines twice, and shares the repository's cursors with the cache read's thread.
        if self._polling or not self.job or not self.loaded:
            return
        if delay is None:
            delay = self._scheduler.delay(
                visible=self._visible(), finished=self.status in TERMINAL, read_to_end=self._read_to_end
            )
        if delay is None:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(max(0.05, delay), self._poll)  # a 0 s Timer divides by zero

    def _poll(self) -> None:
        self._timer = None
        if self._polling or not self._visible() or (self.status in TERMINAL and self._read_to_end):
            return
        discover = self._scheduler.should_discover(streams_known=self.streams)
        self._scheduler.started(discovered=discover)
        self._polling = True
        try:
            fresh = not len(self.buffer) and not self._repository().streams(self.job)
        except AwsError:  # the logs client cannot be built: the worker meets it too, and says so
            fresh = False
        tail = self.status not in TERMINAL and fresh
        self._poll_worker(self.job, self.generation, self.status in TERMINAL, discover, tail)

    def on_show(self, event: events.Show) -> None:
        self._schedule()

    # -- what the view says when it shows no line ---------------------------------------------
    def _empty_text(self, update: LogUpdate) -> None:
        error = self.error
        if isinstance(error, LogGroupNotFoundError):
            text = f"No log group {'/aws/sagemaker/TrainingJobs'} in this account and region yet."
        elif isinstance(error, LogsAccessDeniedError):
            text = f"Access denied to CloudWatch Logs: {error.message or error}"
        elif isinstance(error, LogsThrottledError):
            text = "CloudWatch Logs is throttling; retrying later."
        elif error is not None:
            text = str(error)
        elif not update.streams and not len(self.buffer):
            text = ("No log streams yet: the job has not started a container. Following…"
                    if self.status not in TERMINAL else "This job wrote no log.")
        elif self.filter_text or self.host:
            text = "No line matches."
        else:
            text = "No lines yet. Following…"
        if text != self.view.empty_text:
            self.view.empty_text = text
            if not self.view.rows:
                self.view.refresh()

    # -- scrolling past what is loaded: history and read-back ---------------------------------
    @on(LogView.NearTop)
    def _near_top(self, message: LogView.NearTop) -> None:
        message.stop()
        if self._loading_history or not self.job:
            return
        if self.buffer.dropped and self.filter_source != "CloudWatch" and len(self.buffer):
            self._loading_history = True
            self._read_back_worker(self.job, self.generation, self.buffer.timestamps[0], True)
        elif self._repository().has_older(self.job):
            self._loading_history = True
            self._history_worker(self.job, self.generation)

    @on(LogView.NearBottom)
    def _near_bottom(self, message: LogView.NearBottom) -> None:
        message.stop()
        if self.buffer.dropped_end and not self._loading_history and len(self.buffer):
            self._loading_history = True
            self._read_back_worker(self.job, self.generation, self.buffer.timestamps[-1], False)

    @work(thread=True, exclusive=True, exit_on_error=False, group="logs-read-back")
    def _read_back_worker(self, job: str, generation: int, edge: int, older: bool) -> None:
        repository = self._repository()
        if older:
            update = repository.cached_beyond(job, before=edge, limit=READ_BACK)
        else:
            update = repository.cached_beyond(job, after=edge, limit=READ_BACK)
        self.post_message(ReadBack(job, generation, update, older=older))

    @on(ReadBack)
    def _read_back(self, message: ReadBack) -> None:
        """Lines past the cap back in the window; the view stays on the same line."""
        message.stop()
        self._loading_history = False
        if message.generation != self.generation or message.job != self.job:
            return
        events = message.update.events
        view = self.view
        if not events:  # the cache no longer has them (pruned, --no-cache): nothing to read back
            if message.older:
                self.buffer.dropped = 0
            else:
                self.buffer.dropped_end = 0
            self._render_header()
            return
        keep = local_matcher(self.filter_text) if self.filter_source == "local" else None
        if message.older:
            self.buffer.read_back(events)
            rows = self.buffer.select(self.host, keep)
            added = bisect.bisect_left(rows, len(events))  # rows from the lines read back
            view.rows_prepended(rows, added)
        else:
            old_rows = view.rows
            top = round(view.scroll_y)
            before = self.buffer.dropped
            self.buffer.read_forward(events)
            removed = self.buffer.dropped - before  # lines that left the front
            gone = bisect.bisect_left(old_rows, removed)
            view.cursor = max(0, view.cursor - gone)
            view.set_rows(self.buffer.select(self.host, keep))
            if not view.following:
                view.scroll_to_row(max(0, top - gone))
            elif self.buffer.dropped_end:
                self.call_after_refresh(view.post_message, LogView.NearBottom())  # on to the end
        self._search()
        self._render_header()

    @work(thread=True, exclusive=True, exit_on_error=False, group="logs-history")
    def _history_worker(self, job: str, generation: int) -> None:
        update = self._repository().older(job, lines=HISTORY_PAGE)
        self.post_message(HistoryArrived(job, generation, update))

    @on(HistoryArrived)
    def _history(self, message: HistoryArrived) -> None:
        message.stop()
        self._loading_history = False
        if message.generation != self.generation or message.job != self.job:
            return
        if message.update.error is not None:
            self.error = message.update.error
            self._render_header()
            return
        shown = len(self.view.rows)
        self.buffer.prepend(message.update.events)
        if self.filter_source == "CloudWatch":  # the service's matches already span the whole log
            self._render_header()
            return
        keep = local_matcher(self.filter_text) if self.filter_text else None
        rows = self.buffer.select(self.host, keep)
        self.view.rows_prepended(rows, len(rows) - shown)
        self._search()
        self._render_header()
