"""A cached answer imports neither boto3, botocore nor textual: ``describe`` of a settled cached job,
``describe --offline``, ``list`` of a fresh cached listing and ``list --offline`` run in a fresh
interpreter, which reports the modules it loaded at exit; and they print the same bytes as the
ordinary (boto3) path did."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.commands.clirun import endpoint_args, ours
from tests.commands.fleet import FAILED, MAXIMAL, MINIMAL

pytestmark = pytest.mark.moto_server

HEAVY = ("boto3", "botocore", "s3transfer", "textual")
#: Runs the real entry point, then says which heavy packages it had imported by the end.
SCRIPT = """
import json, sys
from tui.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
heavy = sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] in %r})
with open(%r, "w") as out:
    json.dump({"code": code, "heavy": heavy}, out)
"""


def run_fresh(tmp_path: Path, *argv: str) -> tuple[dict[str, object], str]:
    report = tmp_path / "report.json"
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT % (HEAVY, str(report)), *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ),
        check=False,
    )
    assert proc.stderr == ""
    return json.loads(report.read_text("utf-8")), proc.stdout


@pytest.mark.parametrize(
    "options",
    [
        ("--output", "json"),
        ("--output", "text"),
        ("--output", "yaml"),
        ("--query", "{name: TrainingJobName, when: CreationTime, spot: EnableManagedSpotTraining}"),
    ],
    ids=["json", "text", "yaml", "query"],
)
def test_a_cached_describe_imports_no_boto3(
    fleet: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, options: tuple[str, ...]
) -> None:
    args = ["describe", "--training-job-name", MAXIMAL, *options, *endpoint_args(fleet)]
    first = ours("describe", capsys, *args[1:])  # through boto3: fetched, then cached
    assert first.code == 0 and first.err == ""
    report, out = run_fresh(tmp_path, *args)
    assert report == {"code": 0, "heavy": []}
    assert out == first.out


def test_a_cached_offline_describe_imports_no_boto3(
    fleet: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    args = ["--training-job-name", FAILED, "--output", "text", *endpoint_args(fleet)]
    first = ours("describe", capsys, *args)
    report, out = run_fresh(tmp_path, "describe", *args, "--offline")
    assert report == {"code": 0, "heavy": []}
    assert out == first.out


@pytest.mark.parametrize("output", ["json", "text"])
def test_an_offline_list_imports_no_boto3(
    fleet: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, output: str
) -> None:
    listed = ours("list_jobs", capsys, "--output", output, *endpoint_args(fleet))
    assert listed.code == 0
    report, out = run_fresh(tmp_path, "list", "--offline", "--output", output, *endpoint_args(fleet))
    assert report == {"code": 0, "heavy": []}
    assert out == ours("list_jobs", capsys, "--offline", "--output", output, *endpoint_args(fleet)).out


def test_a_cache_miss_still_goes_to_the_service(
    fleet: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The check can fail: the ordinary path (a miss) does import boto3, and answers."""
    report, out = run_fresh(tmp_path, "describe", "--training-job-name", MAXIMAL, *endpoint_args(fleet))
    assert report["code"] == 0 and "boto3" in report["heavy"]  # type: ignore[operator]
    assert MAXIMAL in out


