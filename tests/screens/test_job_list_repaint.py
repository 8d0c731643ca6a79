"""What the job list repaints at start-up: each row once, when nothing about it changed.

Over SSH every repaint of the table is ~15 KB at 160x50 (``python -m benchmarks.startup
--settle-only``). These tests count the table's row renders (``JobTable.render_line`` for a line
holding a job) from the first frame to the settled list, headless: what the compositor renders is
what a terminal would be sent.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from textual.app import App, ComposeResult
from textual.events import Resize
from textual.screen import ModalScreen, Screen
from textual.strip import Strip
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from tests.screens.fakes import FakeRepository, async_test, list_app, settle, summary
from tui import hidden_screens
from tui.aws.jobs import ListFilters
from tui.models.summary import row_from_summary
from tui.screens.job_list import JobListScreen
from tui.screens.job_list_data import FIRST_SCREENFUL
from tui.textual_version import textual_version
from tui.widgets.footer import Footer
from tui.widgets.job_table import JobTable


@contextmanager
def counting_rows(table: JobTable) -> Iterator[Counter[str]]:
    """Row renders by job name while the block runs (the column titles and blank lines not)."""
    renders: Counter[str] = Counter()
    original = table.render_line

    def render_line(y: int) -> Strip:
        index = round(table.scroll_y) + y - 1
        if y > 0 and 0 <= index < len(table.rows):
            renders[table.rows[index].name] += 1
        return original(y)

    table.render_line = render_line  # type: ignore[method-assign]
    try:
        yield renders
    finally:
        del table.render_line


@async_test
async def test_the_whole_cache_arriving_after_the_first_screenful_repaints_no_row() -> None:
    """The newest screenful is painted first; the whole cache (the same jobs on top, the same
    column widths) follows: the scrollbar and the header's count change, no row does. Before,
    ``set_rows`` repainted the whole table, and so did the virtual size's own refresh."""
    cached = [summary(f"cached-{i:04d}", age=60 + i) for i in range(FIRST_SCREENFUL + 300)]
    release = threading.Event()
    repo = FakeRepository(cached=cached, hold_before_whole_cache=release)
    repo.read_first_screenful(ListFilters(), FIRST_SCREENFUL)
    app = list_app(repo)
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, JobListScreen)
            table = screen.table
            assert len(table.rows) == FIRST_SCREENFUL
            with counting_rows(table) as renders:
                release.set()
                await settle(pilot)
                await settle(pilot)
                assert len(table.rows) == FIRST_SCREENFUL + 300
                assert screen.model.total == FIRST_SCREENFUL + 300
            assert renders == Counter(), f"rows repainted though none changed: {renders}"
            # What does change still repaints: a job's status on screen.
            failed = row_from_summary(summary("cached-0000", "Failed", age=60))
            with counting_rows(table) as renders:
                screen._render_view(screen.model.merge([failed]), flash=False)
                await pilot.pause()
            assert table.rows[0].status == "Failed"
            assert set(renders) == {"cached-0000"}, "a change to one job repaints its line only"
            with counting_rows(table) as renders:
                table.flash({"cached-0003"}, until=float("inf"))
                await pilot.pause()
            assert set(renders) == {"cached-0003"}, "a highlight repaints its line only"
    finally:
        release.set()


@async_test
async def test_a_resize_that_keeps_the_width_repaints_no_row() -> None:
    """The table's first Resize (sent after the first layout) comes with the width its columns
    were laid out for: no repaint. A real change of width still lays the columns out again."""
    cached = [summary(f"cached-{i:04d}", age=60 + i) for i in range(60)]
    repo = FakeRepository(cached=cached)
    app = list_app(repo)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(JobTable)
        with counting_rows(table) as renders:
            table.post_message(_resize_of(table))
            await pilot.pause()
        assert renders == Counter()
        width = table.columns[-1].x
        await pilot.resize_terminal(120, 50)
        await pilot.pause()
        assert table.columns[-1].x != width


def _resize_of(table: JobTable) -> Resize:
    return Resize(table.size, table.virtual_size, table.container_size)


