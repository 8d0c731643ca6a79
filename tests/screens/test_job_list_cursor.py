"""Where the list's cursor goes when filters change, and what the header says (issue 17.1-17.3,
17.6, 17.7's Stopping key), driven through Pilot against a scripted repository."""

from __future__ import annotations

from tests.conftest import FIXED_NOW
from tests.screens.fakes import (
    FakeRepository,
    ListTestApp,
    StubDetail,
    async_test,
    fleet,
    list_app,
    settle,
    summary,
)
from tui.aws.jobs import ListFilters
from tui.clock import FixedClock
from tui.config import AppConfig
from tui.screens.job_list import JobListScreen
from tui.settings import RunSettings
from tui.widgets.job_table import JobTable
from tui.widgets.list_header import ListHeader


def parts(app: object) -> tuple[JobListScreen, JobTable]:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, JobListScreen)
    return screen, screen.query_one(JobTable)


def long_fleet() -> list[dict[str, object]]:
    """60 jobs, newest first; llama jobs at rows 2, 20, 40 and 47 (a tall list for scrolling)."""
    llama = {2, 20, 40, 47}
    return [
        summary(f"llama-finetune-{i:02d}" if i in llama else f"resnet-sweep-{i:02d}", age=600.0 * (i + 1))
        for i in range(60)
    ]


@async_test
async def test_typing_a_filter_puts_the_cursor_on_the_first_match_at_the_top() -> None:
    """17.1: with the cursor on row 46, `/llama` kept it on a later match, the newest matches
    scrolled out of view."""
    app = list_app(FakeRepository([[long_fleet()]]))
    async with app.run_test(size=(100, 14)) as pilot:
        await settle(pilot)
        _, table = parts(app)
        table.move_cursor(46)
        assert table.scroll_y > 0
        await pilot.press("slash", *"llama")
        assert [row.name for row in table.rows] == [
            "llama-finetune-02", "llama-finetune-20", "llama-finetune-40", "llama-finetune-47"
        ]
        assert table.cursor == 0 and table.cursor_name == "llama-finetune-02"
        assert table.scroll_y == 0
        await pilot.press("backspace")  # still a change of the text: the first match again
        assert table.cursor_name == "llama-finetune-02"


@async_test
async def test_escape_keeps_the_cursor_on_the_job_found() -> None:
    """17.2: `/gpt2`, Enter, Escape went back to the row selected before filtering."""
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        _, table = parts(app)
        await pilot.press("j")
        await pilot.press("slash", *"gpt2", "enter")
        assert table.cursor_name == "gpt2-small-eval"
        await pilot.press("escape")
        assert len(table.rows) == 12
        assert table.cursor_name == "gpt2-small-eval"
        # The status keys too: the job on screen is the one kept, not the one before.
        await pilot.press("2")
        on_screen = table.cursor_name
        assert on_screen is not None and on_screen != "gpt2-small-eval"
        await pilot.press("5")
        assert table.cursor_name == on_screen


@async_test
async def test_escape_from_the_job_given_at_start_lands_on_it() -> None:
    """17.2: Escape from a detail opened with --training-job-name landed on the top row."""
    settings = RunSettings(profile_label="dev", location_label="us-east-1", filters=ListFilters(),
                           live=False, initial_job="whisper-medium-finetune-ja")
    app = ListTestApp(FakeRepository([[fleet()]]), settings=settings, config=AppConfig(),
                      clock=FixedClock(FIXED_NOW))
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StubDetail)
        await pilot.press("escape")
        await settle(pilot)
        _, table = parts(app)
        assert table.cursor_name == "whisper-medium-finetune-ja"


@async_test
async def test_the_sort_column_stays_and_the_header_says_the_sort() -> None:
    """17.3: at 80x24, sorted by MODIFIED, the MODIFIED column was dropped."""
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen, table = parts(app)
        header = screen.query_one(ListHeader)
        assert header.info.sort == "created ↓"
        assert "sort: created ↓" in str(header.render())
        screen.set_sort("modified")
        await pilot.pause()
        assert "modified" in [column.key for column in table.columns]
        assert header.info.sort == "modified ↓"
        assert "MODIFIED ↓" in table.render_line(0).text


@async_test
async def test_warm_pool_column_stays_with_absolute_times_at_120() -> None:
    """17.6: `t` at 120 columns dropped WARM POOL; absolute times now say their zone."""
    app = list_app(FakeRepository([[long_fleet()]]))
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        _, table = parts(app)
        await pilot.press("t")
        assert "warm_pool" in [column.key for column in table.columns]
        assert "Z " in table.render_line(1).text  # `2026-11-26 11:50Z`


@async_test
async def test_key_6_shows_only_stopping_jobs() -> None:
    """17.7: the quick status filters lacked Stopping."""
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        screen, table = parts(app)
        await pilot.press("6")
        assert [row.name for row in table.rows] == ["resnet50-imagenet-spot-v3"]
        assert screen.query_one(ListHeader).info.filters == "status=Stopping"
        await pilot.press("6")
        assert len(table.rows) == 12
