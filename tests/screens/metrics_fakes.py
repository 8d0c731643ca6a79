"""A metrics repository for the Metrics tab's tests: series from the demo generator (what the demo
fleet publishes), or a chosen error, with no CloudWatch at all."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tui.aws.errors import AwsError
from tui.clock import FixedClock
from tui.demo.metrics import job_points
from tui.metrics_repository import MetricsRepository, MetricsSnapshot
from tui.models.metrics import GPU_METRICS, JobMetricsSpec, SeriesKey, per_gpu, series_keys


def demo_snapshot(describe: Mapping[str, Any], now: datetime, role: str = "maximal") -> MetricsSnapshot:
    spec = JobMetricsSpec.from_describe(describe)
    series: dict[SeriesKey, list[tuple[float, float]]] = {
        key: [] for key in series_keys(spec.metric_names, spec.hosts, instance=True)
    }
    for (metric, dim, value), points in job_points(describe, now, role).items():
        key = SeriesKey(metric, value.rsplit("/", 1)[1] if dim == "Host" else "")
        epoch = [(t.timestamp(), v) for t, v in points]
        series[key] = per_gpu(epoch, spec.gpus_per_host) if metric in GPU_METRICS else epoch
    return MetricsSnapshot(spec, series, now, final=not spec.running)


def install_metrics(jobs: Any, metrics: MetricsRepository) -> None:
    """Make ``metrics`` the job repository's metrics repository: the companion
    :func:`tui.metrics_repository.metrics_repository_for` builds on first use."""
    jobs.companions["metrics"] = metrics


class FakeMetrics(MetricsRepository):
    """``mode``: "demo" (the demo curves), "empty" (no points yet) or an AwsError to raise."""

    def __init__(self, clock: FixedClock, mode: str | AwsError = "demo", role: str = "maximal") -> None:
        super().__init__(None, None, clock=clock)
        self.mode = mode
        self.role = role
        self.loads = 0

    def cached(self, describe: Mapping[str, Any]) -> MetricsSnapshot | None:
        return None

    def load(self, describe: Mapping[str, Any], previous: MetricsSnapshot | None = None) -> MetricsSnapshot:
        self.loads += 1
        if isinstance(self.mode, AwsError):
            raise self.mode
        now = self.clock.now()
        if self.mode == "empty":
            spec = JobMetricsSpec.from_describe(describe)
            keys = series_keys(spec.metric_names, spec.hosts, instance=True)
            return MetricsSnapshot(spec, {k: [] for k in keys}, now)
        return demo_snapshot(describe, now, self.role)
