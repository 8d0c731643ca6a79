"""``describe``/``list`` read through the TUI's cache: a settled job described twice costs one API
call, ``--no-cache`` always calls, ``--offline`` answers from the cache (zero calls) or fails in
one line; and output from the cache is the same bytes as output from the service."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.commands.clirun import endpoint_args, ours, use_timezone
from tests.commands.fleet import FAILED, MAXIMAL, MINIMAL
from tests.commands.golden import CASES

pytest.importorskip("tui.cache.store")
pytestmark = pytest.mark.moto_server


@pytest.fixture
def clients(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every SageMakerClient the commands build, to count their API calls."""
    import tui.commands.runner as command

    built: list[Any] = []
    real = command.build_client

    def spy(*args: Any, **kwargs: Any) -> Any:
        client = real(*args, **kwargs)
        built.append(client)
        return client

    monkeypatch.setattr(command, "build_client", spy)
    return built


def calls(clients: list[Any], operation: str) -> int:
    return sum(client.counter.count(operation) for client in clients)


def golden(name: str, fmt: str, command: str = "describe") -> str:
    return next(c for c in CASES if c.name == name and c.command == command).path(fmt).read_text("utf-8")


def test_a_completed_job_described_twice_costs_one_call(
    fleet: str, capsys: pytest.CaptureFixture[str], clients: list[Any]
) -> None:
    args = ["--training-job-name", MAXIMAL, "--output", "json", *endpoint_args(fleet)]
    first = ours("describe", capsys, *args)
    second = ours("describe", capsys, *args)
    assert calls(clients, "DescribeTrainingJob") == 1
    # The cached copy prints exactly the same bytes as the fresh one (and as the AWS CLI).
    assert first.out == second.out == golden("maximal", "json")


def test_a_failed_job_is_settled_too(
    fleet: str, capsys: pytest.CaptureFixture[str], clients: list[Any]
) -> None:
    for fmt in ("text", "yaml"):
        result = ours(
            "describe", capsys, "--training-job-name", FAILED, "--output", fmt, *endpoint_args(fleet)
        )
        assert result.out == golden("failed", fmt)
    assert calls(clients, "DescribeTrainingJob") == 1


def test_no_cache_always_calls(fleet: str, capsys: pytest.CaptureFixture[str], clients: list[Any]) -> None:
    args = ["--training-job-name", MAXIMAL, "--no-cache", *endpoint_args(fleet)]
    ours("describe", capsys, *args)
    ours("describe", capsys, *args)
    assert calls(clients, "DescribeTrainingJob") == 2
    # And --no-cache wrote nothing: a later offline describe has nothing to answer from.
    assert (
        ours("describe", capsys, "--training-job-name", MAXIMAL, "--offline", *endpoint_args(fleet)).code == 1
    )


def test_offline_answers_from_the_cache_without_a_client(
    fleet: str, capsys: pytest.CaptureFixture[str], clients: list[Any], tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("running_job_interval = 1\n", encoding="utf-8")
    args = [
        "--training-job-name",
        MINIMAL,
        "--output",
        "text",
        "--config",
        str(config),
        *endpoint_args(fleet),
    ]
    online = ours("describe", capsys, *args)
    built = len(clients)
    fresh = ours("describe", capsys, *args, "--offline")
    assert len(clients) == built  # no client, so no call, is even possible
    assert (fresh.code, fresh.out, fresh.err) == (0, online.out, "")
    # Once the running job is due for a refresh, stderr says how old the offline answer is.
    time.sleep(1.1)
    stale = ours("describe", capsys, *args, "--offline")
    assert (stale.code, stale.out) == (0, online.out)
    assert stale.err.startswith(f"sagemaker-tui: offline: {MINIMAL} as cached at ")
    assert stale.err.endswith("; it may have changed since.\n")


def test_offline_miss_is_one_line(fleet: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = ours("describe", capsys, "--training-job-name", MAXIMAL, "--offline", *endpoint_args(fleet))
    assert result.code == 1
    assert result.out == ""
    assert result.err == f"sagemaker-tui: Offline: training job {MAXIMAL!r} is not in the cache.\n"


def test_cached_timestamps_follow_the_reader_s_time_zone(
    fleet: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, clients: list[Any]
) -> None:
    """Cached under UTC, printed under Asia/Kolkata: the same as a fresh call there."""
    args = ["--training-job-name", MAXIMAL, "--output", "json", *endpoint_args(fleet)]
    ours("describe", capsys, *args)
    use_timezone(monkeypatch, "Asia/Kolkata")
    cached = ours("describe", capsys, *args)
    fresh = ours("describe", capsys, *args, "--no-cache")
    assert calls(clients, "DescribeTrainingJob") == 2
    assert cached.out == fresh.out
    assert '"CreationTime": "2026-11-20T13:45:30.123000+05:30"' in cached.out


def test_list_fills_the_cache_for_offline_use(
    fleet: str, capsys: pytest.CaptureFixture[str], clients: list[Any]
) -> None:
    online = ours("list_jobs", capsys, "--output", "json", *endpoint_args(fleet))
    assert online.out == golden("all", "json", "list")
    offline = ours(
        "list_jobs",
        capsys,
        "--offline",
        "--query",
        "sort(TrainingJobSummaries[].TrainingJobName)",
        "--output",
        "text",
        *endpoint_args(fleet),
    )
    assert offline.code == 0
    assert offline.out == "bert-large-maximal\tresnet-failed\ttiny-minimal\n"
    assert calls(clients, "ListTrainingJobs") == 1


def test_offline_list_without_a_cached_list_is_one_line(
    fleet: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = ours("list_jobs", capsys, "--offline", *endpoint_args(fleet))
    assert result.code == 1
    assert result.err == "sagemaker-tui: Offline: no cached job list for this profile and region.\n"
