"""Several regions in one list (`--region us-east-1,us-west-2`) against the moto server: the jobs
of both with a REGION column, each region its own client, budget and cache scope, and a job's
describe, logs and metrics from its own region."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
import pytest

from tests.aws.helpers import create_job
from tests.screens.fakes import ListTestApp, async_test, settle
from tui.aws.client import ConnectionOptions, build_client
from tui.aws.errors import ThrottledError
from tui.cache.store import CacheStore
from tui.config import DEFAULT_COLUMNS, AppConfig
from tui.log_repository import logs_for
from tui.metrics_repository import metrics_repository_for
from tui.models.columns import with_region
from tui.models.summary import arn_region, cell_text
from tui.multi_region import MultiRegionRepository, several_regions, split_regions
from tui.repository import JobRepository
from tui.screens.job_list import JobListScreen
from tui.settings import RunSettings
from tui.widgets.job_table import JobTable


def raw_client(url: str, region: str) -> Any:
    return boto3.client("sagemaker", region_name=region, endpoint_url=url,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def test_region_lists_and_columns() -> None:
    assert split_regions("us-east-1, us-west-2,,us-east-1") == ["us-east-1", "us-west-2"]
    assert split_regions("eu-west-1") == ["eu-west-1"] and split_regions(None) == []
    assert "region" not in DEFAULT_COLUMNS
    assert with_region(("name", "status")) == ("name", "region", "status")
    assert with_region(("status", "region")) == ("status", "region")
    assert arn_region("arn:aws:sagemaker:us-west-2:123456789012:training-job/x") == "us-west-2"
    assert arn_region("not an arn") == ""


def multi(url: str, cache: CacheStore | None) -> MultiRegionRepository:
    options = ConnectionOptions(region="us-east-1", endpoint_url=url, max_attempts=1, list_min_interval=0.0,
                                static_credentials=("testing", "testing"))
    first = JobRepository(client=build_client(options), cache=cache, options=options)
    return several_regions(first, ["us-east-1", "us-west-2"])


@pytest.mark.moto_server
@async_test
async def test_one_list_of_two_regions(moto_url: str, tmp_path: Path) -> None:
    for name in ("east-a", "east-b"):
        create_job(raw_client(moto_url, "us-east-1"), name)
    create_job(raw_client(moto_url, "us-west-2"), "west-a")
    repository = multi(moto_url, CacheStore(tmp_path / "cache.sqlite3"))
    east, west = repository.regions["us-east-1"], repository.regions["us-west-2"]
    assert east.client is not None and west.client is not None
    assert east.client is not west.client and east.counter is not west.counter  # own budgets
    assert west.client.region == "us-west-2"

    settings = RunSettings(profile_label="static", location_label="us-east-1, us-west-2", live=False)
    config = AppConfig(columns=with_region(DEFAULT_COLUMNS))
    app = ListTestApp(repository, settings=settings, config=config)
    async with app.run_test(size=(160, 20)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, JobListScreen)
        assert set(screen.model.rows) == {"east-a", "east-b", "west-a"}
        table = screen.query_one(JobTable)
        assert [c.key for c in table.columns][:2] == ["name", "region"]
        regions = {row.name: cell_text(row, "region", 0.0, absolute=False) for row in table.rows}
        assert regions == {"east-a": "us-east-1", "east-b": "us-east-1", "west-a": "us-west-2"}
        assert east.counter.count("ListTrainingJobs") == 1 and west.counter.count("ListTrainingJobs") == 1

        # The next refresh asks each region's change feed, from each region's own cached mark.
        create_job(raw_client(moto_url, "us-west-2"), "west-b")
        screen.refresh_now()  # at most one list call a second: it may wait for the spacing
        for _ in range(50):
            if west.counter.count("Search"):
                break
            await pilot.pause(0.05)
        await settle(pilot)
        assert "west-b" in screen.model.rows
        assert east.counter.count("Search") == 1 and west.counter.count("Search") == 1

    # Each region's jobs in its own cache scope; nothing of one in the other.
    east_scope, west_scope = east.current_scope(), west.current_scope()
    assert east_scope is not None and west_scope is not None
    assert (east_scope.region, west_scope.region) == ("us-east-1", "us-west-2")
    east_cached, west_cached = east.cached_summaries(), west.cached_summaries()
    assert east_cached is not None and west_cached is not None
    assert {s["TrainingJobName"] for s in east_cached.value} == {"east-a", "east-b"}
    assert {s["TrainingJobName"] for s in west_cached.value} == {"west-a", "west-b"}

    # Opening a job uses its region: describe, logs and metrics.
    described = repository.describe("west-a")
    assert described.value["TrainingJobArn"].split(":")[3] == "us-west-2"
    assert west.counter.count("DescribeTrainingJob") == 1 and east.counter.count("DescribeTrainingJob") == 0
    logs = logs_for(repository)
    assert logs._for("west-a") is logs_for(west) and logs._for("east-a") is logs_for(east)  # type: ignore[attr-defined]
    metrics = metrics_repository_for(repository)
    assert metrics._for(described.value) is metrics_repository_for(west)  # type: ignore[attr-defined]


@pytest.mark.moto_server
def test_a_failing_region_does_not_hold_back_the_others(moto_url: str, tmp_path: Path) -> None:
    """The first region throttled: the second is still asked, and its changes reach its cache."""
    create_job(raw_client(moto_url, "us-west-2"), "west-a")
    repository = multi(moto_url, CacheStore(tmp_path / "cache.sqlite3"))
    repository.changes()  # first time: lists each region
    create_job(raw_client(moto_url, "us-west-2"), "west-b")
    east, west = repository.regions["us-east-1"], repository.regions["us-west-2"]

    def throttled(*_: Any, **__: Any) -> Any:
        raise ThrottledError("SageMaker is throttling Search calls; retrying later.")

    east.changes = throttled  # type: ignore[method-assign]
    with pytest.raises(ThrottledError):
        repository.changes()
    assert west.counter.count("Search") == 1
    cached = west.cached_summaries()
    assert cached is not None and {s["TrainingJobName"] for s in cached.value} == {"west-a", "west-b"}


@pytest.mark.moto_server
def test_the_launcher_builds_one_list_of_several_regions(
    moto_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sagemaker-tui --region us-east-1,us-west-2`: the app gets a repository per region, the
    REGION column and the regions in the header."""
    from tui.app import SageMakerTUI
    from tui.cli import build_parser
    from tui.launch import launch_tui

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    started: list[SageMakerTUI] = []
    monkeypatch.setattr(SageMakerTUI, "run", lambda self, *a, **k: started.append(self))
    monkeypatch.setattr("tui.launch.install_runtime_tuning", lambda: None)  # not in tests
    ns = build_parser().parse_args(
        ["--region", "us-east-1,us-west-2", "--endpoint-url", moto_url, "--no-cache"]
    )
    assert launch_tui(ns) == 0
    [app] = started
    assert isinstance(app.repository, MultiRegionRepository)
    assert list(app.repository.regions) == ["us-east-1", "us-west-2"]
    assert app.settings.location_label == f"us-east-1, us-west-2 @ {moto_url}"
    assert app.config.columns[:2] == ("name", "region")


