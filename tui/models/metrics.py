"""Training-job metric series: pure maths, no I/O, no textual.

A series is a list of ``(epoch seconds, value)`` points sorted by time. Algorithm metrics (the
names in the job's MetricDefinitions) have no host; instance metrics have one series per host
(``algo-1`` …). CloudWatch publishes both at 60 s resolution in the namespace
``/aws/sagemaker/TrainingJobs``.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import Any, NamedTuple

NAMESPACE = "/aws/sagemaker/TrainingJobs"
#: CloudWatch's resolution for SageMaker's metrics: polling faster than this is waste.
PERIOD = 60
#: What one GetMetricData call may return, and how many queries it may carry.
MAX_POINTS_PER_CALL = 100_800
MAX_QUERIES_PER_CALL = 500
INSTANCE_METRICS = (
    "CPUUtilization",
    "MemoryUtilization",
    "DiskUtilization",
    "GPUUtilization",
    "GPUMemoryUtilization",
)
#: Summed over the host's GPUs by SageMaker (0-100 x GPU count): shown per GPU.
GPU_METRICS = frozenset({"GPUUtilization", "GPUMemoryUtilization"})

#: GPUs per instance, by family and size (the ml.* instance types that have GPUs).
_GPU_FAMILIES: dict[str, dict[str, int]] = {
    "p2": {"xlarge": 1, "8xlarge": 8, "16xlarge": 16},
    "p3": {"2xlarge": 1, "8xlarge": 4, "16xlarge": 8},
    "p3dn": {"24xlarge": 8},
    "p4d": {"24xlarge": 8},
    "p4de": {"24xlarge": 8},
    "p5": {"48xlarge": 8},
    "p5e": {"48xlarge": 8},
    "p5en": {"48xlarge": 8},
    "p6-b200": {"48xlarge": 8},
    "g4dn": {"xlarge": 1, "2xlarge": 1, "4xlarge": 1, "8xlarge": 1, "16xlarge": 1, "12xlarge": 4},
    "g5": {
        "xlarge": 1, "2xlarge": 1, "4xlarge": 1, "8xlarge": 1, "16xlarge": 1,
        "12xlarge": 4, "24xlarge": 4, "48xlarge": 8,
    },
    "g6": {
        "xlarge": 1, "2xlarge": 1, "4xlarge": 1, "8xlarge": 1, "16xlarge": 1,
        "12xlarge": 4, "24xlarge": 4, "48xlarge": 8,
    },
    "g6e": {
        "xlarge": 1, "2xlarge": 1, "4xlarge": 1, "8xlarge": 1, "16xlarge": 1,
        "12xlarge": 4, "24xlarge": 4, "48xlarge": 8,
    },
}

Point = tuple[float, float]


def gpu_count(instance_type: str | None) -> int:
    """GPUs of an ``ml.*`` instance type; 0 for CPU-only, Trainium/Inferentia or unknown types."""
    if not instance_type:
        return 0
    parts = instance_type.split(".")
    if len(parts) != 3 or parts[0] != "ml":
        return 0
    return _GPU_FAMILIES.get(parts[1], {}).get(parts[2], 0)


def per_gpu(points: Sequence[Point], gpus: int) -> list[Point]:
    """A summed GPU series as a per-GPU percentage (unchanged when the GPU count is unknown)."""
    if gpus <= 1:
        return list(points)
    return [(t, v / gpus) for t, v in points]


# -- series keys and grouping ------------------------------------------------------------------
class SeriesKey(NamedTuple):
    """One series: a metric name and, for instance metrics, the host (``algo-1``). A tuple, so the
    cache (which knows no models) stores and returns plain ``(metric, host)`` pairs."""

    metric: str
    host: str = ""

    @property
    def label(self) -> str:
        return f"{self.metric} {self.host}".strip()


_SPLIT = re.compile(r"^(?P<prefix>train|training|validation|valid|val|test|eval)[:_\-./](?P<rest>.+)$", re.I)
_VALIDATION = {"validation", "valid", "val", "test", "eval"}


def metric_base(name: str) -> tuple[str, str]:
    """``("loss", "train")`` for ``train:loss``; ``(name, "")`` when there is no split prefix."""
    match = _SPLIT.match(name)
    if match is None:
        return name, ""
    prefix = match["prefix"].lower()
    return match["rest"], ("validation" if prefix in _VALIDATION else "train")


@dataclass(frozen=True)
class MetricGroup:
    """Metrics drawn on one chart: ``train:loss`` and ``validation:loss`` share ``loss``."""

    title: str
    names: tuple[str, ...]


def pair_metrics(names: Iterable[str]) -> list[MetricGroup]:
    """Group metric names by their base (train/validation variants together), first-seen order;
    within a group train comes before validation."""
    groups: dict[str, list[tuple[int, str]]] = {}
    order = {"train": 0, "": 1, "validation": 2}
    for name in names:
        base, split = metric_base(name)
        entries = groups.setdefault(base.lower(), [])
        if name not in (n for _, n in entries):
            entries.append((order[split], name))
    result = []
    for entries in groups.values():
        ordered = tuple(n for _, n in sorted(entries, key=lambda e: e[0]))
        title = metric_base(ordered[0])[0] if len(ordered) > 1 else ordered[0]
        result.append(MetricGroup(title, ordered))
    return result


# -- time ranges --------------------------------------------------------------------------------
class TimeRange(Enum):
    """What the Metrics tab shows: the whole job or its last stretch."""

    WHOLE = "whole job"
    HOUR = "last hour"
    TEN_MINUTES = "last 10 min"

    @property
    def seconds(self) -> float | None:
        return {TimeRange.WHOLE: None, TimeRange.HOUR: 3600.0, TimeRange.TEN_MINUTES: 600.0}[self]

    def next(self) -> TimeRange:
        members = list(TimeRange)
        return members[(members.index(self) + 1) % len(members)]


def window(points: Sequence[Point], span: TimeRange, end: float | None = None) -> list[Point]:
    """The points within the range ending at ``end`` (default: the last point)."""
    if span.seconds is None or not points:
        return list(points)
    last = points[-1][0] if end is None else end
    start = last - span.seconds
    return [p for p in points if p[0] >= start]


def period_for(start: datetime, now: datetime) -> int:
    """The period CloudWatch still keeps for data that old: 60 s up to 15 days, 5 min up to 63
    days, 1 hour after (asking 60 s of older data returns nothing)."""
    age = now - start
    if age <= timedelta(days=15):
        return PERIOD
    if age <= timedelta(days=63):
        return 300
    return 3600


def split_range(
    start: datetime,
    end: datetime,
    *,
    queries: int,
    period: int = PERIOD,
    max_points: int = MAX_POINTS_PER_CALL,
) -> list[tuple[datetime, datetime]]:
    """Cut ``[start, end)`` into windows one GetMetricData call can answer whole: ``queries``
    series of one point per ``period`` must stay within ``max_points``. Windows are aligned to the
    period so no point is counted twice."""
    if end <= start or queries <= 0:
        return []
    per_query = max(1, max_points // queries)
    step = timedelta(seconds=per_query * period)
    start = align(start, period)
    windows = []
    cursor = start
    while cursor < end:
        stop = min(cursor + step, end)
        windows.append((cursor, stop))
        cursor = stop
    return windows


def align(at: datetime, period: int) -> datetime:
    """``at`` rounded down to a multiple of ``period`` seconds (CloudWatch's bucket edges)."""
    epoch = at.timestamp()
    return datetime.fromtimestamp(epoch - epoch % period, tz=timezone.utc)


def batches(items: Sequence[Any], size: int = MAX_QUERIES_PER_CALL) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)] if items else []


