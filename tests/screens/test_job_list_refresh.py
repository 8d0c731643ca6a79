"""Live refresh of the job list: incremental merges, errors that never blank the screen, backoff,
the one-call-per-second floor, the cache at start, offline mode, paging."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any, cast

from tests.conftest import FIXED_NOW
from tests.screens.fakes import FakeRepository, async_test, fleet, list_app, settle, summary
from tui.aws.errors import CredentialsError, EndpointError, ThrottledError
from tui.aws.jobs import ListFilters
from tui.refresh import Problem, RefreshPolicy
from tui.repository import Enrichment
from tui.screens.job_list import JobListScreen
from tui.widgets.job_table import JobTable
from tui.widgets.list_header import ListHeader

NAMES = [s["TrainingJobName"] for s in fleet()]
NO_FLOOR = RefreshPolicy(min_spacing=0.0, jitter=0.0)


def parts(app: object) -> tuple[JobListScreen, JobTable, ListHeader]:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, JobListScreen)
    return screen, screen.query_one(JobTable), screen.query_one(ListHeader)


def shown(table: JobTable) -> list[str]:
    return [row.name for row in table.rows]


@async_test
async def test_incremental_changes_are_merged_and_highlighted() -> None:
    finished = summary("llama-pretrain-shard-07", "Completed", age=45 * 60, ran=40 * 60)
    repo = FakeRepository([[fleet()]], changes=[[finished, summary("fresh-job", "InProgress", age=30)]])
    app = list_app(repo)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        screen, table, header = parts(app)
        screen.policy = NO_FLOOR
        await pilot.press("j", "j")
        screen.refresh_now()
        await settle(pilot)
        since, filters = repo.calls[-1][1]
        newest = max(s["LastModifiedTime"] for s in fleet())
        assert since == newest  # asks only for what changed after the newest row held
        assert filters == ListFilters()
        assert shown(table)[0] == "fresh-job"
        assert screen.model.rows["llama-pretrain-shard-07"].status == "Completed"
        assert set(table._flash) == {"fresh-job", "llama-pretrain-shard-07"}
        assert table.cursor_name == NAMES[2]  # same job, one row lower
        assert header.info.count == "13 jobs"


@async_test
async def test_highlight_clears_on_the_tick_after_it_expires() -> None:
    repo = FakeRepository([[fleet()]], changes=[[summary("fresh-job", age=30)]])
    app = list_app(repo)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        screen, table, _ = parts(app)
        screen.policy = NO_FLOOR
        screen.refresh_now()
        await settle(pilot)
        assert "fresh-job" in table._flash
        until = table._flash["fresh-job"]
        table.tick(until - 0.1)
        assert "fresh-job" in table._flash
        table.tick(until)
        assert not table._flash


@async_test
async def test_throttling_keeps_the_rows_says_so_backs_off_and_recovers() -> None:
    repo = FakeRepository(
        [[fleet()]],
        changes=[ThrottledError("SageMaker is throttling ListTrainingJobs calls; retrying later."),
                 ThrottledError("again"), [summary("after-throttle", age=5)]],
    )
    app = list_app(repo, live=True)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        screen, table, header = parts(app)
        screen.policy = RefreshPolicy(jitter=0.0, min_spacing=0.0, backoff_first=8.0)
        screen.refresh_now()
        await settle(pilot)
        assert screen.state.problem is Problem.THROTTLED
        assert header.info.state == "throttled, retry in 8s"
        assert header.info.tone == "problem"
        assert len(shown(table)) == 12  # the last data stays
        message = screen.query_one("#list-message")
        assert message.has_class("-shown") and "throttling" in str(message.render())
        assert screen._timer is not None and screen._due is not None
        screen.refresh_now()  # the second failure doubles the delay
        await settle(pilot)
        assert header.info.state == "throttled, retry in 16s"
        screen.refresh_now()
        await settle(pilot)
        assert header.info.state == "live 15s" and screen.state.failures == 0
        assert not message.has_class("-shown")
        assert "after-throttle" in shown(table)


@async_test
async def test_endpoint_failure_shows_offline_with_the_data_time() -> None:
    repo = FakeRepository([[fleet()]], changes=[EndpointError("Could not reach the SageMaker endpoint.")])
    app = list_app(repo, live=True)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        screen, table, header = parts(app)
        screen.policy = RefreshPolicy(jitter=0.0, min_spacing=0.0, backoff_first=4.0)
        app.clock.advance(120)  # type: ignore[attr-defined]
        screen.refresh_now()
        await settle(pilot)
        assert header.info.state == "offline: cached data from 12:00, retry in 4s"
        assert len(shown(table)) == 12


@async_test
async def test_expired_credentials_say_what_to_do() -> None:
    sentence = "The AWS credentials have expired or are invalid: refresh them and press r to retry."
    repo = FakeRepository([CredentialsError(sentence)])
    app = list_app(repo)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        screen, table, header = parts(app)
        assert header.info.state == "offline: no cached data, press r to retry"
        assert sentence in str(screen.query_one("#list-message").render())
        assert "listing failed" in table.empty_text


@async_test
async def test_a_failed_full_list_is_retried_in_full() -> None:
    repo = FakeRepository([ThrottledError("slow"), [fleet()]], changes=[[]])
    app = list_app(repo)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        screen, table, _ = parts(app)
        screen.policy = NO_FLOOR
        screen.refresh_now()  # asks for changes; with no complete list it must list everything
        await settle(pilot)
        assert repo.count("list_all") == 2 and repo.count("list_changes") == 0
        assert len(shown(table)) == 12


@async_test
async def test_unexpected_worker_error_is_shown_not_raised() -> None:
    repo = FakeRepository([RuntimeError("kaboom")])
    app = list_app(repo)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        screen, _, header = parts(app)
        assert header.info.state == "error, press r to retry"
        assert "Listing training jobs failed: kaboom" in str(screen.query_one("#list-message").render())


@async_test
async def test_full_refresh_drops_jobs_no_longer_listed() -> None:
    repo = FakeRepository([[fleet()], [fleet()[2:]]])
    app = list_app(repo)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        screen, table, header = parts(app)
        screen.policy = NO_FLOOR
        screen.refresh_now(full=True)
        await settle(pilot)
        assert shown(table) == NAMES[2:]
        assert header.info.count == "10 jobs"


@async_test
async def test_jobs_leaving_a_server_status_filter_are_dropped() -> None:
    running = [s for s in fleet() if s["TrainingJobStatus"] == "InProgress"]
    done = summary("llama-pretrain-shard-07", "Completed", age=45 * 60, ran=40 * 60)
    repo = FakeRepository([[running]], changes=[[done]])
    app = list_app(repo, filters=ListFilters(status_equals="InProgress"))
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        screen, table, header = parts(app)
        screen.policy = NO_FLOOR
        assert len(shown(table)) == 2
        screen.refresh_now()
        await settle(pilot)
        _, filters = repo.calls[-1][1]
        assert filters.status_equals is None  # the delta is asked without the status filter
        assert shown(table) == ["bert-large-finetune-2026-11-26-11-40"]
        assert header.info.filters == "aws: status=InProgress"


@async_test
async def test_never_more_than_one_list_call_per_second() -> None:
    """The spacing is read on the scheduler's clock, held here at the first call's instant (a
    loaded machine taking seconds to settle cannot let a press through), then moved on."""
    repo = FakeRepository([[fleet()]])
    app = list_app(repo)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        screen, _table, _header = parts(app)
        first_call = screen.scheduler.last_call
        assert first_call is not None
        virtual = [first_call]
        screen.scheduler.monotonic = lambda: virtual[0]
        await pilot.press("r", "r", "r", "r", "r")
        await settle(pilot)
        assert repo.count("list_all") == 1  # held back: the first call was under a second ago
        virtual[0] = first_call + 1.3
        for _ in range(100):  # the re-armed timer fires within about a second of real time
            await pilot.pause(0.05)
            if repo.count("list_all") > 1:
                break
        await settle(pilot)
        assert repo.count("list_all") == 2  # five presses, one call


@async_test
async def test_live_refresh_runs_on_its_interval() -> None:
    from tui.config import AppConfig

    repo = FakeRepository([[fleet()]], changes=[[summary("from-the-timer", age=1)]])
    app = list_app(repo, live=True, config=AppConfig(list_interval=1.0))
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        _screen, table, header = parts(app)
        assert header.info.state == "live 1s"
        for _ in range(100):  # the timer's call, within about a second (more on a loaded machine)
            await pilot.pause(0.1)
            if repo.count("list_changes"):
                break
        await settle(pilot)
        assert repo.count("list_changes") >= 1
        assert "from-the-timer" in shown(table)


@async_test
async def test_no_list_calls_while_another_screen_is_on_top() -> None:
    from tui.config import AppConfig

    repo = FakeRepository([[fleet()]], changes=[[]])
    app = list_app(repo, live=True, config=AppConfig(list_interval=1.0))
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the (stub) detail screen
        await pilot.pause(2.2)
        assert repo.count("list_changes") == 0
        await pilot.press("escape")
        await pilot.pause(0.3)
        await settle(pilot)
        assert repo.count("list_changes") == 1  # the overdue refresh runs on return


@async_test
async def test_start_draws_the_cache_then_makes_one_incremental_call() -> None:
    cached = fleet()
    enrichment = {"gpt2-small-eval": Enrichment("ml.g5.2xlarge", 2, 240, FIXED_NOW)}
    repo = FakeRepository([[fleet()]], changes=[[summary("new-since-cache", age=10)]], cached=cached,
                          enrichment=enrichment)
    app = list_app(repo)
    async with app.run_test(size=(140, 24)) as pilot:
        await settle(pilot)
        screen, table, header = parts(app)
        assert repo.count("list_all") == 0 and repo.count("list_changes") == 1
        assert repo.calls[-1] == ("list_changes", (None, ListFilters()))  # the cache's high-water mark
        assert len(shown(table)) == 13
        row = screen.model.rows["gpt2-small-eval"]
        assert (row.instance, row.billable) == ("ml.g5.2xlarge x2", 240.0)
        assert header.info.count == "13 jobs"


@async_test
async def test_a_long_cached_list_shows_its_newest_screenful_first() -> None:
    from tui.screens.job_list_data import FIRST_SCREENFUL

    cached = [summary(f"cached-{i:04d}", age=60 + i) for i in range(FIRST_SCREENFUL + 50)]  # newest first
    release = threading.Event()
    repo = FakeRepository([[fleet()]], cached=cached, hold_before_whole_cache=release)
    app = list_app(repo)
    try:
        async with app.run_test(size=(120, 24)) as pilot:
            for _ in range(100):  # until the newest screenful is on screen (the rest is held)
                await pilot.pause(0.02)
                _screen, table, header = parts(app)
                if table.rows:
                    break
            assert len(table.rows) == FIRST_SCREENFUL
            assert shown(table)[0] == "cached-0000"
            assert header.info.count == f"loading… {FIRST_SCREENFUL} so far"
            assert repo.count("list_changes") == 0  # brought up to date only once all is shown
            release.set()
            await settle(pilot)
            assert len(table.rows) == FIRST_SCREENFUL + 50
            assert header.info.count == f"{FIRST_SCREENFUL + 50:,} jobs"
            assert shown(table)[0] == "cached-0000" and table.cursor == 0
            assert [c for c in repo.calls if c[0].startswith("cached")] == [
                ("cached_head", FIRST_SCREENFUL),
                ("cached_summaries", ListFilters()),
            ]
            assert repo.count("list_changes") == 1 and repo.count("list_all") == 0
    finally:
        release.set()


@async_test
async def test_the_screenful_read_before_the_ui_starts_is_in_the_first_frame() -> None:
    """The launcher reads the newest cached screenful before Textual starts
    (``read_first_screenful``): the list applies it while it mounts, without waiting for its
    worker thread, and the worker goes straight to the whole cache."""
    from tui.screens.job_list_data import FIRST_SCREENFUL

    cached = [summary(f"cached-{i:04d}", age=60 + i) for i in range(FIRST_SCREENFUL + 50)]
    enrichment = {"cached-0001": Enrichment("ml.g5.2xlarge", 2, 240, FIXED_NOW)}
    release = threading.Event()
    repo = FakeRepository([[fleet()]], cached=cached, hold_before_whole_cache=release, enrichment=enrichment)
    repo.read_first_screenful(ListFilters(), FIRST_SCREENFUL)
    app = list_app(repo)
    try:
        async with app.run_test(size=(120, 24)):
            screen, table, header = parts(app)  # no pause: mounted, first frame not yet drawn
            assert len(table.rows) == FIRST_SCREENFUL
            assert shown(table)[0] == "cached-0000"
            assert screen.model.rows["cached-0001"].instance == "ml.g5.2xlarge x2"
            assert header.info.count == f"loading… {FIRST_SCREENFUL} so far"
            release.set()
            await app.workers.wait_for_complete()
            await app.workers.wait_for_complete()
            assert len(table.rows) == FIRST_SCREENFUL + 50
            assert [c for c in repo.calls if c[0].startswith("cached")] == [
                ("cached_head", FIRST_SCREENFUL),  # the launcher's read, not the worker's
                ("cached_summaries", ListFilters()),
            ]
    finally:
        release.set()


def test_the_screenful_read_ahead_is_taken_once_and_only_for_its_filters() -> None:
    from tui.screens.job_list_data import FIRST_SCREENFUL

    cached = [summary(f"cached-{i:04d}", age=60 + i) for i in range(FIRST_SCREENFUL + 5)]
    repo = FakeRepository(cached=cached)
    repo.read_first_screenful(ListFilters(), FIRST_SCREENFUL)
    assert repo.take_first_screenful(ListFilters(status_equals="Failed"), FIRST_SCREENFUL) is None
    repo.read_first_screenful(ListFilters(), FIRST_SCREENFUL)
    first = repo.take_first_screenful(ListFilters(), FIRST_SCREENFUL)
    assert first is not None and len(first.found.value) == FIRST_SCREENFUL and first.found.partial
    assert repo.take_first_screenful(ListFilters(), FIRST_SCREENFUL) is None  # taken
    empty = FakeRepository(cached=[])
    empty.read_first_screenful(ListFilters(), FIRST_SCREENFUL)
    assert empty.take_first_screenful(ListFilters(), FIRST_SCREENFUL) is None  # nothing cached


@async_test
async def test_offline_mode_shows_the_cache_and_makes_no_call() -> None:
    repo = FakeRepository(cached=fleet(), offline=True, cached_at=FIXED_NOW - timedelta(minutes=118))
    app = list_app(repo, live=True)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        _screen, table, header = parts(app)
        assert len(shown(table)) == 12
        assert header.info.state == "offline: cached data from 10:02"
        await pilot.press("r", "p")
        await settle(pilot)
        assert repo.count("list_all") == 0 and repo.count("list_changes") == 0


@async_test
async def test_offline_with_nothing_cached_says_so() -> None:
    repo = FakeRepository(offline=True)
    app = list_app(repo)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        _, table, header = parts(app)
        assert header.info.state == "offline: no cached data"
        assert "nothing is cached" in table.empty_text


@async_test
async def test_first_page_shows_at_once_and_later_pages_append_without_moving_the_cursor() -> None:
    release = threading.Event()
    jobs = fleet()
    repo = FakeRepository([[jobs[6:], jobs[:6]]], hold_after_first_page=release)
    app = list_app(repo)
    try:
        async with app.run_test(size=(120, 24)) as pilot:
            await pilot.pause(0.3)
            _screen, table, header = parts(app)
            assert shown(table) == NAMES[6:]
            assert header.info.count == "loading… 6 so far"
            await pilot.press("j")
            assert table.cursor_name == NAMES[7]
            release.set()
            await settle(pilot)
            assert len(shown(table)) == 12
            assert table.cursor_name == NAMES[7]
            assert header.info.count == "12 jobs"
    finally:
        release.set()


@async_test
async def test_empty_account_suggests_the_demo() -> None:
    app = list_app(FakeRepository([[[]]]))
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        _, table, header = parts(app)
        assert "--demo" in table.empty_text
        assert header.info.count == "0 jobs"


@async_test
async def test_running_durations_tick_and_only_their_cells_repaint() -> None:
    from textual.geometry import Region

    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        _, table, _ = parts(app)
        for y in range(1, 13):
            table.render_line(y)  # as painted
        repainted: list[Region] = []
        cast(Any, table).refresh = lambda *regions, **kw: repainted.extend(regions)
        cast(Any, table).refresh_lines = lambda y, count=1: repainted.append(Region(0, y, 0, count))
        table.tick(0)
        assert repainted == []  # nothing changed: nothing is sent to the terminal
        app.clock.advance(1)  # type: ignore[attr-defined]
        table.tick(0)
        # Durations and ages show minutes from the first minute on: a second changes nothing.
        assert repainted == []
        assert "20m" in table.render_line(1).text
        app.clock.advance(59)  # type: ignore[attr-defined]
        table.tick(0)
        # A minute later the running jobs' durations moved, and so did every age under 8 h:
        # each repaint is one cell of a time column, never a whole line.
        timed = {c.x: c for c in table.columns if c.key in ("duration", "created", "modified")}
        assert repainted and all(r.x in timed and r.width == timed[r.x].width for r in repainted)
        duration = next(c for c in table.columns if c.key == "duration")
        assert {r.y for r in repainted if r.x == duration.x} == {1, 2, 3}  # the three running jobs
        assert "21m" in table.render_line(1).text
        # Ages from 8 h on show hours or days: they stay put (row 7 was modified 7h45m ago).
        assert {r.y for r in repainted} == {1, 2, 3, 4, 5, 6, 7}


@async_test
async def test_r_during_a_running_list_waits_for_it_instead_of_piling_up() -> None:
    release = threading.Event()
    jobs = fleet()
    repo = FakeRepository([[jobs[:6], jobs[6:]]], hold_after_first_page=release)
    app = list_app(repo)
    try:
        async with app.run_test(size=(120, 24)) as pilot:
            await pilot.pause(0.2)
            screen, table, _ = parts(app)
            screen.policy = NO_FLOOR
            await pilot.press("r", "r")
            await pilot.pause(0.1)
            assert repo.count("list_all") == 1  # still the first, held open
            release.set()
            await settle(pilot)
            await pilot.pause(0.2)
            await settle(pilot)
            assert repo.count("list_all") == 2  # the two presses became one more list
            assert len(shown(table)) == 12
    finally:
        release.set()


@async_test
async def test_an_unchanged_refresh_repaints_nothing() -> None:
    """Idle cost over SSH: a refresh that brings back the rows we hold must not redraw the table
    (nor re-lay the screen out, which repaints its scrollbar)."""
    same = [s for s in fleet() if s["TrainingJobName"] == NAMES[0]]
    repo = FakeRepository([[fleet()]], changes=[same])
    app = list_app(repo)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        screen, table, _ = parts(app)
        screen.policy = NO_FLOOR
        repaints: list[bool] = []
        original = type(table).refresh

        def spy(self: JobTable, *args: object, **kwargs: object) -> object:
            repaints.append(True)
            return original(self, *args, **kwargs)  # type: ignore[arg-type]

        layouts: list[bool] = []
        original_layout = type(screen)._refresh_layout

        def layout_spy(self: JobListScreen, *args: object, **kwargs: object) -> object:
            layouts.append(True)
            return original_layout(self, *args, **kwargs)  # type: ignore[arg-type]

        cast(Any, type(table)).refresh = spy
        cast(Any, type(screen))._refresh_layout = layout_spy
        try:
            screen.refresh_now()
            await settle(pilot)
        finally:
            type(table).refresh = original  # type: ignore[method-assign]
            type(screen)._refresh_layout = original_layout  # type: ignore[method-assign]
        assert repo.calls[-1][0] == "list_changes"
        assert repaints == []
        assert layouts == []
        assert shown(table)[0] == NAMES[0]


@async_test
async def test_rows_do_not_tick_under_another_screen() -> None:
    """Hidden rows that tick would be repainted through the detail screen on top of them."""
    repo = FakeRepository([[fleet()]])
    app = list_app(repo, live=True)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        screen, table, _ = parts(app)
        ticks: list[float] = []
        original = table.tick
        cast(Any, table).tick = ticks.append
        await pilot.press("enter")
        await pilot.pause(1.3)
        assert ticks == []
        table.tick = original  # type: ignore[method-assign]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen._ticker is not None and screen._ticker._active.is_set()
