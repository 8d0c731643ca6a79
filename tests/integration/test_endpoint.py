"""The endpoint goes away mid-session and comes back (connections refused by the proxy).

First while the app runs: the rows stay, the header turns to ``offline: cached data from HH:MM``,
retries back off, and when the endpoint is back the list catches up with what changed meanwhile,
with nothing lost or doubled. Then a fresh start while it is still away: the list comes from the
cache file, says it is offline, and goes live by itself once the endpoint answers again.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.aws.helpers import backend_job, create_job
from tests.integration.harness import (
    VirtualTime,
    cached_list,
    client_for,
    fire_refresh,
    integrity,
    make_app,
    make_fleet,
    settle,
)
from tests.integration.proxy import FaultProxy
from tests.screens.fakes import async_test
from tui.cache.store import CacheStore

pytestmark = pytest.mark.moto_server

UNREACHABLE = "Could not reach the SageMaker endpoint"


def no_duplicates(names: list[str]) -> bool:
    return all(count == 1 for count in Counter(names).values())


@async_test
async def test_endpoint_goes_away_and_comes_back(
    proxy: FaultProxy, moto_url: str, cache: CacheStore, cache_path: Path, vt: VirtualTime
) -> None:
    service = client_for(moto_url)  # the service side, reached directly (not through the proxy)
    client = client_for(proxy.url, vt)
    fleet = make_fleet(client, 6)
    backend_job("job-002").training_job_status = "InProgress"
    run = make_app(client, cache, vt)
    async with run.app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert sorted(run.rows) == fleet and run.state == "live 15s"
        listed_at = vt.clock.now()

        proxy.down()
        await fire_refresh(pilot, run)
        since = f"offline: cached data from {listed_at:%H:%M}"
        assert re.fullmatch(rf"{since}, retry in [45]s", run.state), run.state
        assert UNREACHABLE in run.message
        assert sorted(run.rows) == fleet
        assert run.screen.model.rows["job-002"].status == "InProgress"

        # Meanwhile, on the service: a job finishes, another starts.
        finished = backend_job("job-002")
        finished.training_job_status = "Completed"
        finished.last_modified_time = datetime.now(timezone.utc).replace(tzinfo=None)  # moto: naive UTC
        create_job(service.raw, "job-started-meanwhile")
        fleet = sorted([*fleet, "job-started-meanwhile"])

        waited = await fire_refresh(pilot, run)  # still away: the retry backs off further
        assert 3.6 <= waited <= 4.4
        assert re.fullmatch(rf"{since}, retry in ([89]|10)s", run.state), run.state
        assert run.screen.state.failures == 2

        proxy.up()
        waited = await fire_refresh(pilot, run)
        assert 7.2 <= waited <= 8.8
        assert run.state == "live 15s" and run.message == ""
        assert sorted(run.rows) == fleet and no_duplicates(run.rows)
        assert run.screen.model.rows["job-002"].status == "Completed"

    assert integrity(cache_path) == "ok"
    assert cached_list(cache_path, client.options) == fleet


@async_test
async def test_start_while_the_endpoint_is_away_shows_the_cache_then_goes_live(
    proxy: FaultProxy, moto_url: str, cache: CacheStore, cache_path: Path, vt: VirtualTime
) -> None:
    service = client_for(moto_url)  # the service side, reached directly (not through the proxy)
    client = client_for(proxy.url, vt)
    fleet = make_fleet(client, 6)
    first = make_app(client, cache, vt)
    async with first.app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert sorted(first.rows) == fleet
    listed_at = vt.clock.now()

    vt.advance(3600)
    proxy.down()
    again = make_app(client_for(proxy.url, vt), cache, vt)
    async with again.app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert sorted(again.rows) == fleet  # from the cache file
        assert re.fullmatch(
            rf"offline: cached data from {listed_at:%H:%M}, retry in [45]s", again.state
        ), again.state
        assert UNREACHABLE in again.message

        create_job(service.raw, "job-started-meanwhile")
        fleet = sorted([*fleet, "job-started-meanwhile"])
        proxy.up()
        await fire_refresh(pilot, again)
        assert again.state == "live 15s"
        assert sorted(again.rows) == fleet and no_duplicates(again.rows)

    assert integrity(cache_path) == "ok"
    assert cached_list(cache_path, client.options) == fleet
