"""The one door screens and commands use for job data: the cache first, then the data layer.

Blocking: call it from a Textual worker (thread) or from a headless command, never on the event loop.
Screens never learn whether data came from AWS or the cache, only how fresh it is (``fetched_at``).

How the cache is used (see :mod:`tui.cache.policy` and :mod:`tui.cache.scope`):

* ``describe`` serves a settled job from the cache for ever, a running or settling one until its
  interval has passed, and calls otherwise. When the call fails because the endpoint, the
  credentials or the rate limit failed, the cached copy is returned marked ``stale`` with the error.
* ``cached_summaries`` draws the last known list at once; ``list_all`` stores pages as they come and
  marks the listing complete at the end; ``changes`` fetches the delta since the cached
  high-water mark of LastModifiedTime and merges it in: from SageMaker Search (one call per 100
  changed jobs, whatever the size of the account), or, where Search is denied or fails, from
  ListTrainingJobs (``list_changes``: every page of the account).
* A Search record is stored as a *partial* describe (the describe minus :func:`search_lacks`),
  so the list shows instance type x count and billable time for every changed job without a
  DescribeTrainingJob. ``describe`` never answers with a partial record: it calls (or, offline,
  says that only a partial record is cached). ``cached_describe`` returns it, marked
  ``search_record``, for a first paint.
* Offline (no client): only the cache, zero calls; a miss raises :class:`OfflineError`.
* The cache is best effort: if it fails mid-run, the repository carries on without it and records
  a warning (``cache_warnings``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from tui.aws.client import ConnectionOptions, SageMakerClient
from tui.aws.counter import CallCounter
from tui.aws.errors import (
    AccessDeniedError,
    AwsError,
    CredentialsError,
    EndpointError,
    OfflineError,
    ServiceError,
    ThrottledError,
)
from tui.aws.jobs import (
    PAGE_SIZE,
    ListFilters,
    describe_training_job,
    list_training_job_pages,
    list_training_jobs,
    stop_training_job,
)
from tui.aws.search import (
    describe_from_record,
    search_lacks,
    search_modified_after,
    summary_from_record,
)
from tui.cache import policy
from tui.cache.enrich import Enrichment
from tui.cache.listing import filter_key, high_water, matches, newest_modified
from tui.cache.policy import Action, RefreshIntervals
from tui.cache.scope import Scope
from tui.cache.store import CacheError, CacheStore, CacheUnwritable
from tui.cache.tracker import ScopeTracker
from tui.clock import Clock, SystemClock

__all__ = [
    "OVERLAP",
    "Action",
    "Changes",
    "Enrichment",
    "Fetched",
    "JobRepository",
    "OfflineError",
    "RefreshIntervals",
    "search_lacks",
]

T = TypeVar("T")
R = TypeVar("R")
log = logging.getLogger(__name__)

#: Incremental list calls look back this far before the high-water mark, for clock skew and for
#: LastModifiedTime values written while our previous call was in flight.
OVERLAP = timedelta(seconds=60)
#: Failures after which a cached copy is better than nothing (the service may well be fine).
FALLBACK_ERRORS = (EndpointError, CredentialsError, ThrottledError)
#: Search failures that ListTrainingJobs may well not share (a policy without sagemaker:Search, a
#: service error of Search): the delta is then listed instead. Throttling, a dead endpoint or
#: expired credentials would fail the list too, so those are raised.
SEARCH_FALLBACK_ERRORS = (AccessDeniedError, ServiceError)


def names_of(page: list[dict[str, Any]]) -> list[str]:
    return [s["TrainingJobName"] for s in page if isinstance(s.get("TrainingJobName"), str)]


@dataclass(frozen=True)
class Fetched(Generic[T]):
    """A value with when it was fetched from the service and whether it came from the cache."""

    value: T
    fetched_at: datetime
    from_cache: bool = False
    #: True when the policy wanted a fresh copy but could not get one (offline, or ``error``).
    stale: bool = False
    #: Why a fresh copy could not be fetched (the cached copy was returned instead).
    error: AwsError | None = None
    #: Only part of what is cached (the newest of a long list): more can be read.
    partial: bool = False
    #: A Search record (a describe minus :func:`search_lacks`): a first paint, never the describe.
    search_record: bool = False
    #: When this describe is due for a refresh (None: never, the job has settled), so a screen
    #: need not ask the repository again.
    due_at: datetime | None = None


@dataclass(frozen=True)
class Changes:
    """What an incremental refresh returned, and what it cost."""

    summaries: list[dict[str, Any]]
    #: "search" (the change feed) or "list" (ListTrainingJobs, every page of the account).
    feed: str
    #: API calls of the feed that answered (on the fallback: the ListTrainingJobs pages, not the
    #: Search call that failed first).
    calls: int
    #: Why Search was not used, when it was tried and failed (the list answered instead).
    search_error: AwsError | None = None


@dataclass
class JobRepository:
    """Cache + data layer. ``client`` is None when offline (``--offline``)."""

    client: SageMakerClient | None
    #: A :class:`~tui.cache.store.CacheStore`, or None for ``--no-cache`` (typed loosely so callers
    #: that open it optionally need not import the cache).
    cache: Any = None
    clock: Clock = field(default_factory=SystemClock)
    intervals: RefreshIntervals = field(default_factory=RefreshIntervals)
    #: Connection options, so an offline repository (no client) knows its profile/region/endpoint.
    options: ConnectionOptions | None = None
    #: One-line warnings from the cache (opening it, or failures mid-run), for the UI and the CLI.
    cache_warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._store: CacheStore | None = self.cache
        if self._store is not None:
            self.cache_warnings.extend(self._store.warnings)
        self._scopes = ScopeTracker(self.client, self.options, self._store, self.clock, self._cached)

    @property
    def offline(self) -> bool:
        return self.client is None

    @property
    def counter(self) -> CallCounter:
        return self.client.counter if self.client else CallCounter()

    # -- list ---------------------------------------------------------------------------------
    def cached_summaries(
        self, filters: ListFilters | None = None, *, newest: int | None = None
    ) -> Fetched[list[dict[str, Any]]] | None:
        """The last known list, instantly (None when nothing is cached).

        ``fetched_at`` is when that list was last brought up to date; ``filters`` (the server-side
        ones) are applied locally so the cached view matches what the list call will return.
        ``newest``: only the jobs among the newest ``newest`` created (a first screenful, read in a
        few milliseconds where 10,000 take a few hundred).
        """
        scope = self.current_scope()
        if scope is None or self._store is None:
            return None
        cache = self._store
        state = self._cached(lambda: cache.listing(scope, filter_key(filters)) or cache.listing(scope, ""))
        items: list[dict[str, Any]] = self._cached(lambda: cache.summaries(scope, newest)) or []
        if state is None and not items:
            return None
        # No listing record: an earlier run stopped mid-listing; its pages are still worth showing.
        when = state.listed_at if state else self._cached(lambda: cache.newest_summary_at(scope))
        if when is None:
            return None
        chosen = [s for s in items if matches(s, filters)] if filters else items
        partial = newest is not None and len(items) >= newest
        return Fetched(chosen, when, from_cache=True, partial=partial)

    @property
    def last_list_fetched_at(self) -> datetime | None:
        """When the cached list of the current scope was last brought up to date (for the header's
        ``offline: cached data from HH:MM``); None when no list is cached."""
        scope = self.current_scope()
        if scope is None or self._store is None:
            return None
        cache = self._store
        return self._cached(lambda: cache.latest_listed_at(scope))

    def list_all(self, filters: ListFilters | None = None) -> Iterator[list[dict[str, Any]]]:
        """Every summary, one page at a time as each arrives (pages may be empty).

        Each page is stored as it arrives; the listing is marked complete (with its high-water
        mark) only when the last page has been read. Offline: the cached list as one page.
        """
        if self.client is None:
            cached = self.cached_summaries(filters)
            if cached is None:
                raise OfflineError("Offline: no cached job list for this profile and region.")
            yield cached.value
            return
        started = self.clock.now()
        newest: datetime | None = None
        listed: set[str] = set()
        for page in list_training_jobs(self.client, filters):
            self._store_summaries(page)
            listed.update(names_of(page))
            found = newest_modified(page)
            if found is not None and (newest is None or found > newest):
                newest = found
            yield page
        self._record_listing(filters, complete=True, mark=high_water(newest, started))
        self._forget_unlisted(filters, listed, started)

    def list_pages(
        self,
        filters: ListFilters | None = None,
        *,
        page_size: int | None = PAGE_SIZE,
        starting_token: str | None = None,
    ) -> Iterator[tuple[list[dict[str, Any]], str | None]]:
        """Each page with the service's NextToken, for callers that resume or stop early (the
        ``list`` command's ``--max-items``/``--page-size``/``--starting-token``).

        Pages are stored as they arrive; a run read from the first page to the last is recorded as
        a complete listing, as :meth:`list_all` does. Offline: the cached list as one page.
        """
        if self.client is None:
            for page in self.list_all(filters):
                yield page, None
            return
        started = self.clock.now()
        newest: datetime | None = None
        listed: set[str] = set()
        for page, token in list_training_job_pages(
            self.client, filters, page_size=page_size, starting_token=starting_token
        ):
            self._store_summaries(page)
            listed.update(names_of(page))
            found = newest_modified(page)
            if found is not None and (newest is None or found > newest):
                newest = found
            if token is None and starting_token is None:
                self._record_listing(filters, complete=True, mark=high_water(newest, started))
                self._forget_unlisted(filters, listed, started)
            yield page, token

    def list_changes(
        self, since: datetime | None = None, filters: ListFilters | None = None
    ) -> list[dict[str, Any]]:
        """Summaries modified after ``since - OVERLAP``: one incremental call (more if paged).

        ``since=None`` uses the cached high-water mark of LastModifiedTime; with no complete
        listing cached there is nothing to be incremental from, so it lists everything. The delta
        is merged into the cache. Offline: nothing can have changed as far as we know (``[]``).
        """
        if self.client is None:
            if self.cached_summaries(filters) is None:
                raise OfflineError("Offline: no cached job list for this profile and region.")
            return []
        base = filters or ListFilters()
        known = self._known_mark(filters)
        if since is None:
            if known is None:
                return [s for page in self.list_all(filters) for s in page]
            since = known
        started = self.clock.now()
        delta = replace(base, last_modified_time_after=since - OVERLAP)
        changes: list[dict[str, Any]] = []
        for page in list_training_jobs(self.client, delta):
            self._store_summaries(page)
            changes.extend(page)
        # The mark moves only when this delta joins up with what the cache already knew.
        joined = known is not None and since <= known
        mark = high_water(newest_modified(changes) or since, started) if joined else None
        self._record_listing(filters, complete=False, mark=mark, touch=joined)
        return changes

    def changes(
        self, since: datetime | None = None, filters: ListFilters | None = None, *, search: bool = True
    ) -> Changes:
        """What changed after ``since - OVERLAP`` (``since=None``: the cached high-water mark), merged
        into the cache: from Search when ``search`` (falling back to ListTrainingJobs when Search
        is denied or fails), else from ListTrainingJobs. Offline: nothing (``[]``)."""
        counter = self.counter
        before = counter.total
        if not search or self.client is None:
            found = self.list_changes(since, filters)
            return Changes(found, "list", counter.total - before)
        try:
            found = self.search_changes(since, filters)
            return Changes(found, "search", counter.total - before)
        except SEARCH_FALLBACK_ERRORS as exc:
            log.info("Search failed (%s); listing the changes instead", exc)
            before = counter.total
            found = self.list_changes(since, filters)
            return Changes(found, "list", counter.total - before, search_error=exc)

    def search_changes(
        self, since: datetime | None = None, filters: ListFilters | None = None
    ) -> list[dict[str, Any]]:
        """Summaries modified after ``since - OVERLAP``, from SageMaker Search: ceil(changes / 100)
        calls, at least one. Each record is stored as a partial describe and its summary as a
        summary; the server-side ``filters`` are applied here (Search was asked for every change).

        Search's index lags writes by seconds: the overlap window asks again for what changed in
        the last minute, and a record older than what the cache holds never replaces it.
        """
        client = self._require_client("search")
        known = self._known_mark(filters)
        if since is None:
            if known is None:
                return [s for page in self.list_all(filters) for s in page]
            since = known
        started = self.clock.now()
        records: list[dict[str, Any]] = []
        for page in search_modified_after(client, since - OVERLAP):
            records.extend(page)
        fresh = self._store_records(records)
        summaries = [summary_from_record(r) for r in fresh]
        self._store_summaries(summaries)
        joined = known is not None and since <= known
        mark = high_water(newest_modified(summaries) or since, started) if joined else None
        self._record_listing(filters, complete=False, mark=mark, touch=joined)
        return [s for s in summaries if matches(s, filters)]

    def _store_records(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Store Search records as partial describes; returns those not older than the cache's
        copy (by LastModifiedTime: a lagging index may answer with an older version)."""
        fresh: list[dict[str, Any]] = []
        now = self.clock.now()
        for record in records:
            name = record.get("TrainingJobName")
            if not isinstance(name, str):
                continue
            held = self.cached_describe(name)
            if held is not None and _newer(held.value, record):
                continue  # a lagging index: the cache holds a later version
            fresh.append(record)
            if held is not None and not held.search_record and _same_version(record, held.value):
                continue  # the full describe of this very version is better than the record
            partial = describe_from_record(record)
            if held is not None and not held.search_record:
                # The newer record, with the older describe's members Search lacks (still
                # partial: those may be out of date).
                lacking = {k: v for k, v in held.value.items() if k in search_lacks()}
                partial = {**lacking, **partial}
            self._store_partial(name, partial, now)
        return fresh

    def _store_partial(self, name: str, record: dict[str, Any], fetched_at: datetime) -> None:
        scope = self._scopes.scope_of(record)
        self._scopes.adopt(scope)
        if self._store is not None:
            cache = self._store
            self._cached(lambda: cache.put_describe(scope, name, record, fetched_at, partial=True))

    def enrichment(self, names: Iterable[str] | None = None) -> dict[str, Enrichment]:
        """Instance type x count and billable time from cached describes only (never a call)."""
        scope = self.current_scope()
        if scope is None or self._store is None:
            return {}
        cache = self._store
        return self._cached(lambda: cache.enrichment(scope, names), default={}) or {}

    # -- describe -----------------------------------------------------------------------------
    def cached_describe(self, name: str) -> Fetched[dict[str, Any]] | None:
        """The cached DescribeTrainingJob response of ``name``, instantly (None when not cached), with
        its due time (a screen showing it need not ask again)."""
        scope = self.current_scope()
        if scope is None or self._store is None:
            return None
        cache = self._store
        item = self._cached(lambda: cache.get_describe(scope, name))
        if item is None:
            return None
        if item.partial:
            return Fetched(item.value, item.fetched_at, from_cache=True, search_record=True)
        return self._with_due(Fetched(item.value, item.fetched_at, from_cache=True))

    def describe_action(self, name: str, *, force: bool = False) -> Action:
        """What :meth:`describe` would do now: serve the cache, serve it and refresh, or fetch."""
        return self._action(self.cached_describe(name), force=force)

    def serves(self, cached: Fetched[dict[str, Any]]) -> bool:
        """Whether :meth:`describe` (not forced) would answer with this cached copy as it is now:
        then nothing needs to confirm it (no call, no worker)."""
        return self._action(cached) is Action.SERVE

    def _action(self, cached: Fetched[dict[str, Any]] | None, *, force: bool = False) -> Action:
        """The cache policy's decision for this copy (None: nothing cached) at this moment."""
        if cached is not None and cached.search_record:
            return Action.FETCH  # a partial record is never the answer to a describe
        return policy.decide(
            cached.value if cached else None,
            cached.fetched_at if cached else None,
            self.clock.now(),
            self.intervals,
            force=force,
        )

    def describe(self, name: str, *, force: bool = False) -> Fetched[dict[str, Any]]:
        """The job's DescribeTrainingJob response, from the cache when the policy allows."""
        cached = self.cached_describe(name)
        if cached is not None and cached.search_record:
            if self.client is None:
                raise OfflineError(
                    f"Offline: only a partial (Search) record of training job {name!r} is cached; "
                    "its full description needs the service."
                )
            cached = None  # never served as the describe, not even as a stale fallback
        if self.client is None:
            if cached is None:
                raise OfflineError(f"Offline: training job {name!r} is not in the cache.")
            return self._with_due(replace(cached, stale=force or not self.serves(cached)))
        action = self._action(cached, force=force)
        if cached is not None and action is Action.SERVE:
            return self._with_due(cached)
        try:
            response = describe_training_job(self.client, name)
        except FALLBACK_ERRORS as exc:
            if cached is None:
                raise
            return self._with_due(replace(cached, stale=True, error=exc))
        fetched_at = self.clock.now()
        self._store_describe(name, response, fetched_at)
        return self._with_due(Fetched(response, fetched_at))

    def stop(self, name: str) -> None:
        """Ask SageMaker to stop ``name`` (StopTrainingJob). The job then moves to Stopping and
        Stopped, which the next describe or list refresh shows (callers nudge one with ``force``)."""
        stop_training_job(self._require_client("stop a training job"), name)

    def _with_due(self, fetched: Fetched[dict[str, Any]]) -> Fetched[dict[str, Any]]:
        """``fetched`` with its due time: ``fetched_at`` plus the job's interval (None: settled)."""
        interval = policy.refresh_interval(fetched.value, self.intervals)
        if interval is None:
            return fetched
        return replace(fetched, due_at=fetched.fetched_at + timedelta(seconds=interval))

    def refresh_interval(self, response: dict[str, Any]) -> float | None:
        """Seconds until this job should be re-described automatically; None once settled."""
        return policy.refresh_interval(response, self.intervals)

    def due_in(self, fetched: Fetched[dict[str, Any]]) -> float | None:
        """Seconds until this describe is due for a refresh (0 = now); None = never."""
        return policy.due_in(fetched.value, fetched.fetched_at, self.clock.now(), self.intervals)

    # -- scope --------------------------------------------------------------------------------
    def current_scope(self) -> Scope | None:
        """The scope (account, region, endpoint) this repository reads from; None before any is known.

        From the last response seen in this run, else from what the cache remembers for this
        profile/region/endpoint, else (offline without a known region) the last one used.
        """
        return self._scopes.current()

    # -- writing ------------------------------------------------------------------------------
    def _store_summaries(self, page: list[dict[str, Any]]) -> None:
        if not page:
            return
        groups: dict[Scope, list[dict[str, Any]]] = {}
        for summary in page:
            groups.setdefault(self._scopes.scope_of(summary), []).append(summary)
        now = self.clock.now()
        for scope, items in groups.items():
            self._scopes.adopt(scope)
            self._put_summaries(scope, items, now)

    def _put_summaries(self, scope: Scope, items: list[dict[str, Any]], now: datetime) -> None:
        if self._store is not None:
            cache = self._store
            self._cached(lambda: cache.put_summaries(scope, items, now))

    def _store_describe(self, name: str, response: dict[str, Any], fetched_at: datetime) -> None:
        scope = self._scopes.scope_of(response)
        self._scopes.adopt(scope)
        if self._store is not None:
            cache = self._store
            own = response.get("TrainingJobName")
            key = own if isinstance(own, str) else name
            self._cached(lambda: cache.put_describe(scope, key, response, fetched_at))
            if key != name:
                self._cached(lambda: cache.put_describe(scope, name, response, fetched_at))

    def _forget_unlisted(self, filters: ListFilters | None, listed: set[str], started: datetime) -> None:
        """After a complete unfiltered listing, drop the cached summaries it did not return: those
        jobs were deleted, and incremental calls (all a start makes) can never say so."""
        scope = self.current_scope()
        if filter_key(filters) or scope is None or self._store is None:
            return
        cache = self._store
        self._cached(lambda: cache.forget_unlisted(scope, listed, fetched_before=started))

    def _known_mark(self, filters: ListFilters | None) -> datetime | None:
        """The high-water mark a delta for ``filters`` may start from (None: list everything)."""
        scope = self.current_scope()
        if scope is None or self._store is None:
            return None
        cache = self._store
        own = self._cached(lambda: cache.listing(scope, filter_key(filters)))
        if own is not None and own.high_water is not None:
            return own.high_water
        # A complete unfiltered listing covers every filter.
        whole = self._cached(lambda: cache.listing(scope, ""))
        return whole.high_water if whole is not None else None

    def _record_listing(
        self, filters: ListFilters | None, *, complete: bool, mark: datetime | None, touch: bool = True
    ) -> None:
        if not touch or self._store is None:
            return
        scope = self._scopes.current_or_unknown()
        if scope is None:
            return
        if self.current_scope() is None:
            self._scopes.adopt(scope)  # an empty account: remember it, so the next start knows it is empty
        cache = self._store
        now = self.clock.now()
        self._cached(
            lambda: cache.record_listing(scope, filter_key(filters), now, complete=complete, high_water=mark)
        )

    def _cached(self, operation: Callable[[], R], default: R | None = None) -> R | None:
        """Run a cache operation; a failing cache is reported once and then worked around."""
        try:
            return operation()
        except CacheError as exc:
            # A full disk or a read-only file: its own one line, said once (the store stops writing).
            unwritable = isinstance(exc, CacheUnwritable)
            message = str(exc) if unwritable else f"The cache failed ({exc}); carrying on without it."
            log.warning("%s", message)
            if message not in self.cache_warnings:
                self.cache_warnings.append(message)
            return default

    def _require_client(self, what: str) -> SageMakerClient:
        if self.client is None:
            raise OfflineError(f"Offline: cannot {what} without the cache.")
        return self.client


def _modified(record: dict[str, Any]) -> datetime | None:
    value = record.get("LastModifiedTime")
    return value if isinstance(value, datetime) else None


def _newer(record: dict[str, Any], held: dict[str, Any]) -> bool:
    """Whether ``record`` is a later version of the job than ``held`` (by LastModifiedTime)."""
    new, old = _modified(record), _modified(held)
    return new is not None and old is not None and new > old


def _same_version(record: dict[str, Any], held: dict[str, Any]) -> bool:
    new, old = _modified(record), _modified(held)
    return new is not None and old is not None and new == old
