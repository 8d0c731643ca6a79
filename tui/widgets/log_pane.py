"""The job detail's Logs tab: every host's CloudWatch log, live, with search, filter, wrap and save.

:class:`LogPane` is the log view's owner: the header line, the :class:`~tui.widgets.log_view.LogView`
(which renders only what is on screen) and a one-line prompt, with the tab's keys. It is built in
layers, each a module of its own:

- :mod:`tui.widgets.log_feed` (:class:`LogFeed`): the data side: the workers asking the logs
  repository, polling, history paging, the read-back past the in-memory cap; a missing log group,
  access denied, throttling or no stream yet is one line, never a crash;
- :mod:`tui.widgets.log_search` (:class:`LogSearch`): the `/` search and the `&` filter (CloudWatch
  or local);
- :mod:`tui.widgets.log_save` (:class:`LogSaveMixin`): the `s` save;
- this module: compose, the keys, the prompt and the header.

The names callers used from here (the messages, the limits) are re-exported.
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, Static

from tui.models.log_poll import LogPollScheduler
from tui.models.log_text import visible
from tui.widgets.log_feed import (
    FIRST_SCREEN_LINES,
    HISTORY_PAGE,
    READ_BACK,
    TERMINAL,
    HistoryArrived,
    LogFeed,
    LogsArrived,
    ReadBack,
)
from tui.widgets.log_save import LogSaveMixin
from tui.widgets.log_search import FILTER_PACE, FilterPage, LogSearch
from tui.widgets.log_view import LogView

__all__ = [
    "FILTER_PACE",
    "FIRST_SCREEN_LINES",
    "HISTORY_PAGE",
    "READ_BACK",
    "TERMINAL",
    "FilterPage",
    "HistoryArrived",
    "LogFeed",
    "LogPane",
    "LogSearch",
    "LogsArrived",
    "ReadBack",
]


class LogPane(LogSaveMixin, LogSearch):
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

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.prompt_mode = ""
        self._pending_save: Path | None = None
        self._pending_overwrite = False
        self.save_progress: int | None = None
        self._header_line = ""

    def compose(self) -> ComposeResult:
        yield Static(id="log-header")
        yield LogView(self.buffer, id="log-view")
        yield Input(id="log-input")

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

    # -- the header line ----------------------------------------------------------------------
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
