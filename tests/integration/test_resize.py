"""The terminal is resized to 40x12 and back while a refresh is in flight (held by the proxy).

Nothing crashes, the call's result lands in the resized screen, rows and cursor survive.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from tests.integration.harness import Run, VirtualTime, client_for, make_app, make_fleet, settle
from tests.integration.proxy import FaultProxy
from tests.screens.fakes import async_test
from tui.cache.store import CacheStore
from tui.screens.job_detail import JobDetailScreen
from tui.widgets.job_table import JobTable

pytestmark = pytest.mark.moto_server


async def until_held(pilot: Pilot[None], proxy: FaultProxy) -> None:
    for _ in range(250):
        if proxy.holding.is_set():
            return
        await pilot.pause(0.02)
    raise AssertionError("the call never reached the proxy")


async def resize_there_and_back(pilot: Pilot[None], run: Run) -> None:
    await pilot.resize_terminal(40, 12)
    await pilot.pause()
    assert run.app.size == (40, 12)
    await pilot.resize_terminal(120, 30)
    await pilot.pause()
    assert run.app.size == (120, 30)


@async_test
async def test_resize_while_the_list_is_refreshing(
    proxy: FaultProxy, cache: CacheStore, vt: VirtualTime
) -> None:
    client = client_for(proxy.url, vt)
    fleet = make_fleet(client, 30)
    run = make_app(client, cache, vt)
    async with run.app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        table = run.screen.query_one(JobTable)
        await pilot.press("G", "k", "k")  # the cursor far down, where 40x12 must scroll to it
        chosen = table.cursor_name
        hold = proxy.delay(10.0, "ListTrainingJobs", times=1)
        vt.advance(1.0)
        await pilot.press("r")  # a full list, held on its first page
        await until_held(pilot, proxy)
        assert "loading…" in run.header.info.count
        await resize_there_and_back(pilot, run)
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        hold.release.set()  # the page lands while the terminal is small
        await settle(pilot)
        assert run.header.info.count == "30 jobs" and run.state == "live 15s"
        assert table.cursor_name == chosen
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert sorted(run.rows) == fleet and table.cursor_name == chosen
        assert run.app.is_running


@async_test
async def test_resize_while_the_detail_is_loading(
    proxy: FaultProxy, cache: CacheStore, vt: VirtualTime
) -> None:
    client = client_for(proxy.url, vt)
    make_fleet(client, 3)
    run = make_app(client, cache, vt)
    async with run.app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        hold = proxy.delay(10.0, "DescribeTrainingJob", times=1)
        await pilot.press("enter")
        await until_held(pilot, proxy)
        detail = run.app.screen
        assert isinstance(detail, JobDetailScreen) and detail.view is None
        await resize_there_and_back(pilot, run)
        await pilot.resize_terminal(40, 12)
        hold.release.set()
        await settle(pilot)
        assert detail.view is not None and detail.view.name == detail.job_name
        assert detail.query_one(TabbedContent).display
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert run.app.is_running and run.app.screen is detail
