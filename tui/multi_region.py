"""Several regions in one list (``--region us-east-1,us-west-2``): one repository per region
behind the one door the screens use.

Each region keeps what a single-region run has: its own clients (SageMaker, CloudWatch Logs,
CloudWatch), so its own call spacing and adaptive-retry budget; its own cache scope (account,
region, endpoint) and high-water mark, so its change feed asks only for what changed there. The
list screen's one scheduler drives the cycle: each refresh asks every region's change feed in
turn, and the rows carry their region (from the job ARN: the REGION column).

A job is found in the region that listed it (names are unique per account and region; the same
name in two regions shows the first listed). Describes, logs and metrics of a job go to that
region's repository: opening a job uses its region. Tuning jobs too: the tuning list is every
region's (:class:`RegionalTuning`), and a tuning job opens in the region that listed it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from tui.aws.errors import AwsError
from tui.aws.jobs import ListFilters
from tui.aws.logs import LogEvent, LogStream
from tui.cache.policy import Action
from tui.cache.scope import Scope, parse_arn
from tui.log_repository import LogRepository, LogUpdate, logs_for
from tui.metrics_repository import MetricsRepository, MetricsSnapshot, metrics_repository_for
from tui.regions import regions_label, split_regions
from tui.repository import Changes, Enrichment, Fetched, JobRepository
from tui.tuning_repository import DESCRIBE_LIMIT, TuningJobData, TuningRepository, tuning_repository_for

__all__ = ["MultiRegionRepository", "regions_label", "several_regions", "split_regions"]


def region_of(item: Mapping[str, Any]) -> str | None:
    found = parse_arn(item.get("TrainingJobArn"))
    return found[0] if found is not None else None


class MultiRegionRepository(JobRepository):
    """The jobs of several regions, each region its own :class:`JobRepository`.

    The first region is the *home* one: its scope is the header's, and a job not listed yet is
    looked for there.
    """

    def __init__(self, regions: Mapping[str, JobRepository]) -> None:
        if not regions:
            raise ValueError("at least one region")
        self.regions: dict[str, JobRepository] = dict(regions)
        self.home = next(iter(self.regions.values()))
        home = self.home
        # No store of its own (every cache read goes through a region's repository), and the
        # home's warnings list: the store's opening warnings are in it once, not twice.
        super().__init__(client=home.client, cache=None, clock=home.clock,
                         intervals=home.intervals, options=home.options,
                         cache_warnings=home.cache_warnings)
        self.cache = home.cache
        self._lock = threading.Lock()
        self._where: dict[str, str] = {}
        # Logs and metrics of the job on screen go to its region (tui.log_repository.logs_for and
        # tui.metrics_repository.metrics_repository_for find these companions).
        self.companions["logs"] = RegionalLogs(self)
        self.companions["metrics"] = RegionalMetrics(self)
        self.companions["tuning"] = RegionalTuning(self)

    # -- which region a job lives in ----------------------------------------------------------
    def _learn(self, summaries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Remember each job's region; returns the summaries without a name another region
        already has (the list is keyed by name: the first region named keeps it)."""
        kept: list[dict[str, Any]] = []
        with self._lock:
            for summary in summaries:
                name, region = summary.get("TrainingJobName"), region_of(summary)
                known = isinstance(name, str) and region in self.regions
                if known and self._where.setdefault(str(name), str(region)) != region:
                    continue
                kept.append(summary)
        return kept

    def region_for(self, name: str) -> str:
        with self._lock:
            return self._where.get(name, next(iter(self.regions)))

    def repository_for(self, name: str) -> JobRepository:
        """The repository of the region ``name`` was listed in (the home region's if not yet)."""
        return self.regions[self.region_for(name)]

    @property
    def offline(self) -> bool:
        return self.home.offline

    def current_scope(self) -> Scope | None:
        """The home region's scope (the header's account)."""
        return self.home.current_scope()

    # -- list ---------------------------------------------------------------------------------
    def cached_summaries(
        self, filters: ListFilters | None = None, *, newest: int | None = None
    ) -> Fetched[list[dict[str, Any]]] | None:
        found = [f for f in (r.cached_summaries(filters, newest=newest) for r in self.regions.values()) if f]
        if not found:
            return None
        items = self._learn([s for f in found for s in f.value])
        return Fetched(items, min(f.fetched_at for f in found), from_cache=True,
                       partial=any(f.partial for f in found))

    def increments_from_cache(self, filters: ListFilters | None = None) -> bool:
        """Every region's cached list can be brought up to date with one incremental call."""
        return all(r.increments_from_cache(filters) for r in self.regions.values())

    def renew_cache(self) -> None:
        for repository in self.regions.values():
            repository.renew_cache()

    def list_all(self, filters: ListFilters | None = None) -> Iterator[list[dict[str, Any]]]:
        for repository in self.regions.values():
            for page in repository.list_all(filters):
                yield self._learn(page)

    def changes(
        self, since: datetime | None = None, filters: ListFilters | None = None, *, search: bool = True
    ) -> Changes:
        """Every region's change feed in turn. A region that fails does not stop the others (their
        changes are merged into their caches); its error is raised once they have run."""
        summaries: list[dict[str, Any]] = []
        calls = 0
        feeds: set[str] = set()
        search_error: AwsError | None = None
        failure: AwsError | None = None
        for repository in self.regions.values():
            try:
                found = repository.changes(since, filters, search=search)
            except AwsError as exc:
                failure = failure or exc
                continue
            summaries += found.summaries
            calls += found.calls
            feeds.add(found.feed)
            search_error = search_error or found.search_error
        if failure is not None:
            raise failure
        summaries = self._learn(summaries)
        feed = "list" if "list" in feeds else "search"
        return Changes(summaries, feed, calls, search_error=search_error)

    def enrichment(self, names: Iterable[str] | None = None) -> dict[str, Enrichment]:
        wanted = list(names) if names is not None else None
        result: dict[str, Enrichment] = {}
        for repository in self.regions.values():
            result.update(repository.enrichment(wanted))
        return result

    def job_tags(self) -> dict[str, Any]:
        """Every region's known tags (each region's Search records and cache)."""
        result: dict[str, Any] = {}
        for repository in self.regions.values():
            for name, tags in repository.job_tags().items():
                result.setdefault(name, tags)
        return result

    @property
    def last_list_fetched_at(self) -> datetime | None:
        times = [t for t in (r.last_list_fetched_at for r in self.regions.values()) if t is not None]
        return min(times) if times else None

    # -- one job: its own region ----------------------------------------------------------------
    def cached_describe(self, name: str) -> Fetched[dict[str, Any]] | None:
        return self.repository_for(name).cached_describe(name)

    def describe_action(self, name: str, *, force: bool = False) -> Action:
        return self.repository_for(name).describe_action(name, force=force)

    def describe(self, name: str, *, force: bool = False) -> Fetched[dict[str, Any]]:
        return self.repository_for(name).describe(name, force=force)


