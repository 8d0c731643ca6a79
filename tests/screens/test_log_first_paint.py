"""The Logs tab's first paint: a finished job's log opens on its newest lines, the cursor on the last
one, whatever the order in which the lines, the layout and the "after refresh" callbacks come.

The race these tests pin down (it made ``test_log_snapshots.py::test_all_hosts`` flaky under load):
the view is laid out empty (one row, so no scrollbar); the lines arrive and the view scrolls to its
end; Textual ignores an unforced scroll on an axis whose scrollbar is hidden, and only the next layout
shows the scrollbar; the "call after refresh" retry could run before that layout (it does when the
screen's callbacks were already due from an earlier refresh, as happens under load, and always inside
``App.batch_update``) and was ignored too; that layout changes no size, so no Resize re-anchored the
view: it stayed at the top of the log, the cursor on its last line, off screen. ``App.batch_update``
forces that order here: callbacks run, layouts wait until the batch ends.
"""

from __future__ import annotations

import threading
from array import array
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from tests.screens.detail_fakes import detail_app, run
from tests.screens.log_fakes import T0, FakeLogs, install_logs, training_lines
from tests.screens.screen_text import screen_lines
from tests.screens.test_log_tab import MAXIMAL, app_with, drive, header, pane_of
from tui.aws.errors import AwsError
from tui.aws.logs import EventsPage, LogEvent, LogStream
from tui.cache.scope import Scope
from tui.cache.store import CacheStore
from tui.log_repository import LogRepository, LogUpdate
from tui.models.log_buffer import LogBuffer
from tui.widgets.log_view import LogView


def buffer_of(count: int) -> LogBuffer:
    buffer = LogBuffer()
    buffer.extend([LogEvent(T0 + i, "algo-1", f"line {i}", "s") for i in range(count)])
    return buffer


class ViewApp(App[None]):
    def __init__(self, buffer: LogBuffer) -> None:
        super().__init__()
        self.buffer = buffer

    def compose(self) -> ComposeResult:
        yield LogView(self.buffer)


def at_the_newest_line(app: App[Any], view: LogView, last: str) -> None:
    assert view.following and view.cursor == len(view.rows) - 1
    assert view.max_scroll_y > 0 and view.scroll_y == view.max_scroll_y
    assert view.show_vertical_scrollbar and view.vertical_scrollbar.position == view.scroll_y  # thumb too
    shown = [line for line in screen_lines(app) if "algo-" in line]  # the log rows painted
    assert len(shown) == view.scrollable_content_region.height, shown
    assert last in shown[-1], shown  # the newest line is the bottom row


async def in_a_batch(pilot: Pilot, change: Any) -> None:
    """``change()``, then the screen goes idle (after-refresh callbacks run) with no layout."""
    with pilot.app.batch_update():
        change()
        await pilot.pause()
        await pilot.pause()
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("order", ["before the first layout", "after it", "after it, in two batches"])
def test_a_following_view_shows_its_last_rows_whatever_the_order(order: str) -> None:
    """120 lines in a 20-row view: set before its first layout, after it (laid out empty), or after
    it in two sets (the newest 10, then all 120 with 110 in front): the last 20 rows shown."""
    buffer = buffer_of(120)
    app = ViewApp(buffer)

    async def main() -> None:
        async with app.run_test(size=(60, 20)) as pilot:
            view = app.query_one(LogView)
            if order == "before the first layout":
                view.set_rows(array("l", range(120)))
                await pilot.pause()
                await pilot.pause()
            else:
                await pilot.pause()  # laid out empty: one row, no scrollbar
                assert view.size.height == 20 and view.max_scroll_y == 0
                if order == "after it":
                    await in_a_batch(pilot, lambda: view.set_rows(array("l", range(120))))
                else:  # the newest part first, then the whole log in front of it
                    await in_a_batch(pilot, lambda: view.set_rows(array("l", range(100, 110))))
                    await in_a_batch(pilot, lambda: view.rows_prepended(array("l", range(120)), 110))
            at_the_newest_line(app, view, "line 119")

    run(main)


class GatedLogs(FakeLogs):
    """GetLogEvents waits until ``gate`` is set (``asked`` says it was called)."""

    def __init__(self, lines: dict[str, list[tuple[int, str]]]) -> None:
        super().__init__(lines)
        self.gate = threading.Event()
        self.asked = threading.Event()

    def events(self, stream: LogStream, **kwargs: Any) -> EventsPage:
        self.asked.set()
        self.gate.wait(10)
        return super().events(stream, **kwargs)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_a_finished_log_arriving_after_the_first_layout_opens_on_its_newest_lines(
    size: tuple[int, int],
) -> None:
    """The Logs tab of the snapshot test (3 hosts, 40 lines each), its lines held back until the
    empty view is laid out, then delivered in a batch."""
    fake = GatedLogs(training_lines(MAXIMAL, hosts=3, count=40))
    app = app_with("maximal", fake)

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            for _ in range(500):
                if fake.asked.is_set():
                    break
                await pilot.pause(0.01)
            await pilot.pause()
            pane = pane_of(app)
            view = pane.view
            assert fake.asked.is_set() and not view.rows and view.size.height > 0

            def deliver() -> None:
                fake.gate.set()

            with app.batch_update():
                deliver()
                await app.workers.wait_for_complete()
                for _ in range(5):
                    await pilot.pause()
                assert len(view.rows) == 120
            for _ in range(3):
                await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            at_the_newest_line(app, view, "[rank 2] step 40: loss=0.0625")
            assert "completed, complete" in header(pane)

    run(main)




