"""The logs repository against the local moto server and a real cache file; the poll scheduler."""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from botocore.stub import Stubber

from tui.aws.client import ConnectionOptions
from tui.aws.logs import LOG_GROUP, LogsClient, build_logs_client
from tui.cache.log_store import CHUNK_EVENTS, LogStore
from tui.cache.scope import Scope
from tui.cache.store import CacheStore
from tui.log_repository import LogRepository, local_matcher
from tui.models.log_poll import FAST, QUIET, LogPollScheduler, PollOutcome

SCOPE = Scope("http://local", "us-east-1", "123456789012")


@pytest.fixture
def logs(moto_options: ConnectionOptions) -> LogsClient:
    options = replace(moto_options, endpoint_url=None, logs_endpoint_url=moto_options.endpoint_url)
    return build_logs_client(options)


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[CacheStore]:
    store = CacheStore(tmp_path / "c" / "cache.sqlite3")
    yield store
    store.close()


def put(logs: LogsClient, stream: str, lines: list[tuple[int, str]]) -> None:
    raw = logs.raw
    with contextlib.suppress(raw.exceptions.ResourceAlreadyExistsException):
        raw.create_log_group(logGroupName=LOG_GROUP)
    with contextlib.suppress(raw.exceptions.ResourceAlreadyExistsException):
        raw.create_log_stream(logGroupName=LOG_GROUP, logStreamName=stream)
    raw.put_log_events(
        logGroupName=LOG_GROUP, logStreamName=stream,
        logEvents=[{"timestamp": ts, "message": text} for ts, text in lines],
    )


def base() -> int:
    return int(time.time() * 1000) - 600_000


def repo(logs: LogsClient | None, cache: CacheStore | None) -> LogRepository:
    return LogRepository(logs, cache, scope=lambda: SCOPE)


def test_a_finished_job_is_read_once_then_served_from_the_cache(logs: LogsClient, cache: CacheStore) -> None:
    t = base()
    put(logs, "job/algo-1-1", [(t + i * 2, f"a{i}") for i in range(5)])
    put(logs, "job/algo-2-1", [(t + i * 2 + 1, f"b{i}") for i in range(5)])
    first = repo(logs, cache).poll("job", finished=True)
    assert first.complete and first.error is None
    assert [e.message for e in first.events][:4] == ["a0", "b0", "a1", "b1"]
    assert first.hosts == ["algo-1", "algo-2"]
    before = logs.counter.total
    again = repo(logs, cache)
    cached = again.cached("job")
    assert cached.complete and [e.message for e in cached.events] == [e.message for e in first.events]
    assert again.poll("job", finished=True).requests == 0
    assert logs.counter.total == before  # reopening cost no call
    offline = repo(None, cache).cached("job")
    assert len(offline.events) == 10 and offline.complete
    mode = stat.S_IMODE(os.stat(cache.path).st_mode)
    assert mode == 0o600


def test_a_running_job_resumes_from_the_cached_token_and_finds_new_streams(
    logs: LogsClient, cache: CacheStore
) -> None:
    t = base()
    put(logs, "run/algo-1-1", [(t, "one"), (t + 1, "two")])
    first = repo(logs, cache)
    assert [e.message for e in first.poll("run", finished=False).events] == ["one", "two"]
    assert not first.is_complete("run")
    put(logs, "run/algo-1-1", [(t + 2, "three")])
    put(logs, "run/algo-1-9", [(t + 3, "restarted")])  # a spot restart: a second stream
    later = repo(logs, cache)
    assert [e.message for e in later.cached("run").events] == ["one", "two"]
    update = later.poll("run", finished=False)
    assert [e.message for e in update.events] == ["three", "restarted"]
    assert update.new_streams == ["run/algo-1-9"]
    assert len(update.streams) == 2 and update.hosts == ["algo-1"]
    assert later.poll("run", finished=False).events == []
    assert [e.message for e in repo(None, cache).cached("run").events] == ["one", "two", "three", "restarted"]


def test_no_streams_yet_is_not_an_error(logs: LogsClient) -> None:
    update = repo(logs, None).poll("starting", finished=False)
    assert update.error is None and update.streams == [] and update.events == []


def test_access_denied_comes_back_in_the_update(logs: LogsClient) -> None:
    stub = Stubber(logs.raw)
    stub.add_client_error(
        "describe_log_streams", service_error_code="AccessDeniedException", http_status_code=400
    )
    stub.activate()
    update = repo(logs, None).poll("job", finished=False)
    assert update.error is not None and "Access denied" in str(update.error)


