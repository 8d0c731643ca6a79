"""The comparison of jobs: rows, which differ, the only-differences default, name prefixes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from tui.models.compare import (
    EQUAL_ROWS_THRESHOLD,
    CompareRow,
    Comparison,
    compare,
    elide_middle,
    name_prefix,
    previous_in_series,
    tags_map,
)

NOW = datetime(2026, 12, 5, 12, 0, 0, tzinfo=timezone.utc)


def describe(name: str, **over: Any) -> dict[str, Any]:
    created = NOW - timedelta(hours=3)
    raw: dict[str, Any] = {
        "TrainingJobName": name,
        "TrainingJobStatus": "Completed",
        "SecondaryStatus": "Completed",
        "CreationTime": created,
        "TrainingStartTime": created + timedelta(minutes=5),
        "TrainingEndTime": created + timedelta(hours=1),
        "LastModifiedTime": created + timedelta(hours=1),
        "TrainingTimeInSeconds": 3300,
        "BillableTimeInSeconds": 1100,
        "EnableManagedSpotTraining": True,
        "HyperParameters": {"lr": "0.001", "epochs": "10"},
        "AlgorithmSpecification": {"TrainingImage": "img:1", "TrainingInputMode": "File"},
        "ResourceConfig": {"InstanceType": "ml.g5.2xlarge", "InstanceCount": 2, "VolumeSizeInGB": 50},
        "InputDataConfig": [
            {"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri": "s3://b/train"}}},
            {"ChannelName": "eval", "InputMode": "Pipe",
             "DataSource": {"S3DataSource": {"S3Uri": "s3://b/eval"}}},
        ],
        "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
        "OutputDataConfig": {"S3OutputPath": "s3://b/out"},
        "FinalMetricDataList": [{"MetricName": "loss", "Value": 0.25, "Timestamp": created}],
    }
    raw.update(over)
    return raw


def row(comparison: Any, label: str) -> Any:
    return next(r for r in comparison.rows if r.label == label)


def test_rows_cover_every_compared_field_from_the_derived_figures() -> None:
    c = compare([describe("a-1"), describe("a-2")], NOW)
    labels = [r.label for r in c.rows]
    for wanted in ("Status", "Duration", "Training time", "Billable time", "Billable compute",
                   "Spot savings", "Instance type", "Instance count", "Image or algorithm", "lr", "epochs",
                   "train URI", "train mode", "eval URI", "eval mode", "Max runtime", "Output path", "loss"):
        assert wanted in labels
    assert row(c, "Billable compute").values[0] == "36m40s"  # 1,100 s x 2 instances
    assert row(c, "Spot savings").values[0] == "67%"  # 1 - 1100/3300
    assert row(c, "train mode").values[0] == "File"  # the algorithm's mode
    assert row(c, "eval mode").values[0] == "Pipe"  # the channel's own mode wins
    assert row(c, "Duration").values[0] == "1h00m"
    assert c.names == ("a-1", "a-2")
    assert not c.differing  # identical jobs (names are columns, not rows)


def test_differences_include_set_on_one_job_only() -> None:
    c = compare(
        [describe("a-1"), describe("a-2", HyperParameters={"lr": "0.01", "epochs": "10", "extra": "1"})], NOW
    )
    assert [r.label for r in c.differing] == ["extra", "lr"]  # hyperparameters sorted by name
    assert row(c, "extra").values == ("-", "1")
    assert not row(c, "epochs").differs


def test_tags_rows_unknown_tags_and_no_tags() -> None:
    c = compare([describe("a-1"), describe("a-2"), describe("a-3")], NOW,
                tags=[[{"Key": "team", "Value": "vision"}], {"team": "nlp"}, None])
    assert row(c, "team").values == ("vision", "nlp", "?")
    assert row(c, "team").section == "Tags"
    assert all(r.section != "Tags" for r in compare([describe("a"), describe("b")], NOW).rows)
    assert tags_map([{"Key": "k", "Value": "v"}, {"Value": "no key"}, "junk"]) == {"k": "v"}


def test_only_differences_default_past_twenty_equal_rows() -> None:
    def made(equal: int) -> Comparison:
        rows = [CompareRow("S", f"e{i}", ("1", "1")) for i in range(equal)]
        return Comparison(("a", "b"), (*rows, CompareRow("S", "d", ("1", "2"))))

    assert not made(EQUAL_ROWS_THRESHOLD).only_differences_by_default
    assert made(EQUAL_ROWS_THRESHOLD + 1).only_differences_by_default
    # The fixed rows alone are more than 20: two similar jobs open on their differences.
    assert compare([describe("a"), describe("b")], NOW).only_differences_by_default
    params = {f"p{i:03d}": str(i) for i in range(30)}
    other = {**params, "p000": "x"}
    many = compare([describe("a", HyperParameters=params), describe("b", HyperParameters=other)], NOW)
    assert many.only_differences_by_default
    assert [r.label for r in many.shown(True)] == ["p000"]
    assert len(many.shown(False)) == len(many.rows)


def test_missing_and_odd_fields_never_raise() -> None:
    c = compare([{"TrainingJobName": "x"}, {"HyperParameters": "not a map", "ResourceConfig": []}], NOW)
    assert c.names == ("x", "job #2")
    assert row(c, "Instance type").values == ("-", "-")


def test_eight_jobs_of_three_hundred_hyperparameters() -> None:
    def params(i: int) -> dict[str, str]:
        return {f"h{k}": str(k * (i if k % 50 == 0 else 1)) for k in range(300)}

    jobs = [describe(f"j-{i}", HyperParameters=params(i)) for i in range(8)]
    c = compare(jobs, NOW)
    assert len([r for r in c.rows if r.section == "Hyperparameters"]) == 300
    assert len([r for r in c.differing if r.section == "Hyperparameters"]) == 5  # h50..h250 (h0 is 0 for all)


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        ("bert-base-2026-11-26-14-02-33-123", "bert-base"),
        ("xgb-churn-0042", "xgb-churn"),
        ("xgb_churn_7", "xgb_churn"),
        ("model.v.3", "model.v"),
        ("resnet50", "resnet50"),
        ("resnet50-v2", "resnet50-v2"),
        ("2026-11-26", "2026-11-26"),
        ("pytorch-training-2026-11-26-14-02-33-123", "pytorch-training"),
    ],
)
def test_name_prefix(name: str, prefix: str) -> None:
    assert name_prefix(name) == prefix


def test_previous_in_series() -> None:
    jobs = [
        ("bert-1", 100.0),
        ("bert-2", 200.0),
        ("bert-3", 300.0),
        ("gpt-4", 250.0),
        ("bertx-1", 290.0),
    ]
    assert previous_in_series("bert-3", jobs) == "bert-2"
    assert previous_in_series("bert-2", jobs) == "bert-1"
    assert previous_in_series("bert-1", jobs) is None
    assert previous_in_series("gpt-4", jobs) is None
    assert previous_in_series("unknown-1", jobs) is None
    # Same creation time: the name decides, so the answer does not depend on the order given.
    assert previous_in_series("run-b", [("run-b", 5.0), ("run-a", 5.0)]) is None  # no separator+digits
    assert previous_in_series("run-2", [("run-2", 5.0), ("run-1", 5.0)]) == "run-1"


def test_elide_middle() -> None:
    assert elide_middle("s3://bucket/a/very/long/key/file.csv", 15) == "s3://bu…ile.csv"
    assert len(elide_middle("x" * 100, 15)) == 15
    assert elide_middle("short", 15) == "short"
    assert elide_middle("abc", 1) == "…"
    assert elide_middle("abc", 0) == ""
    assert elide_middle("abcd", 2) == "a…"
