"""The job list against the moto server: jobs change between refreshes and the table follows."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.aws.helpers import backend_job, create_job
from tests.screens.fakes import async_test, list_app, settle
from tui.aws.client import SageMakerClient
from tui.aws.jobs import ListFilters
from tui.config import AppConfig
from tui.repository import Changes, JobRepository
from tui.screens.job_list import JobListScreen
from tui.widgets.job_table import JobTable
from tui.widgets.list_header import ListHeader

pytestmark = pytest.mark.moto_server


class RecordingRepository(JobRepository):
    """The real repository (no cache), remembering what each incremental call returned."""

    deltas: list[tuple[datetime | None, list[str]]]
    feeds: list[str]

    def changes(
        self, since: datetime | None = None, filters: ListFilters | None = None, *, search: bool = True
    ) -> Changes:
        result = super().changes(since, filters, search=search)
        self.deltas.append((since, [s["TrainingJobName"] for s in result.summaries]))
        self.feeds.append(result.feed)
        return result


def utc_naive(delta: timedelta = timedelta()) -> datetime:
    # moto keeps naive UTC datetimes; aware ones break its time filters.
    return datetime.now(timezone.utc).replace(tzinfo=None) + delta


def age(name: str, seconds: float) -> None:
    job = backend_job(name)
    job.creation_time = job.last_modified_time = utc_naive(timedelta(seconds=-seconds))
    job.training_start_time = job.creation_time
    job.training_end_time = job.creation_time + timedelta(seconds=seconds / 2)


@async_test
async def test_table_follows_jobs_changing_between_refreshes(sm_client: SageMakerClient) -> None:
    for index, name in enumerate(("job-a", "job-b", "job-c")):
        create_job(sm_client.raw, name)
        age(name, 3600 - index * 600)
    running = backend_job("job-b")
    running.training_job_status, running.secondary_status = "InProgress", "Training"
    running.training_end_time = None

    repository = RecordingRepository(client=sm_client)
    repository.deltas = []
    repository.feeds = []
    app = list_app(repository, live=True, config=AppConfig(list_interval=1.0))
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, JobListScreen)
        table = screen.query_one(JobTable)
        header = screen.query_one(ListHeader)
        assert [row.name for row in table.rows] == ["job-c", "job-b", "job-a"]
        assert screen.model.rows["job-b"].status == "InProgress"
        await pilot.press("j")  # cursor on job-b

        # Between two refreshes: job-b finishes, job-d starts.
        running.training_job_status, running.secondary_status = "Completed", "Completed"
        running.training_end_time = running.last_modified_time = utc_naive()
        create_job(sm_client.raw, "job-d")
        for _ in range(40):  # the live timer (1 s, jittered) brings the change
            await pilot.pause(0.1)
            if repository.deltas:
                break
        await settle(pilot)

        since, returned = repository.deltas[0]
        assert since is not None
        # Search, LastModifiedTime GreaterThan: what changed, plus job-c, the newest, inside the
        # 60 s overlap window kept for clock skew and index lag; never job-a.
        assert sorted(returned) == ["job-b", "job-c", "job-d"]
        assert repository.feeds[0] == "search" and sm_client.counter.count("Search") == 1
        assert [row.name for row in table.rows] == ["job-d", "job-c", "job-b", "job-a"]
        assert screen.model.rows["job-b"].status == "Completed"
        assert table.cursor_name == "job-b"  # the cursor stayed on its job
        assert header.info.count == "4 jobs"
        assert "job-b" in table._flash and "job-d" in table._flash

        # `r`: a full re-list agrees with what the increments built.
        screen.policy = screen.policy.__class__(min_spacing=0.0)
        before = sm_client.counter.count("ListTrainingJobs")
        await pilot.press("r")
        await settle(pilot)
        assert sm_client.counter.count("ListTrainingJobs") == before + 1
        assert sorted(screen.model.rows) == ["job-a", "job-b", "job-c", "job-d"]
        assert header.info.state.startswith("live ")