class GatedCache:
    """A logs repository's ``cached`` held until released: call 0 the newest lines, call 1 the whole."""

    def __init__(self, repository: LogRepository) -> None:
        self.read = repository.cached
        self.asked = [threading.Event(), threading.Event()]
        self.gates = [threading.Event(), threading.Event()]
        repository.cached = self  # type: ignore[method-assign]

    def __call__(self, job: str, *, newest: int | None = None) -> LogUpdate:
        call = 0 if newest is not None else 1
        self.asked[call].set()
        self.gates[call].wait(10)
        return self.read(job, newest=newest)


def test_a_cached_log_in_two_batches_stays_on_its_newest_lines_and_costs_no_call(tmp_path: Path) -> None:
    """A cached finished log comes in two batches (the newest 200 lines per stream, then the whole
    log in front of them), each after a layout and delivered in a batch: both paint the newest
    lines, the cursor on the last one. No poll starts while the cache is read (it used to: the
    poll timer was set as the pane was shown, and read the whole log again from CloudWatch)."""
    scope = Scope("http://local", "us-east-1", "123456789012")
    fake = FakeLogs(training_lines(MAXIMAL, hosts=3, count=400))
    cache = CacheStore(tmp_path / "cache.sqlite3")
    first = detail_app("maximal", tab="logs")
    install_logs(first.repository, LogRepository(fake, cache, scope=lambda: scope))  # type: ignore[arg-type]

    async def read_once(app: Any, pilot: Pilot, pane: Any) -> None:
        assert len(pane.view.rows) == 1_200 and "completed, complete" in header(pane)  # now cached

    repository = LogRepository(fake, cache, scope=lambda: scope)  # type: ignore[arg-type]
    gated = GatedCache(repository)
    app = detail_app("maximal", tab="logs")
    install_logs(app.repository, repository)

    async def deliver(pilot: Pilot, view: LogView, call: int, rows: int) -> None:
        for _ in range(500):
            if gated.asked[call].is_set():
                break
            await pilot.pause(0.01)
        await pilot.pause()
        with app.batch_update():
            gated.gates[call].set()
            for _ in range(500):
                if len(view.rows) == rows:
                    break
                await pilot.pause(0.01)
            await pilot.pause()
        await pilot.pause()
        await pilot.pause()

    async def main() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            pane = pane_of(app)
            await pilot.pause()
            # While the cache is read, no poll: none due (timer), none under way, none answered.
            assert gated.asked[0].is_set() and pane._timer is None and not pane._polling
            assert not pane.view.rows and len(fake.calls) == calls
            await deliver(pilot, pane.view, 0, 600)  # laid out empty, then 200 per stream
            at_the_newest_line(app, pane.view, "[rank 2] step 400: loss=0.0063")
            await deliver(pilot, pane.view, 1, 1_200)
            at_the_newest_line(app, pane.view, "[rank 2] step 400: loss=0.0063")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert len(pane.view.rows) == 1_200  # no line twice

    calls = 0
    try:
        drive(first, read_once)
        calls = len(fake.calls)
        run(main)
        assert len(fake.calls) == calls  # all from the cache
    finally:
        cache.close()


def test_a_logs_client_that_cannot_be_built_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bad options for CloudWatch Logs: the cache read and the poll both meet the error; the pane
    says it in one line (it used to raise in the poll timer's callback and end the app)."""
    import tui.log_repository

    def no_client(repository: Any) -> LogRepository:
        raise AwsError("The config profile (nope) could not be found")

    monkeypatch.setattr(tui.log_repository, "logs_for", no_client)

    async def body(app: Any, pilot: Pilot, pane: Any) -> None:
        await pilot.pause(0.1)  # the poll timer's 50 ms
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert pane.view.empty_text == "The config profile (nope) could not be found"
        assert any("could not be found" in line for line in screen_lines(app))

    drive(app_with("maximal", FakeLogs({})), body)


def test_wrapped_lines_are_cut_at_the_width_left_by_the_scrollbar_they_call_for() -> None:
    """30 lines of 118 cells (tag included) in a 60x20 view, wrapped: 2 rows each at 60 columns,
    3 at the 58 left once the scrollbar they call for is shown (by a layout that sends no Resize).
    A following view ends on the last line's last part ("end 29"), not one row short of it."""
    buffer = LogBuffer()
    buffer.extend([LogEvent(T0 + i, "algo-1", f"line {i:02d} " + "x" * 96 + f" end {i:02d}", "s")
                   for i in range(30)])
    app = ViewApp(buffer)

    async def main() -> None:
        async with app.run_test(size=(60, 20)) as pilot:
            view = app.query_one(LogView)
            view.wrap = True
            await pilot.pause()
            view.set_rows(array("l", range(30)))
            await pilot.pause()
            await pilot.pause()
            assert view.scrollable_content_region.width == 58 and view.virtual_size.height == 90
            assert view.following and view.cursor == 29 and view.scroll_y == view.max_scroll_y == 70
            assert [line.rstrip() for line in screen_lines(app)[-3:]] == [
                "algo-1  line 29 " + "x" * 42, "x" * 54 + " end", " 29",
            ]

    run(main)
