"""The list's change feed against the local SageMaker, in virtual time: jobs change between
refreshes; Search is then denied (AccessDenied) and the list falls back to ListTrainingJobs,
saying so; Search is allowed again and the list goes back to it. At every step the rows are the
service's jobs, each once, with its latest status."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse

from tests.aws.helpers import backend_job, create_job
from tests.faults import FaultInjector, Sent, access_denied
from tests.integration.harness import VirtualTime, client_for, fire_refresh, make_app, make_fleet, settle
from tests.screens.fakes import async_test
from tui.cache.store import CacheStore
from tui.refresh import SEARCH_RETRY

pytestmark = pytest.mark.moto_server

LIST = "ListTrainingJobs"
SEARCH = "Search"


def naive(when: datetime) -> datetime:
    return when.replace(tzinfo=None)


def change(vt: VirtualTime, name: str, status: str) -> None:
    """What SageMaker does when a job's status changes: LastModifiedTime moves to now."""
    job = backend_job(name)
    job.training_job_status = status
    job.last_modified_time = naive(vt.clock.now())


def statuses(run: Any) -> dict[str, str]:
    return {name: row.status for name, row in run.screen.model.rows.items()}


@async_test
async def test_the_list_follows_changes_through_search_denied_and_allowed_again(
    moto_url: str, cache: CacheStore, vt: VirtualTime
) -> None:
    client = client_for(moto_url, vt)
    fleet = make_fleet(client, 150)  # two ListTrainingJobs pages
    for i, name in enumerate(fleet):  # created over the last hours, not all in the overlap window
        job = backend_job(name)
        job.creation_time = job.last_modified_time = naive(vt.clock.now() - timedelta(hours=3, minutes=i))
    policy = {"denied": False}

    def plan(sent: Sent) -> AWSResponse | None:
        return access_denied(SEARCH) if sent.operation == SEARCH and policy["denied"] else None

    run = make_app(client, cache, vt, FaultInjector(request_plan=plan))
    truth = {name: "Completed" for name in fleet}

    def assert_level() -> None:
        assert len(run.rows) == len(set(run.rows)), "a row shown twice"
        assert statuses(run) == truth

    async with run.app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert run.state == "live 15s"
        assert_level()

        # Jobs change between refreshes: one Search call brings them.
        vt.advance(5)
        change(vt, "job-007", "Stopped")
        truth["job-007"] = "Stopped"
        searches, lists = len(run.injector.times(SEARCH)), len(run.injector.times(LIST))
        await fire_refresh(pilot, run)
        assert len(run.injector.times(SEARCH)) == searches + 1
        assert len(run.injector.times(LIST)) == lists
        assert run.state == "live 15s"
        assert_level()

        # Search denied: this refresh falls back to every page of ListTrainingJobs, and says so.
        policy["denied"] = True
        vt.advance(3)
        change(vt, "job-100", "Failed")
        truth["job-100"] = "Failed"
        create_job(client.raw, "job-new")
        backend_job("job-new").last_modified_time = backend_job("job-new").creation_time = naive(
            vt.clock.now()
        )
        truth["job-new"] = "Completed"
        lists = len(run.injector.times(LIST))
        await fire_refresh(pilot, run)
        assert run.injector.faults(SEARCH) == 1
        assert len(run.injector.times(LIST)) == lists + 2
        assert run.state.startswith("list fallback: 2 pages, every ")
        assert_level()

        # On the fallback Search is not asked at every tick; changes still arrive.
        vt.advance(2)
        change(vt, "job-001", "Stopped")
        truth["job-001"] = "Stopped"
        asked = len(run.injector.times(SEARCH))
        await fire_refresh(pilot, run)
        assert len(run.injector.times(SEARCH)) == asked
        assert run.state.startswith("list fallback: ")
        assert_level()

        # Allowed again: once the retry time has come, the list goes back to Search.
        policy["denied"] = False
        vt.advance(SEARCH_RETRY)
        change(vt, "job-149", "Stopped")
        truth["job-149"] = "Stopped"
        lists = len(run.injector.times(LIST))
        await fire_refresh(pilot, run)
        assert len(run.injector.times(SEARCH)) == asked + 1
        assert len(run.injector.times(LIST)) == lists
        assert run.state == "live 15s"
        assert_level()

        # And it stays there: the next change is one Search call again.
        vt.advance(1)
        change(vt, "job-050", "Failed")
        truth["job-050"] = "Failed"
        await fire_refresh(pilot, run)
        assert len(run.injector.times(SEARCH)) == asked + 2
        assert_level()
        assert len(run.rows) == len(fleet) + 1
