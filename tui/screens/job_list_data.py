"""The job list's side of the worker thread: calls to the repository, rows built, results posted.

Everything here runs in a Textual thread worker (the repository blocks). Results go back to the
screen as messages tagged with a generation number; the screen ignores those of a superseded call.
Rows are built here, off the event loop: converting 100,000 summaries takes a few hundred ms.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from textual.message import Message

from tui.aws.errors import AwsError, ServiceError
from tui.aws.jobs import ListFilters
from tui.models.list_view import delta_filters, matches_server_filters
from tui.models.summary import DescribeExtras, JobRow, make_extras, row_from_summary
from tui.repository_listing import FIRST_SCREENFUL

if TYPE_CHECKING:
    from tui.repository import Enrichment, JobRepository


class ListMessage(Message):
    def __init__(self, generation: int, extras: dict[str, DescribeExtras] | None = None) -> None:
        super().__init__()
        self.generation = generation
        #: Describe-derived columns (instance, billable) the cache knew when the call ran.
        self.extras = extras or {}


class CacheLoaded(ListMessage):
    """The cached list, shown before the first call returns: the newest screenful first
    (``complete`` False), then all of it."""

    def __init__(
        self,
        generation: int,
        rows: list[JobRow],
        fetched_at: datetime,
        extras: dict[str, DescribeExtras],
        *,
        complete: bool = True,
    ) -> None:
        super().__init__(generation, extras)
        self.rows = rows
        self.fetched_at = fetched_at
        self.complete = complete


class ListPage(ListMessage):
    """One page of a full list."""

    def __init__(self, generation: int, rows: list[JobRow], extras: dict[str, DescribeExtras]) -> None:
        super().__init__(generation, extras)
        self.rows = rows


class ListDone(ListMessage):
    """A full list ended (every page arrived), or the cache was all there is (offline)."""


class ListChanges(ListMessage):
    """An incremental call: rows to merge, and names that left the server-side filters."""

    def __init__(
        self,
        generation: int,
        rows: list[JobRow],
        gone: list[str],
        extras: dict[str, DescribeExtras],
        *,
        feed: str = "search",
        calls: int = 1,
        search_error: AwsError | None = None,
    ) -> None:
        super().__init__(generation, extras)
        self.rows = rows
        self.gone = gone
        #: "search" (the change feed) or "list" (ListTrainingJobs, every page), and its calls.
        self.feed = feed
        self.calls = calls
        #: Why Search was not used when it was tried (the list answered instead).
        self.search_error = search_error


class ListFailed(ListMessage):
    def __init__(self, generation: int, error: AwsError) -> None:
        super().__init__(generation)
        self.error = error


def extras_from(enrichment: Mapping[str, Enrichment]) -> dict[str, DescribeExtras]:
    return {
        name: make_extras(e.instance_type, e.instance_count, e.billable_seconds)
        for name, e in enrichment.items()
    }


def first_screenful(repository: JobRepository, generation: int, filters: ListFilters) -> CacheLoaded | None:
    """The newest cached jobs the launcher read before the UI started, as the message the worker
    would post (None when none was read: the worker reads the cache). Applied on the event loop
    when the list starts, so the first frame has them: about 200 rows, built in a millisecond."""
    first = repository.take_first_screenful(filters, FIRST_SCREENFUL)
    if first is None:
        return None
    extras = extras_from(first.enrichment)
    return CacheLoaded(generation, listed_rows(first.found.value, filters), first.found.fetched_at, extras,
                       complete=False)


def listed_rows(summaries: list[dict[str, Any]], filters: ListFilters) -> list[JobRow]:
    """The rows of cached summaries that the list call with these server-side filters returns."""
    rows = [row_from_summary(s) for s in summaries]
    return [row for row in rows if matches_server_filters(row, filters)]


def newest(rows: list[JobRow]) -> datetime | None:
    if not rows:
        return None
    return datetime.fromtimestamp(max(row.modified for row in rows), timezone.utc)


class ListJob:
    """One list operation, run in a worker thread: ``initial`` (cache, then bring it up to date),
    ``full`` (every page) or ``changes`` (one incremental call: Search, or the list's fallback)."""

    def __init__(
        self,
        *,
        generation: int,
        mode: str,
        filters: ListFilters,
        since: datetime | None,
        offline: bool,
        post: Callable[[Message], object],
        cancelled: Callable[[], bool],
        search: bool = True,
        head_shown: bool = False,
    ) -> None:
        self.generation = generation
        #: ``initial``: the newest cached screenful is on screen already (:func:`first_screenful`).
        self.head_shown = head_shown
        #: Incremental calls use the Search change feed (False: ListTrainingJobs, the fallback).
        self.search = search
        self.mode = mode
        self.filters = filters
        self.since = since
        self.offline = offline
        self._post = post
        self._cancelled = cancelled

    def post(self, message: Message) -> None:
        if not self._cancelled():
            self._post(message)

    def run(self, repository: JobRepository) -> None:
        try:
            self._run(repository)
        except AwsError as exc:
            self.post(ListFailed(self.generation, exc))
        except Exception as exc:  # a bug or an unexpected library error must not blank the screen
            self.post(ListFailed(self.generation, ServiceError(f"Listing training jobs failed: {exc}")))

    def _run(self, repository: JobRepository) -> None:
        generation, filters = self.generation, self.filters
        extras = extras_from(repository.enrichment())
        if self.mode == "initial":
            cached = None if self.head_shown else repository.cached_summaries(filters, newest=FIRST_SCREENFUL)
            if cached is not None and cached.partial and cached.value:
                head = self._rows(cached.value)
                self.post(CacheLoaded(generation, head, cached.fetched_at, extras, complete=False))
            if self.head_shown or (cached is not None and cached.partial):
                cached = repository.cached_summaries(filters)
            if cached is not None and cached.value:
                rows = self._rows(cached.value)
                self.post(CacheLoaded(generation, rows, cached.fetched_at, extras))
                if not self.offline and repository.increments_from_cache(filters):
                    # Brought up to date with one incremental call, not a full re-list. Without a
                    # status filter the repository starts from its cached high-water mark. With
                    # none (a listing never completed, the demo's fleet made anew), a complete
                    # listing follows below: its end drops the rows the service no longer has.
                    status_filtered = filters.status_equals or filters.warm_pool_status_equals
                    self._changes(repository, newest(rows) if status_filtered else None, extras)
                    return
            if self.offline:
                self.post(ListDone(generation, extras))
                return
        if self.mode == "changes" and self.since is not None:
            self._changes(repository, self.since, extras)
            return
        for page in repository.list_all(filters):
            if self._cancelled():
                return
            self.post(ListPage(generation, [row_from_summary(s) for s in page], extras))
        self.post(ListDone(generation, extras))

    def _rows(self, summaries: list[dict[str, Any]]) -> list[JobRow]:
        return listed_rows(summaries, self.filters)

    def _changes(
        self, repository: JobRepository, since: datetime | None, extras: dict[str, DescribeExtras]
    ) -> None:
        """One incremental call. It asks without the status filters, so a job whose status left
        them is seen (and dropped) instead of staying on screen with its old status."""
        found = repository.changes(since, delta_filters(self.filters), search=self.search)
        rows = [row_from_summary(s) for s in found.summaries]
        if found.feed == "search" and rows:
            # Search records are cached as partial describes: instance and billable columns for
            # every changed job, without a DescribeTrainingJob.
            extras = {**extras, **extras_from(repository.enrichment([row.name for row in rows]))}
        keep = [row for row in rows if matches_server_filters(row, self.filters)]
        gone = [row.name for row in rows if not matches_server_filters(row, self.filters)]
        self.post(
            ListChanges(
                self.generation,
                keep,
                gone,
                extras,
                feed=found.feed,
                calls=found.calls,
                search_error=found.search_error,
            )
        )
