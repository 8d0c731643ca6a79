"""The --where query language: every operator, quoting, time values, and mistakes with columns."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tui.aws.search import training_job_members
from tui.models.where import WhereError, describe_expression, parse_where

NOW = datetime(2026, 12, 5, 12, 0, 0, tzinfo=timezone.utc)


def filters(text: str) -> list[dict[str, str]]:
    return parse_where(text, NOW, properties=training_job_members() | {"Metrics"}).expression()["Filters"]


@pytest.mark.parametrize(
    ("text", "operator"),
    [
        ("HyperParameters.epochs = 10", "Equals"),
        ("HyperParameters.epochs != 10", "NotEquals"),
        ("HyperParameters.epochs > 10", "GreaterThan"),
        ("HyperParameters.epochs >= 10", "GreaterThanOrEqualTo"),
        ("HyperParameters.epochs < 10", "LessThan"),
        ("HyperParameters.epochs <= 10", "LessThanOrEqualTo"),
        ("HyperParameters.epochs contains 10", "Contains"),
        ("HyperParameters.epochs CONTAINS 10", "Contains"),
    ],
)
def test_every_binary_operator(text: str, operator: str) -> None:
    assert filters(text) == [{"Name": "HyperParameters.epochs", "Operator": operator, "Value": "10"}]


def test_exists_and_not_exists() -> None:
    assert filters("exists Tags.owner") == [{"Name": "Tags.owner", "Operator": "Exists"}]
    assert filters("not exists Tags.owner") == [{"Name": "Tags.owner", "Operator": "NotExists"}]


def test_the_issue_examples() -> None:
    assert filters("HyperParameters.learning_rate > 0.001") == [
        {"Name": "HyperParameters.learning_rate", "Operator": "GreaterThan", "Value": "0.001"}
    ]
    assert filters("Tags.team = vision") == [{"Name": "Tags.team", "Operator": "Equals", "Value": "vision"}]
    assert filters("ResourceConfig.InstanceType = ml.p4d.24xlarge") == [
        {"Name": "ResourceConfig.InstanceType", "Operator": "Equals", "Value": "ml.p4d.24xlarge"}
    ]
    assert filters("TrainingJobStatus = Failed and CreationTime > 7d") == [
        {"Name": "TrainingJobStatus", "Operator": "Equals", "Value": "Failed"},
        {"Name": "CreationTime", "Operator": "GreaterThan", "Value": "2026-11-28T12:00:00"},
    ]
    assert filters("FailureReason contains CUDA") == [
        {"Name": "FailureReason", "Operator": "Contains", "Value": "CUDA"}
    ]


def test_no_spaces_needed_around_symbols() -> None:
    assert filters("HyperParameters.lr>=0.1") == [
        {"Name": "HyperParameters.lr", "Operator": "GreaterThanOrEqualTo", "Value": "0.1"}
    ]


def test_quoting_values_and_names() -> None:
    assert filters("FailureReason contains 'out of memory'")[0]["Value"] == "out of memory"
    assert filters('FailureReason contains "say \\"hi\\""')[0]["Value"] == 'say "hi"'
    assert filters("Tags.\"cost center\" = 'ml platform'") == [
        {"Name": "Tags.cost center", "Operator": "Equals", "Value": "ml platform"}
    ]
    # A quoted keyword is a value, not the keyword.
    assert filters("Tags.word = 'and'")[0]["Value"] == "and"
    assert filters("Tags.x = '>='")[0]["Value"] == ">="


def test_time_values_ages_and_dates() -> None:
    assert filters("LastModifiedTime >= 12h")[0]["Value"] == "2026-12-05T00:00:00"
    assert filters("TrainingEndTime < 2026-01-02")[0]["Value"] == "2026-01-02T00:00:00"
    assert filters("CreationTime > 2026-01-02T03:04:05Z")[0]["Value"] == "2026-01-02T03:04:05"


def test_keywords_are_case_insensitive_and_and_joins() -> None:
    got = filters("exists Tags.a AND Tags.b = 1 and NOT EXISTS Tags.c")
    assert [f["Operator"] for f in got] == ["Exists", "Equals", "NotExists"]


def test_metrics_names_are_accepted() -> None:
    assert filters("Metrics.accuracy > 0.9")[0]["Name"] == "Metrics.accuracy"


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ("", 1, "empty query"),
        ("TrainingJobStatus", 18, "expected an operator"),
        ("TrainingJobStatus =", 20, "expected a value"),
        ("TrainingJobStatus ~ Failed", 19, "unknown operator '~'"),
        ("TrainingJobStatus == Failed", 19, "unknown operator '=='"),
        ("TrainingJobStatus = Failed or Tags.a = b", 28, "only `and`"),
        ("TrainingJobStatus = Failed Tags.a = b", 28, "expected `and` or the end"),
        ("TrainingJobStatus = Failed and", 31, "expected a condition after `and`"),
        ("TrainingJobStatus = 'Failed", 21, "unclosed quote"),
        ("Tags.\"a b = c", 6, "unclosed quote"),
        ("exists", 7, "expected a property name after `exists`"),
        ("not Tags.a", 5, "expected `exists` after `not`"),
        ("TrainingJobStatu = Failed", 1, "did you mean TrainingJobStatus?"),
        ("CreationTime > lastweek", 16, "CreationTime takes an age"),
        ("= Failed", 1, "expected a property name"),
        ("Tags. = x", 1, "names no property"),
        ("Tags.a = and", 10, "expected a value"),
        ("Tags.a = >", 10, "expected a value"),
    ],
)
def test_mistakes_name_the_column(text: str, column: int, words: str) -> None:
    with pytest.raises(WhereError) as caught:
        filters(text)
    assert caught.value.column == column
    message = str(caught.value)
    assert message.startswith(f"column {column}: ")
    assert words in message
    assert "\n" not in message


def test_at_most_twenty_conditions() -> None:
    text = " and ".join(f"Tags.k{i} = v" for i in range(21))
    with pytest.raises(WhereError, match="at most 20"):
        filters(text)
    assert len(filters(" and ".join(f"Tags.k{i} = v" for i in range(20)))) == 20


def test_without_properties_any_name_is_accepted_and_text_is_kept() -> None:
    where = parse_where("  Anything.x = 1  ", NOW)
    assert where.text == "Anything.x = 1"
    assert describe_expression(where.expression()) == "Anything.x = 1"
    assert describe_expression(parse_where("exists Tags.a and not exists Tags.b", NOW).expression()) == (
        "exists Tags.a and not exists Tags.b"
    )
