"""SIGTERM and SIGHUP to the real ``python -m tui`` in a pseudo-terminal, with a refresh in flight:
the app ends promptly with 128 + the signal's number, the terminal is restored (alternate screen
left, mouse tracking off, cursor shown, canonical mode and echo back on) and the cache file is
intact and still holds the list, as after Ctrl+C (tests/integration/test_interrupt.py)."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import termios
import time
from pathlib import Path

import pytest

from benchmarks.idle_bytes import PtyApp
from tests.conftest import TEST_REGION
from tests.integration.harness import cached_list, client_for, integrity, make_fleet
from tests.integration.proxy import FaultProxy
from tui.aws.client import ConnectionOptions

LEAVE_ALT_SCREEN, ENTER_ALT_SCREEN = b"\x1b[?1049l", b"\x1b[?1049h"
SHOW_CURSOR, HIDE_CURSOR = b"\x1b[?25h", b"\x1b[?25l"
MOUSE_OFF, MOUSE_ON = b"\x1b[?1000l", b"\x1b[?1000h"


@pytest.mark.moto_server
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_termination_signal_restores_the_terminal(
    proxy: FaultProxy, monkeypatch: pytest.MonkeyPatch, signum: int
) -> None:
    jobs = make_fleet(client_for(proxy.url), 3)
    keys = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    for name, value in keys.items():
        monkeypatch.setenv(name, value)
    env = {**keys, "TEXTUAL_ANIMATIONS": "none", "TERM": "xterm-256color", "COLORTERM": ""}
    argv = [sys.executable, "-m", "tui", "--endpoint-url", proxy.url, "--region", TEST_REGION]
    app = PtyApp(argv, cols=100, rows=20, env=env, unset=["NO_COLOR", "AWS_PROFILE"]).start()
    try:
        assert app.read_until(b"3 jobs", 30), app.output[-2000:]
        assert bytes(app.output).rfind(MOUSE_ON) >= 0  # mouse tracking was on
        proxy.delay(60.0, "ListTrainingJobs", times=1)
        app.write(b"r")
        deadline = time.monotonic() + 10
        while not proxy.holding.is_set() and time.monotonic() < deadline:
            app.read(0.05)
        before = len(app.output)
        os.kill(app.pid, signum)
        started = time.monotonic()
        code = app.wait(15)
        took = time.monotonic() - started
        restored = termios.tcgetattr(app.fd)[3]
    finally:
        if app.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(app.pid, 9)
            app.wait(5)
    assert code == 128 + signum, (code, bytes(app.output[-600:]))
    assert took < 10, took
    tail = bytes(app.output[before:])
    assert tail.rfind(LEAVE_ALT_SCREEN) > tail.rfind(ENTER_ALT_SCREEN)
    assert tail.rfind(SHOW_CURSOR) > tail.rfind(HIDE_CURSOR)
    assert tail.rfind(MOUSE_OFF) > tail.rfind(MOUSE_ON)
    assert restored & termios.ICANON and restored & termios.ECHO

    cache = Path(os.environ["XDG_CACHE_HOME"]) / "sagemaker-tui" / "cache.sqlite3"
    assert integrity(cache) == "ok"
    options = ConnectionOptions(region=TEST_REGION, endpoint_url=proxy.url)
    assert cached_list(cache, options) == jobs