def test_a_cached_partial_record_is_never_the_fast_answer(
    fleet: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A Search record cached as a partial describe (refresh-engine issue) lacks fields the
    describe has: the fast path leaves it to the ordinary path, which calls DescribeTrainingJob."""
    import sqlite3

    from tui.cache.store import CacheStore

    args = ["--training-job-name", MAXIMAL, *endpoint_args(fleet)]
    full = ours("describe", capsys, *args)
    assert full.code == 0
    with sqlite3.connect(CacheStore.default_path()) as db:
        assert db.execute("UPDATE describes SET partial = 1").rowcount >= 1
    report, out = run_fresh(tmp_path, "describe", *args)
    assert report["code"] == 0 and "boto3" in report["heavy"]  # type: ignore[operator]
    assert out == full.out


# -- list: a fresh cached listing ----------------------------------------------------------------
def _age_listings(seconds: float) -> None:
    """Make every cached listing ``seconds`` older (as if it had been read that long ago)."""
    import sqlite3
    from datetime import datetime, timedelta

    from tui.cache.queries import to_ts
    from tui.cache.store import CacheStore

    with sqlite3.connect(CacheStore.default_path()) as db:
        rows = db.execute("SELECT rowid, listed_at, complete_at FROM listings").fetchall()
        assert rows
        for rowid, listed, complete in rows:
            older = [to_ts(datetime.fromisoformat(v) - timedelta(seconds=seconds)) if v else v
                     for v in (listed, complete)]
            db.execute("UPDATE listings SET listed_at = ?, complete_at = ? WHERE rowid = ?", (*older, rowid))


@pytest.mark.parametrize(
    "options",
    [
        ("--output", "json"),
        ("--output", "table"),
        ("--output", "yaml"),
        ("--query", "TrainingJobSummaries[].[TrainingJobName, CreationTime]"),
        ("--status-equals", "Failed", "--output", "text"),  # one job: page breaks cannot matter
        ("--max-items", "3", "--page-size", "1"),  # nothing cut: no NextToken to make
    ],
    ids=["json", "table", "yaml", "query", "text-uniform", "max-items-all"],
)
def test_a_fresh_cached_list_imports_no_boto3(
    fleet: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, options: tuple[str, ...]
) -> None:
    """A complete listing younger than list_interval (15 s) answers `list` without boto3, with the
    bytes the service's answer printed (which test_golden checks against the AWS CLI)."""
    args = ["list", *options, *endpoint_args(fleet)]
    first = ours("list_jobs", capsys, *args[1:])  # through boto3: every page read, the listing cached
    assert first.code == 0 and first.err == ""
    report, out = run_fresh(tmp_path, *args)
    assert report == {"code": 0, "heavy": []}
    assert out == first.out


@pytest.mark.parametrize(
    "options",
    [
        ("--output", "text"),  # the jobs' fields differ: the service's page breaks would show
        ("--output", "text", "--query", "TrainingJobSummaries[].TrainingJobName"),  # a query per page
        ("--output", "yaml-stream"),
        ("--max-items", "2"),  # a NextToken only the service can give
        ("--name-contains", "MAX"),  # the service's case rule
        ("--sort-by", "Name"),  # the service's collation and ties
        ("--no-cache",),
    ],
    ids=[
        "text-mixed", "text-query", "yaml-stream", "max-items-cut", "name-contains", "sort-name", "no-cache"
    ],
)
def test_a_list_the_cache_cannot_answer_exactly_asks_the_service(
    fleet: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, options: tuple[str, ...]
) -> None:
    assert ours("list_jobs", capsys, *endpoint_args(fleet)).code == 0  # a fresh complete listing
    args = ["list", *options, *endpoint_args(fleet)]
    report, out = run_fresh(tmp_path, *args)
    assert report["code"] == 0 and "boto3" in report["heavy"]  # type: ignore[operator]
    assert out == ours("list_jobs", capsys, *args[1:]).out


def test_a_stale_listing_asks_the_service(
    fleet: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Older than list_interval (15 s): the service is asked again, and its answer cached."""
    args = ["list", "--output", "json", *endpoint_args(fleet)]
    first = ours("list_jobs", capsys, *args[1:])
    _age_listings(16)
    report, out = run_fresh(tmp_path, *args)
    assert report["code"] == 0 and "boto3" in report["heavy"]  # type: ignore[operator]
    assert out == first.out
    report, _ = run_fresh(tmp_path, *args)  # that answer is a fresh listing again
    assert report == {"code": 0, "heavy": []}


def test_a_fresh_listing_is_served_in_the_service_s_order(
    fleet: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """ListTrainingJobs sorts by CreationTime, Ascending by default (moto ignores SortOrder, AWS
    does not): the cache answers in that order, newest first when asked Descending."""
    assert ours("list_jobs", capsys, *endpoint_args(fleet)).code == 0
    query = ("--query", "TrainingJobSummaries[].TrainingJobName", "--output", "json")
    _, ascending = run_fresh(tmp_path, "list", *query, *endpoint_args(fleet))
    report, descending = run_fresh(
        tmp_path, "list", "--sort-order", "Descending", *query, *endpoint_args(fleet)
    )
    assert report == {"code": 0, "heavy": []}
    assert json.loads(ascending) == [MAXIMAL, FAILED, MINIMAL]
    assert json.loads(descending) == [MINIMAL, FAILED, MAXIMAL]


# -- list --offline: the cached list, in the service's order ----------------------------------------
@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ((), [MAXIMAL, FAILED, MINIMAL]),
        (("--sort-order", "Descending"), [MINIMAL, FAILED, MAXIMAL]),
        (("--sort-by", "Name"), sorted([MAXIMAL, FAILED, MINIMAL])),
        (("--sort-by", "Name", "--sort-order", "Descending"),
         sorted([MAXIMAL, FAILED, MINIMAL], reverse=True)),
    ],
    ids=["default", "descending", "name", "name-descending"],
)
def test_an_offline_list_prints_the_service_s_order(
    fleet: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    options: tuple[str, ...],
    expected: list[str],
) -> None:
    """The cache keeps newest-first; ListTrainingJobs answers by CreationTime, Ascending, unless
    told otherwise: ``--offline`` prints what the service would (it printed newest-first before)."""
    listed = ours("list_jobs", capsys, "--output", "json", *endpoint_args(fleet))
    assert listed.code == 0
    _age_listings(3600)  # offline serves a listing of any age
    query = ("--query", "TrainingJobSummaries[].TrainingJobName", "--output", "json")
    report, out = run_fresh(tmp_path, "list", "--offline", *options, *query, *endpoint_args(fleet))
    assert report == {"code": 0, "heavy": []}
    assert json.loads(out) == expected
    if not options:  # the very bytes of the service's own answer
        report, whole = run_fresh(tmp_path, "list", "--offline", "--output", "json", *endpoint_args(fleet))
        assert whole == listed.out


def test_an_offline_list_the_fast_path_leaves_is_in_the_service_s_order_too(
    fleet: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """yaml-stream (a document per page) and --no-paginate take the ordinary offline path: same order."""
    assert ours("list_jobs", capsys, *endpoint_args(fleet)).code == 0
    query = ("--query", "TrainingJobSummaries[].TrainingJobName")
    single = ours("list_jobs", capsys, "--offline", "--no-paginate", "--output", "json", *query,
                  *endpoint_args(fleet))
    assert single.code == 0 and json.loads(single.out) == [MAXIMAL, FAILED, MINIMAL]
    stream = ours("list_jobs", capsys, "--offline", "--output", "yaml-stream", *query, *endpoint_args(fleet))
    assert stream.code == 0
    names = [line.split("- ")[-1] for line in stream.out.splitlines() if line.lstrip("- ")]
    assert names == [MAXIMAL, FAILED, MINIMAL]


def test_an_offline_list_reads_the_cache_without_the_repository(
    fleet: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The fast path answers ``--offline`` too (no repository, no tracker: one opening of the cache)."""
    assert ours("list_jobs", capsys, *endpoint_args(fleet)).code == 0
    probe = tmp_path / "modules.json"
    code = (
        "import json, sys; from tui.cli import main; code = main(sys.argv[1:]); sys.stdout.flush(); "
        f"json.dump(sorted(m for m in sys.modules if m.startswith('tui.')), open({str(probe)!r}, 'w'))"
    )
    proc = subprocess.run([sys.executable, "-c", code, "list", "--offline", *endpoint_args(fleet)],
                          capture_output=True, text=True, env=dict(os.environ), check=False)
    assert proc.returncode == 0 and proc.stderr == ""
    loaded = json.loads(probe.read_text())
    assert "tui.commands.cache_hit" in loaded and "tui.repository" not in loaded
