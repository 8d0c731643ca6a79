"""The job list's marks (``space``), compare (``c``) and ``--where`` query: a mixin of
:class:`~tui.screens.job_list.JobListScreen`, kept apart so the list module stays about listing.

Marks live in the list model (:class:`tui.models.marks.Marks`, by job name), so filters, sorts and
refreshes never move them. A ``--where`` query replaces the list's calls by Search calls
(:class:`WhereListJob`): every refresh runs the query again (see :meth:`WhereListJob.run`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual.message import Message
from textual.worker import get_current_worker

from tui.aws.errors import AwsError, OfflineError, ServiceError
from tui.aws.search import summary_from_record, training_job_members
from tui.models.columns import OPTIONAL_COLUMN_KEYS, WIDTHS
from tui.models.list_view import matches_server_filters
from tui.models.summary import JobRow, row_from_summary
from tui.safe_text import visible
from tui.screens.job_list_data import ListChanges, ListDone, ListFailed, ListJob, ListPage, extras_from
from tui.screens.messages import CompareJobs

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.models.where import Where
    from tui.repository import JobRepository
    from tui.screens.job_list import JobListScreen


class WhereListJob(ListJob):
    """A list operation while a query is active: Search with the query, whatever the scheduler
    asked for (initial, full or changes).

    Every refresh runs the whole query again (ceil(results / 100) calls) rather than adding the
    change feed's high-water mark to it: a job that *leaves* the query (its status moved from
    Failed, a tag was removed) is not returned by ``query and LastModifiedTime > mark``, so it would
    stay on screen for ever; the re-run drops it. Its price is one call per 100 results per
    refresh, which for the hundreds a query usually returns is the change feed's own price.
    """

    def __init__(self, job: ListJob, where: Where, held: set[str]) -> None:
        super().__init__(
            generation=job.generation, mode=job.mode, filters=job.filters, since=job.since,
            offline=job.offline, post=job._post, cancelled=job._cancelled, search=True,
        )
        self.where = where
        self.held = held

    def run(self, repository: JobRepository) -> None:
        try:
            self._search(repository)
        except AwsError as exc:
            self.post(ListFailed(self.generation, exc))
        except Exception as exc:  # a bug must not blank the screen
            self.post(ListFailed(self.generation, ServiceError(f"Search failed: {exc}")))

    def _search(self, repository: JobRepository) -> None:
        if repository.offline:
            raise OfflineError("Offline: a --where query needs the service (SageMaker Search).")
        found: list[JobRow] = []
        calls = 0
        for page in repository.search_where(self.where.expression()):
            if self._cancelled():
                return
            calls += 1
            rows = [row_from_summary(summary_from_record(r)) for r in page]
            # The server-side filters (--status, --name-contains …) narrow the query's results too.
            rows = [row for row in rows if matches_server_filters(row, self.filters)]
            found.extend(rows)
            if self.mode != "changes":  # a full run paints page by page, and drops the rest at the end
                names = [row.name for row in rows]
                self.post(ListPage(self.generation, rows, extras_from(repository.enrichment(names))))
        if self.mode != "changes":
            self.post(ListDone(self.generation))
            return
        names = [row.name for row in found]
        gone = sorted(self.held - set(names))
        extras = extras_from(repository.enrichment(names)) if names else {}
        self.post(ListChanges(self.generation, found, gone, extras, feed="search", calls=max(1, calls)))


class ColumnCells(Message):
    """Text of the optional columns (tags, objective) by job name, read off the event loop."""

    def __init__(self, cells: dict[str, dict[str, str]]) -> None:
        super().__init__()
        self.cells = cells


def column_cells(repository: JobRepository, columns: set[str], width: int) -> dict[str, dict[str, str]]:
    """The optional columns' text from what the repository holds (no call: the tags Search
    returned, this session's and the cache's, the metric cache for the objective's sparkline)."""
    from tui.metrics_repository import objective_sparklines
    from tui.models.list_extras import tags_text

    cells: dict[str, dict[str, str]] = {}
    if "tags" in columns:
        cells["tags"] = {name: tags_text(tags) for name, tags in repository.job_tags().items()}
    if "objective" in columns:
        cells["objective"] = objective_sparklines(repository, width)
    return cells


