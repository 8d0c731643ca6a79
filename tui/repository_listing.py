"""The job list's half of :class:`tui.repository.JobRepository`: the cached list, full listings,
and the changes since the high-water mark (Search, or the ListTrainingJobs fallback).

See :mod:`tui.repository` for how the cache is used; the state it reads and writes is declared
by :class:`~tui.repository.JobRepository`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from tui.aws.errors import AccessDeniedError, AwsError, OfflineError, ServiceError
from tui.aws.jobs import PAGE_SIZE, ListFilters, list_training_job_pages, list_training_jobs
from tui.aws.search import (
    describe_from_record,
    search_lacks,
    search_modified_after,
    summary_from_record,
)
from tui.cache.enrich import Enrichment
from tui.cache.listing import filter_key, high_water, matches, newest_modified
from tui.cache.scope import Scope
from tui.fetched import Fetched
from tui.log import logger

if TYPE_CHECKING:
    from tui.aws.client import SageMakerClient
    from tui.aws.counter import CallCounter
    from tui.cache.store import CacheStore
    from tui.cache.tracker import ScopeTracker
    from tui.clock import Clock

R = TypeVar("R")
log = logger("tui.repository")

#: Incremental list calls look back this far before the high-water mark, for clock skew and for
#: LastModifiedTime values written while our previous call was in flight.
OVERLAP = timedelta(seconds=60)
#: Search failures that ListTrainingJobs may well not share (a policy without sagemaker:Search, a
#: service error of Search): the delta is then listed instead. Throttling, a dead endpoint or
#: expired credentials would fail the list too, so those are raised.
SEARCH_FALLBACK_ERRORS = (AccessDeniedError, ServiceError)
#: Cached jobs read and shown first at start-up: more than any terminal shows, read in a few ms
#: (decoding 10,000 cached summaries takes a few hundred; they follow in a second message).
FIRST_SCREENFUL = 200


def names_of(page: list[dict[str, Any]]) -> list[str]:
    return [s["TrainingJobName"] for s in page if isinstance(s.get("TrainingJobName"), str)]


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


@dataclass(frozen=True)
class FirstScreenful:
    """The newest cached summaries, read before the UI starts (:meth:`ListingMixin.read_first_screenful`)."""

    filters: ListFilters | None
    newest: int
    found: Fetched[list[dict[str, Any]]]
    #: Instance and billable columns of those jobs, from their cached describes.
    enrichment: dict[str, Enrichment]


class ListingMixin:
    """Listing and the change feed, for :class:`~tui.repository.JobRepository`."""

    client: SageMakerClient | None
    clock: Clock
    _store: CacheStore | None
    _scopes: ScopeTracker
    known_tags: dict[str, Any]
    _first_screenful: FirstScreenful | None

    if TYPE_CHECKING:  # provided by JobRepository

        @property
        def counter(self) -> CallCounter: ...

        def current_scope(self) -> Scope | None: ...

        def cached_describe(self, name: str) -> Fetched[dict[str, Any]] | None: ...

        def _cached(self, operation: Callable[[], R], default: R | None = None) -> R | None: ...

        def _require_client(self, what: str) -> SageMakerClient: ...

        def enrichment(self, names: Iterable[str] | None = None) -> dict[str, Enrichment]: ...

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

    def read_first_screenful(self, filters: ListFilters | None, newest: int) -> None:
        """Read the newest ``newest`` cached jobs (and their describe columns) now: the launcher
        calls this before the UI starts (a few milliseconds of SQLite, before there is an event
        loop to block), so the list's first frame has rows instead of waiting for a worker thread
        that competes with the first layout for the interpreter. The scope is resolved on the
        way (and kept).
        Nothing cached: nothing kept, the list's worker reads the cache as usual."""
        found = self.cached_summaries(filters, newest=newest)
        if found is None or not found.value:
            return
        enrichment = self.enrichment(names_of(found.value))
        self._first_screenful = FirstScreenful(filters, newest, found, enrichment)

    def take_first_screenful(self, filters: ListFilters | None, newest: int) -> FirstScreenful | None:
        """What :meth:`read_first_screenful` read, once, when it was read for these filters and
        this size (None otherwise: read the cache). Another context is another repository."""
        first, self._first_screenful = self._first_screenful, None
        if first is None or first.filters != filters or first.newest != newest:
            return None
        return first

    def increments_from_cache(self, filters: ListFilters | None = None) -> bool:
        """Whether the cached list can be brought up to date with one incremental call (a
        high-water mark to start from); else the next listing must be a complete one, which also
        drops the cached jobs the service no longer has."""
        return self._known_mark(filters) is not None

    def renew_cache(self) -> None:
        """The service was made anew (the demo fleet, regenerated each run): keep the cached list
        for the first paint, drop what the old service alone could confirm (see
        :meth:`~tui.cache.store.CacheStore.renew`)."""
        scope = self.current_scope()
        if scope is None or self._store is None:
            return
        cache = self._store
        self._cached(lambda: cache.renew(scope))

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
        tags: dict[str, Any] = {}
        for record in records:
            name = record.get("TrainingJobName")
            if not isinstance(name, str):
                continue
            if isinstance(record.get("Tags"), list):
                tags[name] = record["Tags"]
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
        self._store_tags(tags, now)
        return fresh

    def _store_tags(self, tags: dict[str, Any], fetched_at: datetime) -> None:
        """Tags of the jobs Search returned: kept in memory for this session and in the cache."""
        if not tags:
            return
        self.known_tags.update(tags)
        scope = self.current_scope()
        cache = self._store
        if scope is not None and cache is not None:
            from tui.cache.tags_store import put_tags

            self._cached(lambda: put_tags(cache, scope, tags, fetched_at))

    def job_tags(self) -> dict[str, Any]:
        """Every known job's tags, by name: the cache's (as Search last returned them, offline and
        across restarts) under this session's. No call."""
        scope = self.current_scope()
        cache = self._store
        cached: dict[str, Any] = {}
        if scope is not None and cache is not None:
            from tui.cache.tags_store import get_tags

            cached = self._cached(lambda: get_tags(cache, scope), default={}) or {}
        return {**cached, **self.known_tags}

    def _store_partial(self, name: str, record: dict[str, Any], fetched_at: datetime) -> None:
        scope = self._scopes.scope_of(record)
        self._scopes.adopt(scope)
        if self._store is not None:
            cache = self._store
            self._cached(lambda: cache.put_describe(scope, name, record, fetched_at, partial=True))

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
