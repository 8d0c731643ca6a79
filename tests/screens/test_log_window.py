"""Past the in-memory cap: the lines that left memory are read back from the cache when the view
scrolls to them, and the view stays on the line it showed (issue 18)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.screens.detail_fakes import detail_app
from tests.screens.log_fakes import T0, FakeLogs, install_logs
from tests.screens.test_log_tab import MAXIMAL, drive, header, settle
from tui.cache.scope import Scope
from tui.cache.store import CacheStore
from tui.log_repository import LogRepository
from tui.widgets import log_feed
from tui.widgets.log_pane import LogPane

SCOPE = Scope("http://local", "us-east-1", "123456789012")


def test_scrolling_past_the_cap_reads_the_dropped_lines_back_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LogPane, "BUFFER_CAP", 500)
    monkeypatch.setattr(log_feed, "READ_BACK", 300)
    stream = f"{MAXIMAL}/algo-1-1795690000"
    fake = FakeLogs({stream: [(T0 + i, f"line {i}") for i in range(1_500)]})
    cache = CacheStore(tmp_path / "cache.sqlite3")
    app = detail_app("maximal", tab="logs")
    install_logs(app.repository, LogRepository(fake, cache, scope=lambda: SCOPE))  # type: ignore[arg-type]

    def shown(pane: LogPane) -> str:
        return pane.buffer.messages[pane.view.rows[pane.view.cursor]]

    async def body(app: Any, pilot: Pilot, pane: LogPane) -> None:
        view = pane.view
        assert len(pane.buffer) == 500 and pane.buffer.dropped == 1_000  # the newest 500 held
        assert pane.buffer.messages[0] == "line 1000" and "more in the cache" in header(pane)
        await pilot.press("g")
        await settle(pilot)
        assert len(pane.buffer) == 500 and pane.buffer.messages[0] == "line 700"
        assert shown(pane) == "line 1000"  # the view did not jump
        assert pane.buffer.dropped == 700 and pane.buffer.dropped_end == 300
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert pane.buffer.messages[0] == "line 0" and pane.buffer.dropped == 0
        assert [pane.buffer.messages[n] for n in view.rows[:3]] == ["line 0", "line 1", "line 2"]
        calls = len(fake.calls)
        await pilot.press("F")  # back to the newest: read forward from the cache until caught up
        for _ in range(6):
            await settle(pilot)
        assert pane.buffer.dropped_end == 0 and pane.buffer.messages[-1] == "line 1499"
        assert shown(pane) == "line 1499" and view.following
        assert len(fake.calls) == calls  # all from the cache: no call

    try:
        drive(app, body)
    finally:
        cache.close()
