"""The tuning repository against the local SageMaker: calls on first look, none for a cached
settled tuning job (offline too), a stale cached copy when the endpoint fails, every page read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from tui.aws.client import ConnectionOptions, SageMakerClient, build_client
from tui.aws.errors import NotFoundError, OfflineError
from tui.cache.scope import Scope
from tui.cache.store import CacheStore
from tui.clock import FixedClock
from tui.demo import attach_demo_fleet
from tui.demo.tuning_fleet import tuning_specs
from tui.tuning_repository import TuningRepository

NOW = datetime(2026, 12, 5, 8, 0, tzinfo=timezone.utc)
SCOPE = Scope("http://moto", "us-east-1", "123456789012")


@pytest.fixture
def fleet(moto_url: str) -> Iterator[Any]:
    fleet = attach_demo_fleet(moto_url, seed=2, now=NOW, jobs=100, running=15)
    yield fleet
    fleet.stop()


def names_by_base(fleet: Any) -> dict[str, str]:
    return {t.name.rsplit("-", 2)[0]: t.name for t in tuning_specs(fleet.specs)}


def repo(client: SageMakerClient | None, cache: CacheStore) -> TuningRepository:
    return TuningRepository(client, cache, scope=lambda: SCOPE, clock=FixedClock(NOW))


def test_list_reads_every_page_and_is_cached(fleet: Any, sm_client: SageMakerClient, tmp_path: Path) -> None:
    with CacheStore(tmp_path / "c.sqlite3") as cache:
        repository = repo(sm_client, cache)
        assert repository.cached_list() is None
        listed = repository.fetch_list()
        assert {s["HyperParameterTuningJobName"] for s in listed.value} == set(names_by_base(fleet).values())
        assert sm_client.counter.count("ListHyperParameterTuningJobs") == 1
        cached = repository.cached_list()
        assert cached is not None and cached.from_cache
        assert [s["HyperParameterTuningJobName"] for s in cached.value] == [
            s["HyperParameterTuningJobName"]
            for s in sorted(listed.value, key=lambda s: s["CreationTime"], reverse=True)
        ]


def test_a_settled_tuning_job_costs_calls_once_then_none_offline_included(
    fleet: Any, sm_client: SageMakerClient, tmp_path: Path
) -> None:
    name = names_by_base(fleet)["xgb-churn-bayes"]
    with CacheStore(tmp_path / "c.sqlite3") as cache:
        repository = repo(sm_client, cache)
        first = repository.job(name)
        assert not first.from_cache and first.value.settled and len(first.value.trials) == 12
        assert sm_client.counter.count("DescribeHyperParameterTuningJob") == 1
        assert sm_client.counter.count("ListTrainingJobsForHyperParameterTuningJob") == 1
        again = repository.job(name)
        assert again.from_cache and again.value == first.value
        assert sm_client.counter.count("DescribeHyperParameterTuningJob") == 1
        offline = repo(None, cache).job(name)
        assert offline.from_cache and offline.value.describe["HyperParameterTuningJobName"] == name
        with pytest.raises(OfflineError):
            repo(None, cache).job("not-cached")


def test_a_running_tuning_job_is_fetched_each_time(
    fleet: Any, sm_client: SageMakerClient, tmp_path: Path
) -> None:
    name = names_by_base(fleet)["yolo-shelf-hyperband"]
    with CacheStore(tmp_path / "c.sqlite3") as cache:
        repository = repo(sm_client, cache)
        first = repository.job(name)
        assert not first.value.settled and repository.interval(first.value) is not None
        repository.job(name)
        assert sm_client.counter.count("DescribeHyperParameterTuningJob") == 2


def test_unknown_tuning_job_says_so(fleet: Any, sm_client: SageMakerClient, tmp_path: Path) -> None:
    with CacheStore(tmp_path / "c.sqlite3") as cache, pytest.raises(NotFoundError, match="Tuning job 'nope'"):
        repo(sm_client, cache).job("nope")


def test_endpoint_down_serves_the_cached_copy_stale(
    fleet: Any, moto_options: ConnectionOptions, tmp_path: Path
) -> None:
    name = names_by_base(fleet)["yolo-shelf-hyperband"]
    with CacheStore(tmp_path / "c.sqlite3") as cache:
        repo(build_client(moto_options), cache).job(name)
        repo(build_client(moto_options), cache).fetch_list()
        dead = build_client(replace(moto_options, endpoint_url="http://127.0.0.1:9", connect_timeout=1))
        stale = repo(dead, cache).job(name)
        assert stale.stale and stale.error is not None and stale.from_cache
        listed = repo(dead, cache).fetch_list()
        assert listed.stale and listed.value


def test_the_list_describes_what_it_lacks_once_and_running_ones_each_time(
    fleet: Any, sm_client: SageMakerClient, tmp_path: Path
) -> None:
    with CacheStore(tmp_path / "c.sqlite3") as cache:
        repository = repo(sm_client, cache)
        repository.fetch_list(describe_limit=2)
        assert sm_client.counter.count("DescribeHyperParameterTuningJob") == 2  # the limit holds
        repository.fetch_list()  # the other two, and the running one (the newest) again
        assert sm_client.counter.count("DescribeHyperParameterTuningJob") == 2 + 3
        describes = repository.cached_describes()
        assert len(describes) == 4
        assert all("HyperParameterTuningJobConfig" in d for d in describes.values())
        repository.fetch_list()  # only the running one again
        assert sm_client.counter.count("DescribeHyperParameterTuningJob") == 6
        # described for the list only: the tuning job's screen still lists its training jobs
        name = names_by_base(fleet)["deepar-demand-bayes"]
        assert repository.cached_job(name) is None
        assert len(repository.job(name).value.trials) == 3


def test_without_a_cache_the_list_keeps_what_it_described(fleet: Any, sm_client: SageMakerClient) -> None:
    """``--no-cache``: the objective and best value the list describes stay known for the session
    (they were read and then forgotten: the columns showed dashes), and a settled tuning job is
    not described again."""
    repository = TuningRepository(sm_client, None, scope=lambda: SCOPE, clock=FixedClock(NOW))
    repository.fetch_list()
    assert sm_client.counter.count("DescribeHyperParameterTuningJob") == 4
    describes = repository.cached_describes()
    assert set(describes) == set(names_by_base(fleet).values())
    assert all("HyperParameterTuningJobConfig" in d for d in describes.values())
    repository.fetch_list()  # only the running one again
    assert sm_client.counter.count("DescribeHyperParameterTuningJob") == 5
