"""validate_shape: checks a parsed response against botocore's output shapes."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from tui.aws.shapes import describe_training_job_shape, list_training_jobs_shape, validate_shape

AT = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
NAME = "bert-base-ner-2026-11-26-12-00-00"


def minimal_describe(**overrides: Any) -> dict[str, Any]:
    value: dict[str, Any] = {
        "TrainingJobName": NAME,
        "TrainingJobArn": f"arn:aws:sagemaker:us-east-1:123456789012:training-job/{NAME}",
        "ModelArtifacts": {"S3ModelArtifacts": "s3://bucket/output/model.tar.gz"},
        "TrainingJobStatus": "Completed",
        "SecondaryStatus": "Completed",
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        "CreationTime": AT,
    }
    value.update(overrides)
    return value


def errors(value: Any) -> list[str]:
    return validate_shape(value, describe_training_job_shape())


def test_a_valid_response_has_no_errors() -> None:
    value = minimal_describe(
        InputDataConfig=[
            {
                "ChannelName": "train",
                "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/train/"}},
                "ShuffleConfig": {"Seed": 7},
            }
        ],
        HyperParameters={"epochs": "3"},
        FinalMetricDataList=[{"MetricName": "loss", "Value": 0.5, "Timestamp": AT}],
        EnableManagedSpotTraining=True,
        BillableTimeInSeconds=120,
    )
    assert errors(value) == []


def test_missing_required_member_is_reported_with_its_path() -> None:
    value = minimal_describe()
    del value["TrainingJobStatus"]
    value["ModelArtifacts"] = {}
    assert errors(value) == [
        "TrainingJobStatus: required member missing",
        "ModelArtifacts.S3ModelArtifacts: required member missing",
    ]


@pytest.mark.parametrize(
    ("member", "value", "expected"),
    [
        ("BillableTimeInSeconds", "120", "BillableTimeInSeconds: expected an integer, got str"),
        ("BillableTimeInSeconds", True, "BillableTimeInSeconds: expected an integer, got bool"),
        ("EnableNetworkIsolation", "false", "EnableNetworkIsolation: expected a boolean, got str"),
        ("CreationTime", "2026-11-26", "CreationTime: expected a timestamp, got str"),
        ("CreationTime", datetime(2026, 11, 26), "CreationTime: timestamp without a time zone"),
        ("HyperParameters", [("a", "b")], "HyperParameters: expected a map, got list"),
        ("SecondaryStatusTransitions", {}, "SecondaryStatusTransitions: expected a list, got dict"),
        ("VpcConfig", "vpc-1", "VpcConfig: expected a structure, got str"),
    ],
)
def test_wrong_types_are_reported(member: str, value: Any, expected: str) -> None:
    assert errors(minimal_describe(**{member: value})) == [expected]


def test_bad_enum_value_is_reported() -> None:
    assert errors(minimal_describe(SecondaryStatus="Running")) == [
        "SecondaryStatus: 'Running' is not one of Starting, LaunchingMLInstances, PreparingTrainingStack, "
        "Downloading, DownloadingTrainingImage, Training, Uploading, Stopping, …"
    ]


def test_nested_errors_carry_list_indexes_and_map_keys() -> None:
    value = minimal_describe(
        SecondaryStatusTransitions=[
            {"Status": "Starting", "StartTime": AT},
            {"Status": "Bogus", "StartTime": AT, "EndTime": "soon"},
        ],
        Environment={"GOOD": "x", "BAD": 3},
    )
    assert errors(value) == [
        "SecondaryStatusTransitions[1].Status: 'Bogus' is not one of Starting, LaunchingMLInstances, "
        "PreparingTrainingStack, Downloading, DownloadingTrainingImage, Training, Uploading, Stopping, …",
        "SecondaryStatusTransitions[1].EndTime: expected a timestamp, got str",
        "Environment['BAD']: expected a string, got int",
    ]


def test_numbers_outside_the_model_range_are_reported() -> None:
    value = minimal_describe(
        TrainingTimeInSeconds=0,
        RetryStrategy={"MaximumRetryAttempts": 31},
        ResourceConfig={"KeepAlivePeriodInSeconds": 21601},
    )
    assert errors(value) == [
        "TrainingTimeInSeconds: 0 is below the minimum 1",
        "RetryStrategy.MaximumRetryAttempts: 31 is above the maximum 30",
        "ResourceConfig.KeepAlivePeriodInSeconds: 21601 is above the maximum 21600",
    ]


def test_string_length_and_pattern_are_checked() -> None:
    too_long = errors(minimal_describe(TrainingJobName="x" * 64))
    assert too_long[0] == "TrainingJobName: 64 characters, more than the maximum 63"
    assert too_long[1].startswith("TrainingJobName: 'xxxxxxxx")  # the pattern caps it at 63 too
    assert len(too_long) == 2
    assert errors(minimal_describe(TrainingJobName="bad_name")) == [
        "TrainingJobName: 'bad_name' does not match the pattern [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"
    ]
    assert errors(minimal_describe(FailureReason="é" * 1025)) == [
        "FailureReason: 1025 characters, more than the maximum 1024"
    ]


def test_map_keys_are_checked_against_the_key_shape() -> None:
    # TrainingEnvironmentKey's pattern: [a-zA-Z_][a-zA-Z0-9_]*
    assert errors(minimal_describe(Environment={"1BAD": "x"})) == [
        "Environment<key '1BAD'>: '1BAD' does not match the pattern [a-zA-Z_][a-zA-Z0-9_]*"
    ]


def test_collection_minimum_is_checked_but_not_the_maximum() -> None:
    channel = {"ChannelName": "c", "DataSource": {}}
    assert errors(minimal_describe(InputDataConfig=[])) == [
        "InputDataConfig: 0 entries, fewer than the minimum 1"
    ]
    # Count limits are service quotas (HyperParameters: 100); like botocore, not a wire check.
    assert errors(minimal_describe(InputDataConfig=[channel] * 21)) == []
    assert errors(minimal_describe(HyperParameters={f"k{i}": "v" for i in range(300)})) == []


def test_members_the_shape_does_not_have_are_reported() -> None:
    assert errors(minimal_describe(Tags=[], ResponseMetadata={})) == [
        "Tags: not a member of DescribeTrainingJobResponse",
        "ResponseMetadata: not a member of DescribeTrainingJobResponse",
    ]


def test_java_only_patterns_are_skipped_not_failed() -> None:
    # TrainingRepositoryCredentialsProviderArn's pattern uses \p{Alnum}, which Python cannot compile.
    value = minimal_describe(
        AlgorithmSpecification={
            "TrainingInputMode": "File",
            "TrainingImageConfig": {
                "TrainingRepositoryAccessMode": "Vpc",
                "TrainingRepositoryAuthConfig": {"TrainingRepositoryCredentialsProviderArn": "anything"},
            },
        }
    )
    assert errors(value) == []


def test_list_training_jobs_shape() -> None:
    summary = {
        "TrainingJobName": "a",
        "TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/a",
        "CreationTime": AT,
        "TrainingJobStatus": "InProgress",
        "WarmPoolStatus": {"Status": "Busy"},
    }
    assert validate_shape({"TrainingJobSummaries": [summary]}, list_training_jobs_shape()) == [
        "TrainingJobSummaries[0].WarmPoolStatus.Status: "
        "'Busy' is not one of Available, Terminated, Reused, InUse"
    ]
