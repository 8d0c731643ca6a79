"""Scopes, contexts and the pure listing helpers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from dateutil.tz import tzlocal

from tui.aws.client import ConnectionOptions
from tui.aws.jobs import ListFilters
from tui.cache.listing import filter_key, high_water, matches, newest_modified
from tui.cache.scope import (
    AWS_ENDPOINT,
    UNKNOWN_ACCOUNT,
    Context,
    Scope,
    context_for,
    endpoint_key,
    parse_arn,
    profile_label,
    scope_of,
)

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        (None, AWS_ENDPOINT),
        ("", AWS_ENDPOINT),
        ("https://api.sagemaker.us-east-1.amazonaws.com", AWS_ENDPOINT),
        ("https://api-fips.sagemaker.us-gov-west-1.amazonaws.com/", AWS_ENDPOINT),
        ("https://vpce-0abc.api.sagemaker.eu-west-1.vpce.amazonaws.com", AWS_ENDPOINT),
        ("https://api.sagemaker.cn-north-1.amazonaws.com.cn", AWS_ENDPOINT),
        ("http://127.0.0.1:5000", "http://127.0.0.1:5000"),
        ("HTTP://LocalHost:5000/", "http://localhost:5000"),
        ("https://proxy.corp.example/sagemaker/", "https://proxy.corp.example/sagemaker"),
        ("https://amazonaws.com.evil.example", "https://amazonaws.com.evil.example"),
    ],
)
def test_endpoint_key(url: str | None, key: str) -> None:
    assert endpoint_key(url) == key


def test_parse_arn_and_scope_of() -> None:
    arn = "arn:aws:sagemaker:eu-west-1:210987654321:training-job/x"
    assert parse_arn(arn) == ("eu-west-1", "210987654321")
    assert parse_arn("nonsense") is None
    assert parse_arn(None) is None
    assert parse_arn("arn:aws:sagemaker::123:training-job/x") is None
    assert scope_of({"TrainingJobArn": arn}, "aws", "us-east-1") == Scope("aws", "eu-west-1", "210987654321")
    assert scope_of({}, "aws", "us-east-1") == Scope("aws", "us-east-1", UNKNOWN_ACCOUNT)


def test_profile_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    assert profile_label(None) == "default"
    assert profile_label(ConnectionOptions(profile="prod")) == "prod"
    assert profile_label(ConnectionOptions(static_credentials=("a", "b"))) == "static"
    assert profile_label(ConnectionOptions(no_sign_request=True)) == "unsigned"
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIA")
    assert profile_label(ConnectionOptions()) == "env"
    monkeypatch.setenv("AWS_PROFILE", "dev")
    assert profile_label(ConnectionOptions()) == "dev"


def test_offline_context_from_options_and_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    assert context_for(None, None) is None
    assert context_for(None, ConnectionOptions(region="eu-west-1")) == Context("default", "aws", "eu-west-1")
    demo = ConnectionOptions(
        region="us-east-1", endpoint_url="http://127.0.0.1:9", static_credentials=("a", "b")
    )
    assert context_for(None, demo) == Context("static", "http://127.0.0.1:9", "us-east-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://localhost:4566")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")
    assert context_for(None, ConnectionOptions()) == Context("default", "http://localhost:4566", "ap-south-1")
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    config = tmp_path / "aws-config"
    config.write_text("[profile work]\nregion = sa-east-1\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    work = context_for(None, ConnectionOptions(profile="work"))
    assert work is not None and work.region == "sa-east-1"
    assert context_for(None, ConnectionOptions(profile="no-such-profile")) is None


def test_filter_key_ignores_order_and_is_stable() -> None:
    assert filter_key(None) == ""
    assert filter_key(ListFilters()) == ""
    assert filter_key(ListFilters(sort_by="Name", sort_order="Ascending")) == ""
    a = filter_key(ListFilters(status_equals="Failed", name_contains="bert"))
    assert a == filter_key(ListFilters(name_contains="bert", status_equals="Failed", sort_by="Name"))
    assert a != filter_key(ListFilters(status_equals="Failed"))
    local = NOW.astimezone(tzlocal())
    in_utc = filter_key(ListFilters(creation_time_after=NOW))
    assert in_utc == filter_key(ListFilters(creation_time_after=local))


def _summary(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "TrainingJobName": "Bert-Large",
        "TrainingJobStatus": "Completed",
        "CreationTime": NOW,
        "LastModifiedTime": NOW + timedelta(hours=1),
        "WarmPoolStatus": {"Status": "Available"},
        "TrainingPlanArn": "arn:plan",
    }
    base.update(kw)
    return base


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (None, True),
        (ListFilters(name_contains="bert"), True),
        (ListFilters(name_contains="gpt"), False),
        (ListFilters(status_equals="Completed"), True),
        (ListFilters(status_equals="Failed"), False),
        (ListFilters(warm_pool_status_equals="Available"), True),
        (ListFilters(warm_pool_status_equals="InUse"), False),
        (ListFilters(creation_time_after=NOW - timedelta(seconds=1)), True),
        (ListFilters(creation_time_after=NOW), False),
        (ListFilters(creation_time_before=NOW + timedelta(seconds=1)), True),
        (ListFilters(creation_time_before=NOW), False),
        (ListFilters(last_modified_time_after=NOW), True),
        (ListFilters(last_modified_time_before=NOW), False),
        (ListFilters(training_plan_arn_equals="arn:plan"), True),
        (ListFilters(training_plan_arn_equals="arn:other"), False),
    ],
)
def test_matches(filters: ListFilters | None, expected: bool) -> None:
    assert matches(_summary(), filters) is expected


def test_matches_without_the_field() -> None:
    assert not matches(_summary(WarmPoolStatus=None), ListFilters(warm_pool_status_equals="Available"))
    assert not matches(_summary(CreationTime=None), ListFilters(creation_time_after=NOW))


def test_high_water_mark() -> None:
    assert newest_modified([]) is None
    items = [_summary(LastModifiedTime=NOW), _summary(LastModifiedTime=NOW + timedelta(minutes=5)), {}]
    assert newest_modified(items) == NOW + timedelta(minutes=5)
    assert high_water(None, NOW) is None
    assert high_water(NOW - timedelta(hours=1), NOW) == NOW - timedelta(hours=1)
    # a change seen on a late page may be newer than the listing's start: the mark stops there
    assert high_water(NOW + timedelta(minutes=5), NOW) == NOW
