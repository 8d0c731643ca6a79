"""The Logs tab, driven by keys through Pilot, over a scripted CloudWatch Logs client (no network)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static, TabbedContent

from tests.screens.detail_fakes import detail_app, fixture_name, run
from tests.screens.log_fakes import T0, FakeLogs, install_logs, repository_with, training_lines
from tests.screens.screen_text import screen_lines
from tui.aws.logs import LogsAccessDeniedError, LogsThrottledError
from tui.widgets.log_pane import LogPane

MAXIMAL = fixture_name("maximal")
RUNNING = fixture_name("running")


def app_with(fixture: str, fake: FakeLogs, **kwargs: Any) -> Any:
    app = detail_app(fixture, tab="logs", **kwargs)
    install_logs(app.repository, repository_with(fake))
    return app


async def settle(pilot: Pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def pane_of(app: Any) -> LogPane:
    return app.screen.query_one(LogPane)


def drive(app: Any, body: Any, size: tuple[int, int] = (100, 30)) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await body(app, pilot, pane_of(app))

    run(main)


def header(pane: LogPane) -> str:
    return str(pane.query_one("#log-header", Static).content)


def test_hosts_search_filter_wrap_times_and_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeLogs(training_lines(MAXIMAL, hosts=2, count=30))

    async def body(app: Any, pilot: Pilot, pane: LogPane) -> None:
        view = pane.view
        assert len(view.rows) == 60 and "2 hosts · 2 streams" in header(pane)
        assert view.cursor == 59 and view.following  # opens at the newest line
        await pilot.press("h")
        assert pane.host == "algo-1" and len(view.rows) == 30
        await pilot.press("h")
        assert pane.host == "algo-2"
        await pilot.press("h")
        assert pane.host is None and len(view.rows) == 60
        await pilot.press("slash", *"STEP 2", "enter")  # case-insensitive
        assert pane.search_text == "STEP 2" and len(view.matches) == 2 * 11  # step 2, 20-29
        assert view.cursor == view.matches[0]
        await pilot.press("n")
        assert view.cursor == view.matches[1]
        await pilot.press("N", "N")
        assert view.cursor == view.matches[-1]
        assert "search 'STEP 2'" in header(pane)
        await pilot.press("ampersand", *'"loss=0.5000"', "enter")
        assert len(view.rows) == 2 and "filter" in header(pane)
        await pilot.press("ampersand", "ctrl+u", "enter")
        assert len(view.rows) == 60
        await pilot.press("w")
        assert view.wrap and view.virtual_size.height > 60  # the long lines take two rows
        await pilot.press("w", "t")
        assert not view.wrap and view.timestamps
        assert any(line.lstrip().startswith("2026-11-26 ") for line in screen_lines(app))
        copied: list[str] = []
        monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
        await pilot.press("y")
        assert copied == [app.screen.query_one(LogPane).buffer.messages[view.rows[view.cursor]]]

    drive(app_with("maximal", fake), body)


def test_8_and_l_show_the_tab_from_any_tab() -> None:
    fake = FakeLogs(training_lines(MAXIMAL))

    async def body(app: Any, pilot: Pilot, pane: LogPane) -> None:
        tabs = app.screen.query_one(TabbedContent)
        await pilot.press("1")
        assert tabs.active == "overview"
        await pilot.press("l")
        assert tabs.active == "logs"
        await pilot.press("3", "8")
        assert tabs.active == "logs"

    drive(app_with("maximal", fake), body)


def test_l_on_the_list_opens_the_job_on_its_logs() -> None:
    fake = FakeLogs(training_lines(MAXIMAL))
    app = detail_app("maximal")
    install_logs(app.repository, repository_with(fake))

    async def main() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("l")
            await settle(pilot)
            assert app.screen.query_one(TabbedContent).active == "logs"
            assert len(pane_of(app).view.rows) == 60

    run(main)


def test_follow_pauses_on_scroll_up_without_jumping_and_resumes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tui.models.log_poll.DISCOVER_EVERY", 0.0)
    fake = FakeLogs(training_lines(RUNNING, hosts=2, count=40))

    async def body(app: Any, pilot: Pilot, pane: LogPane) -> None:
        view = pane.view
        assert view.following and len(view.rows) == 80
        await pilot.press("up", "up", "pageup")
        assert not view.following and "paused" in header(pane)
        top = view.scroll_y
        first_line = screen_lines(app)[8]
        fake.add(f"{RUNNING}/algo-1-1795690000", [(T0 + 100_000, "new line on algo-1")])
        fake.add(f"{RUNNING}/algo-3-1795690100", [(T0 + 100_001, "a new host appears")])
        pane._poll()
        await settle(pilot)
        assert len(view.rows) == 82 and view.scroll_y == top and screen_lines(app)[8] == first_line
        assert "3 hosts · 3 streams" in header(pane)
        await pilot.press("F")
        await settle(pilot)
        assert view.following and view.cursor == 81
        assert "a new host appears" in "\n".join(screen_lines(app))

    drive(app_with("running", fake), body)


def test_polling_is_paced_and_stops_when_hidden() -> None:
    fake = FakeLogs(training_lines(RUNNING, hosts=1, count=5))

    async def body(app: Any, pilot: Pilot, pane: LogPane) -> None:
        calls = len(fake.calls)
        assert calls >= 2  # DescribeLogStreams + GetLogEvents
        await pilot.press("1")  # another tab: the pane is hidden
        await pilot.pause(2.5)
        assert len(fake.calls) == calls
        await pilot.press("8")
        deadline = time.monotonic() + 5
        while len(fake.calls) == calls and time.monotonic() < deadline:
            await pilot.pause(0.2)
        assert len(fake.calls) > calls

    drive(app_with("running", fake), body)


def test_no_streams_yet_then_the_first_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeLogs({})

    async def body(app: Any, pilot: Pilot, pane: LogPane) -> None:
        assert "No log streams yet" in "\n".join(screen_lines(app))
        fake.add(f"{RUNNING}/algo-1-1795690000", [(T0, "container started")])
        pane._poll()
        await settle(pilot)
        assert "container started" in "\n".join(screen_lines(app))

    drive(app_with("running", fake), body)


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (LogsAccessDeniedError("Access denied", code="AccessDeniedException", message="not allowed"),
         "Access denied to CloudWatch Logs: not allowed"),
        (LogsThrottledError("throttled", code="ThrottlingException"), "CloudWatch Logs is throttling"),
    ],
)
def test_errors_are_one_line_in_the_pane(error: Exception, shown: str) -> None:
    fake = FakeLogs({})
    fake.error = error  # type: ignore[assignment]

    async def body(app: Any, pilot: Pilot, pane: LogPane) -> None:
        text = "\n".join(screen_lines(app))
        assert shown in text
        if isinstance(error, LogsThrottledError):
            assert "throttled, retrying in" in header(pane)
        await pilot.press("1", "8")  # the app goes on
        assert app.screen.query_one(TabbedContent).active == "logs"

    drive(app_with("running", fake), body)


HOSTILE = [
    "osc52 \x1b]52;c;aGVsbG8=\x07 end",
    "osc8 \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "cursor \x1b[2J\x1b[H\x1b[10A moved \r back",
    "bidi \u202eevil\u202c text",
    "[bold]markup[/bold] [link=https://x]link[/link]",
]


def test_hostile_lines_are_shown_not_obeyed_and_a_1mb_line_is_cut() -> None:
    lines = {f"{MAXIMAL}/algo-1-1795690000": [(T0 + i, text) for i, text in enumerate(HOSTILE)]}
    lines[f"{MAXIMAL}/algo-1-1795690000"].append((T0 + 10, "x" * 1_000_000))
    fake = FakeLogs(lines)

    async def body(app: Any, pilot: Pilot, pane: LogPane) -> None:
        text = "\n".join(screen_lines(app))
        for bad in ("\x1b", "\x07", "\r", "\u202e"):
            assert bad not in text
        assert "␛]52;c;aGVsbG8=␇" in text and "‹U+202E›" in text
        assert "[bold]markup[/bold] [link=https://x]link[/link]" in text
        started = time.perf_counter()
        await pilot.press("w")
        await settle(pilot)
        assert time.perf_counter() - started < 5  # wrapping a 1 MB line does not hang
        assert all(len(line) == 100 for line in screen_lines(app))  # layout intact

    drive(app_with("maximal", fake), body)


def test_save_asks_before_overwriting(tmp_path: Path) -> None:
    fake = FakeLogs(training_lines(MAXIMAL, hosts=1, count=3))
    target = tmp_path / "out.log"

    async def body(app: Any, pilot: Pilot, pane: LogPane) -> None:
        async def save(answer: str | None = None) -> None:
            await pilot.press("s")
            prompt = pane.query_one("#log-input", Input)
            prompt.value = str(target)
            await pilot.press("enter")
            if answer is not None:
                await pilot.press(*answer, "enter")
            await settle(pilot)

        await save()
        assert target.read_text(encoding="utf-8").count("\n") == 3
        target.write_text("mine\n", encoding="utf-8")
        await save("n")
        assert target.read_text(encoding="utf-8") == "mine\n"
        await save("y")
        first = target.read_text(encoding="utf-8").splitlines()[0]
        assert first.endswith("algo-1 [rank 0] step 1: loss=2.5000 throughput=912 samples/s")

    drive(app_with("maximal", fake), body)


def test_timestamps_follow_the_timezone_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.config import AppConfig

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    fake = FakeLogs(training_lines(MAXIMAL, hosts=1, count=3))
    app = detail_app("maximal", tab="logs", config=AppConfig(timezone="local"))
    install_logs(app.repository, repository_with(fake))

    async def body(app: Any, pilot: Pilot, pane: LogPane) -> None:
        await pilot.press("t")
        text = "\n".join(screen_lines(app))
        assert "2026-11-26 20:00:00.001 algo-1" in text  # 11:00 UTC is 20:00 in Tokyo

    try:
        drive(app, body)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_long_running_log_opens_at_its_end_and_loads_history_on_scroll_up() -> None:
    lines = {f"{RUNNING}/algo-1-1795690000": [(T0 + i, f"line {i}") for i in range(2_500)]}
    fake = FakeLogs(lines)

    async def body(app: Any, pilot: Pilot, pane: LogPane) -> None:
        view = pane.view
        assert len(view.rows) == 1_000  # the newest page only: one call, not the whole log
        assert pane.buffer.messages[view.rows[0]] == "line 1500"
        assert fake.calls.count("GetLogEvents") == 1
        await pilot.press("g")  # the top: older lines are read and put in front
        await settle(pilot)
        assert len(view.rows) == 2_000 and pane.buffer.messages[view.rows[0]] == "line 500"
        assert pane.buffer.messages[view.rows[view.cursor]] == "line 1500"  # the same line stays put
        await pilot.press("g")
        await settle(pilot)
        assert len(view.rows) == 2_500 and pane.buffer.messages[view.rows[0]] == "line 0"

    drive(app_with("running", fake), body)
