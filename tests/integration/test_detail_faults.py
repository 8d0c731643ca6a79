"""Faults on DescribeTrainingJob while the list works: the real list, Enter, the real detail screen.

* AccessDenied on DescribeTrainingJob only (a read-only role without that permission): the list
  is complete and live, the detail says access is denied and what to do, and does not retry on
  its own (it would fail the same way).
* A job listed but gone when described (deleted since the list was fetched): a clear not-found
  note, the app stays up, and a full refresh drops the row, also from the cache for the next start.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from botocore.awsrequest import AWSResponse
from textual.widgets import Static, TabbedContent

from tests.faults import FaultInjector, access_denied
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
from tests.screens.fakes import async_test
from tui.cache.store import CacheStore
from tui.screens.job_detail import JobDetailScreen
from tui.screens.job_list import JobListScreen
from tui.widgets.job_table import JobTable

pytestmark = pytest.mark.moto_server

DESCRIBE = "DescribeTrainingJob"


def text(screen: JobDetailScreen, selector: str) -> str:
    widget = screen.query_one(selector, Static)
    return str(widget.render()) if widget.display else ""


async def open_job(pilot: object, run: Run, name: str) -> JobDetailScreen:
    """Move the list's cursor to ``name`` and press Enter, as a user would."""
    table = run.screen.query_one(JobTable)
    steps = [row.name for row in table.rows].index(name) - [row.name for row in table.rows].index(
        table.cursor_name or ""
    )
    await pilot.press(*(["j"] * steps if steps > 0 else ["k"] * -steps), "enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    screen = run.app.screen
    assert isinstance(screen, JobDetailScreen) and screen.job_name == name
    return screen


@async_test
async def test_access_denied_on_describe_only(
    moto_url: str, cache: CacheStore, cache_path: Path, vt: VirtualTime
) -> None:
    client = client_for(moto_url, vt)
    fleet = make_fleet(client, 5)

    def plan(op: str, _n: int) -> AWSResponse | None:
        return access_denied(op) if op == DESCRIBE else None

    run = make_app(client, cache, vt, FaultInjector(plan))
    async with run.app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert sorted(run.rows) == fleet and run.state == "live 15s"  # the list works

        detail = await open_job(pilot, run, "job-003")
        placeholder = text(detail, "#detail-placeholder")
        assert placeholder.startswith(
            "Access denied for DescribeTrainingJob: User: arn:aws:sts::123456789012:assumed-role/"
            "ReadOnly/me is not authorized to perform: sagemaker:DescribeTrainingJob"
        )
        assert "Press r to retry or Escape to go back to the list." in placeholder
        # Said once: the placeholder has it, so the header's message line stays hidden.
        assert not detail.query_one("#header-message", Static).display
        assert not detail.query_one(TabbedContent).display
        assert detail._refresh_timer is None  # no automatic retry: it would be denied again
        assert run.injector.seen[DESCRIBE] == 1

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(run.app.screen, JobListScreen)
        await fire_refresh(pilot, run)  # the list goes on refreshing
        assert run.state == "live 15s" and sorted(run.rows) == fleet
        assert run.injector.faults(DESCRIBE) == 1 and run.injector.faults("ListTrainingJobs") == 0

    assert integrity(cache_path) == "ok"
    assert cached_list(cache_path, client.options) == fleet


@async_test
async def test_a_job_listed_but_gone_when_described(
    moto_url: str, cache: CacheStore, cache_path: Path, vt: VirtualTime
) -> None:
    from moto.sagemaker.models import sagemaker_backends

    client = client_for(moto_url, vt)
    fleet = make_fleet(client, 5)
    run = make_app(client, cache, vt)
    async with run.app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert sorted(run.rows) == fleet

        # Deleted after the list was fetched (moto has no DeleteTrainingJob: drop it from its backend).
        del sagemaker_backends["123456789012"]["us-east-1"].training_jobs["job-002"]
        fleet.remove("job-002")

        detail = await open_job(pilot, run, "job-002")
        placeholder = text(detail, "#detail-placeholder")
        assert placeholder == (
            "Training job 'job-002' was not found.\n\nPress r to retry or Escape to go back to the list."
        )
        assert text(detail, "#header-message") == ""  # said once, in the placeholder
        await pilot.press("r")  # retrying says the same, and nothing breaks
        await settle(pilot)
        assert run.injector.seen[DESCRIBE] == 2 and run.app.is_running
        assert text(detail, "#detail-placeholder").startswith("Training job 'job-002' was not found.")

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(run.app.screen, JobListScreen)
        vt.advance(1.0)
        await pilot.press("r")  # a full list: the row goes
        await settle(pilot)
        assert sorted(run.rows) == fleet and run.state == "live 15s"

    assert integrity(cache_path) == "ok"
    assert cached_list(cache_path, client.options) == fleet
    # The next start draws the cache, then asks only for what changed: the deleted job must not
    # come back from the cache (no incremental call can say it is gone).
    again = make_app(client_for(moto_url, vt), cache, vt)
    async with again.app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert sorted(again.rows) == fleet and again.state == "live 15s"
