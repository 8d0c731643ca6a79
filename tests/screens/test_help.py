"""`?`: the help screen lists every binding of the screen beneath and of the app."""

from __future__ import annotations

import io

from rich.console import Console
from textual.widgets import Static

from tests.screens.detail_fakes import detail_app
from tests.screens.fakes import FakeRepository, StubDetail, async_test, fleet, list_app, settle
from tui.config import AppConfig
from tui.screens.help import HelpScreen, help_rows
from tui.screens.job_list import JobListScreen
from tui.widgets.job_table import JobTable


def binding_ids(*classes: type) -> set[str]:
    return {b.id for cls in classes for b in cls.BINDINGS if b.id}  # type: ignore[attr-defined]


@async_test
async def test_help_lists_every_binding_of_the_list_and_the_app() -> None:
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = help_rows(app.screen.source)  # type: ignore[arg-type]
        ids = {row.binding_id for row in rows}
        wanted = binding_ids(JobListScreen, JobTable) | {"app.quit", "app.help", "app.command_palette"}
        assert wanted <= ids
        by_id = {row.binding_id: row for row in rows}
        assert by_id["list.cursor_down"].keys == "j, ↓"
        assert by_id["list.refresh"].keys == "r"
        assert by_id["list.copy_arn"].keys == "Y"
        assert by_id["app.command_palette"].keys == "^p"
        assert by_id["list.open"].where == "Job list" and by_id["app.quit"].where == "Everywhere"
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(HelpScreen._table(app.screen.rows))
        text = console.export_text()
        for row in rows:  # what is on screen is what the bindings say, under their section
            assert row.binding_id in text and row.description in text and row.where in text
        await pilot.press("escape")
        assert isinstance(app.screen, JobListScreen)


@async_test
async def test_help_shows_remapped_keys() -> None:
    config = AppConfig(keymap={"list.refresh": "f5", "list.cursor_down": "n,down"})
    app = list_app(FakeRepository([[fleet()]]), config=config)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        by_id = {row.binding_id: row for row in help_rows(app.screen.source)}  # type: ignore[arg-type]
        assert by_id["list.refresh"].keys == "f5"
        assert by_id["list.cursor_down"].keys == "n, ↓"


@async_test
async def test_question_mark_and_q_close_help() -> None:
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for closer in ("question_mark", "q", "escape"):
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            await pilot.press(closer)
            await pilot.pause()
            assert isinstance(app.screen, JobListScreen)
        assert app.is_running  # q closed the help, it did not quit


@async_test
async def test_help_follows_the_screen_it_was_opened_from() -> None:
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, StubDetail)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        ids = {row.binding_id for row in help_rows(app.screen.source)}  # type: ignore[arg-type]
        assert "stub.back" in ids and "app.quit" in ids
        assert not any(i.startswith("list.") for i in ids)


@async_test
async def test_help_says_what_ctrl_c_really_does_and_names_sections_in_words() -> None:
    """Ctrl+C quits (Textual's screen binding only copies while text is selected): the help says so,
    without the super+c no terminal sends, and no section or title is a class name."""
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.rows
        ctrl_c = [row for row in rows if "^c" in row.keys.split(", ")]
        assert [(r.keys, r.where) for r in ctrl_c] == [("^c", "Everywhere")]
        assert ctrl_c[0].description.startswith("Quit")
        assert not any("super" in row.keys or row.description == "Copy selected text" for row in rows)
        # Tab has nowhere to go on the list (one focusable widget): not offered.
        assert not any(row.description.lower().startswith("focus") for row in rows)
        title = str(app.screen.query_one(".help-title", Static).render())
        assert title.startswith("Keys — Job list")
        await pilot.press("escape", "ctrl+c")  # and it does quit
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running


@async_test
async def test_detail_help_sections_are_the_tabs_and_the_screen() -> None:
    app = detail_app("maximal", tab="resources")
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        sections = list(dict.fromkeys(row.where for row in app.screen.rows))
        assert sections == ["Resources tab", "Job detail", "Everywhere"]
        by_id = {row.binding_id: row for row in app.screen.rows}
        assert by_id["detail.down"].where == "Resources tab"
        assert by_id["detail.back"].where == "Job detail"
        title = str(app.screen.query_one(".help-title", Static).render())
        assert title.startswith("Keys — Job detail")
        assert not any(name in title for name in ("Screen", "Pane", "Table"))
