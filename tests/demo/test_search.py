"""The local SageMaker's Search for training jobs: one test per documented rule, then the wire."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError

from tui.demo.search import SearchValidationError, search, training_job_members

T0 = datetime(2026, 1, 1, 12, 0, 0)  # naive UTC, as moto stores times


def record(name: str, minutes: int, **extra: Any) -> dict[str, Any]:
    return {
        "TrainingJobName": name,
        "TrainingJobStatus": extra.pop("status", "Completed"),
        "CreationTime": T0,
        "LastModifiedTime": T0 + timedelta(minutes=minutes),
        **extra,
    }


RECORDS = [
    record(
        "a-bert",
        1,
        HyperParameters={"learning_rate": "0.01", "epochs": "10"},
        Tags=[{"Key": "team", "Value": "nlp"}],
        ResourceConfig={"InstanceType": "ml.p4d.24xlarge", "InstanceCount": 2},
        BillableTimeInSeconds=100,
    ),
    record(
        "b-resnet",
        3,
        status="InProgress",
        HyperParameters={"learning_rate": "0.1"},
        Tags=[{"Key": "team", "Value": "vision"}],
        ResourceConfig={"InstanceType": "ml.g5.xlarge", "InstanceCount": 1},
    ),
    record("c-gpt", 2, status="Failed", BillableTimeInSeconds=5000),
]


def names(result: dict[str, Any]) -> list[str]:
    return [r["TrainingJob"]["TrainingJobName"] for r in result["Results"]]


def where(*filters: dict[str, Any], **request: Any) -> list[str]:
    expression = {"Filters": list(filters)}
    return names(search(RECORDS, {"SearchExpression": expression, "MaxResults": 100, **request}))


def test_default_sort_is_last_modified_time_descending_and_page_size_10() -> None:
    assert names(search(RECORDS, {})) == ["b-resnet", "c-gpt", "a-bert"]
    many = [record(f"j{i:02d}", i) for i in range(25)]
    result = search(many, {})
    assert len(result["Results"]) == 10 and "NextToken" in result


def test_sort_by_any_property_and_order() -> None:
    assert names(search(RECORDS, {"SortBy": "TrainingJobName", "SortOrder": "Ascending"})) == [
        "a-bert",
        "b-resnet",
        "c-gpt",
    ]
    # Nested, numeric; records without the property come last in either order.
    by_count = search(RECORDS, {"SortBy": "ResourceConfig.InstanceCount", "SortOrder": "Ascending"})
    assert names(by_count) == ["b-resnet", "a-bert", "c-gpt"]
    by_count = search(RECORDS, {"SortBy": "ResourceConfig.InstanceCount", "SortOrder": "Descending"})
    assert names(by_count) == ["a-bert", "b-resnet", "c-gpt"]


def test_next_token_pages_through_everything_once() -> None:
    many = [record(f"j{i:02d}", i) for i in range(23)]
    seen: list[str] = []
    token = None
    calls = 0
    while True:
        request: dict[str, Any] = {"MaxResults": 7, "SortOrder": "Ascending"}
        if token:
            request["NextToken"] = token
        result = search(many, request)
        calls += 1
        seen += names(result)
        token = result.get("NextToken")
        if not token:
            break
    assert seen == [f"j{i:02d}" for i in range(23)] and calls == 4


@pytest.mark.parametrize("bad", [0, 101, -1])
def test_max_results_outside_1_to_100_is_refused(bad: int) -> None:
    with pytest.raises(SearchValidationError, match="maxResults"):
        search(RECORDS, {"MaxResults": bad})


def test_bad_token_sort_order_and_unknown_names_are_refused() -> None:
    with pytest.raises(SearchValidationError, match="pagination token"):
        search(RECORDS, {"NextToken": "not-a-token"})
    with pytest.raises(SearchValidationError, match="sortOrder"):
        search(RECORDS, {"SortOrder": "Sideways"})
    with pytest.raises(SearchValidationError, match="Unknown property name: Colour"):
        where({"Name": "Colour", "Operator": "Equals", "Value": "red"})
    with pytest.raises(SearchValidationError, match="Unknown property name"):
        search(RECORDS, {"SortBy": "Nope"})
    with pytest.raises(SearchValidationError, match="Unknown operator"):
        where({"Name": "TrainingJobName", "Operator": "Like", "Value": "a"})


def test_time_comparisons() -> None:
    at = (T0 + timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%S")
    assert where({"Name": "LastModifiedTime", "Operator": "GreaterThan", "Value": at}) == ["b-resnet"]
    assert where({"Name": "LastModifiedTime", "Operator": "GreaterThanOrEqualTo", "Value": at}) == [
        "b-resnet",
        "c-gpt",
    ]
    assert where({"Name": "LastModifiedTime", "Operator": "LessThan", "Value": at}) == ["a-bert"]
    assert where({"Name": "LastModifiedTime", "Operator": "LessThanOrEqualTo", "Value": at}) == [
        "c-gpt",
        "a-bert",
    ]
    # A zone in the value is honoured: 13:02+01:00 is 12:02 UTC.
    zoned = (T0 + timedelta(minutes=62)).strftime("%Y-%m-%dT%H:%M:%S+01:00")
    assert where({"Name": "LastModifiedTime", "Operator": "Equals", "Value": zoned}) == ["c-gpt"]
    with pytest.raises(SearchValidationError, match="not a timestamp"):
        where({"Name": "LastModifiedTime", "Operator": "GreaterThan", "Value": "yesterday"})


def test_number_comparisons_are_numeric_not_textual() -> None:
    # "5000" < "900" as text; 5000 > 900 as numbers.
    assert where({"Name": "BillableTimeInSeconds", "Operator": "GreaterThan", "Value": "900"}) == ["c-gpt"]
    assert where({"Name": "BillableTimeInSeconds", "Operator": "LessThanOrEqualTo", "Value": "100"}) == [
        "a-bert"
    ]
    # Hyperparameters are text holding numbers: compared as numbers when both sides are.
    assert where({"Name": "HyperParameters.learning_rate", "Operator": "GreaterThan", "Value": "0.05"}) == [
        "b-resnet"
    ]


def test_equals_is_the_default_and_not_equals_excludes_missing() -> None:
    assert where({"Name": "TrainingJobStatus", "Value": "Failed"}) == ["c-gpt"]
    assert where({"Name": "TrainingJobStatus", "Operator": "NotEquals", "Value": "Failed"}) == [
        "b-resnet",
        "a-bert",
    ]
    # c-gpt has no ResourceConfig: it equals nothing, so NotEquals does not pick it either.
    assert where({"Name": "ResourceConfig.InstanceType", "Operator": "NotEquals", "Value": "x"}) == [
        "b-resnet",
        "a-bert",
    ]


def test_contains_exists_not_exists_in() -> None:
    assert where({"Name": "TrainingJobName", "Operator": "Contains", "Value": "res"}) == ["b-resnet"]
    assert where({"Name": "HyperParameters.epochs", "Operator": "Exists"}) == ["a-bert"]
    assert where({"Name": "Tags.team", "Operator": "NotExists"}) == ["c-gpt"]
    assert where({"Name": "TrainingJobStatus", "Operator": "In", "Value": "Failed,InProgress"}) == [
        "b-resnet",
        "c-gpt",
    ]


def test_nested_names_tags_and_hyperparameters() -> None:
    assert where({"Name": "Tags.team", "Operator": "Equals", "Value": "vision"}) == ["b-resnet"]
    assert where({"Name": "HyperParameters.learning_rate", "Value": "0.01"}) == ["a-bert"]
    assert where({"Name": "ResourceConfig.InstanceType", "Value": "ml.g5.xlarge"}) == ["b-resnet"]


def test_metrics_names_are_final_metric_values() -> None:
    """``Metrics.<name>``: the job's FinalMetricDataList value, compared as a number (Filter docs)."""
    records = [
        record("m-1", 1, FinalMetricDataList=[{"MetricName": "validation:accuracy", "Value": 0.95}]),
        record("m-2", 2, FinalMetricDataList=[{"MetricName": "validation:accuracy", "Value": 0.85}]),
        record("m-3", 3),
    ]

    def found(*filters: dict[str, Any]) -> list[str]:
        return names(search(records, {"SearchExpression": {"Filters": list(filters)}}))

    accuracy = "Metrics.validation:accuracy"
    assert found({"Name": accuracy, "Operator": "GreaterThan", "Value": "0.9"}) == ["m-1"]
    assert found({"Name": accuracy, "Operator": "LessThanOrEqualTo", "Value": "0.9"}) == ["m-2"]
    assert found({"Name": accuracy, "Operator": "NotExists"}) == ["m-3"]
    with pytest.raises(SearchValidationError):
        found({"Name": "Metrics.", "Operator": "Exists"})


