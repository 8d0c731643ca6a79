"""NO_COLOR: a failure is the brightest thing on screen, not a dim grey (issue 17, item 22)."""

from __future__ import annotations

import pytest
from rich.style import Style
from textual.color import Color

from tests.screens.detail_fakes import detail_app
from tests.screens.fakes import FakeRepository, async_test, fleet, list_app, settle


def _brightness(style: Style) -> float:
    assert style.color is not None
    return Color.from_rich_color(style.color).brightness


def _styles_of(app: object, word: str) -> list[Style]:
    """Styles of the cells that hold just ``word`` (the STATUS cell, not a sentence mentioning it)."""
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    return [seg.style for strip in strips for seg in strip if seg.text.strip() == word and seg.style]


@async_test
async def test_failed_status_is_brightest_and_bold_in_the_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = list_app(FakeRepository([[fleet()]]))
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        failed = _styles_of(app, "Failed")
        body = _styles_of(app, "gpt2-small-eval")  # a job name: body text
        completed = _styles_of(app, "Completed")
        assert failed and body and completed
        assert all(style.bold for style in failed)
        darkest_failed = min(_brightness(s) for s in failed)
        assert darkest_failed > max(_brightness(s) for s in body)
        assert darkest_failed > max(_brightness(s) for s in completed)


@async_test
async def test_failure_reason_in_the_detail_outshines_body_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = detail_app("failed")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme_variables["status-failed"] == "#ffffff"
        badges = [s.bgcolor for s in _styles_of(app, "Failed") if s.bgcolor is not None]
        assert any(Color.from_rich_color(bg).brightness == 1.0 for bg in badges)  # black on white
        strips = app.screen._compositor.render_strips()
        reason = [seg.style for strip in strips for seg in strip if seg.text.startswith("Failure:")]
        assert reason and all(s is not None and s.bold and _brightness(s) == 1.0 for s in reason)