def series_keys(metric_names: Sequence[str], hosts: Sequence[str], *, instance: bool) -> list[SeriesKey]:
    """Every series of a job: its algorithm metrics, then (``instance``) 5 instance metrics per host."""
    keys = [SeriesKey(name) for name in metric_names]
    if instance:
        keys += [SeriesKey(metric, host) for metric in INSTANCE_METRICS for host in hosts]
    return keys


def metric_query(job: str, key: SeriesKey, period: int = PERIOD) -> dict[str, Any]:
    """The GetMetricData MetricStat query for one series (without its Id)."""
    if key.host:
        dimensions = [{"Name": "Host", "Value": f"{job}/{key.host}"}]
    else:
        dimensions = [{"Name": "TrainingJobName", "Value": job}]
    return {
        "MetricStat": {
            "Metric": {"Namespace": NAMESPACE, "MetricName": key.metric, "Dimensions": dimensions},
            "Period": period,
            "Stat": "Average",
        },
        "ReturnData": True,
    }


@dataclass(frozen=True)
class PlannedCall:
    """One GetMetricData request set: its queries (Id -> series) and its time window."""

    ids: dict[str, SeriesKey]
    queries: list[dict[str, Any]]
    start: datetime
    end: datetime


def plan_calls(
    job: str,
    keys: Sequence[SeriesKey],
    start: datetime,
    end: datetime,
    *,
    period: int = PERIOD,
    max_points: int = MAX_POINTS_PER_CALL,
    max_queries: int = MAX_QUERIES_PER_CALL,
) -> list[PlannedCall]:
    """The calls that fetch every series of ``keys`` between ``start`` and ``end``: batches of up to
    500 queries, each over windows one call can answer whole (queries x points <= 100,800)."""
    calls = []
    for batch in batches(list(keys), max_queries):
        ids = {f"m{i}": key for i, key in enumerate(batch)}
        queries = [{"Id": qid, **metric_query(job, key, period)} for qid, key in ids.items()]
        for window_start, window_end in split_range(
            start, end, queries=len(queries), period=period, max_points=max_points
        ):
            calls.append(PlannedCall(ids, queries, window_start, window_end))
    return calls