# -- screens hidden under an opaque screen (tui.hidden_screens) ----------------------------------
class Below(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("below", id="below-text")


class Opaque(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("on top")


class Translucent(ModalScreen[None]):
    DEFAULT_CSS = "Translucent { background: $background 60%; }"

    def compose(self) -> ComposeResult:
        yield Static("a dialog")


class Stack(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Below())


def test_an_opaque_screen_hides_the_screens_under_it() -> None:
    assert hidden_screens.install(textual_version())
    try:
        _check_hidden_screens()
    finally:
        hidden_screens.uninstall()
    assert App._background_screens is hidden_screens._stock_background_screens
    assert not hidden_screens.install("9.0.0")
    assert App._background_screens is hidden_screens._stock_background_screens


def _check_hidden_screens() -> None:
    import asyncio

    async def run() -> None:
        app = Stack()
        async with app.run_test(size=(40, 10)) as pilot:
            await pilot.pause()
            below = app.screen
            # The default screen is under `Below` (opaque): hidden, not current.
            assert app._background_screens == []
            await app.push_screen(Opaque())
            await pilot.pause()
            assert app._background_screens == [] and not below.is_current
            top = app.screen
            repaints: list[object] = []
            original = top.refresh

            def refresh(*regions: object, **kw: object) -> object:
                repaints.append(regions)
                return original(*regions, **kw)  # type: ignore[arg-type]

            top.refresh = refresh  # type: ignore[method-assign, assignment]
            below.query_one("#below-text", Static).update("changed behind the top screen")
            await pilot.pause()
            await pilot.pause()
            assert repaints == [], "a hidden screen's repaint was sent through the top screen"
            del top.refresh
            app.pop_screen()
            await app.push_screen(Translucent())
            await pilot.pause()
            assert app._background_screens == [below]  # a dialog still shows what is under it

    asyncio.run(run())


# -- the footer recomposes only when its keys change ---------------------------------------------
class Keys(App[None]):
    BINDINGS = [("x", "switch", "Switch"), ("y", "other", "Other")]
    other_enabled = True

    def compose(self) -> ComposeResult:
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "other" and not self.other_enabled else True  # None: shown dimmed

    def action_switch(self) -> None:
        self.other_enabled = not self.other_enabled
        self.refresh_bindings()


@async_test
async def test_the_footer_recomposes_only_when_the_keys_it_shows_change() -> None:
    """Textual's footer recomposes on every bindings signal (a focus change, a screen pushed):
    at start-up three or four times for the same keys, each a layout of the screen that repaints
    the job table's scrollbar. Ours recomposes when a key shown, its label or its state changed."""
    app = Keys()
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        footer = app.query_one(Footer)
        composed: list[int] = []
        original = footer.recompose

        async def recompose() -> None:
            composed.append(1)
            await original()

        footer.recompose = recompose  # type: ignore[method-assign]
        for _ in range(3):
            app.screen.refresh_bindings()
            await pilot.pause()
        assert composed == [], "recomposed for the same keys"
        await pilot.press("x")  # "Other" disabled: a change the footer shows
        for _ in range(4):
            await pilot.pause()
        assert composed == [1]
        dimmed = {key.key: key.has_class("-disabled") for key in footer.query(FooterKey)}
        assert dimmed["x"] is False and dimmed["y"] is True, dimmed


@async_test
async def test_the_list_hidden_under_a_job_follows_a_resize_when_it_comes_back() -> None:
    """Hidden under an opaque screen, the list no longer lays itself out (nothing of it shows);
    resized meanwhile, it lays its columns out for the new width when it is on top again."""
    assert hidden_screens.install(textual_version())
    try:
        repo = FakeRepository(cached=[summary(f"cached-{i:04d}", age=60 + i) for i in range(60)])
        app = list_app(repo)
        async with app.run_test(size=(160, 30)) as pilot:
            await settle(pilot)
            table = app.screen.query_one(JobTable)
            await pilot.press("enter")  # the stub detail screen (opaque) on top
            await pilot.pause()
            assert app.screen is not table.screen and not table.screen.is_current
            await pilot.resize_terminal(100, 30)
            await pilot.pause()
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is table.screen
            assert table.size.width == 100
            assert table.columns[-1].x + table.columns[-1].width <= table.scrollable_content_region.width
            assert table._layout_width == table.scrollable_content_region.width
    finally:
        hidden_screens.uninstall()


@async_test
async def test_new_widest_values_that_leave_the_columns_as_they_are_repaint_no_row() -> None:
    """A refresh can change the widest value of a column (``content_widths``) without changing
    the columns laid out from it: no row is repainted then, not even at the next tick. Before,
    every such refresh of an idle list repainted the whole table (~4 KB at 80x24)."""
    import time

    repo = FakeRepository(cached=[summary(f"cached-{i:04d}", age=60 + i) for i in range(60)])
    app = list_app(repo)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(JobTable)
        columns = list(table.columns)
        wider = {key: width + 1 for key, width in table._content_widths.items()}
        with counting_rows(table) as renders:
            table.set_rows(table.rows, content_widths=wider)
            table.tick(time.monotonic())
            await pilot.pause()
        assert table.columns == columns  # spare width: nothing to hand out differently
        assert renders == Counter()
        table.set_rows(table.rows, name_width=table._name_width + 30)  # the names' column grows
        assert table.columns != columns
