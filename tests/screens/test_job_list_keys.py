"""Every key of the job list, driven through Pilot against a scripted repository."""

from __future__ import annotations

from textual.command import CommandPalette

from tests.screens.fakes import (
    FakeRepository,
    StubDetail,
    async_test,
    fleet,
    list_app,
    settle,
    summary,
)
from tui.aws.jobs import ListFilters
from tui.config import AppConfig
from tui.screens.job_list import JobListScreen
from tui.widgets.filter_bar import FilterBar
from tui.widgets.job_table import JobTable
from tui.widgets.list_header import ListHeader

NAMES = [s["TrainingJobName"] for s in fleet()]


def parts(app: object) -> tuple[JobListScreen, JobTable]:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, JobListScreen)
    return screen, screen.query_one(JobTable)


def shown(table: JobTable) -> list[str]:
    return [row.name for row in table.rows]


@async_test
async def test_cursor_keys() -> None:
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(100, 10)) as pilot:
        await settle(pilot)
        _, table = parts(app)
        assert table.cursor_name == NAMES[0]
        await pilot.press("j", "j", "down")
        assert table.cursor_name == NAMES[3]
        await pilot.press("k", "up")
        assert table.cursor_name == NAMES[1]
        await pilot.press("G")
        assert table.cursor_name == NAMES[-1]
        assert table.scroll_y > 0  # the last row was scrolled into view
        await pilot.press("g")
        assert table.cursor_name == NAMES[0] and table.scroll_y == 0
        await pilot.press("end")
        assert table.cursor_name == NAMES[-1]
        await pilot.press("home")
        assert table.cursor_name == NAMES[0]
        # 10 lines: header row, 7 table rows (one is the column titles), filter bar hidden, footer.
        await pilot.press("pagedown")
        page = table.cursor
        assert page > 1
        await pilot.press("pagedown", "pagedown")
        assert table.cursor_name == NAMES[-1]
        await pilot.press("pageup")
        assert table.cursor < len(NAMES) - 1
        await pilot.press("k")  # pressing up at the top, or down at the bottom, is harmless
        await pilot.press("g", "k")
        assert table.cursor == 0


@async_test
async def test_enter_opens_the_job_and_the_cursor_is_kept_on_return() -> None:
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        _, table = parts(app)
        await pilot.press("j", "j", "enter")
        assert app.opened == [NAMES[2]]
        assert isinstance(app.screen, StubDetail)
        await pilot.press("escape")
        screen, table = parts(app)
        assert table.cursor_name == NAMES[2]
        assert screen.focused is table


@async_test
async def test_slash_filters_as_you_type_and_escape_clears() -> None:
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        screen, table = parts(app)
        await pilot.press("slash")
        bar = screen.query_one(FilterBar)
        assert bar.has_class("-shown") and bar.input.has_focus
        await pilot.press(*"XGB")
        assert shown(table) == [n for n in NAMES if "xgb" in n]
        header = screen.query_one(ListHeader)
        assert header.info.count == "3 of 12 jobs" and header.info.filters == "/XGB"
        await pilot.press("enter")  # keep the filter, back to the table
        assert table.has_focus and bar.has_class("-shown")
        await pilot.press("j")
        assert table.cursor_name == "xgboost-churn-daily-2026-11-25"
        await pilot.press("escape")
        assert len(shown(table)) == 12 and not bar.has_class("-shown")
        assert table.cursor_name == "xgboost-churn-daily-2026-11-25"  # still on the same job


@async_test
async def test_regex_filter_and_bad_regex_inline_error() -> None:
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        screen, table = parts(app)
        await pilot.press("slash", *"~^bert")
        assert shown(table) == ["bert-large-finetune-2026-11-26-11-40", "bert-base-uncased-sst2"]
        await pilot.press("(")
        error = screen.query_one("#filter-error")
        assert "bad regular expression" in str(error.render())
        assert len(shown(table)) == 2  # the last good filter stays
        await pilot.press("backspace")
        assert str(error.render()) == ""
        await pilot.press("escape")
        assert len(shown(table)) == 12


