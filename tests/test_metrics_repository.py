"""The metrics repository against moto's CloudWatch: calls on first look, none for a cached
finished job (offline too), only new points for a running one, nothing while hidden."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tui.aws.client import ConnectionOptions
from tui.aws.metrics import build_cloudwatch_client
from tui.cache.scope import Scope
from tui.cache.store import CacheStore
from tui.clock import FixedClock
from tui.metrics_repository import MetricsOfflineError, MetricsRepository
from tui.models.metrics import NAMESPACE, SeriesKey

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
SCOPE = Scope("http://moto", "us-east-1", "123456789012")
LOSS = SeriesKey("train:loss")


def describe(status: str = "Completed", end: datetime | None = T0 + timedelta(hours=1)) -> dict[str, Any]:
    d: dict[str, Any] = {
        "TrainingJobName": "job",
        "TrainingJobStatus": status,
        "AlgorithmSpecification": {"MetricDefinitions": [{"Name": "train:loss", "Regex": "x"}]},
        "ResourceConfig": {"InstanceType": "ml.g5.12xlarge", "InstanceCount": 2},
        "CreationTime": T0,
        "TrainingStartTime": T0,
    }
    if end is not None:
        d["TrainingEndTime"] = end
    return d


def publish(raw: Any, minutes: range) -> None:
    raw.put_metric_data(
        Namespace=NAMESPACE,
        MetricData=[
            {
                "MetricName": "train:loss",
                "Dimensions": [{"Name": "TrainingJobName", "Value": "job"}],
                "Timestamp": T0 + timedelta(minutes=i),
                "Value": 10.0 - i * 0.1,
            }
            for i in minutes
        ],
    )


@pytest.fixture
def cw_options(moto_options: ConnectionOptions) -> ConnectionOptions:
    return replace(moto_options, cloudwatch_endpoint_url=moto_options.endpoint_url)


def test_a_finished_job_costs_one_call_then_none_offline_included(
    cw_options: ConnectionOptions, tmp_path: Path
) -> None:
    client = build_cloudwatch_client(cw_options)
    publish(client.raw, range(60))
    client.counter.reset()
    clock = FixedClock(T0 + timedelta(hours=2))
    with CacheStore(tmp_path / "c.sqlite3") as cache:
        repo = MetricsRepository(client, cache, scope=lambda: SCOPE, clock=clock)
        first = repo.load(describe())
        assert client.counter.count("GetMetricData") == 1
        assert first.final and len(first.series[LOSS]) == 60
        assert len(first.series) == 1 + 5 * 2  # the algorithm metric and 5 per host
        assert repo.due_in(first, visible=True) is None
        again = MetricsRepository(client, cache, scope=lambda: SCOPE, clock=clock).load(describe())
        assert client.counter.count("GetMetricData") == 1
        assert again.from_cache and again.series == first.series
        offline = MetricsRepository(None, cache, scope=lambda: SCOPE, clock=clock).load(describe())
        assert offline.series == first.series


def test_offline_without_cache_is_one_sentence() -> None:
    repo = MetricsRepository(None, None, clock=FixedClock(T0))
    with pytest.raises(MetricsOfflineError, match="not cached"):
        repo.load(describe())


def test_a_job_that_just_ended_is_not_cached_yet(cw_options: ConnectionOptions, tmp_path: Path) -> None:
    client = build_cloudwatch_client(cw_options)
    clock = FixedClock(T0 + timedelta(hours=1, minutes=1))
    with CacheStore(tmp_path / "c.sqlite3") as cache:
        repo = MetricsRepository(client, cache, scope=lambda: SCOPE, clock=clock)
        snapshot = repo.load(describe())
        assert not snapshot.final
        assert repo.cached(describe()) is None


def test_a_running_job_fetches_only_new_points_every_60_s_and_nothing_hidden(
    cw_options: ConnectionOptions,
) -> None:
    client = build_cloudwatch_client(cw_options)
    publish(client.raw, range(10))
    clock = FixedClock(T0 + timedelta(minutes=10))
    repo = MetricsRepository(client, None, clock=clock)
    running = describe("InProgress", end=None)
    assert repo.due_in(None, visible=True) == 0.0
    assert repo.due_in(None, visible=False) is None
    first = repo.load(running)
    assert len(first.series[LOSS]) == 10 and not first.final
    clock.advance(30)
    assert repo.due_in(first, visible=True) == 30.0
    publish(client.raw, range(10, 12))
    clock.advance(30)
    assert repo.due_in(first, visible=True) == 0.0
    client.counter.reset()
    second = repo.load(running, previous=first)
    assert client.counter.count("GetMetricData") == 1
    # Now is minute 11: its bucket is still open (EndTime is exclusive), minute 10 is new.
    expected = [(T0 + timedelta(minutes=i)).timestamp() for i in range(11)]
    assert [t for t, _ in second.series[LOSS]] == expected


def test_the_incremental_range_starts_just_before_the_newest_point(cw_options: ConnectionOptions) -> None:
    client = build_cloudwatch_client(cw_options)
    publish(client.raw, range(10))
    clock = FixedClock(T0 + timedelta(minutes=10))
    repo = MetricsRepository(client, None, clock=clock)
    first = repo.load(describe("InProgress", end=None))
    seen: list[Any] = []
    client.raw.meta.events.register("provide-client-params.monitoring.GetMetricData",
                                    lambda params, **_: seen.append(params["StartTime"]))
    clock.advance(60)
    repo.load(describe("InProgress", end=None), previous=first)
    assert seen == [T0 + timedelta(minutes=9) - timedelta(minutes=2)]
