"""``sagemaker-tui logs`` against the local moto server: goldens for each format, follow mode and its
exit codes, the cache (offline), filters, hostile lines and bad input."""

from __future__ import annotations

import io
import json
from typing import Any

import boto3
import pytest

from tests.aws.helpers import backend_job, create_job
from tests.commands.clirun import GOLDEN, Result, endpoint_args, ours
from tests.conftest import TEST_REGION
from tui.aws.logs import LOG_GROUP
from tui.commands import logs as logs_command

JOB = "logs-golden"
#: 2026-11-26T12:00:00Z: fixed, so the goldens never change (written through moto's backend,
#: which has no 14-day limit).
T0 = 1_795_694_400_000
HOSTILE = [
    "osc52 \x1b]52;c;aGVsbG8=\x07 end",
    "osc8 \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "cursor \x1b[2J\x1b[H\x1b[10A moved",
    "bidi \u202eevil\u202c text",
    "[bold]markup[/bold] [link=https://x]link[/link]",
]


def sm(url: str) -> Any:
    return boto3.client("sagemaker", region_name=TEST_REGION, endpoint_url=url,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def put(stream: str, lines: list[tuple[int, str]]) -> None:
    from moto.logs.models import logs_backends

    backend = logs_backends["123456789012"][TEST_REGION]
    if LOG_GROUP not in backend.groups:
        backend.create_log_group(LOG_GROUP, {})
    group = backend.groups[LOG_GROUP]
    if stream not in group.streams:
        group.create_log_stream(stream)
    group.put_log_events(stream, [{"timestamp": t, "message": m} for t, m in lines])


@pytest.fixture
def job(moto_url: str, cli_env: None) -> str:
    create_job(sm(moto_url), JOB, ResourceConfig={"InstanceType": "ml.m5.xlarge", "InstanceCount": 2,
                                                  "VolumeSizeInGB": 30})
    put(f"{JOB}/algo-1-1795694400", [(T0 + 0, "start algo-1"), (T0 + 2000, "epoch 1 loss=0.5"),
                                      (T0 + 4000, "done")])
    put(f"{JOB}/algo-2-1795694400", [(T0 + 1000, "start algo-2"), (T0 + 3000, "epoch 1 loss=0.6")])
    return moto_url


def run(url: str, capsys: pytest.CaptureFixture[str], *argv: str) -> Result:
    return ours("logs", capsys, "--training-job-name", JOB, *endpoint_args(url), "--logs-endpoint-url", url,
                *argv)


@pytest.mark.parametrize("fmt", ["detailed", "short", "json"])
def test_formats_match_their_goldens(job: str, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    result = run(job, capsys, "--format", fmt)
    assert result.code == 0, result.err
    golden = GOLDEN / f"logs_{fmt}.txt"
    assert result.out == golden.read_text(encoding="utf-8")


def test_host_filter_and_pattern(job: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(job, capsys, "--host", "algo-2", "--format", "short").out == (
        "algo-2 start algo-2\nalgo-2 epoch 1 loss=0.6\n"
    )
    # Sent to CloudWatch as FilterLogEvents (not cached yet), interleaved by time.
    assert run(job, capsys, "--filter-pattern", "loss", "--format", "short", "--no-cache").out == (
        "algo-1 epoch 1 loss=0.5\nalgo-2 epoch 1 loss=0.6\n"
    )


def test_a_finished_job_is_cached_and_printed_offline(job: str, capsys: pytest.CaptureFixture[str]) -> None:
    first = run(job, capsys, "--format", "short")
    offline = run(job, capsys, "--format", "short", "--offline")
    assert offline.code == 0 and offline.out == first.out and offline.err == ""
    # Cached and complete: the filter runs locally, offline.
    assert run(job, capsys, "--format", "short", "--offline", "--filter-pattern", "start").out == (
        "algo-1 start algo-1\nalgo-2 start algo-2\n"
    )


def test_offline_with_nothing_cached_is_one_line(job: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(job, capsys, "--offline")
    assert result.code == 1 and result.out == ""
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize(("status", "code"), [("Completed", 0), ("Failed", 1), ("Stopped", 2)])
def test_follow_exits_with_the_job_status(
    job: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, status: str, code: int
) -> None:
    backend_job(JOB).training_job_status = "InProgress"
    naps: list[float] = []

    def nap(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 1:
            put(f"{JOB}/algo-1-1795694400", [(T0 + 5000, "later line")])
        if len(naps) == 2:
            put(f"{JOB}/algo-3-1795694500", [(T0 + 6000, "new host")])  # a stream appears
        if len(naps) == 3:
            backend_job(JOB).training_job_status = status

    monkeypatch.setattr(logs_command, "sleep", nap)
    monkeypatch.setattr("tui.models.log_poll.DISCOVER_EVERY", 0.0)
    result = run(job, capsys, "--follow", "--format", "short", "--no-cache")
    assert result.code == code, result.err
    assert result.out.splitlines()[-2:] == ["algo-1 later line", "algo-3 new host"]
    assert all(n >= 1.0 for n in naps[1:])  # never more than a request a second


def test_ctrl_c_exits_130(
    job: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    backend_job(JOB).training_job_status = "InProgress"

    def interrupt(_: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(logs_command, "sleep", interrupt)
    assert run(job, capsys, "--follow", "--no-cache").code == 130


def test_hostile_lines_are_neutralised_on_a_terminal(job: str, monkeypatch: pytest.MonkeyPatch) -> None:
    put(f"{JOB}/algo-1-1795694400", [(T0 + 10_000 + i, line) for i, line in enumerate(HOSTILE)])

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    monkeypatch.setattr("sys.stdout", out)
    code = logs_command.run(["--training-job-name", JOB, *endpoint_args(job), "--logs-endpoint-url", job,
                             "--format", "short", "--no-cache", "--no-color"])
    text = out.getvalue()
    assert code == 0
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "␛]52;c;aGVsbG8=␇" in text and "‹U+202E›" in text
    assert "[bold]markup[/bold]" in text  # printed as is: no markup is interpreted


def test_a_pipe_gets_the_bytes_unchanged(job: str, capsys: pytest.CaptureFixture[str]) -> None:
    put(f"{JOB}/algo-1-1795694400", [(T0 + 10_000, HOSTILE[0])])
    lines = run(job, capsys, "--format", "json", "--no-cache").out.splitlines()
    assert json.loads(lines[-1])["message"] == HOSTILE[0]  # JSON escapes it; the data is intact


@pytest.mark.parametrize(
    "argv",
    [
        ["--since", "yesterday"],
        ["--format", "xml"],
        ["--logs-endpoint-url", "ftp://x"],
        ["--filter-pattern", " "],
    ],
)
def test_bad_input_is_one_line_and_exit_252(
    job: str, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    result = run(job, capsys, *argv)
    assert result.code == 252 and result.out == ""
    assert len(result.err.strip().splitlines()) == 1


def test_missing_name_and_unknown_job(
    moto_url: str, cli_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ours("logs", capsys).code == 252
    result = ours("logs", capsys, "--training-job-name", "nope", *endpoint_args(moto_url),
                  "--logs-endpoint-url", moto_url)
    assert result.code == 254 and result.out == ""
    assert "TrainingJob" in result.err or "not found" in result.err.lower()


def test_since_reads_from_then_on(job: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(job, capsys, "--since", "2026-11-26T12:00:02Z", "--format", "short")
    assert result.out == "algo-1 epoch 1 loss=0.5\nalgo-2 epoch 1 loss=0.6\nalgo-1 done\n"


# -- the cache-hit path: a finished job's whole log, without boto3 --------------------------------
@pytest.mark.moto_server
@pytest.mark.parametrize(
    "options",
    [
        ("--format", "detailed"),
        ("--format", "json"),
        ("--format", "short", "--host", "algo-2"),
        ("--format", "short", "--filter-pattern", "loss"),
        ("--format", "short", "--since", "2026-11-26T12:00:02"),
    ],
    ids=["detailed", "json", "host", "pattern", "since"],
)
def test_a_finished_job_s_cached_log_imports_no_boto3(
    job: str, capsys: pytest.CaptureFixture[str], tmp_path: Any, options: tuple[str, ...]
) -> None:
    from tests.commands.test_cache_hit_imports import run_fresh

    assert run(job, capsys).code == 0  # described and read to the end: both cached
    first = run(job, capsys, *options, "--no-cache")  # what the service's answer prints
    assert first.code == 0 and first.err == "" and first.out
    report, out = run_fresh(tmp_path, "logs", "--training-job-name", JOB, *endpoint_args(job),
                            "--logs-endpoint-url", job, *options)
    assert report == {"code": 0, "heavy": []}
    assert out == first.out


@pytest.mark.moto_server
@pytest.mark.parametrize(("status", "code"), [("Failed", 1), ("Stopped", 2)])
def test_follow_of_a_finished_cached_job_exits_with_its_status_without_boto3(
    job: str, capsys: pytest.CaptureFixture[str], tmp_path: Any, status: str, code: int
) -> None:
    from tests.commands.test_cache_hit_imports import run_fresh

    backend_job(JOB).training_job_status = status
    first = run(job, capsys, "--follow", "--format", "short")
    assert first.code == code
    report, out = run_fresh(tmp_path, "logs", "--training-job-name", JOB, *endpoint_args(job),
                            "--logs-endpoint-url", job, "--follow", "--format", "short")
    assert report == {"code": code, "heavy": []}
    assert out == first.out


@pytest.mark.moto_server
def test_a_running_job_s_log_asks_the_service(
    job: str, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    """The check can fail: a log that may still grow is read from CloudWatch (boto3 imported)."""
    from tests.commands.test_cache_hit_imports import run_fresh

    backend_job(JOB).training_job_status = "InProgress"
    first = run(job, capsys, "--format", "short")
    report, out = run_fresh(tmp_path, "logs", "--training-job-name", JOB, *endpoint_args(job),
                            "--logs-endpoint-url", job, "--format", "short")
    assert report["code"] == 0 and "boto3" in report["heavy"]  # type: ignore[operator]
    assert out == first.out


@pytest.mark.moto_server
def test_a_cached_answer_says_a_read_only_cache_once(
    job: str, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    """The describe and the log come from one opening of the cache: its notice is said once."""
    import os
    import subprocess
    import sys

    from tui.cache.store import CacheStore

    assert run(job, capsys).code == 0  # described and read to the end: both cached
    first = run(job, capsys, "--format", "short")
    path = CacheStore.default_path()
    path.chmod(0o400)
    # As root the file stays writable: this child's os.access says it is not (as for a user).
    code = (
        "import os, sys; from pathlib import Path; real = os.access; "
        f"os.access = lambda p, m, **k: False if Path(p) == Path({str(path)!r}) and m & os.W_OK "
        "else real(p, m, **k); from tui.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "logs", "--training-job-name", JOB, *endpoint_args(job),
         "--logs-endpoint-url", job, "--format", "short"],
        capture_output=True, text=True, env=dict(os.environ), check=False,
    )
    assert proc.returncode == 0 and proc.stdout == first.out
    assert proc.stderr == "sagemaker-tui: cache: read-only file, running without writing\n"
