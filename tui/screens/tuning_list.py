"""The tuning-jobs list: every hyperparameter tuning job of the account, filterable, sortable, kept
current (``H`` on the job list, or ``tuning`` in the command palette).

Data comes only from the :class:`~tui.tuning_repository.TuningRepository` in a thread worker: the
cached list first (painted at once), then every page of ListHyperParameterTuningJobs and the
describes the list lacks; the refresh timer follows :class:`tui.refresh.DetailScheduler`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static

from tui.aws.errors import AwsError
from tui.models.timefmt import format_duration, format_relative
from tui.models.tuning import (
    DESCENDING_FIRST,
    TUNING_SORTS,
    TuningRow,
    arrow,
    filter_rows,
    fit_columns,
    format_value,
    sort_rows,
    tuning_row,
)
from tui.repository import Fetched
from tui.screens.tuning_base import TuningScreen
from tui.tuning_repository import LIST_INTERVAL, TuningRepository
from tui.widgets.footer import Footer
from tui.widgets.list_header import HeaderInfo, ListHeader
from tui.widgets.tuning_messages import OpenTuningJob
from tui.widgets.tuning_table import GridColumn, GridRow, TuningTable, widths_of

COLUMNS = (
    ("name", "NAME"), ("status", "STATUS"), ("strategy", "STRATEGY"), ("objective", "OBJECTIVE"),
    ("best", "BEST"), ("done", "DONE"), ("running", "RUN"), ("failed", "FAIL"), ("stopped", "STOP"),
    ("created", "CREATED"), ("duration", "DURATION"),
)
#: Columns left out first when the terminal is narrow (the name is cut, never dropped).
RIGHT = frozenset({"best", "done", "running", "failed", "stopped", "duration"})
DROP_FIRST = ("duration", "stopped", "strategy", "running", "created", "failed", "done", "objective")

#: Refresh notes that mean a problem (coloured as one in the header).
PROBLEM_NOTES = ("retry", "throttled", "r retries")


class TuningListLoaded(Message):
    """The worker's answer: summaries (and cached describes), or the error that stopped it."""

    def __init__(
        self, fetched: Fetched[list[dict[str, Any]]] | None, describes: dict[str, dict[str, Any]],
        error: AwsError | None = None, *, first: bool = False,
    ) -> None:
        super().__init__()
        self.fetched = fetched
        self.describes = describes
        self.error = error
        self.first = first


