"""Ctrl+C while a refresh is in flight: the real ``python -m tui`` in a pseudo-terminal.

The app lists three jobs from moto through the fault proxy; then ``r`` starts a full list that the
proxy holds (far longer than the test waits), and the user presses Ctrl+C. The process must end
promptly, without waiting for the held call; leave the terminal as it found it (alternate screen
left, cursor shown, canonical mode and echo back on); and leave a cache file that SQLite finds
intact and that still holds the list.
"""

from __future__ import annotations

import os
import sys
import termios
import time
from pathlib import Path

import pytest

from benchmarks.idle_bytes import PtyApp
from tests.conftest import TEST_REGION
from tests.integration.harness import cached_list, client_for, integrity, make_fleet
from tests.integration.proxy import FaultProxy
from tests.screens.fakes import FakeRepository, async_test, fleet, list_app, settle
from tui.aws.client import ConnectionOptions

LEAVE_ALT_SCREEN, ENTER_ALT_SCREEN = b"\x1b[?1049l", b"\x1b[?1049h"
SHOW_CURSOR, HIDE_CURSOR = b"\x1b[?25h", b"\x1b[?25l"
HOLD = 60.0  # seconds the proxy would hold the refresh: the default read timeout


@pytest.mark.moto_server
def test_ctrl_c_during_a_refresh(proxy: FaultProxy, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = make_fleet(client_for(proxy.url), 3)
    keys = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    for name, value in keys.items():
        monkeypatch.setenv(name, value)  # for the child, and for reading its cache scope below
    env = {**keys, "TEXTUAL_ANIMATIONS": "none", "TERM": "xterm-256color", "COLORTERM": ""}
    argv = [sys.executable, "-m", "tui", "--endpoint-url", proxy.url, "--region", TEST_REGION]
    app = PtyApp(argv, cols=100, rows=20, env=env, unset=["NO_COLOR", "AWS_PROFILE"]).start()
    try:
        assert app.read_until(b"3 jobs", 30), app.output[-2000:]
        running = termios.tcgetattr(app.fd)[3]
        assert not running & (termios.ICANON | termios.ECHO)  # the app put the terminal in raw mode

        proxy.delay(HOLD, "ListTrainingJobs", times=1)
        app.write(b"r")
        deadline = time.monotonic() + 10
        while not proxy.holding.is_set() and time.monotonic() < deadline:
            app.read(0.05)  # the one-call-per-second floor may hold r back for up to a second
        assert proxy.holding.is_set(), "the refresh never reached the proxy"
        before = len(app.output)

        app.write(b"\x03")
        started = time.monotonic()
        code = app.wait(15)
        took = time.monotonic() - started
        assert code == 0, (code, app.output[-600:])
        assert took < HOLD / 4, took  # it did not wait for the call in flight
        restored = termios.tcgetattr(app.fd)[3]
    finally:
        if app.pid:
            os.kill(app.pid, 9)
            app.wait(5)
    tail = bytes(app.output[before:])
    assert tail.rfind(LEAVE_ALT_SCREEN) > tail.rfind(ENTER_ALT_SCREEN)
    assert tail.rfind(SHOW_CURSOR) > tail.rfind(HIDE_CURSOR)
    assert restored & termios.ICANON and restored & termios.ECHO

    cache = Path(os.environ["XDG_CACHE_HOME"]) / "sagemaker-tui" / "cache.sqlite3"
    assert integrity(cache) == "ok"
    options = ConnectionOptions(region=TEST_REGION, endpoint_url=proxy.url)
    assert cached_list(cache, options) == jobs


@async_test
async def test_ctrl_c_copies_a_selection_in_the_filter_box_and_quits_otherwise() -> None:
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"bert", "shift+home", "ctrl+c")
        await pilot.pause()
        assert app.is_running and app.clipboard == "bert"  # the text box's copy, not quit
        await pilot.press("escape", "ctrl+c")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0
