"""Describes, tags and Search results for the compare screen and the --where list (no network)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Any

from tests.conftest import FIXED_NOW
from tests.screens.fakes import FakeRepository, Summary, summary
from tui.aws.errors import OfflineError
from tui.repository import CompareRecords


def job_describe(name: str, index: int = 0, *, hyperparameters: int = 6, **over: Any) -> dict[str, Any]:
    """A complete DescribeTrainingJob response; ``index`` varies a few fields between jobs."""
    created = FIXED_NOW - timedelta(hours=10 - index)
    params = {f"param_{k:03d}": str(k) for k in range(hyperparameters)}
    params.update({"learning_rate": ("0.001", "0.003", "0.01")[index % 3], "epochs": "10"})
    raw: dict[str, Any] = {
        "TrainingJobName": name,
        "TrainingJobArn": f"arn:aws:sagemaker:us-east-1:123456789012:training-job/{name}",
        "TrainingJobStatus": "Failed" if index == 1 else "Completed",
        "SecondaryStatus": "Failed" if index == 1 else "Completed",
        "CreationTime": created,
        "TrainingStartTime": created + timedelta(minutes=4),
        "TrainingEndTime": created + timedelta(minutes=64 + index),
        "LastModifiedTime": created + timedelta(minutes=65 + index),
        "TrainingTimeInSeconds": 3600 + 60 * index,
        "BillableTimeInSeconds": 1200 + 60 * index,
        "EnableManagedSpotTraining": True,
        "HyperParameters": params,
        "AlgorithmSpecification": {
            "TrainingImage": "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3-gpu-py311",
            "TrainingInputMode": "File",
        },
        "ResourceConfig": {
            "InstanceType": "ml.g5.2xlarge", "InstanceCount": 1 + index % 2, "VolumeSizeInGB": 100
        },
        "InputDataConfig": [
            {"ChannelName": "train", "DataSource": {"S3DataSource": {
                "S3Uri": f"s3://ml-datasets-team-vision/imagenet/2026-11/shard-{index:02d}/train/"}}},
            {"ChannelName": "validation", "InputMode": "FastFile",
             "DataSource": {"S3DataSource": {"S3Uri": "s3://ml-datasets-team-vision/imagenet/validation/"}}},
        ],
        "StoppingCondition": {"MaxRuntimeInSeconds": 86400, "MaxWaitTimeInSeconds": 172800},
        "OutputDataConfig": {"S3OutputPath": "s3://ml-artifacts/vision/"},
        "FinalMetricDataList": [
            {"MetricName": "validation:accuracy", "Value": 0.9 + index / 100, "Timestamp": created},
            {"MetricName": "train:loss", "Value": 0.25, "Timestamp": created},
        ],
    }
    if index == 1:
        raw["FailureReason"] = "AlgorithmError: CUDA out of memory. Tried to allocate 2.00 GiB"
    raw.update(over)
    return raw


class CompareRepository(FakeRepository):
    """FakeRepository plus compare_records and search_where."""

    def __init__(
        self,
        full: Any = None,
        *,
        describes: dict[str, dict[str, Any]] | None = None,
        tags: dict[str, Any] | None = None,
        where_results: list[list[Summary]] | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(full, **kw)
        self.describes = describes or {}
        self.tags = tags
        self.where_results = where_results or [[]]

    def compare_records(self, names: Sequence[str]) -> CompareRecords:
        self.calls.append(("compare_records", tuple(names)))
        if self.offline and any(n not in self.describes for n in names):
            raise OfflineError("Offline: not cached.")
        return CompareRecords([self.describes[n] for n in names], self.tags)

    def search_where(self, expression: dict[str, Any]) -> Iterator[list[dict[str, Any]]]:
        self.calls.append(("search_where", expression))
        result = self._next(self.where_results)
        for start in range(0, max(1, len(result)), 100):
            yield [dict(s) for s in result[start : start + 100]]


def series() -> list[Summary]:
    return [
        summary("vision-resnet-0003", age=1 * 3600),
        summary("vision-resnet-0002", "Failed", age=2 * 3600, ran=None),
        summary("nlp-bert-0001", age=3 * 3600),
        summary("vision-resnet-0001", age=4 * 3600),
    ]
