"""A minute of throttling on every second list request, driven in virtual time.

The real app runs against moto; the injector throttles every even-numbered list request (Search,
the change feed, or ListTrainingJobs, the full list) for one virtual minute. The list's refresh
timer is fired by hand (``fire_refresh``: advance virtual time to the moment it was due, run it),
so the minute takes well under a second and every delay the screen chose is measured exactly.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from botocore.awsrequest import AWSResponse

from tests.aws.helpers import create_job
from tests.faults import FaultInjector, Sent, throttled
from tests.integration.harness import (
    VirtualTime,
    cached_list,
    client_for,
    fire_refresh,
    gaps,
    integrity,
    make_app,
    make_fleet,
    settle,
)
from tests.screens.fakes import async_test
from tui.cache.store import CacheStore

pytestmark = pytest.mark.moto_server

LIST = "ListTrainingJobs"
SEARCH = "Search"
LIST_OPS = (LIST, SEARCH)
BACKOFF_FIRST = 4.0  # RefreshPolicy.backoff_first
JITTER = 0.1


@async_test
async def test_a_minute_of_throttling_backs_off_shows_it_never_exceeds_one_call_a_second_and_recovers(
    moto_url: str, cache: CacheStore, cache_path: Path, vt: VirtualTime
) -> None:
    client = client_for(moto_url, vt)  # one attempt per call: every throttle reaches the screen
    fleet = make_fleet(client, 8)
    window = {"until": 0.0}

    sent_lists = {"n": 0}  # list requests of either operation, counted together

    def plan(sent: Sent) -> AWSResponse | None:
        if sent.operation not in LIST_OPS:
            return None
        sent_lists["n"] += 1
        if sent.at < window["until"] and sent_lists["n"] % 2 == 0:
            return throttled()
        return None

    run = make_app(client, cache, vt, FaultInjector(request_plan=plan))

    def list_times() -> list[float]:
        return sorted(run.injector.times(LIST) + run.injector.times(SEARCH))

    async with run.app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert sorted(run.rows) == fleet and run.state == "live 15s"
        start = vt.monotonic()
        window["until"] = start + 60.0
        throttles = 0
        pressed = False
        shown = fleet
        while vt.monotonic() < window["until"]:
            failures_before = run.screen.state.failures
            waited = await fire_refresh(pilot, run)
            # Before this call: the live interval after a success, the backoff after failures.
            if failures_before == 0:
                assert 15 * (1 - JITTER) <= waited <= 15 * (1 + JITTER), waited
            else:
                backoff = BACKOFF_FIRST * 2 ** (failures_before - 1)
                assert backoff * (1 - JITTER) <= waited <= backoff * (1 + JITTER), (waited, failures_before)
            if not run.injector.log[-1].fault:
                shown = fleet  # a call that went through brings whatever was created meanwhile
            assert sorted(run.rows) == shown  # the last data stays, never doubled
            if run.injector.log[-1].fault:
                throttles += 1
                assert re.fullmatch(r"throttled, retry in \d+s", run.state), run.state
                assert run.header.info.tone == "problem"
                assert re.search(r"SageMaker is throttling (ListTrainingJobs|Search) calls", run.message)
                if not pressed:
                    # An impatient user: r, r, r while throttled. One more call, a second after
                    # the last one at the earliest; the rest are folded into it.
                    pressed = True
                    calls = len(list_times())
                    await pilot.press("r", "r", "r")
                    await settle(pilot)
                    assert len(list_times()) == calls  # held back by the floor
                    assert await fire_refresh(pilot, run) == pytest.approx(1.0)
                    assert len(list_times()) == calls + 1
                    assert not run.injector.log[-1].fault and sorted(run.rows) == fleet
            else:
                assert run.state == "live 15s" and run.message == ""
            if throttles == 1 and len(fleet) == 8:
                create_job(client.raw, "started-while-throttled")  # must show up by the next success
                fleet = sorted([*fleet, "started-while-throttled"])

        # The minute is over: the next call goes through and the list is live again.
        await fire_refresh(pilot, run)
        assert run.state == "live 15s" and run.message == ""
        assert sorted(run.rows) == fleet

    times = [t for t in list_times() if t >= start]
    assert throttles >= 3 and run.injector.faults(LIST) + run.injector.faults(SEARCH) == throttles
    assert min(gaps(times)) >= 1.0, gaps(times)  # never two list requests within a second
    assert vt.slept == []  # and the screen did the spacing: the client's limiter never had to wait
    assert integrity(cache_path) == "ok"
    assert cached_list(cache_path, client.options) == fleet
