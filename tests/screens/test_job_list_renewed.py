"""Issue 17.8: a cached list with no high-water mark (the demo's fleet made anew each run) paints
at once, then a complete listing replaces it: the jobs the service no longer has leave the screen."""

from __future__ import annotations

from tests.screens.fakes import FakeRepository, async_test, fleet, list_app, settle, summary
from tui.screens.job_list import JobListScreen
from tui.widgets.job_table import JobTable


@async_test
async def test_a_renewed_service_replaces_the_cached_rows() -> None:
    old = [summary("old-fleet-job-1", age=7200), summary("old-fleet-job-2", age=9000)]
    repo = FakeRepository([[fleet()]], cached=old + fleet()[:3])
    repo.increments = False
    app = list_app(repo)
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, JobListScreen)
        table = screen.query_one(JobTable)
        assert repo.count("list_all") == 1 and repo.count("list_changes") == 0
        assert sorted(row.name for row in table.rows) == sorted(s["TrainingJobName"] for s in fleet())


@async_test
async def test_a_cache_with_a_mark_is_brought_up_to_date_incrementally() -> None:
    repo = FakeRepository([[fleet()]], cached=fleet(), changes=[[]])
    app = list_app(repo)
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        assert repo.count("list_all") == 0 and repo.count("list_changes") == 1
