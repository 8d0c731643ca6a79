"""The CloudWatch Logs data layer against the local moto server (and botocore's Stubber for errors)."""

from __future__ import annotations

import contextlib
import time
from dataclasses import replace
from typing import Any

import pytest
from botocore.stub import Stubber

from tui.aws.client import ConnectionOptions
from tui.aws.errors import EndpointError
from tui.aws.logs import (
    LOG_GROUP,
    LogEvent,
    LogGroupNotFoundError,
    LogsAccessDeniedError,
    LogsClient,
    LogsThrottledError,
    build_logs_client,
    merge_events,
    parse_stream_name,
)


@pytest.fixture
def logs_options(moto_options: ConnectionOptions) -> ConnectionOptions:
    # --endpoint-url is SageMaker's alone: CloudWatch Logs gets its own.
    return replace(moto_options, endpoint_url=None, logs_endpoint_url=moto_options.endpoint_url)


@pytest.fixture
def logs(logs_options: ConnectionOptions) -> LogsClient:
    return build_logs_client(logs_options)


def now_ms() -> int:
    return int(time.time() * 1000)


def write(logs: LogsClient, stream: str, lines: list[tuple[int, str]], *, group: bool = True) -> None:
    raw = logs.raw
    if group:
        with contextlib.suppress(raw.exceptions.ResourceAlreadyExistsException):
            raw.create_log_group(logGroupName=LOG_GROUP)
    raw.create_log_stream(logGroupName=LOG_GROUP, logStreamName=stream)
    raw.put_log_events(
        logGroupName=LOG_GROUP,
        logStreamName=stream,
        logEvents=[{"timestamp": ts, "message": text} for ts, text in lines],
    )


def test_parse_stream_name() -> None:
    assert parse_stream_name("job", "job/algo-1-1700000000") == ("algo-1", 1700000000)
    assert parse_stream_name("job", "job/algo-12-5") == ("algo-12", 5)
    assert parse_stream_name("job", "job/odd") == ("odd", 0)


def test_merge_interleaves_by_time_and_keeps_ties_in_host_order() -> None:
    a = [LogEvent(1, "algo-1", "a1"), LogEvent(3, "algo-1", "a3"), LogEvent(3, "algo-1", "a3b")]
    b = [LogEvent(2, "algo-2", "b2"), LogEvent(3, "algo-2", "b3")]
    c = [LogEvent(3, "algo-10", "c3")]
    merged = merge_events([c, b, a])
    assert [e.message for e in merged] == ["a1", "b2", "a3", "a3b", "b3", "c3"]


def test_client_is_lazy_and_uses_the_logs_endpoint(logs: LogsClient, logs_options: ConnectionOptions) -> None:
    assert not logs.made
    assert logs.raw.meta.endpoint_url == logs_options.logs_endpoint_url
    assert logs.raw.meta.service_model.service_name == "logs"


def test_botocore_configuration_gives_the_endpoint(
    moto_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", moto_url)
    client = build_logs_client(ConnectionOptions(region="us-east-1", static_credentials=("t", "t")))
    assert client.raw.meta.endpoint_url == moto_url


def test_streams_and_events_of_a_job(logs: LogsClient) -> None:
    base = now_ms() - 60_000
    write(logs, "job-a/algo-2-1700000100", [(base + 1, "two"), (base + 3, "four")])
    write(logs, "job-a/algo-1-1700000000", [(base, "one"), (base + 2, "three")])
    write(logs, "job-ab/algo-1-1700000000", [(base, "other job")])
    streams = logs.streams("job-a")
    assert [(s.host, s.started) for s in streams] == [("algo-1", 1700000000), ("algo-2", 1700000100)]
    pages = [list(logs.read_forward(s)) for s in streams]
    merged = merge_events([[e for p in ps for e in p.events] for ps in pages])
    assert [(e.host, e.message) for e in merged] == [
        ("algo-1", "one"), ("algo-2", "two"), ("algo-1", "three"), ("algo-2", "four")
    ]


def test_forward_token_resumes_and_backward_reads_history(logs: LogsClient) -> None:
    base = now_ms() - 120_000
    write(logs, "job-b/algo-1-1", [(base + i, f"line {i}") for i in range(30)])
    (stream,) = logs.streams("job-b")
    newest = logs.events(stream, from_head=False, limit=10)
    assert [e.message for e in newest.events] == [f"line {i}" for i in range(20, 30)]
    older = logs.events(stream, from_head=False, token=newest.backward_token, limit=10)
    assert [e.message for e in older.events] == [f"line {i}" for i in range(10, 20)]
    pages = list(logs.read_forward(stream))
    token = pages[-1].forward_token
    assert sum(len(p.events) for p in pages) == 30
    logs.raw.put_log_events(
        logGroupName=LOG_GROUP,
        logStreamName=stream.name,
        logEvents=[{"timestamp": base + 40, "message": "new"}],
    )
    resumed = [e.message for p in logs.read_forward(stream, token=token) for e in p.events]
    assert resumed == ["new"]


def test_filter_pattern(logs: LogsClient) -> None:
    base = now_ms() - 60_000
    write(logs, "job-f/algo-1-1", [(base, "loss=1.0"), (base + 2, "hello"), (base + 4, "loss=0.5")])
    write(logs, "job-f/algo-2-1", [(base + 1, "loss=0.9")])
    events, _ = logs.filter("job-f", "loss", streams=logs.streams("job-f"))
    assert [(e.host, e.message) for e in events] == [
        ("algo-1", "loss=1.0"), ("algo-2", "loss=0.9"), ("algo-1", "loss=0.5")
    ]


def test_missing_group_is_typed(logs: LogsClient) -> None:
    with pytest.raises(LogGroupNotFoundError) as caught:
        logs.streams("nothing")
    assert "CloudWatch" in str(caught.value)


def _stubbed(logs_options: ConnectionOptions, code: str, status: int) -> tuple[LogsClient, Stubber]:
    client = build_logs_client(logs_options)
    stub = Stubber(client.raw)
    stub.add_client_error("describe_log_streams", service_error_code=code, http_status_code=status)
    stub.activate()
    return client, stub


@pytest.mark.parametrize(
    ("code", "status", "kind"),
    [
        ("AccessDeniedException", 400, LogsAccessDeniedError),
        ("ThrottlingException", 400, LogsThrottledError),
        ("ResourceNotFoundException", 400, LogGroupNotFoundError),
    ],
)
def test_errors_are_typed(logs_options: ConnectionOptions, code: str, status: int, kind: Any) -> None:
    client, _ = _stubbed(logs_options, code, status)
    with pytest.raises(kind) as caught:
        client.streams("job")
    assert caught.value.code == code
    assert "CloudWatch Logs" in str(caught.value) or "log group" in str(caught.value)


def test_unreachable_endpoint_names_cloudwatch() -> None:
    options = ConnectionOptions(
        region="us-east-1", logs_endpoint_url="http://127.0.0.1:9", max_attempts=1,
        connect_timeout=1, static_credentials=("t", "t"),
    )
    with pytest.raises(EndpointError) as caught:
        build_logs_client(options).streams("job")
    assert "CloudWatch Logs" in str(caught.value)