def test_every_operator_the_where_language_sends_on_nested_names() -> None:
    """What ``--where`` emits (GreaterThanOrEqualTo, LessThan, Contains, NotEquals, Exists on
    hyperparameters, tags and nested fields) answered as AWS documents it."""
    lr = "HyperParameters.learning_rate"
    assert where({"Name": lr, "Operator": "GreaterThanOrEqualTo", "Value": "0.1"}) == ["b-resnet"]
    assert where({"Name": lr, "Operator": "LessThan", "Value": "0.1"}) == ["a-bert"]
    assert where({"Name": "Tags.team", "Operator": "Contains", "Value": "isi"}) == ["b-resnet"]
    assert where({"Name": "Tags.team", "Operator": "NotEquals", "Value": "nlp"}) == ["b-resnet"]
    count = "ResourceConfig.InstanceCount"
    assert where({"Name": count, "Operator": "GreaterThan", "Value": "1"}) == ["a-bert"]
    assert where({"Name": "ResourceConfig.InstanceType", "Operator": "Exists"}) == ["b-resnet", "a-bert"]


def test_filters_join_with_and_by_default_or_on_request() -> None:
    both = [
        {"Name": "TrainingJobStatus", "Operator": "NotEquals", "Value": "Failed"},
        {"Name": "Tags.team", "Value": "nlp"},
    ]
    assert where(*both) == ["a-bert"]
    either = search(
        RECORDS,
        {
            "SearchExpression": {
                "Operator": "Or",
                "Filters": [{"Name": "Tags.team", "Value": "nlp"}],
                "SubExpressions": [{"Filters": [{"Name": "TrainingJobStatus", "Value": "Failed"}]}],
            }
        },
    )
    assert names(either) == ["c-gpt", "a-bert"]


