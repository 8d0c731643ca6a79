"""The demo fleet's logs: pure generation, and served through CloudWatch Logs on the moto server."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest

from tests.conftest import FIXED_NOW
from tui.aws.client import ConnectionOptions
from tui.aws.logs import build_logs_client, merge_events
from tui.clock import FixedClock
from tui.demo import FAILED_JOB, MAXIMAL_JOB, ROLES, RUNNING_JOB, attach_demo_fleet, generate_fleet
from tui.demo.logs import instantiate, job_log, now_ms
from tui.demo.spec import DEMO_ACCOUNT, DEMO_REGION

SPECS = {spec.name: spec for spec in generate_fleet(3, FIXED_NOW)}


def describe(name: str) -> dict:
    return SPECS[name].describe(DEMO_ACCOUNT, DEMO_REGION)


def test_instantiate_makes_text_each_regex_matches() -> None:
    for regex in (
        r"'loss': ([0-9\.]+)",
        r".*\[[0-9]+\].*#011validation-auc:([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*",
        r"all\s+\d+\s+\d+\s+[0-9.]+\s+[0-9.]+\s+([0-9.]+)",
        r"#test_score \(algo-1, RMSE\): ([0-9\.]+)",
    ):
        text = instantiate(regex, 0.5)
        assert text is not None and float(re.search(regex, text).group(1)) == 0.5  # type: ignore[union-attr]


def test_every_metric_definition_is_matched_by_some_line() -> None:
    checked = 0
    for name, spec in SPECS.items():
        log = job_log(describe(name))
        if log is None or spec.state["TrainingJobStatus"] == "InProgress":
            continue
        lines = [m for s in log.streams for _, m in log.lines(s, now_ms(FIXED_NOW))]
        for metric, regex in log.metrics:
            assert any(re.search(regex, line) for line in lines), (name, metric)
            checked += 1
    assert checked > 50


def test_failed_job_ends_in_its_failure_reason_and_spot_restart_opens_a_stream() -> None:
    failed = describe(ROLES["failed-training"])
    log = job_log(failed)
    assert log is not None
    last = log.lines(log.streams[0], now_ms(FIXED_NOW))[-1][1]
    assert last == failed["FailureReason"].splitlines()[-1]
    texts = [m for _, m in log.lines(log.streams[0], now_ms(FIXED_NOW))]
    assert "Traceback (most recent call last):" in texts
    interrupted = job_log(describe(MAXIMAL_JOB))
    assert interrupted is not None
    hosts = [s.host for s in interrupted.streams]
    # 4 hosts x (first run + restart)
    assert sorted(hosts) == [f"algo-{n}" for n in (1, 1, 2, 2, 3, 3, 4, 4)]


def test_a_job_that_never_started_has_no_log() -> None:
    # demo-failed failed while Starting: no container ever ran.
    assert job_log(describe(FAILED_JOB)) is None


@pytest.fixture
def logs_options(moto_url: str) -> ConnectionOptions:
    return ConnectionOptions(region=DEMO_REGION, logs_endpoint_url=moto_url, max_attempts=1,
                             static_credentials=("demo", "demo"))


def test_served_logs_grow_as_time_passes_and_maximal_is_large(
    moto_url: str, logs_options: ConnectionOptions
) -> None:
    clock = FixedClock(FIXED_NOW)
    with attach_demo_fleet(moto_url, seed=3, now=FIXED_NOW, clock=clock):
        logs = build_logs_client(logs_options)
        streams = logs.streams(RUNNING_JOB)
        assert streams
        before = sum(len(p.events) for s in streams for p in logs.read_forward(s))
        clock.advance(60)
        after = sum(len(p.events) for s in logs.streams(RUNNING_JOB) for p in logs.read_forward(s))
        assert after >= before + 25  # a line every 2 s per host
        maximal = logs.streams(MAXIMAL_JOB)
        assert len(maximal) == 8  # 4 hosts, each with a stream before and after its spot restart
        total = sum(len(p.events) for s in maximal for p in logs.read_forward(s))
        assert total >= 100_000
        hosts = {s.host for s in maximal}
        assert hosts == {"algo-1", "algo-2", "algo-3", "algo-4"}


def test_per_host_lines_interleave(moto_url: str, logs_options: ConnectionOptions) -> None:
    with attach_demo_fleet(moto_url, seed=3, now=FIXED_NOW, jobs=40):
        logs = build_logs_client(replace(logs_options))
        name = ROLES["heterogeneous"]
        streams = logs.streams(name)
        merged = merge_events([[e for p in logs.read_forward(s) for e in p.events] for s in streams])
        assert len({e.host for e in merged}) == len(streams) > 1
        assert [e.timestamp for e in merged] == sorted(e.timestamp for e in merged)
        assert merged[-1].timestamp <= now_ms(FIXED_NOW + timedelta(days=1))