def test_cache_chunks_keep_order_and_serve_the_newest_alone(cache: CacheStore) -> None:
    store = LogStore(cache)
    from datetime import datetime, timezone

    now = datetime.now(timezone.utc)
    rows = [(i, f"line {i}") for i in range(CHUNK_EVENTS * 2 + 10)]
    store.append(SCOPE, "j", "j/algo-1-1", "algo-1", rows[:5], forward_token="f1", complete=False, at=now)
    store.append(SCOPE, "j", "j/algo-1-1", "algo-1", rows[5:], forward_token="f2", complete=True, at=now)
    assert store.events(SCOPE, "j", "j/algo-1-1") == rows
    assert store.events(SCOPE, "j", "j/algo-1-1", newest=3) == rows[-3:]
    (row,) = store.streams(SCOPE, "j")
    assert (row.forward_token, row.events, row.complete) == ("f2", len(rows), True)


def test_local_matcher_follows_cloudwatch_terms() -> None:
    match = local_matcher('ERROR "out of memory" -ignored')
    assert match("ERROR: CUDA out of memory")
    assert not match("ERROR: out of disk")
    assert not match("ERROR out of memory (ignored)")
    either = local_matcher("?loss ?accuracy")
    assert either("train loss=1") and either("accuracy=2") and not either("epoch 3")


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_scheduler_fast_while_lines_arrive_then_backs_off() -> None:
    clock = Ticks()
    s = LogPollScheduler(clock)
    assert s.delay(visible=True, finished=False, read_to_end=False) == 0.0
    s.started(discovered=True)
    s.record(PollOutcome(lines=10, requests=2))
    assert s.delay(visible=True, finished=False, read_to_end=True) == FAST
    delays = []
    for _ in range(5):
        s.started(discovered=False)
        s.record(PollOutcome(lines=0, requests=1))
        delays.append(s.delay(visible=True, finished=False, read_to_end=True))
    assert delays == [4.0, 8.0, QUIET, QUIET, QUIET]
    assert s.delay(visible=False, finished=False, read_to_end=True) is None
    assert s.delay(visible=True, finished=True, read_to_end=True) is None


def test_scheduler_keeps_one_request_per_second_and_backs_off_when_throttled() -> None:
    clock = Ticks()
    s = LogPollScheduler(clock)
    s.started(discovered=True)
    s.record(PollOutcome(lines=5, requests=5))  # DescribeLogStreams + 4 hosts
    assert s.delay(visible=True, finished=False, read_to_end=True) == 5.0
    s.record(PollOutcome(lines=0, requests=1, throttled=True))
    first = s.delay(visible=True, finished=False, read_to_end=True)
    s.record(PollOutcome(lines=0, requests=1, throttled=True))
    second = s.delay(visible=True, finished=False, read_to_end=True)
    assert first is not None and second is not None and second == 2 * first
    assert "throttled" in s.status
    clock.now = 10.0
    assert not s.should_discover(streams_known=4)
    assert s.should_discover(streams_known=0)
    clock.now = 31.0
    assert s.should_discover(streams_known=4)


def test_tail_opens_a_long_log_at_its_end_then_reads_history_and_follows(logs: LogsClient) -> None:
    t = base()
    put(logs, "long/algo-1-1", [(t + i, f"line {i}") for i in range(2_500)])
    repository = repo(logs, None)
    newest = repository.tail("long", lines=1_000)
    assert newest.events[0].message == "line 1500" and len(newest.events) == 1_000
    assert repository.has_older("long")
    older = repository.older("long", lines=1_000)
    assert [older.events[0].message, older.events[-1].message] == ["line 500", "line 1499"]
    oldest = repository.older("long", lines=1_000)
    assert [oldest.events[0].message, oldest.events[-1].message] == ["line 0", "line 499"]
    assert not repository.has_older("long")
    put(logs, "long/algo-1-1", [(t + 3_000, "new")])
    assert [e.message for e in repository.poll("long", finished=False, discover=False).events] == ["new"]


def test_the_whole_log_for_a_save_comes_from_the_cache_when_complete_else_from_cloudwatch(
    logs: LogsClient, cache: CacheStore
) -> None:
    t = base()
    put(logs, "whole/algo-1-1", [(t + i * 2, f"a{i}") for i in range(5)])
    put(logs, "whole/algo-2-1", [(t + i * 2 + 1, f"b{i}") for i in range(5)])
    seen: list[int] = []
    paused: list[int] = []
    read = repo(logs, None).whole("whole", pause=lambda: paused.append(1), progress=seen.append)
    assert [e.message for e in read.events][:4] == ["a0", "b0", "a1", "b1"] and len(read.events) == 10
    assert read.error is None and seen[-1] == 10 and len(paused) == read.requests - 1
    repo(logs, cache).poll("whole", finished=True)  # now cached, complete
    before = logs.counter.total
    cached = repo(logs, cache).whole("whole")
    assert len(cached.events) == 10 and logs.counter.total == before  # no call
