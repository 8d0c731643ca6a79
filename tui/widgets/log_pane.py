"""The job detail's Logs tab: every host's CloudWatch log, live, with search, filter, wrap and save.

The pane is the log view's owner: it asks the logs repository (:func:`tui.log_repository.logs_for`)
from thread workers, which post :class:`LogsArrived` back; polling follows the pure
:class:`~tui.models.log_poll.LogPollScheduler` and stops while the pane is hidden or the job is
finished and read to the end. The lines live in a bounded :class:`~tui.models.log_buffer.LogBuffer`;
:class:`~tui.widgets.log_view.LogView` renders only what is on screen. A missing log group, access
denied, throttling or no stream yet is one line, never a crash.
"""

from __future__ import annotations

import bisect
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static

from tui.aws.errors import AwsError
from tui.aws.logs import LogGroupNotFoundError, LogsAccessDeniedError, LogsThrottledError
from tui.log_repository import LogUpdate, local_matcher
from tui.models.log_buffer import DEFAULT_CAP, LogBuffer
from tui.models.log_filter import cloudwatch_pattern
from tui.models.log_poll import LogPollScheduler, PollOutcome
from tui.models.log_text import visible
from tui.widgets.log_save import LogSaveMixin
from tui.widgets.log_view import LogView

TERMINAL = frozenset({"Completed", "Failed", "Stopped"})
#: Lines per stream read from the cache for the first screen (the rest follows at once).
FIRST_SCREEN_LINES = 200
#: Lines per stream read at a time from the tail of a running job's log, and on scroll-up.
HISTORY_PAGE = 1_000
#: Lines read back from the cache at a time when the view scrolls past what memory holds.
READ_BACK = 100_000
#: Seconds between FilterLogEvents pages of one filter (the API allows 5 a second per account).
FILTER_PACE = 1.0


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


class FilterPage(Message):
    """One FilterLogEvents page for the pane's CloudWatch filter (``done``: the last one)."""

    def __init__(
        self, job: str, generation: tuple[int, int], events: list[Any], *, done: bool,
        error: AwsError | None = None,
    ) -> None:
        super().__init__()
        self.job = job
        #: (the pane's job generation, its filter generation): a stale page is dropped.
        self.generation = generation
        self.events = events
        self.done = done
        self.error = error


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


