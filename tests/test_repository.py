"""JobRepository with the cache, against the moto server, counting API calls."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.aws.helpers import backend_job, create_job
from tests.cache.strict import same
from tests.faults import FaultInjector, always, error_response
from tui.aws.client import ConnectionOptions, build_client
from tui.aws.errors import EndpointError, NotFoundError, ThrottledError
from tui.aws.jobs import ListFilters
from tui.cache.policy import Action
from tui.cache.scope import Scope
from tui.cache.store import CacheStore
from tui.clock import FixedClock
from tui.repository import OVERLAP, JobRepository, OfflineError, RefreshIntervals

pytestmark = pytest.mark.moto_server
DESCRIBE = "DescribeTrainingJob"
LIST = "ListTrainingJobs"
ACCOUNT = "123456789012"
INTERVALS = RefreshIntervals(running_job=10, settling_job=60)


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "cache.sqlite3"


@pytest.fixture
def repo_factory(moto_options: ConnectionOptions, cache_path: Path, fixed_clock: FixedClock):
    """A new repository + store on the same file each call: what restarting the app does."""
    made: list[CacheStore] = []

    def make(*, offline: bool = False, options: ConnectionOptions | None = None) -> JobRepository:
        store = CacheStore(cache_path)
        made.append(store)
        opts = options or moto_options
        client = None if offline else build_client(opts)
        return JobRepository(client, store, fixed_clock, INTERVALS, options=opts)

    yield make
    for store in made:
        store.close()


def naive_utc(dt: datetime) -> datetime:
    return dt.astimezone(timezone.utc).replace(tzinfo=None)


def test_completed_job_is_described_once_even_after_a_restart(sm_client, repo_factory) -> None:
    create_job(sm_client.raw, "done")
    repo = repo_factory()
    first = repo.describe("done")
    assert not first.from_cache
    second = repo.describe("done")
    assert second.from_cache and not second.stale
    assert repo.counter.count(DESCRIBE) == 1
    assert same(second.value, first.value) is None

    restarted = repo_factory()
    again = restarted.describe("done")
    assert again.from_cache
    assert restarted.counter.count(DESCRIBE) == 0
    assert same(again.value, first.value) is None
    assert restarted.describe("done", force=True).from_cache is False
    assert restarted.counter.count(DESCRIBE) == 1


def test_running_job_is_redescribed_only_after_its_interval(sm_client, repo_factory, fixed_clock) -> None:
    create_job(sm_client.raw, "running")
    backend_job("running").training_job_status = "InProgress"
    backend_job("running").secondary_status = "Training"
    repo = repo_factory()
    repo.describe("running")
    fixed_clock.advance(9)
    assert repo.describe_action("running") is Action.SERVE
    assert repo.describe("running").from_cache
    assert repo.counter.count(DESCRIBE) == 1
    fixed_clock.advance(1)
    assert repo.describe_action("running") is Action.REFRESH
    assert repo.describe("running").from_cache is False
    assert repo.counter.count(DESCRIBE) == 2
    assert repo.describe("running").from_cache
    assert repo.counter.count(DESCRIBE) == 2


def test_warm_pool_available_is_refreshed_on_the_slow_interval_until_terminated(
    sm_client, repo_factory, fixed_clock
) -> None:
    create_job(sm_client.raw, "warm")
    backend_job("warm").warm_pool_status = {"Status": "Available"}
    repo = repo_factory()
    repo.describe("warm")
    fixed_clock.advance(INTERVALS.running_job)
    assert repo.describe("warm").from_cache  # not the fast interval
    fixed_clock.advance(INTERVALS.settling_job - INTERVALS.running_job)
    fetched = repo.describe("warm")
    assert not fetched.from_cache
    assert repo.counter.count(DESCRIBE) == 2

    backend_job("warm").warm_pool_status = {"Status": "Terminated"}
    fixed_clock.advance(INTERVALS.settling_job)
    assert repo.describe("warm").value["WarmPoolStatus"]["Status"] == "Terminated"
    assert repo.counter.count(DESCRIBE) == 3
    fixed_clock.advance(INTERVALS.settling_job * 100)
    assert repo.describe("warm").from_cache
    assert repo_factory().describe("warm").from_cache
    assert repo.counter.count(DESCRIBE) == 3


def test_rule_in_progress_is_refreshed_on_the_slow_interval(sm_client, repo_factory, fixed_clock) -> None:
    create_job(sm_client.raw, "rules")
    backend_job("rules").debug_rule_evaluation_statuses = [
        {"RuleConfigurationName": "loss", "RuleEvaluationStatus": "InProgress"}
    ]
    repo = repo_factory()
    repo.describe("rules")
    fixed_clock.advance(INTERVALS.settling_job)
    assert not repo.describe("rules").from_cache
    assert repo.counter.count(DESCRIBE) == 2


def test_offline_makes_no_call_and_fails_clearly_on_a_miss(sm_client, repo_factory, fixed_clock) -> None:
    create_job(sm_client.raw, "a")
    online = repo_factory()
    pages = list(online.list_all())
    online.describe("a")
    calls_before = sm_client.counter.total

    offline = repo_factory(offline=True)
    assert offline.offline
    assert offline.describe("a").from_cache
    assert [s["TrainingJobName"] for s in offline.cached_summaries().value] == ["a"]
    assert [s["TrainingJobName"] for page in offline.list_all() for s in page] == ["a"]
    assert offline.list_changes() == []
    assert offline.last_list_fetched_at == fixed_clock.now()
    with pytest.raises(OfflineError, match="'b' is not in the cache"):
        offline.describe("b")
    assert offline.counter.total == 0
    assert sm_client.counter.total == calls_before
    assert pages and pages[0][0]["TrainingJobName"] == "a"


def test_offline_with_nothing_cached(repo_factory) -> None:
    offline = repo_factory(offline=True)
    assert offline.cached_summaries() is None
    with pytest.raises(OfflineError, match="no cached job list"):
        list(offline.list_all())
    with pytest.raises(OfflineError):
        offline.list_changes()


def test_offline_without_a_known_region_uses_the_last_context(
    sm_client, cache_path, fixed_clock, repo_factory
) -> None:
    create_job(sm_client.raw, "a")
    list(repo_factory().list_all())
    store = CacheStore(cache_path)
    repo = JobRepository(None, store, fixed_clock, INTERVALS)
    try:
        cached = repo.cached_summaries()
        assert cached is not None
        assert [s["TrainingJobName"] for s in cached.value] == ["a"]
    finally:
        store.close()


@pytest.mark.parametrize(
    ("code", "status", "error"),
    [("ThrottlingException", 400, ThrottledError), ("ExpiredTokenException", 400, None)],
)
def test_failed_call_falls_back_to_the_cached_copy(sm_client, repo_factory, fixed_clock, code, status, error):
    create_job(sm_client.raw, "run")
    backend_job("run").training_job_status = "InProgress"
    repo = repo_factory()
    first = repo.describe("run")
    FaultInjector(always(DESCRIBE, lambda: error_response(status, code, "nope"))).attach(repo.client.raw)
    fixed_clock.advance(INTERVALS.running_job)
    got = repo.describe("run")
    assert got.from_cache and got.stale
    assert got.error is not None and got.error.code == code
    if error is not None:
        assert isinstance(got.error, error)
    assert got.fetched_at == first.fetched_at
    if error is None:  # (not after throttling: adaptive retries would make the test wait)
        with pytest.raises(type(got.error)):
            repo.describe("never-cached")  # without a cached copy the error is raised


def test_unreachable_endpoint_falls_back_to_the_cache(sm_client, repo_factory, moto_options, fixed_clock):
    create_job(sm_client.raw, "run")
    backend_job("run").training_job_status = "InProgress"
    repo_factory().describe("run")
    # Same scope key (the moto URL) but nothing listening there: a closed port on the same host.
    dead = replace(moto_options, connect_timeout=1, read_timeout=1)
    repo = repo_factory(options=dead)
    repo.client.raw.meta.events.register_first(
        "before-send.sagemaker.*", _refuse_connection
    )
    fixed_clock.advance(INTERVALS.running_job)
    got = repo.describe("run")
    assert got.stale and isinstance(got.error, EndpointError)


def _refuse_connection(**_: object) -> None:
    from botocore.exceptions import EndpointConnectionError

    raise EndpointConnectionError(endpoint_url="http://127.0.0.1:9")


def test_not_found_is_raised_even_with_a_cached_copy(sm_client, repo_factory) -> None:
    with pytest.raises(NotFoundError):
        repo_factory().describe("missing")


def test_list_all_stores_pages_and_the_list_shows_at_start(sm_client, repo_factory, fixed_clock) -> None:
    for i in range(5):
        create_job(sm_client.raw, f"job-{i}")
    repo = repo_factory()
    assert repo.cached_summaries() is None
    listed = [s for page in repo.list_all() for s in page]
    assert len(listed) == 5

    fixed_clock.advance(120)
    restarted = repo_factory()
    cached = restarted.cached_summaries()
    assert cached is not None and cached.from_cache
    assert cached.fetched_at == fixed_clock.now() - timedelta(seconds=120)
    assert {s["TrainingJobName"] for s in cached.value} == {f"job-{i}" for i in range(5)}
    by_name = {s["TrainingJobName"]: s for s in listed}
    for summary in cached.value:
        assert same(summary, by_name[summary["TrainingJobName"]]) is None
    assert restarted.counter.total == 0


def test_cached_summaries_apply_server_side_filters_locally(sm_client, repo_factory) -> None:
    create_job(sm_client.raw, "bert-a")
    create_job(sm_client.raw, "gpt-b")
    backend_job("gpt-b").training_job_status = "Failed"
    repo = repo_factory()
    list(repo.list_all())
    failed = repo.cached_summaries(ListFilters(status_equals="Failed"))
    assert [s["TrainingJobName"] for s in failed.value] == ["gpt-b"]
    named = repo.cached_summaries(ListFilters(name_contains="BERT"))
    assert [s["TrainingJobName"] for s in named.value] == ["bert-a"]


def test_cached_summaries_can_read_the_newest_first(sm_client, repo_factory, fixed_clock) -> None:
    for i in range(5):
        create_job(sm_client.raw, f"job-{i}")
    repo = repo_factory()
    list(repo.list_all())
    restarted = repo_factory()
    head = restarted.cached_summaries(newest=3)
    assert head is not None and head.partial
    whole = restarted.cached_summaries()
    assert whole is not None and not whole.partial
    assert [s["TrainingJobName"] for s in whole.value[:3]] == [s["TrainingJobName"] for s in head.value]
    assert len(whole.value) == 5
    created = [s["CreationTime"] for s in whole.value]
    assert created == sorted(created, reverse=True)  # newest first, so the head is the newest
    enough = restarted.cached_summaries(newest=6)
    assert enough is not None and not enough.partial and len(enough.value) == 5
    assert restarted.counter.total == 0


def test_list_changes_uses_the_cached_high_water_mark(sm_client, repo_factory, fixed_clock) -> None:
    for i in range(3):
        create_job(sm_client.raw, f"job-{i}")
    old = datetime(2026, 1, 1, 12, 0)  # naive UTC, as moto keeps it
    for i in range(3):
        backend_job(f"job-{i}").last_modified_time = old - timedelta(minutes=10)
    backend_job("job-1").last_modified_time = old  # the high-water mark
    repo = repo_factory()
    list(repo.list_all())
    calls = repo.counter.count(LIST)

    # Later, in a new process: job-1 changed after the mark; job-0 only within the overlap window
    # before it (still fetched: that window is there for changes our clocks disagree about).
    backend_job("job-1").last_modified_time = old + timedelta(hours=1)
    backend_job("job-1").training_job_status = "Stopped"
    backend_job("job-0").last_modified_time = old - OVERLAP / 2
    fixed_clock.advance(30)
    restarted = repo_factory()
    changes = restarted.list_changes()
    assert {s["TrainingJobName"] for s in changes} == {"job-0", "job-1"}
    assert restarted.counter.count(LIST) == 1
    assert repo.counter.count(LIST) == calls
    cached = {s["TrainingJobName"]: s for s in restarted.cached_summaries().value}
    assert cached["job-1"]["TrainingJobStatus"] == "Stopped"
    assert restarted.last_list_fetched_at == fixed_clock.now()

    # The mark moved to job-1's LastModifiedTime: a second delta returns job-1 only (overlap).
    assert {s["TrainingJobName"] for s in restarted.list_changes()} == {"job-1"}


def test_list_changes_without_a_complete_listing_lists_everything(sm_client, repo_factory) -> None:
    create_job(sm_client.raw, "a")
    repo = repo_factory()
    assert [s["TrainingJobName"] for s in repo.list_changes()] == ["a"]
    assert repo.cached_summaries() is not None


def test_a_listing_stopped_midway_is_not_marked_complete(sm_client, repo_factory) -> None:
    for i in range(3):
        create_job(sm_client.raw, f"job-{i}")
    repo = repo_factory()
    pages = repo.list_all()
    next(pages)
    pages.close()
    store = repo.cache
    scope = repo.current_scope()
    assert scope is not None
    assert store.listing(scope, "") is None
    # its pages still show at start
    assert len(repo_factory().cached_summaries().value) == 3


def test_enrichment_comes_only_from_cached_describes(sm_client, repo_factory) -> None:
    create_job(sm_client.raw, "a", ResourceConfig={"InstanceType": "ml.p4d.24xlarge", "InstanceCount": 4,
                                                  "VolumeSizeInGB": 30})
    create_job(sm_client.raw, "b")
    backend_job("a").billable_time_in_seconds = 3600
    repo = repo_factory()
    list(repo.list_all())
    assert repo.enrichment() == {}
    repo.describe("a")
    calls = repo.counter.total
    info = repo.enrichment(["a", "b"])
    assert set(info) == {"a"}
    assert (info["a"].instance_type, info["a"].instance_count, info["a"].billable_seconds) == (
        "ml.p4d.24xlarge", 4, 3600,
    )
    assert repo.counter.total == calls


def test_scopes_never_mix_endpoints_or_regions(sm_client, repo_factory, moto_options, cache_path) -> None:
    create_job(sm_client.raw, "same-name")
    repo = repo_factory()
    repo.describe("same-name")
    assert repo.current_scope() == Scope(repo.current_scope().endpoint, "us-east-1", ACCOUNT)
    assert repo.current_scope().endpoint.startswith("http://127.0.0.1:")

    other_region = replace(moto_options, region="eu-west-1")
    sm_other = build_client(other_region)
    create_job(sm_other.raw, "same-name")
    repo_eu = repo_factory(options=other_region)
    assert repo_eu.cached_describe("same-name") is None
    eu = repo_eu.describe("same-name")
    assert not eu.from_cache
    assert eu.value["TrainingJobArn"].split(":")[3] == "eu-west-1"

    # Another endpoint (the same server under another name) is another scope.
    renamed = moto_options.endpoint_url.replace("127.0.0.1", "localhost")
    other_endpoint = replace(moto_options, endpoint_url=renamed)
    assert repo_factory(options=other_endpoint).cached_describe("same-name") is None


def test_no_cache_still_works(sm_client, moto_options, fixed_clock) -> None:
    create_job(sm_client.raw, "a")
    repo = JobRepository(build_client(moto_options), None, fixed_clock, INTERVALS)
    assert repo.cached_summaries() is None
    assert [s["TrainingJobName"] for page in repo.list_all() for s in page] == ["a"]
    repo.describe("a")
    repo.describe("a")
    assert repo.counter.count(DESCRIBE) == 2
    assert repo.enrichment() == {}


def test_list_pages_records_a_complete_listing_only_from_the_first_page(sm_client, repo_factory) -> None:
    for i in range(3):
        create_job(sm_client.raw, f"job-{i}")
    repo = repo_factory()
    pages = list(repo.list_pages(page_size=2))
    assert [len(items) for items, _ in pages] == [2, 1]
    scope = repo.current_scope()
    assert scope is not None and repo.cache.listing(scope, "") is not None

    resumed = repo_factory()
    resumed.cache.clear()
    list(resumed.list_pages(page_size=2, starting_token=pages[0][1]))
    assert resumed.cache.listing(resumed.current_scope(), "") is None


def test_describe_command_prints_the_same_bytes_from_the_cache(
    sm_client, moto_options, monkeypatch, capsys
) -> None:
    """`sagemaker-tui describe` twice: the second answer comes from the cache (the job is gone from
    the server by then) and is byte-for-byte the first."""
    from tui.cli import main

    create_job(sm_client.raw, "bytes", HyperParameters={"lr": "0.1", "ünï": "ç"})
    backend_job("bytes").warm_pool_status = {"Status": "Terminated"}
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    argv = ["describe", "--training-job-name", "bytes", "--region", "us-east-1",
            "--endpoint-url", moto_options.endpoint_url]
    outputs = []
    for output, bypass in (("json", []), ("text", ["--no-cache"])):  # both fresh; json fills the cache
        assert main([*argv, "--output", output, *bypass]) == 0
        outputs.append(capsys.readouterr().out)
    from moto.sagemaker.models import sagemaker_backends

    del sagemaker_backends[ACCOUNT]["us-east-1"].training_jobs["bytes"]
    for output, fresh_out in zip(("json", "text"), outputs, strict=True):
        assert main([*argv, "--output", output]) == 0
        cached = capsys.readouterr()
        assert cached.err == ""
        assert cached.out == fresh_out
    assert main([*argv, "--no-cache"]) != 0  # proof the server no longer has it


def test_describe_command_cached_in_one_zone_prints_as_fresh_in_another(
    sm_client, moto_options, monkeypatch, capsys
) -> None:
    """Timestamps come back in the reading process's local zone, as a fresh botocore call gives them."""
    import time

    from tui.cli import main

    create_job(sm_client.raw, "zones")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    argv = ["describe", "--training-job-name", "zones", "--region", "us-east-1",
            "--endpoint-url", moto_options.endpoint_url, "--output", "json"]
    try:
        monkeypatch.setenv("TZ", "Asia/Kolkata")
        time.tzset()
        assert main(argv) == 0  # cached while the machine is in +05:30
        written = capsys.readouterr().out
        monkeypatch.setenv("TZ", "America/New_York")
        time.tzset()
        assert main([*argv, "--no-cache"]) == 0
        fresh = capsys.readouterr().out
        assert main(argv) == 0
        cached = capsys.readouterr().out
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert cached == fresh
    # the two zones really printed differently (else this would prove nothing)
    assert '"CreationTime": "' in written and written != fresh


def test_a_cache_failing_mid_run_is_worked_around_with_one_warning(sm_client, repo_factory) -> None:
    create_job(sm_client.raw, "a")
    repo = repo_factory()
    repo.cache.close()  # every cache operation now fails
    assert not repo.describe("a").from_cache
    assert not repo.describe("a").from_cache
    assert [s["TrainingJobName"] for page in repo.list_all() for s in page] == ["a"]
    assert repo.cached_summaries() is None
    assert len(repo.cache_warnings) == 1
    assert repo.cache_warnings[0].startswith("The cache failed (")