class ListMarksMixin:
    """Keys and commands of the list for marks, compare and queries (mixed into JobListScreen)."""

    #: The active ``--where`` query (None: the ordinary list).
    where: Where | None = None

    @property
    def _list(self) -> JobListScreen:
        return cast("JobListScreen", self)

    # -- marks ------------------------------------------------------------------------------
    def action_toggle_mark(self) -> None:
        screen = self._list
        name = screen.table.cursor_name
        if name is None:
            screen.notify("No job selected.", severity="warning")
            return
        screen.model.marks.toggle(name)
        screen.table.set_marks(screen.model.marks)
        screen._show_header()

    def action_clear_marks(self) -> None:
        screen = self._list
        cleared = screen.model.marks.clear()
        screen.table.set_marks(screen.model.marks)
        screen._show_header()
        if cleared:
            screen.notify(f"Cleared {cleared} mark{'s' if cleared != 1 else ''}.", timeout=3)

    def marked_count(self, count: str) -> str:
        """The header's count with the marks: ``12 jobs · 3 marked``."""
        label = self._list.model.marks.label()
        return f"{count} · {label}" if label else count

    # -- compare ----------------------------------------------------------------------------
    def action_compare(self) -> None:
        # Imported when used: the comparison's model is not needed to paint the list.
        from tui.models.compare import MAX_JOBS, MIN_JOBS

        screen = self._list
        names = screen.model.marks.names
        if not MIN_JOBS <= len(names) <= MAX_JOBS:
            screen.notify(
                f"Mark {MIN_JOBS} to {MAX_JOBS} jobs with space to compare them ({len(names)} marked).",
                severity="warning",
            )
            return
        screen.post_message(CompareJobs(names))

    def previous_run(self, name: str) -> str | None:
        """The previous job of ``name``'s series (same name prefix) among the jobs listed."""
        from tui.models.compare import previous_in_series

        rows = self._list.model.rows.values()
        return previous_in_series(name, ((row.name, row.created) for row in rows))

    # -- queries ----------------------------------------------------------------------------
    def apply_where(self, text: str) -> None:
        """Run the query ``text`` (empty: back to the ordinary list). When it does not parse, the
        mistake is shown as one line that names the column and the list stays as it was."""
        screen = self._list
        text = text.strip()
        if text and screen.state.offline_mode:
            screen.notify("Offline: a query needs SageMaker Search (the cache cannot answer it).",
                          severity="warning", markup=False)
            return
        if not text:
            self.where = None
        elif not self._parse(text):
            return
        screen.apply_server_filters(screen.server_filters)

    def start_where(self, text: str) -> None:
        """The ``--where`` of the command line (already checked by the launcher)."""
        if text.strip():
            self._parse(text)

    def _parse(self, text: str) -> bool:
        from tui.models.where import WhereError, parse_where  # when a query is first given: not at start

        screen = self._list
        try:
            self.where = parse_where(text, screen.tui.clock.now(), properties=where_properties())
        except WhereError as exc:
            screen.notify(visible(f"where: {exc}"), severity="error", markup=False, timeout=8)
            return False
        return True

    def where_job(self, job: ListJob) -> ListJob:
        """The list operation to run: ``job``, or the query's Search while one is active."""
        if self.where is None:
            return job
        screen = self._list
        # Every query run lists its whole result: pages are merged, the rest dropped at the end.
        screen._seen = set()
        screen._seen_count = 0
        return WhereListJob(job, self.where, set(screen.model.rows))

    def where_label(self) -> str:
        return f"where {self.where.text}" if self.where is not None else ""

    # -- optional columns (tags, objective) ---------------------------------------------------
    def on_list_settled(self) -> None:
        """After each list operation: refill the optional columns shown (from memory and the cache;
        nothing to do, and nothing done, when the columns do not name them)."""
        screen = self._list
        wanted = set(screen.table.wanted_columns) & set(OPTIONAL_COLUMN_KEYS)
        if not wanted:
            return
        repository = screen.tui.repository
        width = WIDTHS["objective"]

        def load() -> None:
            cells = column_cells(repository, wanted, width)
            if not get_current_worker().is_cancelled:
                screen.post_message(ColumnCells(cells))

        screen.run_worker(load, thread=True, group="list-columns", exclusive=True, exit_on_error=False)

    def on_column_cells(self, message: ColumnCells) -> None:
        table = self._list.table
        for column, cells in message.cells.items():
            table.set_cells(column, cells)


def where_properties() -> frozenset[str]:
    """Top-level names a query may use: the TrainingJob record's, and Search's ``Metrics.<name>``."""
    return training_job_members() | {"Metrics"}


def compare_with_previous(screen: Screen[Any], name: str, post: Callable[[Message], Any]) -> None:
    """The detail screen's ``c``: compare ``name`` with the previous run of its series (the newest
    job listed before it whose name has the same prefix; see :func:`tui.models.compare.name_prefix`)."""
    from tui.screens.job_list import JobListScreen

    lists = [s for s in screen.app.screen_stack if isinstance(s, JobListScreen)]
    if not lists:
        screen.notify("No job list to find the previous run in.", severity="warning")
        return
    previous = lists[-1].previous_run(name)
    if previous is None:
        screen.notify(visible(f"No earlier job of the same name prefix as {name} is listed."),
                      markup=False)
        return
    post(CompareJobs((previous, name)))

