"""The one door to a job's metric series: the cache for finished jobs, CloudWatch otherwise.

Blocking: call it from a Textual worker or a headless command. What it costs:

* a finished job whose series are cached: no call, online or offline;
* a first look at a job: one GetMetricData call for every series (more only for a job longer
  than one call can answer, see :func:`tui.aws.metrics.get_series`);
* a running job: only the points since the last one (with a two-period overlap, as the newest
  minute is revised while its data arrives), no sooner than every 60 s (:meth:`due_in`), and
  nothing while the tab is not visible (the caller passes ``visible``).

CloudWatch failures (AccessDenied, throttling) raise typed errors for the caller to show; they
never touch the SageMaker side.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tui.aws.errors import OfflineError
from tui.aws.metrics import CloudWatchClient, get_metric_data
from tui.cache.scope import Scope
from tui.cache.store import CacheError
from tui.clock import Clock, SystemClock
from tui.log import logger
from tui.models.metric_columns import ColumnSeries
from tui.models.metrics import (
    GPU_METRICS,
    MAX_POINTS_PER_CALL,
    MAX_QUERIES_PER_CALL,
    PERIOD,
    SETTLE_AFTER_END,
    JobMetricsSpec,
    Point,
    SeriesKey,
    is_final,
    last_timestamp,
    merge,
    merge_all,
    next_fetch_in,
    per_gpu,
    period_for,
    plan_calls,
    series_keys,
)

log = logger(__name__)

#: New points are asked from this far before the newest one we have.
OVERLAP = timedelta(seconds=2 * PERIOD)


class MetricsOfflineError(OfflineError):
    """Offline, and the job's series are not cached."""


def fetch_series(
    client: CloudWatchClient,
    job: str,
    keys: list[SeriesKey],
    start: datetime,
    end: datetime,
    *,
    period: int = PERIOD,
    gpus_per_host: int = 0,
    max_points: int = MAX_POINTS_PER_CALL,
    max_queries: int = MAX_QUERIES_PER_CALL,
) -> dict[SeriesKey, list[Point]]:
    """Every series of ``keys`` between ``start`` and ``end``: one GetMetricData call per batch of up
    to 500 queries and per window one call can answer whole (:func:`plan_calls`); GPU series per GPU."""
    result: dict[SeriesKey, list[Point]] = {key: [] for key in keys}
    plan = plan_calls(job, keys, start, end, period=period, max_points=max_points, max_queries=max_queries)
    for call in plan:
        for qid, points in get_metric_data(client, call.queries, call.start, call.end).items():
            key = call.ids.get(qid)
            if key is not None:
                result[key] = merge(result[key], points)
    for key, points in result.items():
        if key.metric in GPU_METRICS and key.host:
            result[key] = per_gpu(points, gpus_per_host)
    return result


@dataclass(frozen=True)
class MetricsSnapshot:
    """A job's series as known now."""

    spec: JobMetricsSpec
    series: Mapping[SeriesKey, list[Point]]
    #: When the series were last brought up to date from CloudWatch (None = never).
    fetched_at: datetime | None
    from_cache: bool = False
    #: The series can never change again (a finished job, past the settling delay).
    final: bool = False

    @property
    def empty(self) -> bool:
        series = self.series
        if isinstance(series, ColumnSeries):
            return not any(len(series.columns(key)[0]) for key in series)
        return not any(series.values())


