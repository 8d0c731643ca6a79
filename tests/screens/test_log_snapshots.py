"""Snapshots of the Logs tab at 80x24 and 120x40: clock fixed (tests.conftest.FIXED_NOW), lines from
a scripted CloudWatch Logs client (tests/screens/log_fakes.py), live refresh off, workers awaited."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from tests.screens.detail_fakes import detail_app, fixture_name
from tests.screens.log_fakes import T0, FakeLogs, install_logs, repository_with, training_lines
from tests.screens.test_log_tab import HOSTILE
from tui.aws.logs import LogsAccessDeniedError

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
MAXIMAL = fixture_name("maximal")


def app_with(fixture: str, fake: FakeLogs) -> Any:
    app = detail_app(fixture, tab="logs")
    install_logs(app.repository, repository_with(fake))
    return app


def after(*keys: str) -> Any:
    async def run_before(pilot: Pilot) -> None:
        for _ in range(3):
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
        # No wait for the view to "settle": a following view is at its end as soon as its lines are
        # set (tests/screens/test_log_first_paint.py).
        if keys:
            await pilot.press(*keys)
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return run_before


def three_hosts() -> FakeLogs:
    return FakeLogs(training_lines(MAXIMAL, hosts=3, count=40))


@pytest.mark.parametrize("size", SIZES)
def test_all_hosts(snap_compare, size: tuple[int, int]) -> None:
    """Header "3 hosts · 3 streams · 120/120 lines · host all · completed, complete"; the newest lines,
    algo-1/2/3 interleaved by time, each tagged with its host name in its own theme colour; the
    cursor (a tinted row) on the last line; key hints at the bottom."""
    assert snap_compare(app_with("maximal", three_hosts()), terminal_size=size, run_before=after())


@pytest.mark.parametrize("size", SIZES)
def test_one_host(snap_compare, size: tuple[int, int]) -> None:
    """After h h: "host algo-2" in the header, 40/120 lines, only algo-2's lines."""
    assert snap_compare(app_with("maximal", three_hosts()), terminal_size=size, run_before=after("h", "h"))


@pytest.mark.parametrize("size", SIZES)
def test_search_hits(snap_compare, size: tuple[int, int]) -> None:
    """After / step 3 Enter: every "step 3" highlighted (warning-coloured background, bold), the
    cursor on the first hit, "search 'step 3' 1/n" in the header."""
    keys = ("slash", *"step 3", "enter")
    assert snap_compare(app_with("maximal", three_hosts()), terminal_size=size, run_before=after(*keys))


@pytest.mark.parametrize("size", SIZES)
def test_wrapped_with_timestamps(snap_compare, size: tuple[int, int]) -> None:
    """After w t: each line starts with its UTC time (2026-11-26 11:00:..), long lines continue on
    the next row, nothing runs past the right edge."""
    assert snap_compare(app_with("maximal", three_hosts()), terminal_size=size, run_before=after("w", "t"))


@pytest.mark.parametrize("size", SIZES)
def test_empty_finished_log(snap_compare, size: tuple[int, int]) -> None:
    """A finished job with no stream: "This job wrote no log." in muted italics; 0 hosts, 0 streams."""
    assert snap_compare(app_with("maximal", FakeLogs({})), terminal_size=size, run_before=after())


@pytest.mark.parametrize("size", SIZES)
def test_no_streams_yet(snap_compare, size: tuple[int, int]) -> None:
    """The running job with no stream yet: "No log streams yet: the job has not started a container.
    Following…"; the header says following."""
    assert snap_compare(app_with("running", FakeLogs({})), terminal_size=size, run_before=after())


@pytest.mark.parametrize("size", SIZES)
def test_access_denied(snap_compare, size: tuple[int, int]) -> None:
    """AccessDenied from CloudWatch Logs: one line, "Access denied to CloudWatch Logs: User … is not
    authorized to perform: logs:DescribeLogStreams"; the rest of the screen as usual."""
    fake = FakeLogs({})
    fake.error = LogsAccessDeniedError(
        "denied", code="AccessDeniedException",
        message=(
            "User arn:aws:iam::123456789012:user/dev is not authorized to perform: logs:DescribeLogStreams"
        ),
    )
    assert snap_compare(app_with("running", fake), terminal_size=size, run_before=after())


@pytest.mark.parametrize("size", SIZES)
def test_hostile_lines(snap_compare, size: tuple[int, int]) -> None:
    """Escape sequences shown, not obeyed: ␛]52;c;…␇ (OSC 52), ␛]8;; (OSC 8), ␛[2J␛[H␛[10A and ␍
    (cursor moves, clear screen), ‹U+202E› for the bidi override, [bold]/[link=…] as literal text;
    the screen's layout is intact."""
    lines = {f"{MAXIMAL}/algo-1-1795690000": [(T0 + i, text) for i, text in enumerate(HOSTILE)]}
    assert snap_compare(app_with("maximal", FakeLogs(lines)), terminal_size=size, run_before=after())
