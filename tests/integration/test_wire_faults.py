"""Faults on the wire and in the service, one at a time, while the real app refreshes its list:
a response slower than the read timeout, a response cut off mid-body, a 500 from the service.

Each: the header says what happened, the rows on screen and in the cache stay exactly the fleet,
the screen backs off, and the next call that works brings it back to ``live`` by itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from botocore.awsrequest import AWSResponse

from tests.faults import FaultInjector, internal_error
from tests.integration.harness import (
    Run,
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

READ_TIMEOUT = 0.5


async def fault_then_recover(
    run: Run,
    fleet: list[str],
    cache_path: Path,
    arm: Callable[[], object],
    *,
    full: bool,
    state: str,
    message: str,
) -> None:
    """Start, arm the fault for the next list call, refresh (``r`` when ``full``, else the timer),
    check what is shown, then let the next scheduled refresh recover."""
    async with run.app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert sorted(run.rows) == fleet and run.state == "live 15s"
        arm()
        if full:
            run.vt.advance(1.0)  # past the one-call-per-second floor since the first list
            await pilot.press("r")
            await settle(pilot)
        else:
            await fire_refresh(pilot, run)
        assert sorted(run.rows) == fleet  # nothing lost, nothing doubled
        assert run.state.startswith(state), run.state
        # The first backoff: 4 s +/- 10% jitter, counted down in whole seconds.
        assert re.search(r", retry in [45]s$", run.state), run.state
        assert message in run.message, run.message
        assert run.header.info.tone == "problem"
        waited = await fire_refresh(pilot, run)
        assert 3.6 <= waited <= 4.4  # it waited for the backoff, not the live interval
        assert run.state == "live 15s" and run.message == ""
        assert sorted(run.rows) == fleet
    assert integrity(cache_path) == "ok"
    assert cached_list(cache_path, run.client.options) == fleet


@async_test
async def test_a_500_shows_an_error_keeps_the_rows_and_recovers(
    moto_url: str, cache: CacheStore, cache_path: Path, vt: VirtualTime
) -> None:
    client = client_for(moto_url, vt)
    fleet = make_fleet(client, 5)
    armed = {"left": 0}

    def plan(op: str, _n: int) -> AWSResponse | None:
        # The change feed's Search fails, then the ListTrainingJobs it falls back to fails too.
        if op in ("Search", "ListTrainingJobs") and armed["left"]:
            armed["left"] -= 1
            return internal_error()
        return None

    run = make_app(client, cache, vt, FaultInjector(plan))
    await fault_then_recover(
        run, fleet, cache_path, lambda: armed.update(left=2), full=False, state="error",
        message="ListTrainingJobs failed (InternalFailure): We encountered an internal error.",
    )


@async_test
async def test_a_response_slower_than_the_read_timeout(
    proxy: FaultProxy, cache: CacheStore, cache_path: Path, vt: VirtualTime
) -> None:
    client = client_for(proxy.url, vt, read_timeout=READ_TIMEOUT)
    fleet = make_fleet(client, 5)
    run = make_app(client, cache, vt)
    await fault_then_recover(
        run, fleet, cache_path, lambda: proxy.delay(READ_TIMEOUT * 3, "Search", times=1),
        full=False, state="offline: cached data from", message="The SageMaker endpoint timed out",
    )


@pytest.mark.parametrize("full", [False, True], ids=["incremental", "full-relist"])
def test_a_response_cut_off_mid_body(
    proxy: FaultProxy, cache: CacheStore, cache_path: Path, vt: VirtualTime, full: bool
) -> None:
    """Half a JSON body, then the connection closes. botocore does not check Content-Length and
    parses the half body as an empty response: it must not pass for an empty job list."""

    @async_test
    async def scenario() -> None:
        client = client_for(proxy.url, vt)
        fleet = make_fleet(client, 5)
        run = make_app(client, cache, vt)
        await fault_then_recover(
            run, fleet, cache_path, lambda: proxy.cut("ListTrainingJobs" if full else "Search", times=1),
            full=full, state="offline: cached data from",
            message="incomplete",
        )

    scenario()


def test_describe_command_with_a_cut_off_response_is_one_line(
    proxy: FaultProxy, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The headless describe: one line on stderr and a non-zero exit, never a half-empty answer."""
    from tui.cli import main

    make_fleet(client_for(proxy.url), 1)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    proxy.cut("DescribeTrainingJob")
    argv = ["describe", "--training-job-name", "job-000", "--endpoint-url", proxy.url,
            "--region", "us-east-1", "--no-cache"]
    code = main(argv)
    out, err = capsys.readouterr()
    assert (code, out) == (255, "")  # as the AWS CLI exits on a connection error
    assert err == (
        "sagemaker-tui: The SageMaker endpoint sent an incomplete DescribeTrainingJob "
        "response (the connection may have dropped mid-answer).\n"
    )