@dataclass
class MetricsRepository:
    """Cache + CloudWatch for metric series. ``client`` is None when offline."""

    client: CloudWatchClient | None
    #: A :class:`~tui.cache.store.CacheStore`, or None (``--no-cache``).
    cache: Any = None
    #: The cache scope of the jobs asked about (the job repository's current scope).
    scope: Callable[[], Scope | None] = lambda: None
    clock: Clock = field(default_factory=SystemClock)
    warnings: list[str] = field(default_factory=list)

    def cached(self, describe: Mapping[str, Any]) -> MetricsSnapshot | None:
        """The cached series of a finished job, without any call (None when not cached)."""
        scope = self.scope()
        if self.cache is None or scope is None:
            return None
        from tui.cache.metrics import get_metrics

        spec = JobMetricsSpec.from_describe(describe)
        try:
            found = get_metrics(self.cache, scope, spec.name)
        except CacheError as exc:
            self._warn(exc)
            return None
        if found is None:
            return None
        series, fetched_at = found
        keyed = ColumnSeries({SeriesKey(*key): columns for key, columns in series.items()})
        return MetricsSnapshot(spec, keyed, fetched_at, from_cache=True, final=True)

    def load(
        self, describe: Mapping[str, Any], previous: MetricsSnapshot | None = None
    ) -> MetricsSnapshot:
        """The job's series: from the cache when final, else fetched (only what is new since
        ``previous``). Raises :class:`MetricsOfflineError` or the data layer's typed errors."""
        spec = JobMetricsSpec.from_describe(describe)
        if previous is not None and previous.final:
            return previous
        cached = self.cached(describe) if previous is None else None
        if cached is not None:
            return cached
        if self.client is None:
            raise MetricsOfflineError(f"Offline: the metrics of {spec.name!r} are not cached.")
        now = self.clock.now()
        start, end = self._range(spec, now, previous)
        keys = series_keys(spec.metric_names, spec.hosts, instance=True)
        fetched: dict[SeriesKey, list[Point]] = {}
        if start is not None and end > start:
            fetched = fetch_series(
                self.client,
                spec.name,
                keys,
                start,
                end,
                period=period_for(start, now),
                gpus_per_host=spec.gpus_per_host,
            )
        old = previous.series if previous is not None else {}
        series = merge_all(old, fetched)
        for key in keys:
            series.setdefault(key, [])
        final = is_final(spec, now)
        snapshot = MetricsSnapshot(spec, series, now, final=final)
        if final:
            self._store(spec.name, series, now)
        return snapshot

    def due_in(self, snapshot: MetricsSnapshot | None, *, visible: bool) -> float | None:
        """Seconds until the next fetch (0 = now), None = no call (hidden tab, final series)."""
        return next_fetch_in(
            visible=visible,
            final=snapshot is not None and snapshot.final,
            last_fetch=snapshot.fetched_at if snapshot else None,
            now=self.clock.now(),
        )

    def _range(
        self, spec: JobMetricsSpec, now: datetime, previous: MetricsSnapshot | None
    ) -> tuple[datetime | None, datetime]:
        end = now if spec.end is None else min(now, spec.end + SETTLE_AFTER_END)
        start = spec.start
        if previous is not None:
            newest = last_timestamp(previous.series)
            if newest is not None:
                start = datetime.fromtimestamp(newest, tz=now.tzinfo) - OVERLAP
            elif previous.fetched_at is not None and start is not None:
                start = max(start, previous.fetched_at - OVERLAP)
        return start, end

    def _store(self, name: str, series: Mapping[SeriesKey, list[Point]], now: datetime) -> None:
        scope = self.scope()
        if self.cache is None or scope is None:
            return
        from tui.cache.metrics import put_metrics

        try:
            put_metrics(self.cache, scope, name, {(k.metric, k.host): v for k, v in series.items()}, now)
        except CacheError as exc:
            self._warn(exc)

    def _warn(self, exc: Exception) -> None:
        message = f"The cache failed ({exc}); carrying on without it."
        log.warning("%s", message)
        if message not in self.warnings:
            self.warnings.append(message)


def metrics_repository_for(jobs: Any, clock: Clock | None = None) -> MetricsRepository:
    """The metrics repository beside a :class:`~tui.repository.JobRepository` (one per job
    repository, made on first use): same connection options, same cache and scope, the CloudWatch
    client made lazily, none when offline."""
    existing = jobs.companions.get("metrics")
    if isinstance(existing, MetricsRepository):
        return existing
    from tui.aws.metrics import build_cloudwatch_client

    client = None
    if not jobs.offline and jobs.options is not None:
        client = build_cloudwatch_client(jobs.options, counter=jobs.counter)
    repository = MetricsRepository(
        client, jobs.cache, scope=jobs.current_scope, clock=clock or jobs.clock
    )
    jobs.companions["metrics"] = repository
    return repository


def objective_sparklines(jobs: Any, width: int, names: Any = None) -> dict[str, str]:
    """The list's OBJECTIVE column: a sparkline of each job's objective metric (its tuning objective
    or first MetricDefinition) for the jobs whose series are cached (of ``names``, if given). From
    the cache only: never a call, online or offline."""
    from tui.cache.metrics import cached_metric_jobs, get_metrics
    from tui.models.list_extras import objective_sparkline

    cache = jobs.cache
    scope = jobs.current_scope()
    if cache is None or scope is None:
        return {}
    try:
        cached = cached_metric_jobs(cache, scope)
    except CacheError:
        return {}
    wanted = cached if names is None else cached & set(names)
    lines: dict[str, str] = {}
    for name in wanted:
        describe = jobs.cached_describe(name)
        if describe is None:
            continue
        try:
            found = get_metrics(cache, scope, name)
        except CacheError:
            continue
        if found is not None:
            line = objective_sparkline(describe.value, found[0], width)
            if line:
                lines[name] = line
    return lines
