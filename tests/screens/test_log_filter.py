"""The log view's `&` filter: plain terms go to CloudWatch (FilterLogEvents, the whole log), anything
else is applied locally to the loaded lines; the header says which (issue 18)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.screens.log_fakes import T0, FakeLogs, training_lines
from tests.screens.test_log_tab import MAXIMAL, RUNNING, app_with, drive, header, settle
from tui.aws.logs import LogsAccessDeniedError
from tui.models.log_filter import cloudwatch_pattern
from tui.widgets import log_search
from tui.widgets.log_pane import LogPane


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("ERROR", "ERROR"),
        ("ERROR -Exiting", "ERROR -Exiting"),
        ('  step   "epoch 3"  ', 'step "epoch 3"'),
        ('"loss=0.5000"', '"loss=0.5000"'),
        ("?ERROR ?WARN", "?ERROR ?WARN"),
        ("loss=0.5", None),  # punctuation outside quotes
        ("?ERROR WARN", None),  # ?any mixed with a required term
        ("-DEBUG", None),  # exclusions alone
        ("{ $.level = 1 }", None),
        ('"unbalanced', None),
        ("", None),
    ],
)
def test_which_filters_are_sent_to_cloudwatch(typed: str, sent: str | None) -> None:
    assert cloudwatch_pattern(typed) == sent


async def filter_by(pilot: Pilot, pane: LogPane, text: str) -> None:
    await pilot.press("ampersand")
    pane.query_one("#log-input", Input).value = text
    await pilot.press("enter")
    await settle(pilot)


def test_plain_terms_go_to_cloudwatch_and_the_rest_is_local() -> None:
    fake = FakeLogs(training_lines(MAXIMAL, hosts=2, count=30))

    async def body(app: Any, pilot: Pilot, pane: LogPane) -> None:
        await filter_by(pilot, pane, '"step 3:"')
        assert fake.patterns == ['"step 3:"']
        assert len(pane.view.rows) == 2 and "(CloudWatch)" in header(pane)
        assert all("step 3:" in pane.view.buffer.messages[n] for n in pane.view.rows)
        await filter_by(pilot, pane, "step=3|x")  # not a CloudWatch pattern: no call, local
        assert fake.patterns == ['"step 3:"'] and "(local)" in header(pane)
        await filter_by(pilot, pane, "")
        assert len(pane.view.rows) == 60 and "filter" not in header(pane)
        assert pane.view.buffer is pane.buffer

    drive(app_with("maximal", fake), body)


def test_a_cloudwatch_filter_finds_lines_that_are_not_loaded() -> None:
    """A running log opens at its newest 1,000 lines; the service searches all 2,500."""
    lines = {f"{RUNNING}/algo-1-1795690000": [(T0 + i, f"line {i} {'rare' if i == 7 else ''}")
                                               for i in range(2_500)]}
    fake = FakeLogs(lines)

    async def body(app: Any, pilot: Pilot, pane: LogPane) -> None:
        assert len(pane.view.rows) == 1_000  # line 7 is not loaded
        await filter_by(pilot, pane, "rare")
        assert [pane.view.buffer.messages[n] for n in pane.view.rows] == ["line 7 rare"]
        assert "(CloudWatch)" in header(pane)
        await pilot.press("y")  # copy and search work on what is shown

    drive(app_with("running", fake), body)


def test_pages_are_paced_one_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeLogs(training_lines(MAXIMAL, hosts=1, count=30))
    fake.filter_page = 10  # 30 matches: three pages
    slept: list[float] = []
    monkeypatch.setattr(log_search.time, "sleep", slept.append)

    async def body(app: Any, pilot: Pilot, pane: LogPane) -> None:
        await filter_by(pilot, pane, "step")
        assert fake.calls.count("FilterLogEvents") == 3
        assert slept == [1.0, 1.0]  # between pages, never two requests in the same second
        assert len(pane.view.rows) == 30 and "(CloudWatch)" in header(pane)

    drive(app_with("maximal", fake), body)


def test_when_cloudwatch_refuses_the_filter_it_is_applied_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeLogs(training_lines(MAXIMAL, hosts=2, count=30))

    def denied(*args: Any, **kwargs: Any) -> Any:
        raise LogsAccessDeniedError("denied", code="AccessDeniedException", message="no logs:FilterLogEvents")

    async def body(app: Any, pilot: Pilot, pane: LogPane) -> None:
        monkeypatch.setattr(fake, "filter", denied)
        await filter_by(pilot, pane, '"step 3:"')
        assert len(pane.view.rows) == 2 and "(local)" in header(pane)
        assert pane.view.buffer is pane.buffer

    drive(app_with("maximal", fake), body)