class LogPane(LogSaveMixin, Vertical):
    """Header line, the log view, and a one-line prompt for search, filter and save."""

    DEFAULT_CSS = """
    LogPane { height: 1fr; }
    LogPane > #log-header { height: 1; padding: 0 1; background: $panel; color: $text; }
    LogPane > LogView { height: 1fr; }
    LogPane > #log-input { height: 3; display: none; }
    LogPane > #log-input.-shown { display: block; }
    """
    BINDINGS = [
        Binding("h", "cycle_host", "Host", id="logs.host", tooltip="Show all hosts, then each host alone"),
        Binding("slash", "prompt('search')", "Search", id="logs.search", tooltip="Search the loaded lines"),
        Binding("n", "next_match(1)", "Next", id="logs.next", show=False),
        Binding("N", "next_match(-1)", "Prev match", id="logs.prev", show=False),
        Binding("ampersand", "prompt('filter')", "Filter", id="logs.filter",
                tooltip="Keep only lines matching a CloudWatch-style pattern"),
        Binding("w", "toggle_wrap", "Wrap", id="logs.wrap", tooltip="Wrap long lines"),
        Binding("t", "toggle_time", "Times", id="logs.times", tooltip="Show timestamps"),
        Binding("s", "prompt('save')", "Save", id="logs.save",
                tooltip="Save the lines shown, or the whole log, to a file"),
        Binding(
            "y", "copy_line", "Copy line", id="logs.copy", tooltip="Copy the line under the cursor (OSC 52)"
        ),
    ]

    #: Lines held in memory at most; beyond it the oldest leave and are read back from the cache.
    BUFFER_CAP = DEFAULT_CAP

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.job = ""
        self.status = ""
        self.generation = 0
        self.buffer = LogBuffer(self.BUFFER_CAP)
        self.host: str | None = None
        self.filter_text = ""
        #: Where the filter runs: "CloudWatch" (FilterLogEvents over the whole log), "local" or "".
        self.filter_source = ""
        #: The CloudWatch filter's matches (the view shows these while filter_source is CloudWatch).
        self.filtered = LogBuffer()
        self.filter_reading = False
        self.filter_generation = 0
        self.search_text = ""
        self.match_index = -1
        self.streams = 0
        self.error: AwsError | None = None
        self.loaded = False
        self.prompt_mode = ""
        self._pending_save: Path | None = None
        self._pending_overwrite = False
        self.save_progress: int | None = None
        self._scheduler = LogPollScheduler(time.monotonic)
        self._timer: Timer | None = None
        self._polling = False
        self._read_to_end = False
        self._header_line = ""
        self._loading_history = False

    def compose(self) -> ComposeResult:
        yield Static(id="log-header")
        yield LogView(self.buffer, id="log-view")
        yield Input(id="log-input")

    @property
    def view(self) -> LogView:
        return self.query_one(LogView)

    def default_focus(self) -> Widget:
        """The widget the detail screen focuses when this pane is shown."""
        return self.view

    # -- the detail screen's interface --------------------------------------------------------
    def show(self, view: Any, ctx: Any = None) -> None:
        """The job (a :class:`~tui.models.detail.JobView`) was (re)described."""
        name = str(getattr(view, "name", "") or view.raw.get("TrainingJobName", ""))
        status = str(view.raw.get("TrainingJobStatus", ""))
        if name != self.job:
            self._start(name, status)
        else:
            was = self.status
            self.status = status
            if was not in TERMINAL and status in TERMINAL:
                self._schedule(0.0)  # one last read to the end
        if ctx is not None and hasattr(ctx, "zone"):
            # The `timezone` setting: None is the machine's local zone.
            zone = ctx.zone if ctx.zone is not None else datetime.now().astimezone().tzinfo
            if zone is not None:
                self.view.zone = zone
        self._render_header()

    def _start(self, job: str, status: str) -> None:
        self.generation += 1
        self.job, self.status = job, status
        self.buffer.clear()
        self.host, self.filter_text, self.search_text = None, "", ""
        self._use_filter("", None)
        self.match_index, self.error, self.loaded, self.streams = -1, None, False, 0
        self._scheduler = LogPollScheduler(time.monotonic)
        self._read_to_end = False
        self.view.following = True
        self.view.empty_text = f"Reading the log of {job}…"
        self._apply_rows()
        self._load_cached(job, self.generation)

    # -- workers ------------------------------------------------------------------------------
    def _repository(self) -> Any:
        from tui.log_repository import logs_for

        return logs_for(self.app.repository)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, exit_on_error=False, group="logs-cached")
    def _load_cached(self, job: str, generation: int) -> None:
        # The newest lines of each stream first (a chunk or two to decode): the first screen at
        # once; then the whole cached log, which replaces them.
        newest = self._repository().cached(job, newest=FIRST_SCREEN_LINES)
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
        if self._polling or not self.job:
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
        fresh = not len(self.buffer) and not self._repository().streams(self.job)
        tail = self.status not in TERMINAL and fresh
        self._poll_worker(self.job, self.generation, self.status in TERMINAL, discover, tail)

    def on_show(self, event: events.Show) -> None:
        self._schedule()

    # -- what is shown ------------------------------------------------------------------------
    def _apply_rows(self) -> None:
        if self.filter_source == "CloudWatch":
            self.view.set_rows(self.filtered.select(self.host))
        else:
            keep = local_matcher(self.filter_text) if self.filter_text else None
            self.view.set_rows(self.buffer.select(self.host, keep))
        self._search()

    # -- the `&` filter: CloudWatch when it can be (tui.models.log_filter), else local -------------
    def _use_filter(self, text: str, pattern: str | None) -> None:
        self.filter_generation += 1
        self.filter_text = text
        self.filter_source = "" if not text else ("CloudWatch" if pattern else "local")
        self.filtered = LogBuffer()
        self.filter_reading = pattern is not None
        if self.is_mounted:
            self.view.buffer = self.filtered if pattern else self.buffer
        if pattern:
            self._filter_worker(self.job, self.generation, self.filter_generation, pattern)

    def _set_filter(self, text: str) -> None:
        """The user's filter: sent to CloudWatch when it is plain terms and the app is online."""
        repository = self._repository()
        pattern = cloudwatch_pattern(text) if text and not repository.offline else None
        self._use_filter(text, pattern)
        self._apply_rows()

    @work(thread=True, exclusive=True, exit_on_error=False, group="logs-filter")
    def _filter_worker(self, job: str, generation: int, filter_generation: int, pattern: str) -> None:
        from textual.worker import get_current_worker

        worker = get_current_worker()

        def post(events: list[Any], done: bool, error: AwsError | None = None) -> None:
            page = FilterPage(job, (generation, filter_generation), events, done=done, error=error)
            self.post_message(page)

        def pace() -> None:
            time.sleep(FILTER_PACE)  # FilterLogEvents: 5 requests/s per account; one view, 1/s

        try:
            for events in self._repository().filter(job, pattern, pause=pace):
                if worker.is_cancelled:
                    return
                post(events, False)
        except AwsError as exc:
            post([], True, exc)
            return
        post([], True)

    @on(FilterPage)
    def _filter_page(self, message: FilterPage) -> None:
        message.stop()
        if message.job != self.job or message.generation != (self.generation, self.filter_generation):
            return
        if message.error is not None:
            # The service could not filter (AccessDenied on FilterLogEvents, throttling …): the
            # loaded lines are filtered here instead, and the header says why.
            self.error = message.error
            self._use_filter(self.filter_text, None)
            self._apply_rows()
            self._render_header()
            return
        if message.events:
            before = len(self.filtered)
            self.filtered.extend(message.events)
            if before == 0 or self.host:
                self._apply_rows()
            else:
                self.view.rows_added(self._extend_filtered_rows(before))
                self._search()
        if message.done:
            self.filter_reading = False
            if not len(self.filtered):
                self.view.empty_text = "No line matches."
                self.view.refresh()
        self._render_header()

    def _extend_filtered(self, events: list[Any]) -> None:
        """Lines polled while a CloudWatch filter is on: the same plain-term rule, applied here."""
        if not events or self.filter_reading:
            return  # while the service's pages come in, they bring these lines too
        last = self.filtered.timestamps[-1] if len(self.filtered) else -1
        keep = local_matcher(self.filter_text)
        fresh = [e for e in events if e.timestamp > last and keep(e.message)]
        if fresh:
            before = len(self.filtered)
            self.filtered.extend(fresh)
            if self.host:
                self._apply_rows()
            else:
                self.view.rows_added(self._extend_filtered_rows(before))

    def _extend_filtered_rows(self, before: int) -> Any:
        rows = self.view.rows
        rows.extend(range(before, len(self.filtered)))
        return rows

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

    def _render_header(self) -> None:
        hosts = len(self.buffer.hosts)
        parts = [
            f"{hosts} host{'s' if hosts != 1 else ''}",
            f"{self.streams} stream{'s' if self.streams != 1 else ''}",
            f"{len(self.view.rows):,}/{len(self.buffer):,} lines",
            f"host {self.host or 'all'}",
        ]
        if self.filter_text:
            where = self.filter_source
            if where == "CloudWatch" and self.filter_reading:
                where = f"CloudWatch, reading… {len(self.filtered):,} so far"
            parts.append(f"filter {self.filter_text!r} ({where})")
        if self.search_text:
            found = len(self.view.matches)
            at = f"{self.match_index + 1}/{found}" if found else "0"
            parts.append(f"search {self.search_text!r} {at}")
        if self.status in TERMINAL and self._read_to_end:
            parts.append(f"{self.status.lower()}, complete")
        else:
            parts.append("following" if self.view.following else "paused (F to follow)")
        if self.buffer.dropped or self.buffer.dropped_end:
            parts.append(f"window of {self.buffer.cap:,} (more in the cache)")
        if self.save_progress is not None:
            parts.append(f"saving the whole log: {self.save_progress:,} lines read")
        status = self._scheduler.status
        if status:
            parts.append(status)
        elif self.error is not None and len(self.buffer):
            parts.append(visible(str(self.error))[:80])
        line = " · ".join(parts)
        if line != self._header_line:
            self._header_line = line
            self.query_one("#log-header", Static).update(Text(line, no_wrap=True, overflow="ellipsis"))

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
                view.scroll_to(y=max(0, top - gone), animate=False, immediate=True)
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

    @on(LogView.FollowChanged)
    def _follow_changed(self, message: LogView.FollowChanged) -> None:
        message.stop()
        self._render_header()

    # -- keys ---------------------------------------------------------------------------------
    def action_cycle_host(self) -> None:
        hosts = self.buffer.sorted_hosts
        if not hosts:
            return
        self.host = hosts[0] if self.host is None else (
            None if self.host == hosts[-1] else hosts[hosts.index(self.host) + 1]
        )
        self._apply_rows()
        self._render_header()

    def action_toggle_wrap(self) -> None:
        view = self.view
        view.wrap = not view.wrap
        view.set_rows(view.rows)

    def action_toggle_time(self) -> None:
        view = self.view
        view.timestamps = not view.timestamps
        view.set_rows(view.rows)

    def action_copy_line(self) -> None:
        number = self.view.cursor_number
        if number is None:
            self.notify("No line to copy.", severity="warning")
            return
        self.app.copy_to_clipboard(visible(self.view.buffer.messages[number]))
        self.notify("Copied the line.")

    def action_next_match(self, step: int) -> None:
        matches = self.view.matches
        if not matches:
            if self.search_text:
                self.notify(f"No match for {self.search_text!r}.", severity="warning")
            return
        self.match_index = (self.match_index + step) % len(matches)
        self.view.move_to(matches[self.match_index])
        self._render_header()

    def action_prompt(self, mode: str) -> None:
        prompt = self.query_one("#log-input", Input)
        self.prompt_mode = mode
        placeholders = {
            "search": "Search the loaded lines (Enter; Esc cancels)",
            "filter": 'Filter: terms, "phrases", -exclude, ?any (empty clears)',
            "save": "Save to (Enter; then the lines shown or the whole log)",
        }
        prompt.placeholder = placeholders.get(mode, "")
        prompt.value = {"search": self.search_text, "filter": self.filter_text,
                        "save": f"{self.job}.log"}.get(mode, "")
        prompt.add_class("-shown")
        prompt.focus()

    def _close_prompt(self) -> None:
        prompt = self.query_one("#log-input", Input)
        prompt.remove_class("-shown")
        self.prompt_mode = ""
        self.view.focus()

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.prompt_mode:
            event.stop()
            self._pending_save = None
            self._close_prompt()

    @on(Input.Submitted, "#log-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        mode, value = self.prompt_mode, event.value
        self._close_prompt()
        if mode == "search":
            self.search_text = value
            self._search()
            self.match_index = -1
            self.action_next_match(1)
        elif mode == "filter":
            self._set_filter(value.strip())
        elif mode == "save":
            self._ask_save(value.strip())
        elif mode == "overwrite":
            self._overwrite_answered(value)
        elif mode == "scope":
            self._scope_answered(value)
        self._render_header()

    def _search(self) -> None:
        view = self.view
        view.query_text = self.search_text
        view.matches = view.buffer.search(self.search_text, view.rows) if self.search_text else []
        view.refresh()