@async_test
async def test_status_keys_and_warm_pool_key() -> None:
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        screen, table = parts(app)
        expected = {"1": "InProgress", "2": "Completed", "3": "Failed", "4": "Stopped"}
        for key, status in expected.items():
            await pilot.press(key)
            assert {row.status for row in table.rows} == {status}
            assert screen.query_one(ListHeader).info.filters == f"status={status}"
        await pilot.press("5")
        assert len(shown(table)) == 12
        await pilot.press("3", "3")  # the same key twice: every status again
        assert len(shown(table)) == 12
        await pilot.press("w")
        assert {row.warm_pool for row in table.rows} == {"Available", "Reused", "Terminated"}
        await pilot.press("w")
        assert shown(table) == []  # InUse: none in this fleet
        assert "No jobs match the filter" in table.empty_text
        await pilot.press("w")
        assert shown(table) == ["xgboost-churn-daily-2026-11-26"]  # Available
        await pilot.press("escape")  # no name filter: escape clears status and warm pool filters
        assert len(shown(table)) == 12


@async_test
async def test_sort_keys_and_header_click() -> None:
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(140, 20)) as pilot:
        await settle(pilot)
        screen, table = parts(app)
        await pilot.press("j")
        assert table.cursor_name == NAMES[1]
        assert screen.model.sort.column == "created"
        await pilot.press("s")
        assert screen.model.sort.column == "duration" and screen.model.sort.descending
        assert shown(table)[0] == "whisper-medium-finetune-ja"
        await pilot.press("S")
        assert not screen.model.sort.descending
        assert shown(table)[0] == "gpt2-small-eval"  # no duration sorts first going up
        assert table.cursor_name == NAMES[1]  # the cursor follows its job
        name_x = table.columns[0].x
        await pilot.click(JobTable, offset=(name_x + 1, 0))
        assert screen.model.sort.column == "name" and not screen.model.sort.descending
        assert shown(table) == sorted(NAMES)
        await pilot.click(JobTable, offset=(name_x + 1, 0))
        assert screen.model.sort.descending
        assert shown(table) == sorted(NAMES, reverse=True)


@async_test
async def test_t_toggles_absolute_times() -> None:
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        _, table = parts(app)
        first_line = table.render_line(1).text
        assert "20m ago" in first_line
        await pilot.press("t")
        assert "2026-11-26 11:40" in table.render_line(1).text


@async_test
async def test_r_lists_again_and_keeps_the_cursor_on_its_job() -> None:
    later = [summary("brand-new-job", "InProgress", age=10), *fleet()]
    repo = FakeRepository([[fleet()], [later]])
    app = list_app(repo)
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        screen, table = parts(app)
        screen.policy = screen.policy.__class__(min_spacing=0.0)
        await pilot.press("j", "j")
        await pilot.press("r")
        await settle(pilot)
        assert repo.count("list_all") == 2
        assert shown(table)[0] == "brand-new-job"
        assert table.cursor_name == NAMES[2]
        assert table.cursor == 3


@async_test
async def test_filter_sort_and_refresh_keep_the_cursor_on_the_same_job() -> None:
    changed = [summary("whisper-medium-finetune-ja", "Failed", "MaxRuntimeExceeded", age=50 * 3600,
                       ran=86400, modified_after=90000), *fleet()[1:]]
    repo = FakeRepository([[fleet()]], changes=[[changed[0], summary("bert-tiny", age=5)]])
    app = list_app(repo)
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        screen, table = parts(app)
        screen.policy = screen.policy.__class__(min_spacing=0.0)
        await pilot.press("slash", *"ert", "enter")
        await pilot.press("j")
        target = table.cursor_name
        assert target == "bert-base-uncased-sst2"
        await pilot.press("s", "s")  # sort by something else
        assert table.cursor_name == target
        screen.refresh_now()  # incremental: a new bert job arrives above the cursor
        await settle(pilot)
        assert repo.count("list_changes") == 1
        assert "bert-tiny" in shown(table)
        assert table.cursor_name == target
        await pilot.press("escape")
        assert table.cursor_name == target


