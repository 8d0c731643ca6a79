"""The demo fleet's metrics: the curves' shapes (pure) and serving them through moto's CloudWatch."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from tests.conftest import FIXED_NOW, reset_moto
from tui.aws.client import ConnectionOptions, build_client
from tui.aws.jobs import describe_training_job
from tui.aws.metrics import build_cloudwatch_client
from tui.clock import FixedClock
from tui.demo import MAXIMAL_JOB, attach_demo_fleet
from tui.demo.metrics import job_points
from tui.demo.server import DemoFleet
from tui.metrics_repository import MetricsRepository
from tui.models.metrics import SeriesKey, pair_metrics

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def describe(name: str = "demo-job", hours: float = 6, **over: Any) -> dict[str, Any]:
    d: dict[str, Any] = {
        "TrainingJobName": name,
        "TrainingJobStatus": "Completed",
        "AlgorithmSpecification": {
            "MetricDefinitions": [{"Name": "train_loss", "Regex": "a"}, {"Name": "eval_loss", "Regex": "b"}]
        },
        "ResourceConfig": {"InstanceType": "ml.p4d.24xlarge", "InstanceCount": 4},
        "TrainingStartTime": T0,
        "TrainingEndTime": T0 + timedelta(hours=hours),
    }
    d.update(over)
    return d


def values(series: Any, metric: str, dim: str, value: str) -> list[float]:
    return [v for _, v in series[(metric, dim, value)]]


def test_losses_fall_and_validation_is_every_five_minutes() -> None:
    series = job_points(describe(), T0 + timedelta(days=1))
    train = values(series, "train_loss", "TrainingJobName", "demo-job")
    assert len(train) == 6 * 60 + 1
    assert sum(train[-30:]) < sum(train[:30]) / 2
    assert len(values(series, "eval_loss", "TrainingJobName", "demo-job")) == 6 * 12 + 1


def test_the_failed_training_showcase_diverges() -> None:
    series = job_points(describe(), T0 + timedelta(days=1), role="failed-training")
    train = values(series, "train_loss", "TrainingJobName", "demo-job")
    assert max(train[-30:]) > 10 * min(train)


def test_the_maximal_showcase_overfits_and_has_a_stalled_host() -> None:
    series = job_points(describe(), T0 + timedelta(days=1), role="maximal")
    validation = values(series, "eval_loss", "TrainingJobName", "demo-job")
    assert validation[-1] > min(validation) * 1.3  # rises again after its minimum
    gpu = {
        h: values(series, "GPUUtilization", "Host", f"demo-job/algo-{h}")[-1] / 8  # summed over 8 GPUs
        for h in range(1, 5)
    }
    assert sorted(gpu.values())[0] < 10 < sorted(gpu.values())[1]
    assert all(v <= 800 for v in values(series, "GPUUtilization", "Host", "demo-job/algo-1"))


def test_a_long_job_fills_its_disk_and_a_running_job_grows() -> None:
    long = job_points(describe(hours=20), T0 + timedelta(days=1))
    disk = values(long, "DiskUtilization", "Host", "demo-job/algo-1")
    assert disk[0] < 25 and disk[-1] > 75
    running = describe(TrainingJobStatus="InProgress", TrainingEndTime=None)
    at_ten = job_points(running, T0 + timedelta(minutes=10))
    at_twenty = job_points(running, T0 + timedelta(minutes=20))
    key = ("train_loss", "TrainingJobName", "demo-job")
    assert len(at_ten[key]) == 11 and len(at_twenty[key]) == 21
    assert at_twenty[key][:11] == at_ten[key]  # same points, more of them
    assert job_points(running, T0 - timedelta(minutes=1)) == {}


def test_cpu_jobs_publish_no_gpu_metrics() -> None:
    series = job_points(describe(ResourceConfig={"InstanceType": "ml.m5.xlarge", "InstanceCount": 1}), T0)
    assert {k[0] for k in series} == {"train_loss", "eval_loss", "CPUUtilization", "MemoryUtilization",
                                      "DiskUtilization"}


@pytest.fixture
def fleet(moto_server: str) -> Iterator[DemoFleet]:
    reset_moto(moto_server)
    with attach_demo_fleet(moto_server, seed=11, now=FIXED_NOW, jobs=20) as loaded:
        yield loaded
    reset_moto(moto_server)


def test_the_maximal_job_serves_metrics_through_cloudwatch(fleet: DemoFleet) -> None:
    options = ConnectionOptions(
        region="us-east-1",
        endpoint_url=fleet.endpoint_url,
        max_attempts=1,
        list_min_interval=0.0,
        static_credentials=("demo", "demo"),
    )
    described = describe_training_job(build_client(options), MAXIMAL_JOB)
    cw = build_cloudwatch_client(replace(options, cloudwatch_endpoint_url=fleet.endpoint_url))
    snapshot = MetricsRepository(cw, None, clock=FixedClock(FIXED_NOW + timedelta(days=1))).load(described)
    assert cw.counter.count("GetMetricData") == 1
    names = snapshot.spec.metric_names
    assert len(names) >= 2 and any(len(g.names) == 2 for g in pair_metrics(names))
    for name in names:
        assert snapshot.series[SeriesKey(name)], name
    assert snapshot.series[SeriesKey("CPUUtilization", "algo-1")]
    # Served a second time from moto's store: the same points.
    again = MetricsRepository(cw, None, clock=FixedClock(FIXED_NOW + timedelta(days=1))).load(described)
    assert again.series == snapshot.series
