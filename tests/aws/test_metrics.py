"""GetMetricData through the real boto3 path: moto's CloudWatch for data, Stubber for errors."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from tui.aws.client import ConnectionOptions
from tui.aws.errors import ConfigError
from tui.aws.metrics import (
    CloudWatchClient,
    MetricsAccessDenied,
    MetricsThrottled,
    build_cloudwatch_client,
)
from tui.metrics_repository import fetch_series as get_series
from tui.models.metrics import NAMESPACE, SeriesKey, series_keys

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def cw_options(moto_options: ConnectionOptions) -> ConnectionOptions:
    return replace(moto_options, cloudwatch_endpoint_url=moto_options.endpoint_url)


def publish(raw: Any, name: str, dims: list[dict[str, str]], points: list[tuple[datetime, float]]) -> None:
    data = [
        {"MetricName": name, "Dimensions": dims, "Timestamp": t, "Value": v, "Unit": "None"}
        for t, v in points
    ]
    for i in range(0, len(data), 500):
        raw.put_metric_data(Namespace=NAMESPACE, MetricData=data[i : i + 500])


def test_client_is_lazy_and_uses_the_cloudwatch_endpoint(moto_options: ConnectionOptions) -> None:
    client = build_cloudwatch_client(cw_options(moto_options))
    assert not client.made
    assert client.raw.meta.endpoint_url == moto_options.endpoint_url
    assert client.raw.meta.service_model.service_name == "cloudwatch"


def test_endpoint_from_botocore_environment(
    moto_options: ConnectionOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--endpoint-url is SageMaker's alone; CloudWatch follows AWS_ENDPOINT_URL_CLOUDWATCH."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDWATCH", "http://127.0.0.1:9")
    client = build_cloudwatch_client(moto_options)
    assert client.raw.meta.endpoint_url == "http://127.0.0.1:9"


def test_bad_cloudwatch_endpoint_is_one_sentence(moto_options: ConnectionOptions) -> None:
    with pytest.raises(ConfigError, match="Invalid endpoint URL"):
        build_cloudwatch_client(replace(moto_options, cloudwatch_endpoint_url="ftp://x"))


def test_get_series_algorithm_and_instance_metrics(moto_options: ConnectionOptions) -> None:
    client = build_cloudwatch_client(cw_options(moto_options))
    job = "metrics-job"
    losses = [(T0 + timedelta(minutes=i), 2.0 - i * 0.1) for i in range(10)]
    publish(client.raw, "train:loss", [{"Name": "TrainingJobName", "Value": job}], losses)
    publish(client.raw, "GPUUtilization", [{"Name": "Host", "Value": f"{job}/algo-2"}],
            [(T0 + timedelta(minutes=i), 640.0) for i in range(5)])
    publish(client.raw, "train:loss", [{"Name": "TrainingJobName", "Value": "other"}], [(T0, 99.0)])
    keys = series_keys(["train:loss", "validation:loss"], ["algo-1", "algo-2"], instance=True)
    assert len(keys) == 2 + 5 * 2
    client.counter.reset()
    series = get_series(client, job, keys, T0, T0 + timedelta(hours=1), gpus_per_host=8)
    assert client.counter.count("GetMetricData") == 1  # every series in one call
    expected = [2.0 - i * 0.1 for i in range(10)]
    assert [v for _, v in series[SeriesKey("train:loss")]] == pytest.approx(expected)
    assert series[SeriesKey("train:loss")][0][0] == T0.timestamp()
    assert series[SeriesKey("validation:loss")] == []
    assert [v for _, v in series[SeriesKey("GPUUtilization", "algo-2")]] == [80.0] * 5  # per GPU
    assert series[SeriesKey("GPUUtilization", "algo-1")] == []


def test_long_ranges_and_many_series_are_split(moto_options: ConnectionOptions) -> None:
    client = build_cloudwatch_client(cw_options(moto_options))
    job = "long-job"
    publish(client.raw, "train:loss", [{"Name": "TrainingJobName", "Value": job}],
            [(T0 + timedelta(minutes=i), float(i)) for i in range(0, 300, 7)])
    keys = [SeriesKey("train:loss")] + [SeriesKey(f"m{i}") for i in range(4)]
    client.counter.reset()
    # 2 queries per call -> batches of 2, 2, 1 queries; at most 500 points per call -> windows of
    # 250 minutes (two for 5 hours) for the pairs, one of 500 minutes for the last query.
    series = get_series(client, job, keys, T0, T0 + timedelta(hours=5), max_points=500, max_queries=2)
    assert client.counter.count("GetMetricData") == 2 + 2 + 1
    assert [v for _, v in series[SeriesKey("train:loss")]] == [float(i) for i in range(0, 300, 7)]


def stubbed() -> tuple[CloudWatchClient, Stubber]:
    raw = boto3.client(
        "cloudwatch", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    return CloudWatchClient(factory=lambda: raw), Stubber(raw)


def test_next_token_is_followed() -> None:
    client, stub = stubbed()
    first = {"MetricDataResults": [{"Id": "m0", "Timestamps": [T0], "Values": [1.0]}], "NextToken": "t"}
    second = {"MetricDataResults": [{"Id": "m0", "Timestamps": [T0 + timedelta(minutes=1)], "Values": [2.0]}]}
    stub.add_response("get_metric_data", first)
    stub.add_response("get_metric_data", second)
    with stub:
        series = get_series(client, "j", [SeriesKey("train:loss")], T0, T0 + timedelta(minutes=5))
    assert series[SeriesKey("train:loss")] == [(T0.timestamp(), 1.0), (T0.timestamp() + 60, 2.0)]
    stub.assert_no_pending_responses()


@pytest.mark.parametrize(
    ("code", "status", "error", "words"),
    [
        ("AccessDenied", 403, MetricsAccessDenied, "cloudwatch:GetMetricData"),
        ("Throttling", 400, MetricsThrottled, "CloudWatch is throttling"),
    ],
)
def test_typed_errors(code: str, status: int, error: type[Exception], words: str) -> None:
    client, stub = stubbed()
    stub.add_client_error("get_metric_data", service_error_code=code, http_status_code=status)
    with stub, pytest.raises(error, match=words):
        get_series(client, "j", [SeriesKey("train:loss")], T0, T0 + timedelta(minutes=5))
