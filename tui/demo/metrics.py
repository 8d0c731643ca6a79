"""The demo fleet's CloudWatch metrics: believable curves, published into moto's CloudWatch.

:func:`job_points` is pure: a job's describe fields and a time give every point the job has
published by then (60 s apart from TrainingStartTime): losses that fall with noise, a validation
curve every 5 minutes, a diverging job (the failed-training showcase and a few others), an
overfitting one, GPU use per host with one stalled host on some multi-host jobs, a disk that fills
on long jobs. The same inputs always give the same points, so a running job's series grow as the
simulator moves its clock on.

Publishing everything at start-up would cost seconds, and moto answers GetMetricData in time
quadratic in the data it holds. So :func:`install` wraps the backend's ``get_metric_data``: the
first time a job is asked about (and at each call while it runs) its points up to now are put into
moto's store, and MetricStat queries on the SageMaker namespace are answered from an index of those
points (60 s Averages, as CloudWatch does); anything else goes to moto unchanged.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import random
import threading
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from tui.models.metrics import INSTANCE_METRICS, NAMESPACE, JobMetricsSpec, metric_base

Key = tuple[str, str, str]  # metric, dimension name, dimension value
Series = dict[Key, list[tuple[datetime, float]]]

VALIDATION_EVERY = 5  # minutes: one evaluation per "epoch"


def _rng(name: str, salt: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(f"{name}/{salt}".encode()).digest()[:8], "big"))


def traits(name: str, role: str, hosts: int, gpus: int, minutes: int) -> dict[str, Any]:
    """What kind of run this job is (decided from its name: stable across runs)."""
    r = _rng(name, "traits")
    diverging = role == "failed-training" or r.random() < 0.06
    overfitting = not diverging and (role == "maximal" or r.random() < 0.15)
    stalled = hosts >= 2 and gpus > 0 and (role == "maximal" or r.random() < 0.3)
    return {
        "diverging": diverging,
        "overfitting": overfitting,
        "stalled_host": (1 + r.randrange(1, hosts)) if stalled else 0,
        "disk_fills": minutes >= 12 * 60 or role == "max-runtime-exceeded",
        "scale": 0.5 + r.random() * 2.0,
        "tau": max(20.0, minutes / (2.0 + r.random() * 3.0)),
    }


def job_points(describe: Mapping[str, Any], now: datetime, role: str = "") -> Series:
    """Every point the job has published by ``now`` (none before TrainingStartTime)."""
    spec = JobMetricsSpec.from_describe(describe)
    if spec.start is None:
        return {}
    end = spec.end if spec.end is not None and spec.end < now else now
    minutes = int((end - spec.start).total_seconds() // 60)
    if minutes < 0 or (spec.start > now):
        return {}
    planned = minutes
    if spec.end is None:
        stopping = describe.get("StoppingCondition") or {}
        planned = max(minutes, int(stopping.get("MaxRuntimeInSeconds", 3600)) // 60 // 2)
    t = traits(spec.name, role, len(spec.hosts), spec.gpus_per_host, planned)
    out: Series = {}
    stamps = [spec.start + timedelta(minutes=i) for i in range(minutes + 1)]
    for metric in spec.metric_names:
        out[(metric, "TrainingJobName", spec.name)] = _algorithm(spec.name, metric, stamps, t)
    for metric in INSTANCE_METRICS:
        if metric.startswith("GPU") and spec.gpus_per_host == 0:
            continue
        for index, host in enumerate(spec.hosts, start=1):
            points = _instance(spec.name, metric, index, stamps, t, spec.gpus_per_host)
            out[(metric, "Host", f"{spec.name}/{host}")] = points
    return out


def _algorithm(
    name: str, metric: str, stamps: list[datetime], t: dict[str, Any]
) -> list[tuple[datetime, float]]:
    base, split = metric_base(metric)
    r = _rng(name, metric)
    lowered = base.lower()
    validation = split == "validation"
    points = []
    for i, at in enumerate(stamps):
        if validation and i % VALIDATION_EVERY:
            continue
        x = i / t["tau"]
        noise = r.gauss(0.0, 0.04 if not validation else 0.02)
        loss = t["scale"] * (math.exp(-x) + 0.15) * (1 + noise)
        if t["diverging"] and x > 0.8:
            loss *= math.exp(min(8.0, (x - 0.8) * 3.0))
        if validation:
            loss *= 1.1
            if t["overfitting"] and x > 1.0:
                loss += t["scale"] * 0.25 * (x - 1.0)
        if "acc" in lowered or "auc" in lowered or "f1" in lowered or "map" in lowered:
            value = max(0.0, min(1.0, 1.0 - loss / (t["scale"] * 1.3)))
        elif "learning_rate" in lowered or lowered == "lr":
            value = 3e-4 * max(0.05, 1.0 - i / max(1.0, 3 * t["tau"]))
        elif "loss" in lowered or "error" in lowered or "rmse" in lowered or "perplexity" in lowered:
            value = loss
        else:
            value = 100.0 * (1.0 + noise)
        points.append((at, value))
    return points


def _instance(
    name: str, metric: str, host: int, stamps: list[datetime], t: dict[str, Any], gpus: int
) -> list[tuple[datetime, float]]:
    r = _rng(name, f"{metric}/{host}")
    stall_at = len(stamps) // 3
    stalled = t["stalled_host"] == host
    points = []
    for i, at in enumerate(stamps):
        warmup = min(1.0, i / 5.0)
        if metric == "CPUUtilization":
            value = 35.0 + 25.0 * warmup + r.gauss(0, 4)
        elif metric == "MemoryUtilization":
            value = 20.0 + 40.0 * warmup + 5.0 * min(1.0, i / 600) + r.gauss(0, 1)
        elif metric == "DiskUtilization":
            fill = 0.9 * i / max(1, len(stamps)) if t["disk_fills"] else 0.0
            value = 18.0 + 70.0 * fill + r.gauss(0, 0.3)
        elif metric == "GPUUtilization":
            busy = 3.0 if stalled and i >= stall_at else 88.0 * warmup + r.gauss(0, 5)
            value = gpus * busy
        else:  # GPUMemoryUtilization
            used = 71.0 * warmup + r.gauss(0, 1)
            value = gpus * (used if not (stalled and i >= stall_at) else 71.0)
        points.append((at, max(0.0, min(100.0 * max(1, gpus), value))))
    return points


# -- serving through moto -------------------------------------------------------------------------
class DemoMetrics:
    """Publishes each job's points into moto's CloudWatch when first asked, and answers
    GetMetricData for them from an index (see the module docstring)."""

    def __init__(
        self,
        describe: Callable[[str], Mapping[str, Any] | None],
        roles: Mapping[str, str],
        now: Callable[[], datetime],
    ) -> None:
        self._describe = describe
        self._roles = dict(roles)
        self._now = now
        self._lock = threading.Lock()
        #: job -> (published up to, final)
        self._published: dict[str, tuple[datetime, bool]] = {}
        self._index: dict[Key, tuple[list[float], list[float]]] = {}

    def publish(self, backend: Any, job: str) -> None:
        """Put the job's points up to now into moto's store and the index (once when finished)."""
        with self._lock:
            known = self._published.get(job)
            if known is not None and known[1]:
                return
            describe = self._describe(job)
            if describe is None:
                return
            now = self._now()
            series = job_points(describe, now, self._roles.get(job, ""))
            since = known[0] if known else None
            from moto.cloudwatch.models import MetricDatum

            for (metric, dim, value), points in series.items():
                stamps, values = self._index.setdefault((metric, dim, value), ([], []))
                dims = [{"Name": dim, "Value": value}]
                for at, v in points:
                    if since is not None and at <= since:
                        continue
                    epoch = at.timestamp()
                    stamps.append(epoch)
                    values.append(v)
                    naive = at.astimezone(timezone.utc).replace(tzinfo=None)
                    backend.metric_data.append(MetricDatum(NAMESPACE, metric, v, dims, naive))
            last = max((p[-1][0] for p in series.values() if p), default=since or now)
            final = JobMetricsSpec.from_describe(describe).end is not None
            self._published[job] = (last, final)

    def answer(self, queries: list[dict[str, Any]], start: datetime, end: datetime) -> list[dict[str, Any]]:
        results = []
        lo_epoch = _epoch(start)
        hi_epoch = _epoch(end)
        for query in queries:
            stat = query["MetricStat"]
            metric = stat["Metric"]
            dims = metric.get("Dimensions") or [{}]
            key = (metric["MetricName"], dims[0].get("Name", ""), dims[0].get("Value", ""))
            period = int(stat["Period"])
            stamps, values = self._index.get(key, ([], []))
            lo = bisect.bisect_left(stamps, lo_epoch)
            hi = bisect.bisect_left(stamps, hi_epoch)
            buckets: dict[float, list[float]] = {}
            for i in range(lo, hi):
                bucket = lo_epoch + ((stamps[i] - lo_epoch) // period) * period
                buckets.setdefault(bucket, []).append(values[i])
            ordered = sorted(buckets)
            results.append(
                {
                    "id": query["Id"],
                    "label": query.get("Label") or f"{metric['MetricName']} {stat['Stat']}",
                    "values": [sum(buckets[b]) / len(buckets[b]) for b in ordered],
                    "timestamps": [datetime.fromtimestamp(b, tz=timezone.utc) for b in ordered],
                    "status_code": "Complete",
                }
            )
        return results


def _epoch(at: datetime) -> float:
    return (at if at.tzinfo else at.replace(tzinfo=timezone.utc)).timestamp()


def _job_of(query: Mapping[str, Any]) -> str | None:
    stat = query.get("MetricStat")
    if not stat or stat.get("Metric", {}).get("Namespace") != NAMESPACE:
        return None
    dims = stat["Metric"].get("Dimensions") or []
    if len(dims) != 1:
        return None
    name, value = dims[0].get("Name"), str(dims[0].get("Value", ""))
    if name == "TrainingJobName":
        return value
    if name == "Host" and "/" in value:
        return value.rsplit("/", 1)[0]
    return None


def install(backend: Any, metrics: DemoMetrics) -> None:
    """Wrap this CloudWatch backend instance's ``get_metric_data`` (a moto reset removes it)."""
    if getattr(backend, "_demo_metrics", None) is metrics:
        return
    original = backend.get_metric_data

    def get_metric_data(
        queries: list[dict[str, Any]],
        start_time: datetime,
        end_time: datetime,
        scan_by: str = "TimestampAscending",
    ) -> list[dict[str, Any]]:
        jobs = [_job_of(q) for q in queries]
        if not queries or any(j is None for j in jobs):
            return list(original(queries, start_time, end_time, scan_by))
        for job in dict.fromkeys(j for j in jobs if j):
            metrics.publish(backend, job)
        results = metrics.answer(queries, start_time, end_time)
        if scan_by == "TimestampDescending":
            for r in results:
                r["values"].reverse()
                r["timestamps"].reverse()
        return results

    backend.get_metric_data = get_metric_data
    backend._demo_metrics = metrics