class TuningListScreen(TuningScreen):
    """Every tuning job, one row each (see the README's "Tuning jobs" section for the keys)."""

    CSS_PATH = "../styles/tuning.tcss"
    BINDINGS = [
        Binding("escape,backspace", "back", "Back", id="tuning.back", tooltip="Back to the job list"),
        Binding("slash", "filter", "Filter", id="tuning.filter", tooltip="Filter by name, status, strategy"),
        Binding("s", "sort_next", "Sort", id="tuning.sort_next", tooltip="Sort by the next column"),
        Binding("S", "sort_reverse", "Reverse sort", id="tuning.sort_reverse", show=False),
        Binding("r", "refresh", "Refresh", id="tuning.refresh", tooltip="List the tuning jobs again now"),
    ]

    def __init__(self, repository: TuningRepository | None = None) -> None:
        super().__init__(repository)
        self.rows: list[TuningRow] = []
        self.shown: list[TuningRow] = []
        self.sort_key = "created"
        self.descending = True
        self.filter_text = ""
        self.has_rows = False

    def compose(self) -> ComposeResult:
        yield ListHeader(id="tuning-header")
        yield Static(id="tuning-message")
        yield TuningTable(id="tuning-table")
        yield Input(id="tuning-filter", placeholder="filter: name, status, strategy or objective")
        yield Footer()

    def on_resize(self) -> None:
        if self.has_rows:
            self._paint_rows()

    def on_mount(self) -> None:
        self.start_refreshing()
        self.query_one("#tuning-filter", Input).display = False
        self.query_one(TuningTable).focus()
        self._paint_header()
        self._load(first=True)

    # -- data -------------------------------------------------------------------------------
    def _load(self, *, first: bool = False) -> None:
        repository = self.repository
        self.note = "loading…"
        self._paint_header()

        def work() -> None:
            if first:
                cached = repository.cached_list()
                if cached is not None:
                    self.post_message(TuningListLoaded(cached, repository.cached_describes(), first=True))
            try:
                fetched = repository.fetch_list()
            except AwsError as exc:
                self.post_message(TuningListLoaded(None, {}, exc))
                return
            self.post_message(TuningListLoaded(fetched, repository.cached_describes()))

        self.run_worker(work, thread=True, exclusive=True, group="tuning-list", exit_on_error=False)

    @on(TuningListLoaded)
    def _loaded(self, message: TuningListLoaded) -> None:
        if message.fetched is not None:
            describes = message.describes
            self.rows = [
                tuning_row(s, describes.get(str(s.get("HyperParameterTuningJobName"))))
                for s in message.fetched.value
            ]
            self.has_rows = True
            self._paint_rows()
        if message.first:
            return
        error = message.error or (message.fetched.error if message.fetched is not None else None)
        self.loaded(error, answered=message.fetched is not None, interval=LIST_INTERVAL)

    # -- painting ---------------------------------------------------------------------------
    def _paint_header(self) -> None:
        total = len(self.rows)
        noun = "tuning job" if total == 1 else "tuning jobs"
        count = f"{len(self.shown):,} of {total:,} {noun}" if self.filter_text else f"{total:,} {noun}"
        settings = self.tui.settings
        self.query_one(ListHeader).show(HeaderInfo(
            profile=settings.profile_label, location=settings.location_label,
            count=count if self.has_rows else "", filters=f"/{self.filter_text}" if self.filter_text else "",
            state=self.note, tone="problem" if self.note.startswith(PROBLEM_NOTES) else "ok",
        ))

    def _paint_rows(self) -> None:
        table = self.query_one(TuningTable)
        now = self.tui.clock.now()
        self.shown = sort_rows(filter_rows(self.rows, self.filter_text), self.sort_key,
                               descending=self.descending, now=now)
        order = [key for key, _ in COLUMNS]
        cells = [self._cells(row, now) for row in self.shown]
        titles = [title + ((" ↓" if self.descending else " ↑") if key == self.sort_key else "")
                  for key, title in COLUMNS]
        widths = dict(zip(order, widths_of(titles, cells), strict=True))
        keys, name_width = fit_columns(
            widths, order, DROP_FIRST, max(20, table.size.width - 2 or self.size.width - 2), stretch="name"
        )
        index = {key: i for i, key in enumerate(order)}
        columns = [
            GridColumn(key, titles[index[key]], name_width if key == "name" else widths[key], key in RIGHT)
            for key in keys
        ]
        rows = [
            GridRow(row.name, tuple(cells[i][index[key]] for key in keys), row.status)
            for i, row in enumerate(self.shown)
        ]
        empty = "No tuning jobs match the filter." if self.rows else "No hyperparameter tuning jobs."
        table.set_table(columns, rows, empty=empty if self.has_rows else "")
        self._paint_header()

    @staticmethod
    def _cells(row: TuningRow, now: datetime) -> tuple[str, ...]:
        objective = f"{arrow(row.direction)} {row.metric}".strip() if row.metric else "–"
        duration = row.duration(now)
        return (
            row.name, row.status, row.strategy or "–", objective, format_value(row.best),
            str(row.completed), str(row.running), str(row.failed), str(row.stopped),
            format_relative(row.created, now) if row.created else "–",
            format_duration(duration) if duration is not None else "–",
        )

    def current_name(self) -> str | None:
        return self.query_one(TuningTable).cursor_key

    # -- keys -------------------------------------------------------------------------------
    @on(TuningTable.Opened, "#tuning-table")
    def _open(self, message: TuningTable.Opened) -> None:
        self.post_message(OpenTuningJob(message.key))

    def action_back(self) -> None:
        filter_input = self.query_one("#tuning-filter", Input)
        if filter_input.display:
            filter_input.display = False
            self.query_one(TuningTable).focus()
            return
        self.dismiss(None)

    def action_filter(self) -> None:
        filter_input = self.query_one("#tuning-filter", Input)
        filter_input.display = True
        filter_input.focus()

    @on(Input.Changed, "#tuning-filter")
    def _filter_changed(self, message: Input.Changed) -> None:
        self.filter_text = message.value
        self._paint_rows()

    @on(Input.Submitted, "#tuning-filter")
    def _filter_done(self, message: Input.Submitted) -> None:
        self.query_one(TuningTable).focus()
        if not message.value:
            self.query_one("#tuning-filter", Input).display = False

    def action_sort_next(self) -> None:
        index = TUNING_SORTS.index(self.sort_key) if self.sort_key in TUNING_SORTS else -1
        self.sort_key = TUNING_SORTS[(index + 1) % len(TUNING_SORTS)]
        self.descending = self.sort_key in DESCENDING_FIRST
        self._paint_rows()

    def action_sort_reverse(self) -> None:
        self.descending = not self.descending
        self._paint_rows()

    def action_refresh(self) -> None:
        self.reset_refresh()
        self._load()