def test_records_are_limited_to_the_training_job_shape() -> None:
    members = training_job_members()
    assert "Tags" in members and "ProfilingStatus" not in members


# -- on the wire, through moto's server --------------------------------------------------------
def client(url: str) -> Any:
    return boto3.client(
        "sagemaker",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=Config(retries={"max_attempts": 1}),
    )


def create(sm: Any, name: str, tags: list[dict[str, str]] | None = None) -> None:
    sm.create_training_job(
        TrainingJobName=name,
        AlgorithmSpecification={"TrainingImage": "img", "TrainingInputMode": "File"},
        RoleArn="arn:aws:iam::123456789012:role/r",
        OutputDataConfig={"S3OutputPath": "s3://b/o"},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
        StoppingCondition={"MaxRuntimeInSeconds": 60},
        HyperParameters={"lr": "0.5"},
        Tags=tags or [],
    )


def test_search_over_the_wire_pages_sorts_and_validates(moto_url: str) -> None:
    sm = client(moto_url)
    for i in range(5):
        create(sm, f"wire-{i}", tags=[{"Key": "n", "Value": str(i)}])
    first = sm.search(Resource="TrainingJob", MaxResults=2, SortBy="TrainingJobName", SortOrder="Ascending")
    record_ = first["Results"][0]["TrainingJob"]
    assert record_["TrainingJobName"] == "wire-0" and record_["Tags"] == [{"Key": "n", "Value": "0"}]
    assert "ProfilingStatus" not in record_
    rest = sm.search(
        Resource="TrainingJob",
        MaxResults=100,
        SortBy="TrainingJobName",
        SortOrder="Ascending",
        NextToken=first["NextToken"],
    )
    assert [r["TrainingJob"]["TrainingJobName"] for r in rest["Results"]] == ["wire-2", "wire-3", "wire-4"]
    assert "NextToken" not in rest
    tagged = sm.search(
        Resource="TrainingJob",
        SearchExpression={"Filters": [{"Name": "Tags.n", "Operator": "In", "Value": "1,3"}]},
    )
    assert sorted(r["TrainingJob"]["TrainingJobName"] for r in tagged["Results"]) == ["wire-1", "wire-3"]
    with pytest.raises(ClientError) as caught:
        sm.search(Resource="TrainingJob", MaxResults=101)
    assert caught.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ParamValidationError):  # botocore checks the minimum itself
        sm.search(Resource="TrainingJob", MaxResults=0)
