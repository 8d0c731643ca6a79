"""The one door to hyperparameter tuning jobs: the cache first, then the data layer.

Blocking: call it from a Textual worker (thread) or a headless command. What it costs:

* the tuning-jobs list: every page of ListHyperParameterTuningJobs (100 a call), stored so the
  next start paints from the cache at once;
* a tuning job: one DescribeHyperParameterTuningJob and one
  ListTrainingJobsForHyperParameterTuningJob call per 100 training jobs; a settled tuning job
  (Completed, Failed, Stopped) is served from the cache for ever, with no call;
* offline (no client): only the cache, zero calls; a miss raises :class:`OfflineError`.

When the endpoint, the credentials or the rate limit fail, the cached copy is returned marked
``stale`` with the error, as :class:`~tui.repository.JobRepository` does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tui.aws.client import SageMakerClient
from tui.aws.errors import AwsError, OfflineError
from tui.aws.tuning import describe_tuning_job, list_trial_pages, list_tuning_job_pages
from tui.cache import tuning_store
from tui.cache.scope import Scope
from tui.cache.store import CacheError
from tui.clock import Clock, SystemClock
from tui.log import logger
from tui.repository import FALLBACK_ERRORS, Fetched

log = logger(__name__)

#: Seconds between refreshes of the tuning-jobs list, and of a tuning job still running.
LIST_INTERVAL = 30.0
JOB_INTERVAL = 30.0
#: Tuning jobs the list describes per refresh (for the objective and its best value): those not
#: cached or still running, newest first. A settled one is described once, then cached.
DESCRIBE_LIMIT = 25
SETTLED = frozenset({"Completed", "Failed", "Stopped", "DeleteFailed"})


@dataclass(frozen=True)
class TuningJobData:
    """A tuning job's describe and its training jobs' summaries (HyperParameterTrainingJobSummary)."""

    describe: dict[str, Any]
    trials: list[dict[str, Any]]

    @property
    def settled(self) -> bool:
        return self.describe.get("HyperParameterTuningJobStatus") in SETTLED


@dataclass
class TuningRepository:
    """Cache + data layer for tuning jobs. ``client`` is None when offline."""

    client: SageMakerClient | None
    cache: Any = None
    #: The scope cache rows belong to (the job repository's current one), None before it is known.
    scope: Callable[[], Scope | None] = lambda: None
    clock: Clock = field(default_factory=SystemClock)
    #: Calls made, by operation (for benchmarks and the debug log).
    calls: dict[str, int] = field(default_factory=dict)
    #: The describes read for the list this session, by name: what ``--no-cache`` (or a failing
    #: cache) still shows, and a settled one is not described again.
    _described: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    @property
    def offline(self) -> bool:
        return self.client is None

    # -- the list ---------------------------------------------------------------------------
    def cached_list(self) -> Fetched[list[dict[str, Any]]] | None:
        """The cached summaries, newest first, for a first paint (None: nothing cached)."""
        found = self._cached(lambda store, scope: tuning_store.get_tuning_summaries(store, scope))
        if found is None or found[1] is None:
            return None
        summaries, fetched_at = found
        return Fetched(summaries, fetched_at, from_cache=True)

    def fetch_list(self, *, describe_limit: int = DESCRIBE_LIMIT) -> Fetched[list[dict[str, Any]]]:
        """Every tuning job of the account (all pages), stored, then the describes the list lacks
        (up to ``describe_limit``: see :data:`DESCRIBE_LIMIT`); the cached copy on failure."""
        if self.client is None:
            return self._fallback(OfflineError("Offline: no cached tuning jobs."))
        now = self.clock.now()
        try:
            summaries: list[dict[str, Any]] = []
            for page in list_tuning_job_pages(self.client):
                self._count("ListHyperParameterTuningJobs")
                summaries.extend(page)
        except FALLBACK_ERRORS as exc:
            return self._fallback(exc)
        self._store(lambda store, scope: tuning_store.put_tuning_summaries(
            store, scope, summaries, now, complete=True))
        self._describe_missing(summaries, describe_limit)
        return Fetched(summaries, now)

    def cached_describes(self) -> dict[str, dict[str, Any]]:
        """The cached describes by name (the list's objective, best value), without calls."""
        found = self._cached(lambda store, scope: tuning_store.get_tuning_describes(store, scope))
        return {**self._described, **(found or {})}

    def _describe_missing(self, summaries: list[dict[str, Any]], limit: int) -> None:
        if self.client is None or limit <= 0:
            return
        held = self.cached_describes()
        wanted = []
        for summary in summaries:
            name = summary.get("HyperParameterTuningJobName")
            cached = held.get(name) if isinstance(name, str) else None
            if isinstance(name, str) and (cached is None or not _settled(cached)):
                wanted.append(name)  # a settled tuning job never changes: described once
        describes = []
        now = self.clock.now()
        try:
            for name in wanted[:limit]:
                describe = describe_tuning_job(self.client, name)
                describes.append(describe)
                self._described[name] = describe
                self._count("DescribeHyperParameterTuningJob")
        except AwsError as exc:  # the list is shown anyway; the next refresh tries again
            log.info("describing tuning jobs for the list failed: %s", exc)
        self._store(lambda store, scope: tuning_store.put_tuning_describes(store, scope, describes, now))

    def _fallback(self, error: AwsError) -> Fetched[list[dict[str, Any]]]:
        cached = self.cached_list()
        if cached is None:
            raise error
        return Fetched(cached.value, cached.fetched_at, from_cache=True, stale=True, error=error)

    # -- one tuning job ---------------------------------------------------------------------
    def cached_job(self, name: str) -> Fetched[TuningJobData] | None:
        found = self._cached(lambda store, scope: tuning_store.get_tuning_job(store, scope, name))
        if found is None:
            return None
        describe, trials, fetched_at = found
        if trials is None:  # described for the list only: its training jobs were never listed
            return None
        return Fetched(TuningJobData(describe, trials), fetched_at, from_cache=True)

    def job(self, name: str, *, force: bool = False) -> Fetched[TuningJobData]:
        """The tuning job and every one of its training jobs: a settled one from the cache (unless
        ``force``), otherwise described and listed (one call per 100 training jobs)."""
        cached = self.cached_job(name)
        if cached is not None and cached.value.settled and not force:
            return cached
        if self.client is None:
            if cached is None:
                raise OfflineError(f"Offline, and tuning job {name!r} is not cached.")
            return Fetched(cached.value, cached.fetched_at, from_cache=True, stale=not cached.value.settled)
        now = self.clock.now()
        try:
            describe = describe_tuning_job(self.client, name)
            self._count("DescribeHyperParameterTuningJob")
            trials: list[dict[str, Any]] = []
            for page in list_trial_pages(self.client, name):
                self._count("ListTrainingJobsForHyperParameterTuningJob")
                trials.extend(page)
        except FALLBACK_ERRORS as exc:
            if cached is None:
                raise
            return Fetched(cached.value, cached.fetched_at, from_cache=True, stale=True, error=exc)
        data = TuningJobData(describe, trials)
        self._store(
            lambda store, scope: tuning_store.put_tuning_job(store, scope, name, describe, trials, now)
        )
        return Fetched(data, now)

    @staticmethod
    def interval(data: TuningJobData | None) -> float | None:
        """Seconds between refreshes of a tuning job (None: settled, never again)."""
        return None if data is not None and data.settled else JOB_INTERVAL

    # -- the cache --------------------------------------------------------------------------
    def _count(self, operation: str) -> None:
        self.calls[operation] = self.calls.get(operation, 0) + 1

    def _cached(self, read: Callable[[Any, Scope], Any]) -> Any:
        scope = self.scope()
        if self.cache is None or scope is None:
            return None
        try:
            return read(self.cache, scope)
        except (CacheError, OSError, ValueError) as exc:
            log.warning("tuning cache read failed: %s", exc)
            return None

    def _store(self, write: Callable[[Any, Scope], None]) -> None:
        scope = self.scope()
        if self.cache is None or scope is None:
            return
        try:
            write(self.cache, scope)
        except (CacheError, OSError, ValueError) as exc:
            log.warning("tuning cache write failed: %s", exc)


def _settled(record: dict[str, Any]) -> bool:
    return record.get("HyperParameterTuningJobStatus") in SETTLED


def tuning_repository_for(jobs: Any, clock: Clock | None = None) -> TuningRepository:
    """The tuning repository beside a :class:`~tui.repository.JobRepository` (one per job
    repository, made on first use): the same SageMaker client (and call counter), cache and scope."""
    existing = jobs.companions.get("tuning")
    if isinstance(existing, TuningRepository):
        return existing
    repository = TuningRepository(
        jobs.client, jobs.cache, scope=jobs.current_scope, clock=clock or jobs.clock
    )
    jobs.companions["tuning"] = repository
    return repository
