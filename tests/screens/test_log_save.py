"""The Logs tab's `s`: the lines shown or the whole log, never overwriting without asking (issue 18)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.screens.log_fakes import T0, FakeLogs, training_lines
from tests.screens.test_log_filter import filter_by
from tests.screens.test_log_tab import MAXIMAL, RUNNING, app_with, drive, header, settle
from tui.widgets import log_save
from tui.widgets.log_pane import LogPane


async def save(pilot: Pilot, pane: LogPane, target: Path, *answers: str) -> None:
    await pilot.press("s")
    pane.query_one("#log-input", Input).value = str(target)
    await pilot.press("enter")
    for answer in answers:
        assert pane.prompt_mode in ("overwrite", "scope"), "a question was expected"
        pane.query_one("#log-input", Input).value = answer
        await pilot.press("enter")
    await settle(pilot)


def test_a_filtered_view_offers_the_lines_shown_or_the_whole_log(tmp_path: Path) -> None:
    fake = FakeLogs(training_lines(MAXIMAL, hosts=2, count=30))

    async def body(app: Any, pilot: Pilot, pane: LogPane) -> None:
        await filter_by(pilot, pane, '"step 3:"')
        shown = tmp_path / "shown.log"
        await save(pilot, pane, shown, "l")
        assert shown.read_text(encoding="utf-8").count("\n") == 2
        whole = tmp_path / "whole.log"
        await save(pilot, pane, whole, "w")
        lines = whole.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 60 and {line.split()[1] for line in lines} == {"algo-1", "algo-2"}
        assert lines == sorted(lines)  # interleaved by time
        assert pane.save_progress is None and "saving" not in header(pane)

    drive(app_with("maximal", fake), body)


def test_the_whole_log_of_a_running_job_is_read_from_cloudwatch_paced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the newest 1,000 lines are loaded; the whole log (2,500) is read page by page, one
    request a second, and an existing file is overwritten only after `y`."""
    stream = f"{RUNNING}/algo-1-1795690000"
    fake = FakeLogs({stream: [(T0 + i, f"line {i}") for i in range(2_500)]})
    slept: list[float] = []
    monkeypatch.setattr(log_save.time, "sleep", slept.append)
    target = tmp_path / "out.log"
    target.write_text("mine\n", encoding="utf-8")

    async def body(app: Any, pilot: Pilot, pane: LogPane) -> None:
        from tests.screens import log_fakes

        monkeypatch.setattr(log_fakes, "PAGE", 1_000)
        assert len(pane.view.rows) == 1_000
        await save(pilot, pane, target, "n")
        assert target.read_text(encoding="utf-8") == "mine\n" and not slept
        await save(pilot, pane, target, "y", "w")
        lines = target.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 2_500 and lines[0].endswith("algo-1 line 0")
        assert slept == [1.0] * 4  # 3 pages and the empty end, from the head, one request a second
        assert len(pane.view.rows) == 1_000  # the view is as it was

    drive(app_with("running", fake), body)