@pytest.mark.moto_server
def test_a_name_in_two_regions_is_the_first_regions(moto_url: str) -> None:
    create_job(raw_client(moto_url, "us-east-1"), "same-name")
    create_job(raw_client(moto_url, "us-west-2"), "same-name")
    create_job(raw_client(moto_url, "us-west-2"), "west-only")
    repository = multi(moto_url, None)
    listed = [s for page in repository.list_all() for s in page]
    assert sorted((s["TrainingJobName"], arn_region(s["TrainingJobArn"])) for s in listed) == [
        ("same-name", "us-east-1"), ("west-only", "us-west-2")
    ]
    assert repository.region_for("same-name") == "us-east-1"
    assert repository.region_for("west-only") == "us-west-2"


def test_the_cache_warnings_are_one_list_said_once(tmp_path: Path) -> None:
    """The app shows ``repository.cache_warnings``: every region's failures land there, and the
    store's opening warnings are in it once, however many regions share the store."""
    store = CacheStore(tmp_path / "cache.sqlite3")
    store.warnings.append("The cache was moved aside (corrupt); a new one was started.")
    options = ConnectionOptions(region="us-east-1")
    first = JobRepository(client=None, cache=store, options=options)
    repository = several_regions(first, ["us-east-1", "us-west-2", "eu-west-1"])
    assert repository.cache_warnings == ["The cache was moved aside (corrupt); a new one was started."]
    assert all(r.cache_warnings is repository.cache_warnings for r in repository.regions.values())


