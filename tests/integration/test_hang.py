"""A hung endpoint (accepts, never answers): the header stops saying ``live`` once a call outlasts
its interval (``waiting 16s for ListTrainingJobs``), the route is reported offline once the
attempts time out, and a describe given up by Escape is not retried in the background."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.integration.harness import VirtualTime, client_for, make_app, make_fleet, settle
from tests.integration.proxy import FaultProxy
from tests.screens.fakes import async_test
from tui.cache.store import CacheStore
from tui.launch import TUI_READ_TIMEOUT

pytestmark = pytest.mark.moto_server


@async_test
async def test_a_hung_list_call_is_said_in_the_header(
    proxy: FaultProxy, cache: CacheStore, vt: VirtualTime
) -> None:
    client = client_for(proxy.url, vt, read_timeout=1.0, max_attempts=2)
    make_fleet(client, 3)
    run = make_app(client, cache, vt)
    async with run.app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert run.state == "live 15s"
        hang = proxy.hang("Search")  # the timer's refresh: an incremental Search (tui/refresh.py)
        screen = run.screen
        due = screen._due
        assert due is not None
        vt.advance(max(0.0, due - vt.monotonic()))
        screen._arm(None)  # the pending timer stopped: the refresh is started by hand
        screen._on_timer()  # the refresh starts and hangs
        deadline = time.monotonic() + 5
        while not proxy.holding.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        assert proxy.holding.is_set()
        vt.advance(16)  # longer than the 15 s interval, in the app's clock
        screen._tick()
        await pilot.pause()
        assert run.state == "waiting 16s for Search", run.state
        # Both attempts time out (1 s each): the route is reported, not left at `waiting` or `live`.
        await run.app.workers.wait_for_complete()
        await pilot.pause()
        assert run.state.startswith("offline: cached data from"), run.state
        hang.release.set()


def test_the_tui_s_read_timeout_reports_a_dead_route_within_30_seconds() -> None:
    from tui.aws.client import DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT

    # Attempts x per-attempt timeout, plus botocore's backoff between attempts (random, up to
    # 1, 2, 4, 8 s: 7.5 s on average): within 30 s with the TUI's own timeout, not with 60 s.
    backoff = sum(min(2**n, 20) for n in range(DEFAULT_MAX_ATTEMPTS - 1)) / 2
    assert DEFAULT_MAX_ATTEMPTS * TUI_READ_TIMEOUT + backoff <= 30
    assert DEFAULT_MAX_ATTEMPTS * DEFAULT_TIMEOUT + backoff > 30
    assert DEFAULT_TIMEOUT == 60  # the headless commands keep the AWS CLI's


def test_the_tui_uses_its_timeout_unless_told_otherwise() -> None:
    from tui.aws.client import ConnectionOptions
    from tui.cli import build_parser
    from tui.launch import with_tui_timeouts

    base = ConnectionOptions()
    assert with_tui_timeouts(base, build_parser().parse_args([])).read_timeout == TUI_READ_TIMEOUT
    told = build_parser().parse_args(["--cli-read-timeout", "30"])
    assert with_tui_timeouts(base, told).read_timeout == base.read_timeout


@async_test
async def test_a_describe_given_up_is_not_retried(
    proxy: FaultProxy, cache: CacheStore, vt: VirtualTime
) -> None:
    client = client_for(proxy.url, vt, read_timeout=1.0, max_attempts=4)
    names = make_fleet(client, 2)
    run = make_app(client, cache, vt)
    async with run.app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        hang = proxy.hang("DescribeTrainingJob")
        run.app.open_job(names[0])
        deadline = time.monotonic() + 5
        while not proxy.holding.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        assert proxy.holding.is_set()
        await pilot.press("escape")  # give it up while the first attempt hangs
        await pilot.pause()
        await asyncio.sleep(3.5)  # long enough for three more 1 s attempts, were they made
        attempts = proxy.count("DescribeTrainingJob")
        hang.release.set()
        await run.app.workers.wait_for_complete()
    assert attempts == 1, attempts
