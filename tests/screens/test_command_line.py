"""The `:` command line (issue 17.7): the palette's commands typed as `:verb args`, driven
through Pilot against a scripted repository."""

from __future__ import annotations

import pytest

from tests.screens.fakes import FakeRepository, async_test, fleet, list_app, settle
from tui.aws.jobs import ListFilters
from tui.screens import command_line
from tui.screens.job_list import JobListScreen
from tui.screens.list_commands import Command
from tui.widgets.command_bar import CommandBar
from tui.widgets.job_table import JobTable


def parts(app: object) -> tuple[JobListScreen, JobTable, CommandBar]:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, JobListScreen)
    return screen, screen.query_one(JobTable), screen.query_one(CommandBar)


def error_of(bar: CommandBar) -> str:
    return str(bar.query_one("#command-error").render()).strip()


@async_test
async def test_sort_status_theme_and_quit() -> None:
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        screen, table, bar = parts(app)
        await pilot.press("colon")
        assert bar.has_class("-shown") and bar.input.has_focus
        await pilot.press(*"sort modified", "enter")
        assert (screen.model.sort.column, screen.model.sort.descending) == ("modified", True)
        assert not bar.has_class("-shown") and table.has_focus
        await pilot.press("colon", *"sort name asc", "enter")
        assert (screen.model.sort.column, screen.model.sort.descending) == ("name", False)
        await pilot.press("colon", *":status failed", "enter")  # a second colon is harmless
        assert {row.status for row in table.rows} == {"Failed"}
        await pilot.press("colon", *"status running,stopped", "enter")
        assert {row.status for row in table.rows} == {"InProgress", "Stopping", "Stopped"}
        await pilot.press("colon", *"status all", "enter")
        assert len(table.rows) == 12
        await pilot.press("colon", *"theme ansi", "enter")
        await pilot.pause()
        assert app.theme == "ansi"
        await pilot.press("colon", "q", "enter")
        await pilot.pause()
        assert not app.is_running


@async_test
async def test_a_bad_line_says_why_and_keeps_the_text() -> None:
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        screen, _, bar = parts(app)
        await pilot.press("colon", *"sotr name", "enter")
        assert bar.has_class("-shown") and bar.input.value == "sotr name"
        assert "unknown command 'sotr name'" in error_of(bar) and "did you mean 'sort'" in error_of(bar)
        await pilot.press("ctrl+a", "ctrl+k", *"sort bogus", "enter")
        assert "unknown column 'bogus'" in error_of(bar)
        assert screen.model.sort.column == "created"  # nothing ran
        await pilot.press("ctrl+a", "ctrl+k", *"status sleeping", "enter")
        assert "unknown status 'sleeping'" in error_of(bar)
        await pilot.press("ctrl+a", "ctrl+k", *"theme neon", "enter")
        assert "unknown theme 'neon'" in error_of(bar) and "ansi" in error_of(bar)
        await pilot.press("x")
        assert error_of(bar) == ""  # typing again clears the complaint
        await pilot.press("escape")
        assert not bar.has_class("-shown")
        assert len(screen.query_one(JobTable).rows) == 12  # Escape here did not touch the filters


@async_test
async def test_palette_commands_run_from_the_line() -> None:
    """The palette's typed (`name TEXT`) and fixed (`Refresh the job list now`, `Server filter:
    status = Failed`) commands, by their words."""
    failed = [s for s in fleet() if s["TrainingJobStatus"] == "Failed"]
    repo = FakeRepository([[fleet()], [fleet()], [failed], [fleet()]])
    app = list_app(repo)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        screen, _, bar = parts(app)
        screen.policy = screen.policy.__class__(min_spacing=0.0)
        await pilot.press("colon", *"refresh", "enter")
        await settle(pilot)
        assert repo.count("list_all") == 2
        await pilot.press("colon", *"server status failed", "enter")
        await settle(pilot)
        assert repo.calls[-1] == ("list_all", ListFilters(status_equals="Failed"))
        await pilot.press("colon", *"name churn", "enter")
        await settle(pilot)
        assert repo.calls[-1] == ("list_all", ListFilters(status_equals="Failed", name_contains="churn"))
        await pilot.press("colon", *"server", "enter")
        assert "is ambiguous" in error_of(bar)


@async_test
async def test_tab_completes_verbs_and_arguments() -> None:
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        _, _, bar = parts(app)
        await pilot.press("colon", "s", "o")
        await pilot.pause(0.1)
        await pilot.press("tab")
        assert bar.input.value == "sort "
        await pilot.press("m", "o")
        await pilot.pause(0.1)
        await pilot.press("tab")
        assert bar.input.value == "sort modified"
        assert bar.input.has_focus  # Tab completed instead of moving the focus away


@async_test
async def test_a_long_error_is_cut_with_an_ellipsis() -> None:
    """17.5: no value cut without an ellipsis: the error names every column, wider than 80 cells."""
    from tests.screens.screen_text import screen_lines

    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        _, _, bar = parts(app)
        await pilot.press("colon", *"sort bogus", "enter")
        await pilot.pause()
        assert "unknown column 'bogus' (columns: name" in error_of(bar)
        line = next(text for text in screen_lines(app) if "unknown column" in text)
        assert line.rstrip().endswith("…")


@async_test
async def test_a_colon_typed_in_the_filter_is_text() -> None:
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        screen, _, bar = parts(app)
        await pilot.press("slash", "a", "colon", "b")
        assert screen.model.filter.text == "a:b" and not bar.has_class("-shown")


@async_test
async def test_a_palette_command_with_a_verb_runs_by_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Other features' palette commands (``:tuning``, ``:ctx`` ...) run from the line by their verb.
    (A made-up one here: the real ``tuning`` and ``ctx`` are pinned in test_tuning_screens.py.)"""
    ran: list[str] = []
    original = command_line.list_screen_commands

    def with_extra(screen: JobListScreen) -> list[Command]:
        extra = Command("Rocket launches", "List them", lambda: ran.append("rockets"), verb="rockets")
        return [*original(screen), extra]

    monkeypatch.setattr(command_line, "list_screen_commands", with_extra)
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        _, _, bar = parts(app)
        await pilot.press("colon", "r", "o", "c")
        await pilot.pause(0.1)
        await pilot.press("tab")
        assert bar.input.value == "rockets"
        await pilot.press("enter")
        assert ran == ["rockets"] and not bar.has_class("-shown")