class RegionalMetrics(MetricsRepository):
    """Metrics of a job from its own region's CloudWatch (the region in its ARN)."""

    def __init__(self, jobs: MultiRegionRepository) -> None:
        home = metrics_repository_for(jobs.home)
        super().__init__(home.client, home.cache, scope=home.scope, clock=home.clock, warnings=home.warnings)
        self._jobs = jobs

    def _for(self, describe: Mapping[str, Any]) -> MetricsRepository:
        region = region_of(describe)
        repository = self._jobs.regions.get(region or "", self._jobs.home)
        return metrics_repository_for(repository)

    def cached(self, describe: Mapping[str, Any]) -> MetricsSnapshot | None:
        return self._for(describe).cached(describe)

    def load(self, describe: Mapping[str, Any], previous: MetricsSnapshot | None = None) -> MetricsSnapshot:
        return self._for(describe).load(describe, previous)


class RegionalLogs(LogRepository):
    """Logs of a job from its own region's CloudWatch Logs (the region that listed it)."""

    def __init__(self, jobs: MultiRegionRepository) -> None:
        home = logs_for(jobs.home)
        super().__init__(home.client, home.cache, scope=home.scope, clock=home.clock,
                         cache_warnings=home.cache_warnings)
        self._jobs_repository = jobs

    def _for(self, job: str) -> LogRepository:
        return logs_for(self._jobs_repository.repository_for(job))

    def streams(self, job: str) -> list[LogStream]:
        return self._for(job).streams(job)

    def cached(self, job: str, *, newest: int | None = None) -> LogUpdate:
        return self._for(job).cached(job, newest=newest)

    def is_complete(self, job: str) -> bool:
        return self._for(job).is_complete(job)

    def poll(self, job: str, *, finished: bool, discover: bool = True) -> LogUpdate:
        return self._for(job).poll(job, finished=finished, discover=discover)

    def tail(self, job: str, *, lines: int = 500) -> LogUpdate:
        return self._for(job).tail(job, lines=lines)

    def has_older(self, job: str) -> bool:
        return self._for(job).has_older(job)

    def older(self, job: str, *, lines: int = 500) -> LogUpdate:
        return self._for(job).older(job, lines=lines)

    def cached_beyond(
        self, job: str, *, before: int | None = None, after: int | None = None, limit: int
    ) -> LogUpdate:
        return self._for(job).cached_beyond(job, before=before, after=after, limit=limit)

    def whole(
        self,
        job: str,
        *,
        pause: Callable[[], None] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> LogUpdate:
        return self._for(job).whole(job, pause=pause, progress=progress)

    def filter(
        self, job: str, pattern: str, *, pause: Callable[[], None] | None = None
    ) -> Iterator[list[LogEvent]]:
        return self._for(job).filter(job, pattern, pause=pause)


class RegionalTuning(TuningRepository):
    """Every region's tuning jobs in one list; a tuning job read from the region that listed it.

    A region that fails to list (and has nothing cached) does not hide the others: the list is
    theirs, marked stale with that region's error, which the screen says; only when every region
    fails is the error raised."""

    def __init__(self, jobs: MultiRegionRepository) -> None:
        home = tuning_repository_for(jobs.home)
        super().__init__(home.client, home.cache, scope=home.scope, clock=home.clock, calls=home.calls)
        self._jobs = jobs
        self._lock = threading.Lock()
        self._where: dict[str, str] = {}  # tuning job name -> the region that listed it

    def _regional(self) -> dict[str, TuningRepository]:
        return {region: tuning_repository_for(r) for region, r in self._jobs.regions.items()}

    def _learn(self, region: str, summaries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The summaries whose name no region listed first (the first region named keeps it)."""
        kept = []
        with self._lock:
            for summary in summaries:
                name = summary.get("HyperParameterTuningJobName")
                if isinstance(name, str) and self._where.setdefault(name, region) != region:
                    continue
                kept.append(summary)
        return kept

    def _for(self, name: str) -> TuningRepository:
        with self._lock:
            region = self._where.get(name)
        regional = self._regional()
        if region is None:  # not listed this run: the region whose cache holds it, else home
            for repository in regional.values():
                if repository.cached_job(name) is not None:
                    return repository
            return regional[next(iter(regional))]
        return regional[region]

    def cached_list(self) -> Fetched[list[dict[str, Any]]] | None:
        found = [(region, r.cached_list()) for region, r in self._regional().items()]
        held = [(region, f) for region, f in found if f is not None]
        if not held:
            return None
        items = [s for region, f in held for s in self._learn(region, f.value)]
        return Fetched(items, min(f.fetched_at for _, f in held), from_cache=True)

    def fetch_list(self, *, describe_limit: int = DESCRIBE_LIMIT) -> Fetched[list[dict[str, Any]]]:
        items: list[dict[str, Any]] = []
        answers: list[Fetched[list[dict[str, Any]]]] = []
        failure: AwsError | None = None
        for region, repository in self._regional().items():
            try:
                fetched = repository.fetch_list(describe_limit=describe_limit)
            except AwsError as exc:
                failure = failure or exc
                continue
            answers.append(fetched)
            items += self._learn(region, fetched.value)
        if not answers and failure is not None:
            raise failure
        when = min(f.fetched_at for f in answers)
        stale = [f for f in answers if f.stale or f.error is not None]
        if failure is not None or stale:  # the regions that answered, and the first trouble said
            error = failure if failure is not None else stale[0].error
            cached = any(f.from_cache for f in answers)
            return Fetched(items, when, from_cache=cached, stale=True, error=error)
        return Fetched(items, when)

    def cached_describes(self) -> dict[str, dict[str, Any]]:
        result: dict[str, dict[str, Any]] = {}
        for repository in self._regional().values():
            for name, describe in repository.cached_describes().items():
                result.setdefault(name, describe)
        return result

    def cached_job(self, name: str) -> Fetched[TuningJobData] | None:
        return self._for(name).cached_job(name)

    def job(self, name: str, *, force: bool = False) -> Fetched[TuningJobData]:
        return self._for(name).job(name, force=force)


def several_regions(first: JobRepository, regions: list[str]) -> MultiRegionRepository:
    """``first`` (the first region's repository, as the launcher builds it) and one more repository
    per further region: the same options for another region, a client (and counter) of its own."""
    from dataclasses import replace

    from tui.aws.client import build_client

    options = first.options
    repositories = {regions[0]: first}
    for region in regions[1:]:
        regional = replace(options, region=region) if options is not None else None
        client = None if first.client is None or regional is None else build_client(regional, lazy=True)
        repository = JobRepository(client=client, cache=first.cache, clock=first.clock,
                                   intervals=first.intervals, options=regional)
        # One list of cache warnings for the app to show (the store's opening ones are in it).
        repository.cache_warnings = first.cache_warnings
        repositories[region] = repository
    return MultiRegionRepository(repositories)
