"""The Logs tab's search (`/`, `n`, `N`) and filter (`&`): what is shown of the loaded lines.

The filter runs on CloudWatch (FilterLogEvents over the whole log, in a paced worker that posts
:class:`FilterPage`\\ s) when it is plain terms and the app is online (:mod:`tui.models.log_filter`),
else here over the lines loaded. The search marks matches among the rows shown.
"""

from __future__ import annotations

import time
from typing import Any

from textual import on, work
from textual.message import Message

from tui.aws.errors import AwsError
from tui.log_repository import local_matcher
from tui.models.log_buffer import LogBuffer
from tui.models.log_filter import cloudwatch_pattern
from tui.widgets.log_feed import LogFeed

#: Seconds between FilterLogEvents pages of one filter (the API allows 5 a second per account).
FILTER_PACE = 1.0


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


class LogSearch(LogFeed):
    """The log pane's filter and search over its :class:`~tui.widgets.log_feed.LogFeed` lines."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.filter_text = ""
        #: Where the filter runs: "CloudWatch" (FilterLogEvents over the whole log), "local" or "".
        self.filter_source = ""
        #: The CloudWatch filter's matches (the view shows these while filter_source is CloudWatch).
        self.filtered = LogBuffer()
        self.filter_reading = False
        self.filter_generation = 0
        self.search_text = ""
        self.match_index = -1

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

    def _search(self) -> None:
        view = self.view
        view.query_text = self.search_text
        view.matches = view.buffer.search(self.search_text, view.rows) if self.search_text else []
        view.refresh()

    def action_next_match(self, step: int) -> None:
        matches = self.view.matches
        if not matches:
            if self.search_text:
                self.notify(f"No match for {self.search_text!r}.", severity="warning")
            return
        self.match_index = (self.match_index + step) % len(matches)
        self.view.move_to(matches[self.match_index])
        self._render_header()