# -- series maths -------------------------------------------------------------------------------
def merge(old: Sequence[Point], new: Iterable[Point]) -> list[Point]:
    """Points of both, sorted by time; where both have a timestamp, the new value wins (the last
    minute of a running job is revised as its data arrives)."""
    by_time = dict(old)
    for t, v in new:
        if math.isfinite(v):
            by_time[t] = v
    return sorted(by_time.items())


def merge_all(
    old: Mapping[SeriesKey, Sequence[Point]], new: Mapping[SeriesKey, Sequence[Point]]
) -> dict[SeriesKey, list[Point]]:
    keys = sorted(set(old) | set(new))
    return {k: merge(old.get(k, ()), new.get(k, ())) for k in keys}


def gaps(points: Sequence[Point], period: int = PERIOD) -> list[tuple[float, float]]:
    """Stretches with no data longer than two periods (a host that stopped reporting, a restart)."""
    result = []
    for (t0, _), (t1, _) in itertools.pairwise(points):
        if t1 - t0 > 2 * period:
            result.append((t0, t1))
    return result


def segments(points: Sequence[Point], period: int = PERIOD) -> list[list[Point]]:
    """The series cut at its gaps, so a chart does not draw a line across missing data."""
    out: list[list[Point]] = []
    for point in points:
        if out and point[0] - out[-1][-1][0] <= 2 * period:
            out[-1].append(point)
        else:
            out.append([point])
    return out


@dataclass(frozen=True)
class Stats:
    latest: float
    minimum: float
    maximum: float
    latest_at: float


def stats(points: Sequence[Point]) -> Stats | None:
    if not points:
        return None
    values = [v for _, v in points]
    return Stats(latest=values[-1], minimum=min(values), maximum=max(values), latest_at=points[-1][0])


def last_timestamp(series: Mapping[SeriesKey, Sequence[Point]]) -> float | None:
    """The newest point of any series (None when there is none)."""
    stamps = [points[-1][0] for points in series.values() if points]
    return max(stamps) if stamps else None


def format_value(value: float) -> str:
    """A short, stable rendering of a metric value (4 significant digits)."""
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude >= 1e6 or magnitude < 1e-3:
        return f"{value:.3e}"
    return f"{value:.4g}"


# -- the job's side -----------------------------------------------------------------------------
@dataclass(frozen=True)
class JobMetricsSpec:
    """What to ask CloudWatch for one job, read from its DescribeTrainingJob response."""

    name: str
    metric_names: tuple[str, ...]
    hosts: tuple[str, ...]
    gpus_per_host: int
    start: datetime | None
    end: datetime | None
    running: bool

    @classmethod
    def from_describe(cls, describe: Mapping[str, Any]) -> JobMetricsSpec:
        algorithm = describe.get("AlgorithmSpecification") or {}
        definitions = algorithm.get("MetricDefinitions") or []
        names = tuple(
            dict.fromkeys(
                d["Name"] for d in definitions if isinstance(d, dict) and isinstance(d.get("Name"), str)
            )
        )
        resources = describe.get("ResourceConfig") or {}
        groups = resources.get("InstanceGroups") or []
        if groups:
            count = sum(int(g.get("InstanceCount") or 0) for g in groups)
            types = [g.get("InstanceType") for g in groups]
            gpus = max((gpu_count(t) for t in types), default=0)
        else:
            count = int(resources.get("InstanceCount") or 1)
            gpus = gpu_count(resources.get("InstanceType"))
        status = describe.get("TrainingJobStatus")
        start = _utc(describe.get("TrainingStartTime")) or _utc(describe.get("CreationTime"))
        return cls(
            name=str(describe.get("TrainingJobName", "")),
            metric_names=names,
            hosts=tuple(f"algo-{i}" for i in range(1, max(count, 1) + 1)),
            gpus_per_host=gpus,
            start=start,
            end=_utc(describe.get("TrainingEndTime")),
            running=status in ("InProgress", "Stopping"),
        )


def _utc(value: Any) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


#: A finished job's metrics can still land in CloudWatch for a few minutes after it ends.
SETTLE_AFTER_END = timedelta(minutes=5)


def is_final(spec: JobMetricsSpec, fetched_at: datetime) -> bool:
    """Whether series fetched at ``fetched_at`` can never change again (safe to cache for ever)."""
    return not spec.running and spec.end is not None and fetched_at >= spec.end + SETTLE_AFTER_END


def next_fetch_in(
    *, visible: bool, final: bool, last_fetch: datetime | None, now: datetime, period: float = PERIOD
) -> float | None:
    """Seconds until the next GetMetricData call (0 = now); None = no call at all: the tab is not
    visible, or the series are final (a finished job, cached)."""
    if not visible or final:
        return None
    if last_fetch is None:
        return 0.0
    return max(0.0, period - (now - last_fetch).total_seconds())