@pytest.mark.moto_server
@async_test
async def test_enter_on_a_job_opens_it_from_its_region(moto_url: str) -> None:
    """The real detail screen: Enter on the west job describes it with the west client."""
    from tui.app import SageMakerTUI
    from tui.screens.job_detail import JobDetailScreen

    create_job(raw_client(moto_url, "us-east-1"), "east-a")
    create_job(raw_client(moto_url, "us-west-2"), "west-a")
    repository = multi(moto_url, None)
    east, west = repository.regions["us-east-1"], repository.regions["us-west-2"]
    settings = RunSettings(profile_label="static", location_label="us-east-1, us-west-2", live=False)
    app = SageMakerTUI(repository, settings=settings, config=AppConfig(columns=with_region(DEFAULT_COLUMNS)))
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(JobTable)
        assert table.select_name("west-a")
        await pilot.press("enter")
        for _ in range(20):
            await settle(pilot)
            if isinstance(app.screen, JobDetailScreen) and west.counter.count("DescribeTrainingJob"):
                break
        assert isinstance(app.screen, JobDetailScreen)
        assert west.counter.count("DescribeTrainingJob") == 1
        assert east.counter.count("DescribeTrainingJob") == 0


def test_the_regional_logs_and_metrics_route_every_per_job_method() -> None:
    """Every public method of the logs and metrics repositories that takes a job (or its describe)
    is routed to the job's region: one inherited unchanged would read the home region's log."""
    import inspect

    from tui.log_repository import LogRepository
    from tui.metrics_repository import MetricsRepository
    from tui.multi_region import RegionalLogs, RegionalMetrics

    pairs = ((LogRepository, RegionalLogs, "job"), (MetricsRepository, RegionalMetrics, "describe"))
    for base, regional, first in pairs:
        per_job = [
            name
            for name, member in inspect.getmembers(base, inspect.isfunction)
            if not name.startswith("_") and list(inspect.signature(member).parameters)[1:2] == [first]
        ]
        assert per_job, base
        inherited = [name for name in per_job if name not in vars(regional)]
        assert inherited == [], f"{regional.__name__} does not route {inherited}"


