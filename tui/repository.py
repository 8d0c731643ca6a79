"""The one door screens and commands use for job data: the cache first, then the data layer.

Blocking: call it from a Textual worker (thread) or from a headless command, never on the event loop.
Screens never learn whether data came from AWS or the cache, only how fresh it is (``fetched_at``).

How the cache is used (see :mod:`tui.cache.policy` and :mod:`tui.cache.scope`):

* ``describe`` serves a settled job from the cache for ever, a running or settling one until its
  interval has passed, and calls otherwise. When the call fails because the endpoint, the
  credentials or the rate limit failed, the cached copy is returned marked ``stale`` with the error.
* Listing (:class:`~tui.repository_listing.ListingMixin`): ``cached_summaries`` draws the last
  known list at once; ``list_all`` stores pages as they come and
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

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, TypeVar

from tui.aws.client import ConnectionOptions, SageMakerClient
from tui.aws.counter import CallCounter
from tui.aws.errors import CredentialsError, EndpointError, OfflineError, ThrottledError
from tui.aws.jobs import describe_training_job, stop_training_job
from tui.aws.search import describe_from_record, search_lacks, search_records
from tui.cache import policy
from tui.cache.enrich import Enrichment
from tui.cache.policy import Action, RefreshIntervals
from tui.cache.scope import Scope
from tui.cache.store import CacheError, CacheStore, CacheUnwritable
from tui.cache.tracker import ScopeTracker
from tui.clock import Clock, SystemClock
from tui.fetched import Fetched
from tui.log import logger
from tui.repository_listing import OVERLAP, SEARCH_FALLBACK_ERRORS, Changes, FirstScreenful, ListingMixin

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
R = TypeVar("R")
log = logger(__name__)

#: Failures after which a cached copy is better than nothing (the service may well be fine).
FALLBACK_ERRORS = (EndpointError, CredentialsError, ThrottledError)


@dataclass(frozen=True)
class CompareRecords:
    """The describes (or Search records) of compared jobs, in order, and their tags by name (None:
    unknown, offline or Search failed; a job missing from the dict: Search did not return it)."""

    describes: list[dict[str, Any]]
    tags: dict[str, Any] | None


@dataclass
class JobRepository(ListingMixin):
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
    #: The repositories built beside this one, one each, on first use, with its options, cache,
    #: scope and call counter: CloudWatch Logs (:func:`tui.log_repository.logs_for`) and CloudWatch
    #: (:func:`tui.metrics_repository.metrics_repository_for`), tuning jobs
    #: (:func:`tui.tuning_repository.tuning_repository_for`). A new JobRepository (another
    #: profile or region) starts with none.
    companions: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._store: CacheStore | None = self.cache
        if self._store is not None:
            self.cache_warnings.extend(self._store.warnings)
        self._scopes = ScopeTracker(self.client, self.options, self._store, self.clock, self._cached)
        #: Tags of the jobs Search returned this session, by name (no describe has them; not cached).
        self.known_tags: dict[str, Any] = {}
        #: What :meth:`read_first_screenful` read before the UI started, until the list takes it.
        self._first_screenful: FirstScreenful | None = None

    @property
    def offline(self) -> bool:
        return self.client is None

    @property
    def counter(self) -> CallCounter:
        return self.client.counter if self.client else CallCounter()
    def enrichment(self, names: Iterable[str] | None = None) -> dict[str, Enrichment]:
        """Instance type x count and billable time from cached describes only (never a call)."""
        scope = self.current_scope()
        if scope is None or self._store is None:
            return {}
        cache = self._store
        return self._cached(lambda: cache.enrichment(scope, names), default={}) or {}

    # -- queries and comparisons (Search) --------------------------------------------------------
    def search_where(self, expression: dict[str, Any]) -> Iterator[list[dict[str, Any]]]:
        """Every job a Search ``expression`` matches (``--where``), newest change first, one page of
        Search records (Tags included) at a time: ceil(matches / 100) calls, at least one. Each
        record is cached as a partial describe, as the change feed's are."""
        client = self._require_client("search")
        for page in search_records(client, expression):
            self._store_records(page)
            yield page

    def compare_records(self, names: Sequence[str]) -> CompareRecords:
        """What a comparison of ``names`` needs: a describe (or Search record) and the tags of each.

        Cached describes first (a Search record holds every compared field); then one Search call
        for all of them (``TrainingJobName`` = each, joined by Or), which brings the tags (no
        describe has them) and the records of jobs not cached; DescribeTrainingJob only for a job
        Search did not return (its index lags by seconds). Offline, or when Search fails: the
        cache, the tags included as Search last returned them (None when none is cached).
        """
        records: dict[str, dict[str, Any]] = {}
        for name in names:
            cached = self.cached_describe(name)
            if cached is not None:
                records[name] = cached.value
        tags: dict[str, Any] | None = None
        if self.client is not None:
            expression = {
                "Operator": "Or",
                "SubExpressions": [
                    {"Filters": [{"Name": "TrainingJobName", "Operator": "Equals", "Value": name}]}
                    for name in names
                ],
            }
            try:
                found = [r for page in search_records(self.client, expression) for r in page]
            except SEARCH_FALLBACK_ERRORS as exc:
                log.info("Search for the compared jobs failed (%s): no tags", exc)
            else:
                self._store_records(found)
                by_name = {r.get("TrainingJobName"): r for r in found}
                tags = {name: by_name[name].get("Tags") or [] for name in names if name in by_name}
                for name in names:
                    if name not in records and name in by_name:
                        records[name] = describe_from_record(by_name[name])
        if tags is None:
            known = self.job_tags()
            tags = {name: known[name] for name in names if name in known} or None
        for name in names:
            if name not in records:
                records[name] = self.describe(name).value
        return CompareRecords([records[name] for name in names], tags)

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
