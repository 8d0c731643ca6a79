"""The repository's Search change feed against the local SageMaker: partial records in the cache,
the cache policy around them, and the ListTrainingJobs fallback."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.aws.helpers import backend_job, create_job
from tests.cache.old_versions import rewind
from tests.faults import FaultInjector, access_denied, always
from tui.aws.client import ConnectionOptions, build_client
from tui.aws.errors import AccessDeniedError
from tui.cache import schema
from tui.cache.store import CacheStore
from tui.clock import FixedClock
from tui.repository import JobRepository, OfflineError, RefreshIntervals, search_lacks

pytestmark = pytest.mark.moto_server
DESCRIBE = "DescribeTrainingJob"
LIST = "ListTrainingJobs"
SEARCH = "Search"
INTERVALS = RefreshIntervals(running_job=10, settling_job=60)
OLD = datetime(2026, 1, 1, 12, 0)  # naive UTC, as moto keeps it


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "cache.sqlite3"


@pytest.fixture
def repo_factory(moto_options: ConnectionOptions, cache_path: Path, fixed_clock: FixedClock):
    made: list[CacheStore] = []

    def make(*, offline: bool = False) -> JobRepository:
        store = CacheStore(cache_path)
        made.append(store)
        client = None if offline else build_client(moto_options)
        return JobRepository(client, store, fixed_clock, INTERVALS, options=moto_options)

    yield make
    for store in made:
        store.close()


def fleet(sm_client, count: int) -> None:
    """``count`` jobs last modified a minute apart, job-0 the newest (an hour before OLD)."""
    for i in range(count):
        create_job(sm_client.raw, f"job-{i}")
        backend_job(f"job-{i}").last_modified_time = OLD - timedelta(hours=1, minutes=i)


def test_search_lacks_is_computed_from_the_service_model() -> None:
    lacks = search_lacks()
    assert {"ProfilingStatus", "ProfilerRuleEvaluationStatuses", "ProgressInfo"} <= lacks
    assert "TrainingJobName" not in lacks and "ResourceConfig" not in lacks and "Tags" not in lacks


def test_one_search_call_returns_what_changed_whatever_the_account_size(
    sm_client, repo_factory, fixed_clock
) -> None:
    fleet(sm_client, 250)  # three ListTrainingJobs pages
    repo = repo_factory()
    list(repo.list_all())
    listed = repo.counter.count(LIST)
    assert listed == 3
    for name in ("job-7", "job-123"):
        backend_job(name).last_modified_time = OLD + timedelta(hours=1)
        backend_job(name).training_job_status = "Stopped"
    fixed_clock.advance(30)
    found = repo.changes()
    assert found.feed == "search" and found.calls == 1 and found.search_error is None
    # job-0 too: the newest job before, within the overlap window of the high-water mark.
    assert {s["TrainingJobName"] for s in found.summaries} == {"job-0", "job-7", "job-123"}
    assert repo.counter.count(LIST) == listed and repo.counter.count(SEARCH) == 1
    cached = {s["TrainingJobName"]: s for s in repo.cached_summaries().value}
    assert cached["job-7"]["TrainingJobStatus"] == "Stopped"
    # The instance column of every changed job, from the Search record, without a describe.
    assert repo.enrichment(["job-7"])["job-7"].instance_type == "ml.m5.xlarge"
    assert repo.counter.count(DESCRIBE) == 0


def test_a_partial_record_is_never_served_as_the_describe(sm_client, repo_factory, fixed_clock) -> None:
    fleet(sm_client, 3)
    repo = repo_factory()
    list(repo.list_all())
    backend_job("job-1").last_modified_time = OLD + timedelta(hours=1)
    fixed_clock.advance(30)
    repo.changes()
    cached = repo.cached_describe("job-1")
    assert cached is not None and cached.search_record  # a first paint may show it
    assert not repo.serves(cached)
    full = repo.describe("job-1")
    assert repo.counter.count(DESCRIBE) == 1
    assert not full.search_record and not full.from_cache
    assert not repo.cached_describe("job-1").search_record  # the full describe replaced it
    # Offline, only a partial record cached: a clear error, never the partial record.
    backend_job("job-2").last_modified_time = OLD + timedelta(hours=2)
    fixed_clock.advance(30)
    repo.changes()
    offline = repo_factory(offline=True)
    with pytest.raises(OfflineError, match="partial"):
        offline.describe("job-2")


def test_a_record_of_the_version_described_keeps_the_full_describe(sm_client, repo_factory, fixed_clock):
    fleet(sm_client, 2)
    repo = repo_factory()
    list(repo.list_all())
    backend_job("job-0").last_modified_time = OLD + timedelta(hours=1)
    repo.describe("job-0")
    fixed_clock.advance(30)
    repo.changes()  # Search returns job-0 at the very version just described
    assert not repo.cached_describe("job-0").search_record
    # A later change: the record replaces the describe, keeping the members Search lacks.
    job = backend_job("job-0")
    job.last_modified_time = OLD + timedelta(hours=2)
    job.profiling_status = "Enabled"
    repo.describe("job-0", force=True)
    job.last_modified_time = OLD + timedelta(hours=3)
    fixed_clock.advance(30)
    repo.changes()
    cached = repo.cached_describe("job-0")
    assert cached.search_record and cached.value.get("ProfilingStatus") == "Enabled"


def test_an_older_record_never_replaces_a_newer_describe(sm_client, repo_factory, fixed_clock) -> None:
    fleet(sm_client, 2)
    repo = repo_factory()
    list(repo.list_all())
    job = backend_job("job-1")
    job.last_modified_time = OLD + timedelta(hours=1)
    job.training_job_status = "Stopped"
    repo.describe("job-1")
    # A lagging index answers with the version before: same name, older LastModifiedTime.
    job.last_modified_time = OLD + timedelta(minutes=59, seconds=30)
    job.training_job_status = "InProgress"
    fixed_clock.advance(30)
    found = repo.changes((OLD + timedelta(minutes=59)).replace(tzinfo=timezone.utc))
    assert found.summaries == []
    kept = repo.cached_describe("job-1")
    assert not kept.search_record and kept.value["TrainingJobStatus"] == "Stopped"


def test_search_denied_falls_back_to_the_list_and_says_why(sm_client, repo_factory, fixed_clock) -> None:
    fleet(sm_client, 250)
    repo = repo_factory()
    list(repo.list_all())
    FaultInjector(always(SEARCH, lambda: access_denied(SEARCH))).attach(repo.client.raw)
    backend_job("job-9").last_modified_time = OLD + timedelta(hours=1)
    fixed_clock.advance(30)
    found = repo.changes()
    assert found.feed == "list" and isinstance(found.search_error, AccessDeniedError)
    assert {s["TrainingJobName"] for s in found.summaries} == {"job-0", "job-9"}
    assert found.calls == 3  # every page of the account (after the denied Search)
    # Told to use the list (the scheduler's fallback), Search is not even tried.
    fixed_clock.advance(30)
    before = repo.counter.count(SEARCH)
    assert repo.changes(search=False).feed == "list"
    assert repo.counter.count(SEARCH) == before


def test_describe_returns_its_next_due_time(sm_client, repo_factory, fixed_clock) -> None:
    create_job(sm_client.raw, "run")
    backend_job("run").training_job_status = "InProgress"
    create_job(sm_client.raw, "done")
    repo = repo_factory()
    running = repo.describe("run")
    assert running.due_at == fixed_clock.now() + timedelta(seconds=INTERVALS.running_job)
    fixed_clock.advance(4)
    served = repo.describe("run")  # from the cache: due when the cached copy is
    assert served.from_cache and served.due_at == running.due_at
    assert repo.describe("done").due_at is None  # settled: never due
    # The instant cached copy (the detail screen's first frame) carries it too.
    assert repo.cached_describe("run").due_at == running.due_at


def test_schema_1_files_upgrade_with_every_describe_full(cache_path: Path) -> None:
    from tui.cache.scope import Scope

    scope = Scope("https://sagemaker.us-east-1.amazonaws.com", "us-east-1", "123456789012")
    with CacheStore(cache_path) as store:
        store.put_describe(scope, "a", {"TrainingJobName": "a"}, datetime(2026, 1, 1))
    rewind(cache_path, 1)
    with CacheStore(cache_path) as store:
        assert store.warnings == []
        item = store.get_describe(scope, "a")
        assert item is not None and not item.partial
        assert store.info().schema_version == schema.SCHEMA_VERSION


def test_the_describe_command_never_prints_a_partial_record(
    sm_client, moto_options, monkeypatch, capsys
) -> None:
    """`sagemaker-tui describe` with only a Search record of the job cached: online it calls
    DescribeTrainingJob (the output has what Search lacks); offline it says what is missing."""
    from tui.cli import main
    from tui.commands.describe import build_parser
    from tui.commands.runner import open_repository

    fleet(sm_client, 2)
    job = backend_job("job-1")
    job.profiling_status = "Enabled"  # a DescribeTrainingJob member a Search record never has
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    argv = ["describe", "--training-job-name", "job-1", "--region", "us-east-1",
            "--endpoint-url", moto_options.endpoint_url]
    with open_repository(build_parser().parse_args(argv[1:])) as repo:  # the command's own cache
        list(repo.list_all())
        job.last_modified_time = datetime.now(timezone.utc).replace(tzinfo=None)
        repo.changes()
        cached = repo.cached_describe("job-1")
        assert cached is not None and cached.search_record and "ProfilingStatus" not in cached.value
    assert main([*argv, "--offline"]) != 0
    offline = capsys.readouterr()
    assert offline.out == "" and "partial" in offline.err
    assert main(argv) == 0
    assert '"ProfilingStatus": "Enabled"' in capsys.readouterr().out


def test_tags_from_search_records_are_cached_for_the_next_run_and_offline(
    sm_client, repo_factory, fixed_clock
) -> None:
    """No describe has a job's tags; Search records do. The TAGS column reads them back after a
    restart and offline (they were this session's only)."""
    fleet(sm_client, 3)
    arn = sm_client.raw.describe_training_job(TrainingJobName="job-1")["TrainingJobArn"]
    sm_client.raw.add_tags(ResourceArn=arn, Tags=[{"Key": "team", "Value": "vision"}])
    repo = repo_factory()
    list(repo.list_all())
    assert repo.job_tags() == {}
    found = [s for page in repo.search_where({"Filters": [{"Name": "TrainingJobName", "Operator": "Equals",
                                                            "Value": "job-1"}]}) for s in page]
    assert [s["TrainingJobName"] for s in found] == ["job-1"]
    assert repo.job_tags()["job-1"] == [{"Key": "team", "Value": "vision"}]
    restarted = repo_factory()
    assert restarted.known_tags == {}  # nothing in memory: what follows comes from the cache
    assert restarted.job_tags() == {"job-1": [{"Key": "team", "Value": "vision"}]}
    offline = repo_factory(offline=True)
    assert offline.job_tags() == {"job-1": [{"Key": "team", "Value": "vision"}]}
    compared = offline.compare_records(["job-1"])  # a comparison offline: the cached tags
    assert compared.tags == {"job-1": [{"Key": "team", "Value": "vision"}]}
    assert offline.counter.total == 0
    # A later record replaces the tags (a tag removed is removed from the cache too).
    sm_client.raw.delete_tags(ResourceArn=arn, TagKeys=["team"])
    list(restarted.search_where({"Filters": [{"Name": "TrainingJobName", "Operator": "Equals",
                                              "Value": "job-1"}]}))
    assert repo_factory(offline=True).job_tags() == {"job-1": []}
