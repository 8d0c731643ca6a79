"""The demo fleet as the app sees it: loaded into moto, fetched through the real boto3 code path.

One fleet per module (loading 300 jobs and describing them all takes a few seconds); every
assertion is on what came back over the wire, not on the generator's own specs.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import FIXED_NOW, reset_moto
from tui.aws.client import ConnectionOptions, SageMakerClient, build_client
from tui.aws.jobs import ListFilters, describe_training_job, list_training_jobs
from tui.aws.shapes import describe_training_job_shape, list_training_jobs_shape, validate_shape
from tui.demo import FAILED_JOB, LONG_NAME, MAXIMAL_JOB, ROLES, attach_demo_fleet
from tui.demo.server import DemoFleet

pytestmark = pytest.mark.moto_server


def client_for(url: str) -> SageMakerClient:
    return build_client(
        ConnectionOptions(
            region="us-east-1",
            endpoint_url=url,
            max_attempts=1,
            list_min_interval=0.0,
            static_credentials=("demo", "demo"),
        )
    )


@pytest.fixture(scope="module")
def fleet(moto_server: str) -> Iterator[DemoFleet]:
    reset_moto(moto_server)
    with attach_demo_fleet(moto_server, seed=11, now=FIXED_NOW) as loaded:
        yield loaded
    reset_moto(moto_server)


@pytest.fixture(scope="module")
def client(fleet: DemoFleet) -> SageMakerClient:
    return client_for(fleet.endpoint_url)


@pytest.fixture(scope="module")
def described(fleet: DemoFleet, client: SageMakerClient) -> dict[str, dict[str, Any]]:
    with ThreadPoolExecutor(4) as pool:  # 300 calls: a few in flight halves the wait
        responses = pool.map(lambda name: describe_training_job(client, name), fleet.names)
        return dict(zip(fleet.names, responses, strict=True))


def values(described: dict[str, dict[str, Any]], path: str) -> set[Any]:
    """Every value at a dotted path across all responses; ``[]`` walks a list."""
    found: set[Any] = set()

    def walk(node: Any, parts: list[str]) -> None:
        if not parts:
            found.add(node if not isinstance(node, (dict, list)) else repr(node))
            return
        head, rest = parts[0], parts[1:]
        if head == "[]":
            for item in node if isinstance(node, list) else ():
                walk(item, rest)
        elif isinstance(node, dict) and head in node:
            walk(node[head], rest)

    for response in described.values():
        walk(response, path.split("."))
    return found


def test_every_served_job_parses_against_botocores_describe_shape(
    described: dict[str, dict[str, Any]],
) -> None:
    shape = describe_training_job_shape()
    problems = {name: validate_shape(r, shape) for name, r in described.items()}
    assert len(described) == 300
    assert {name: errs for name, errs in problems.items() if errs} == {}


def test_served_responses_are_exactly_the_generated_ones(
    fleet: DemoFleet, described: dict[str, dict[str, Any]]
) -> None:
    mismatched = [spec.name for spec in fleet.specs if described[spec.name] != spec.describe(fleet.account)]
    assert mismatched == []


def test_the_list_returns_every_job_with_valid_summaries(fleet: DemoFleet, client: SageMakerClient) -> None:
    summaries = [s for page in list_training_jobs(client) for s in page]
    assert [s["TrainingJobName"] for s in summaries] == fleet.names
    assert validate_shape({"TrainingJobSummaries": summaries}, list_training_jobs_shape()) == []
    # moto's summaries lack these; the demo adds them as AWS returns them.
    assert all("SecondaryStatus" in s for s in summaries)
    assert {s["WarmPoolStatus"]["Status"] for s in summaries if "WarmPoolStatus" in s} == {
        "InUse", "Available", "Reused", "Terminated",
    }  # fmt: skip


def test_time_filters_work_on_the_served_fleet(client: SageMakerClient, described: dict[str, Any]) -> None:
    since = FIXED_NOW - timedelta(hours=6)
    recent = [s for page in list_training_jobs(client, ListFilters(creation_time_after=since)) for s in page]
    expected = {n for n, r in described.items() if r["CreationTime"] > since}
    assert expected and {s["TrainingJobName"] for s in recent} == expected
    running = ListFilters(status_equals="InProgress")
    assert len([s for page in list_training_jobs(client, running) for s in page]) == 12


def test_every_primary_and_secondary_status(described: dict[str, dict[str, Any]]) -> None:
    assert values(described, "TrainingJobStatus") == {
        "InProgress",
        "Completed",
        "Failed",
        "Stopping",
        "Stopped",
    }
    assert values(described, "SecondaryStatus") >= {
        "Starting", "Downloading", "Training", "Interrupted", "Uploading", "Completed", "Failed",
        "MaxRuntimeExceeded", "MaxWaitTimeExceeded", "Stopping", "Stopped",
    }  # fmt: skip
    # In transitions: every value of the enum, the deprecated ones on old jobs included.
    enum = describe_training_job_shape().members["SecondaryStatus"].enum
    assert values(described, "SecondaryStatusTransitions.[].Status") == set(enum)


def test_failed_jobs_explain_and_the_early_ones_have_no_times(described: dict[str, dict[str, Any]]) -> None:
    failed = [r for r in described.values() if r["TrainingJobStatus"] == "Failed"]
    assert failed and all(r["FailureReason"] for r in failed)
    early = described[FAILED_JOB]
    assert not {
        "TrainingStartTime",
        "TrainingEndTime",
        "TrainingTimeInSeconds",
        "BillableTimeInSeconds",
    } & set(early)


def test_managed_spot_jobs_show_savings(described: dict[str, dict[str, Any]]) -> None:
    spot = [r for r in described.values() if r["EnableManagedSpotTraining"] and "BillableTimeInSeconds" in r]
    assert spot
    assert any(r["BillableTimeInSeconds"] < r["TrainingTimeInSeconds"] * 0.8 for r in spot)
    assert all("MaxWaitTimeInSeconds" in r["StoppingCondition"] for r in spot)


def test_warm_pools_in_all_four_statuses(described: dict[str, dict[str, Any]]) -> None:
    pools = [r["WarmPoolStatus"] for r in described.values() if "WarmPoolStatus" in r]
    assert {p["Status"] for p in pools} == {"InUse", "Available", "Reused", "Terminated"}
    reused = [p for p in pools if p["Status"] == "Reused"]
    assert all(
        p["ReusedByJob"] in described and p["ResourceRetainedBillableTimeInSeconds"] > 0 for p in reused
    )
    assert any(
        p.get("ResourceRetainedBillableTimeInSeconds", 0) > 0 for p in pools if p["Status"] == "Terminated"
    )


def test_heterogeneous_cluster_with_channels_bound_to_instance_groups(described: dict[str, Any]) -> None:
    job = described[ROLES["heterogeneous"]]
    groups = {g["InstanceGroupName"] for g in job["ResourceConfig"]["InstanceGroups"]}
    bound = [c["DataSource"]["S3DataSource"]["InstanceGroupNames"] for c in job["InputDataConfig"]]
    assert len(groups) == 2 and all(set(b) <= groups for b in bound) and any(len(b) == 2 for b in bound)


def test_every_channel_kind(described: dict[str, dict[str, Any]]) -> None:
    channel = "InputDataConfig.[]."
    assert values(described, channel + "DataSource.S3DataSource.S3DataType") == {
        "S3Prefix", "ManifestFile", "AugmentedManifestFile",
    }  # fmt: skip
    assert values(described, channel + "DataSource.FileSystemDataSource.FileSystemType") == {
        "FSxLustre",
        "EFS",
    }
    modes = values(described, channel + "InputMode") | values(
        described, "AlgorithmSpecification.TrainingInputMode"
    )
    assert modes == {"Pipe", "File", "FastFile"}
    assert "Gzip" in values(described, channel + "CompressionType")
    assert "RecordIO" in values(described, channel + "RecordWrapperType")
    assert values(described, channel + "ShuffleConfig.Seed")
    assert "source-ref" in values(described, channel + "DataSource.S3DataSource.AttributeNames.[]")


def test_every_rule_evaluation_status(described: dict[str, dict[str, Any]]) -> None:
    statuses = {"InProgress", "NoIssuesFound", "IssuesFound", "Error", "Stopping", "Stopped"}
    assert values(described, "DebugRuleEvaluationStatuses.[].RuleEvaluationStatus") == statuses
    assert values(described, "ProfilerRuleEvaluationStatuses.[].RuleEvaluationStatus") == statuses
    details = values(described, "DebugRuleEvaluationStatuses.[].StatusDetails")
    assert any(d.startswith("RuleEvaluationConditionMet") for d in details)
    assert values(described, "DebugHookConfig.CollectionConfigurations.[].CollectionName") >= {
        "losses",
        "gradients",
    }
    assert values(described, "ProfilingStatus") == {"Enabled"}


def test_optional_configurations_appear(described: dict[str, dict[str, Any]]) -> None:
    for member in (
        "VpcConfig", "ProfilerConfig", "CheckpointConfig", "RetryStrategy", "ExperimentConfig", "Environment",
        "TensorBoardOutputConfig", "TuningJobArn",
    ):  # fmt: skip
        assert any(member in r for r in described.values()), member
    with_metrics = [r for r in described.values() if "FinalMetricDataList" in r]
    assert with_metrics
    for response in with_metrics:
        defined = {d["Name"] for d in response["AlgorithmSpecification"].get("MetricDefinitions", ())}
        assert {m["MetricName"] for m in response["FinalMetricDataList"]} <= defined


def test_long_names_unicode_values_and_many_hyperparameters(described: dict[str, dict[str, Any]]) -> None:
    assert len(described[LONG_NAME]["TrainingJobName"]) == 63
    assert any(not r["FailureReason"].isascii() for r in described.values() if "FailureReason" in r)
    assert any(not v.isascii() for r in described.values() for v in r.get("HyperParameters", {}).values())
    assert any(not m.isascii() for m in values(described, "SecondaryStatusTransitions.[].StatusMessage"))
    assert max(len(r.get("HyperParameters", {})) for r in described.values()) >= 300
    assert described[MAXIMAL_JOB]["HyperParameters"]["system_prompt"].startswith('"Réponds')


def test_unicode_tags_come_back_through_list_tags(client: SageMakerClient, described: dict[str, Any]) -> None:
    arn = described[ROLES["failed-unicode"]]["TrainingJobArn"]
    tags = client.raw.list_tags(ResourceArn=arn)["Tags"]
    assert {"Key": "équipe", "Value": "Support client — カスタマーサポート"} in tags