# -- tuning jobs: every region's list, each job from its own region ----------------------------------
class RegionTuning:
    """Builds a scripted TuningRepository for one region (no calls), recording what it was asked."""

    @staticmethod
    def make(region: str, names: list[str], *, fails: bool = False) -> Any:
        from datetime import datetime, timezone

        from tui.aws.errors import ThrottledError
        from tui.repository import Fetched
        from tui.tuning_repository import TuningJobData, TuningRepository

        when = datetime(2026, 12, 5, 8, 0, tzinfo=timezone.utc)

        class Scripted(TuningRepository):
            asked: list[tuple[str, str]]

            def fetch_list(self, *, describe_limit: int = 0) -> Fetched[list[dict[str, Any]]]:
                self.asked.append(("fetch_list", region))
                if fails:
                    raise ThrottledError(f"throttled in {region}")
                return Fetched([{"HyperParameterTuningJobName": n, "Region": region} for n in names], when)

            def cached_list(self) -> Fetched[list[dict[str, Any]]] | None:
                return Fetched([{"HyperParameterTuningJobName": n, "Region": region} for n in names], when,
                               from_cache=True)

            def cached_describes(self) -> dict[str, dict[str, Any]]:
                return {n: {"HyperParameterTuningJobName": n, "Region": region} for n in names}

            def cached_job(self, name: str) -> Fetched[TuningJobData] | None:
                self.asked.append(("cached_job", name))
                return None

            def job(self, name: str, *, force: bool = False) -> Fetched[TuningJobData]:
                self.asked.append(("job", name))
                describe = {"HyperParameterTuningJobName": name, "Region": region}
                return Fetched(TuningJobData(describe, []), when)

        scripted = Scripted(None)
        scripted.asked = []
        return scripted


def regional_tuning(east_names: list[str], west_names: list[str], *, west_fails: bool = False) -> Any:
    from tui.tuning_repository import tuning_repository_for

    east, west = JobRepository(client=None), JobRepository(client=None)
    east.companions["tuning"] = RegionTuning.make("us-east-1", east_names)
    west.companions["tuning"] = RegionTuning.make("us-west-2", west_names, fails=west_fails)
    jobs = MultiRegionRepository({"us-east-1": east, "us-west-2": west})
    return tuning_repository_for(jobs), east.companions["tuning"], west.companions["tuning"]


def test_the_tuning_list_is_every_region_s_and_a_tuning_job_opens_in_its_region() -> None:
    tuning, east, west = regional_tuning(["e-bayes", "both"], ["w-random", "both"])
    listed = tuning.fetch_list()
    names = [(s["HyperParameterTuningJobName"], s["Region"]) for s in listed.value]
    assert names == [("e-bayes", "us-east-1"), ("both", "us-east-1"), ("w-random", "us-west-2")]
    assert tuning.job("w-random").value.describe["Region"] == "us-west-2"
    assert tuning.job("both").value.describe["Region"] == "us-east-1"  # the first region named keeps it
    assert ("job", "w-random") in west.asked and ("job", "w-random") not in east.asked
    assert set(tuning.cached_describes()) == {"e-bayes", "both", "w-random"}
    cached = tuning.cached_list()
    assert cached is not None and len(cached.value) == 3


def test_a_region_that_fails_to_list_its_tuning_jobs_does_not_hide_the_others() -> None:
    from tui.aws.errors import ThrottledError

    tuning, _, _ = regional_tuning(["e-bayes"], ["w-random"], west_fails=True)
    listed = tuning.fetch_list()
    assert [s["HyperParameterTuningJobName"] for s in listed.value] == ["e-bayes"]
    assert listed.stale and isinstance(listed.error, ThrottledError) and "us-west-2" in str(listed.error)
    assert tuning.job("e-bayes").value.describe["Region"] == "us-east-1"
    both_fail, _, _ = regional_tuning([], ["w-random"], west_fails=True)
    both_fail._jobs.regions["us-east-1"].companions["tuning"] = RegionTuning.make("us-east-1", [], fails=True)
    with pytest.raises(ThrottledError, match="us-east-1"):  # every region failed: said as one failure
        both_fail.fetch_list()


def test_the_regional_tuning_routes_every_per_job_method() -> None:
    import inspect

    from tui.multi_region import RegionalTuning
    from tui.tuning_repository import TuningRepository

    per_job = [
        name
        for name, member in inspect.getmembers(TuningRepository, inspect.isfunction)
        if not name.startswith("_") and list(inspect.signature(member).parameters)[1:2] == ["name"]
    ]
    assert per_job
    inherited = [name for name in per_job if name not in vars(RegionalTuning)]
    assert inherited == []