@async_test
async def test_p_pauses_and_resumes_live_refresh() -> None:
    app = list_app(FakeRepository([[fleet()]]), live=True)
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        screen, _ = parts(app)
        header = screen.query_one(ListHeader)
        assert header.info.state == "live 15s"
        await pilot.press("p")
        assert header.info.state == "paused" and screen.state.paused
        await pilot.press("p")
        assert header.info.state == "live 15s" and not screen.state.paused


@async_test
async def test_y_and_shift_y_copy_name_and_arn() -> None:
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        await pilot.press("j", "y")
        assert app.clipboard == NAMES[1]
        await pilot.press("Y")
        assert app.clipboard == f"arn:aws:sagemaker:us-east-1:123456789012:training-job/{NAMES[1]}"


@async_test
async def test_copy_with_no_job_says_so() -> None:
    app = list_app(FakeRepository([[[]]]))
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == ""
        assert any("No job selected" in str(n.message) for n in app._notifications)


@async_test
async def test_q_quits() -> None:
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


@async_test
async def test_ctrl_p_server_side_filter_relists_with_it() -> None:
    failed = [s for s in fleet() if s["TrainingJobStatus"] == "Failed"]
    repo = FakeRepository([[fleet()], [failed]])
    app = list_app(repo)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        screen, table = parts(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"status = Failed")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause(1.2)  # the one-call-per-second floor holds the re-list back
        await settle(pilot)
        assert repo.calls[-1] == ("list_all", ListFilters(status_equals="Failed"))
        assert shown(table) == [s["TrainingJobName"] for s in failed]
        assert screen.query_one(ListHeader).info.filters == "aws: status=Failed"


@async_test
async def test_typed_palette_command_name_contains() -> None:
    repo = FakeRepository([[fleet()]])
    app = list_app(repo)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        screen, _ = parts(app)
        screen.policy = screen.policy.__class__(min_spacing=0.0)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"name churn")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert repo.calls[-1] == ("list_all", ListFilters(name_contains="churn"))
        assert app.settings.filters.name_contains == "churn"


@async_test
async def test_remapped_keys_work() -> None:
    config = AppConfig(keymap={"list.refresh": "f5", "list.cursor_down": "n"})
    repo = FakeRepository([[fleet()]])
    app = list_app(repo, config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen, table = parts(app)
        screen.policy = screen.policy.__class__(min_spacing=0.0)
        await pilot.press("n")
        assert table.cursor == 1
        await pilot.press("r")  # no longer bound
        await settle(pilot)
        assert repo.count("list_all") == 1
        await pilot.press("f5")
        await settle(pilot)
        assert repo.count("list_all") == 2


@async_test
async def test_neighbour_for_the_detail_screen() -> None:
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        screen, table = parts(app)
        assert screen.neighbour(NAMES[0], 1) == NAMES[1]
        assert screen.neighbour(NAMES[1], -1) == NAMES[0]
        assert screen.neighbour(NAMES[0], -1) is None
        assert screen.neighbour(NAMES[-1], 1) is None
        await pilot.press("3")  # only Failed
        assert screen.neighbour("gpt2-small-eval", 1) == "whisper-medium-finetune-ja"
        assert screen.neighbour(NAMES[0], 1) is None  # not shown
        assert table.cursor_name == "gpt2-small-eval"  # asking moves nothing


@async_test
async def test_config_columns_order_and_absolute_time() -> None:
    config = AppConfig(columns=("name", "warm_pool", "created", "status"), time_display="absolute")
    app = list_app(FakeRepository([[fleet()]]), config=config)
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        _, table = parts(app)
        assert [c.key for c in table.columns] == ["name", "warm_pool", "created", "status"]
        header = table.render_line(0).text
        assert header.index("WARM POOL") < header.index("CREATED") < header.index("STATUS")
        assert "2026-11-26 11:40" in table.render_line(1).text
        await pilot.press("t")
        assert "20m ago" in table.render_line(1).text
