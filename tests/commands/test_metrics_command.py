"""``sagemaker-tui metrics`` against moto's SageMaker and CloudWatch: goldens per output format,
the SDK's TrainingJobAnalytics data for algorithm metrics, the cache, and bad input.

Regenerate the goldens with ``UPDATE_GOLDEN=1`` (then read the diff).
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest

from tests.aws.helpers import backend_job, create_job
from tests.commands.clirun import GOLDEN, endpoint_args, ours
from tests.conftest import TEST_REGION
from tui.clock import FixedClock
from tui.demo.server import update_job
from tui.models.metrics import NAMESPACE

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
JOB = "metrics-golden"
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def make_job(url: str) -> None:
    kw: dict[str, Any] = {
        "region_name": TEST_REGION,
        "endpoint_url": url,
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",
    }
    create_job(boto3.client("sagemaker", **kw), JOB)
    update_job(
        backend_job(JOB, TEST_REGION),
        {
            "AlgorithmSpecification": {
                "TrainingImage": "img",
                "TrainingInputMode": "File",
                "MetricDefinitions": [
                    {"Name": "train:loss", "Regex": "loss=(\\S+)"},
                    {"Name": "validation:loss", "Regex": "val_loss=(\\S+)"},
                ],
            },
            "ResourceConfig": {"InstanceType": "ml.g5.12xlarge", "InstanceCount": 2, "VolumeSizeInGB": 30},
            "TrainingJobStatus": "Completed",
            "CreationTime": T0 - timedelta(minutes=5),
            "TrainingStartTime": T0,
            "TrainingEndTime": T0 + timedelta(minutes=5),
        },
    )
    cw = boto3.client("cloudwatch", **kw)
    data = []

    def add(name: str, dim: tuple[str, str], at: datetime, value: float) -> None:
        dims = [{"Name": dim[0], "Value": dim[1]}]
        data.append({"MetricName": name, "Dimensions": dims, "Timestamp": at, "Value": value})

    for i in range(5):
        at = T0 + timedelta(minutes=i)
        add("train:loss", ("TrainingJobName", JOB), at, 2.0 / (i + 1))
        if i % 2:
            add("validation:loss", ("TrainingJobName", JOB), at, 1.5 - i / 10)
        for host, gpu in (("algo-1", 360.0), ("algo-2", 4.0)):
            add("GPUUtilization", ("Host", f"{JOB}/{host}"), at, gpu)
            add("CPUUtilization", ("Host", f"{JOB}/{host}"), at, 50.0 + i)
    cw.put_metric_data(Namespace=NAMESPACE, MetricData=data)


@pytest.fixture
def job(moto_url: str, cli_env: None, monkeypatch: pytest.MonkeyPatch) -> str:
    # A day after the job: CloudWatch still keeps its 60 s points.
    monkeypatch.setattr("tui.commands.metrics.CLOCK", FixedClock(T0 + timedelta(days=1)))
    make_job(moto_url)
    return moto_url


def args(url: str, *extra: str) -> list[str]:
    return [
        "--training-job-name", JOB, "--endpoint-url", url, "--cloudwatch-endpoint-url", url,
        "--region", TEST_REGION, *extra,
    ]


CASES = {
    "algorithm.csv": (),
    "algorithm.json": ("--output", "json"),
    "instance-algo-2.table": ("--instance-metrics", "--host", "algo-2", "--output", "table"),
    "gpu-only.csv": ("--metric", "GPUUtilization"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_output_matches_the_golden(job: str, case: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = ours("metrics", capsys, *args(job, "--no-cache", *CASES[case]))
    assert result.code == 0, result.err
    path = GOLDEN / "metrics" / case
    if UPDATE:
        path.write_text(result.out, encoding="utf-8")
    assert result.out == path.read_text(encoding="utf-8")


def test_algorithm_metrics_are_the_sdk_analytics_points(job: str, capsys: pytest.CaptureFixture[str]) -> None:
    """TrainingJobAnalytics asks GetMetricStatistics for 60 s Averages over the training time."""
    cw = boto3.client("cloudwatch", region_name=TEST_REGION, endpoint_url=job)
    expected = []
    for name in ("train:loss", "validation:loss"):
        answer = cw.get_metric_statistics(
            Namespace=NAMESPACE, MetricName=name, Dimensions=[{"Name": "TrainingJobName", "Value": JOB}],
            StartTime=T0, EndTime=T0 + timedelta(minutes=6), Period=60, Statistics=["Average"],
        )
        points = sorted(answer["Datapoints"], key=lambda p: p["Timestamp"])
        expected += [
            (p["Timestamp"].astimezone(timezone.utc).isoformat(), name, p["Average"]) for p in points
        ]
    result = ours("metrics", capsys, *args(job, "--no-cache", "--output", "json"))
    import json

    got = [(r["timestamp"], r["metric"], r["value"]) for r in json.loads(result.out)]
    assert got == expected and len(got) == 7


def test_a_finished_job_is_answered_from_the_cache_then_offline(
    job: str, capsys: pytest.CaptureFixture[str]
) -> None:
    first = ours("metrics", capsys, *args(job, "--instance-metrics"))
    assert first.code == 0, first.err
    offline = ours("metrics", capsys, *args(job, "--instance-metrics", "--offline"))
    assert offline.code == 0, offline.err
    assert offline.out == first.out and "GPUUtilization" in offline.out


def test_offline_without_a_cached_copy_fails_in_one_line(
    job: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = ours("metrics", capsys, *args(job, "--offline"))
    assert result.code == 1
    assert result.err.count("\n") == 1


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (("--metric", "nope"), "the job has no metric 'nope'"),
        (("--host", "algo-9"), "the job has no host 'algo-9'"),
        (("--host", "x\x1b[31m"), "--host must look like algo-1"),
        (("--output", "yaml"), "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_252(
    job: str, capsys: pytest.CaptureFixture[str], extra: tuple[str, ...], words: str
) -> None:
    result = ours("metrics", capsys, *args(job, "--no-cache", *extra))
    assert result.code == 252
    assert words in result.err and result.err.count("\n") == 1 and "\x1b" not in result.err


def test_missing_name_is_a_usage_error(capsys: pytest.CaptureFixture[str], cli_env: None) -> None:
    result = ours("metrics", capsys)
    assert result.code == 252 and "--training-job-name" in result.err


@pytest.mark.parametrize("extra", [(), ("--instance-metrics", "--output", "table"), ("--output", "json")])
def test_a_finished_job_s_cached_series_import_no_boto3(
    job: str, capsys: pytest.CaptureFixture[str], tmp_path: Any, extra: tuple[str, ...]
) -> None:
    from tests.commands.test_cache_hit_imports import run_fresh

    first = ours("metrics", capsys, *args(job, *extra))  # fetched and, the job being finished, cached
    assert first.code == 0 and first.err == "" and first.out
    report, out = run_fresh(tmp_path, "metrics", *args(job, *extra))
    assert report == {"code": 0, "heavy": []}
    assert out == first.out


def test_series_not_yet_cached_are_fetched(
    job: str, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    """The check can fail: with the describe cached but no series, CloudWatch is asked (boto3)."""
    from tests.commands.test_cache_hit_imports import run_fresh

    assert ours("describe", capsys, "--training-job-name", JOB, *endpoint_args(job)).code == 0
    report, _ = run_fresh(tmp_path, "metrics", *args(job))
    assert "boto3" in report["heavy"]  # type: ignore[operator]
