"""The overview laid out ahead while the cursor rests on a job: used only when exact."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from rich.console import Console
from textual.geometry import Region

import tui.widgets.detail.laid_out as laid_out
from tests.conftest import FIXED_NOW
from tests.screens.detail_fakes import DetailRepository, load_job, run
from tests.screens.test_job_open import list_app, open_from_list, two_jobs
from tui.clock import FixedClock
from tui.models.detail import JobView
from tui.widgets.detail.context import Palette, RenderContext
from tui.widgets.detail.layout import same_renderable
from tui.widgets.detail.overview import build_overview

SIZE = (120, 40)


def overview(raw: dict[str, Any], **changes: Any) -> Any:
    ctx = RenderContext(now=FIXED_NOW, palette=Palette())
    for key, value in changes.items():
        ctx = RenderContext(**{**ctx.__dict__, key: value})
    return build_overview(JobView.from_raw(raw), ctx)


@pytest.mark.parametrize("fixture", ["maximal", "failed", "running", "minimal"])
def test_two_builds_of_the_same_overview_are_the_same(fixture: str) -> None:
    raw = load_job(fixture)
    first = overview(raw)
    Console(width=100, file=io.StringIO()).print(first)  # rendering fills Group caches
    assert same_renderable(first, overview(raw))


def test_a_relative_time_that_moved_on_a_theme_or_a_shown_value_make_it_another() -> None:
    raw = load_job("maximal")
    assert not same_renderable(overview(raw), overview(raw, now=FIXED_NOW + timedelta(minutes=1)))
    red = Palette.from_variables({"primary": "#ff0000"})
    assert not same_renderable(overview(raw), overview(raw, palette=red))
    assert not same_renderable(overview(raw), overview(raw, reveal_environment=True))
    assert not same_renderable(object(), object())  # nothing to compare is never "the same"


def drawn_overview(app: Any) -> list[Any]:
    """Every line of the overview as drawn: its segments, styles included."""
    content = app.screen.query_one("#overview-content")
    height = content.virtual_size.height
    assert height > 10
    return [list(strip) for strip in content.render_lines(Region(0, 0, content.size.width, height))]


def test_resting_on_a_job_lays_its_overview_out_ahead_and_draws_the_same(monkeypatch: Any) -> None:
    verdicts: list[bool] = []
    compare = laid_out.same_renderable

    def judged(a: Any, b: Any) -> bool:
        verdicts.append(compare(a, b))
        return verdicts[-1]

    monkeypatch.setattr(laid_out, "same_renderable", judged)
    first, second = two_jobs()

    async def screens(later: float) -> tuple[list[Any], list[Any]]:
        """(second job's overview drawn fresh, and drawn after resting on it), ``later`` seconds
        passing between the rest and Enter."""
        clock = FixedClock(FIXED_NOW)
        app = list_app(DetailRepository(two_jobs(), clock=clock, cached=two_jobs()))
        async with app.run_test(size=SIZE) as pilot:
            await open_from_list(app, pilot, second)  # the first open: no width known, no layout ahead
            fresh = drawn_overview(app)
            await pilot.press("escape")
            await open_from_list(app, pilot, first)  # Enter before the layout ahead is done
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen.table.select_name(second)  # type: ignore[attr-defined]
            await pilot.pause()  # the cursor's message starts the read-ahead...
            await app.workers.wait_for_complete()  # ...which rests, then lays the overview out
            clock.advance(later)
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            rested = drawn_overview(app)
        if later:  # the expected screen is the one drawn at the later time
            clock = FixedClock(FIXED_NOW + timedelta(seconds=later))
            app = list_app(DetailRepository(two_jobs(), clock=clock, cached=two_jobs()))
            async with app.run_test(size=SIZE) as pilot:
                await open_from_list(app, pilot, second)
                fresh = drawn_overview(app)
        return fresh, rested

    async def body() -> None:
        fresh, rested = await screens(0)
        assert verdicts == [True]  # the open after a rest used its layout (the others had none)
        assert rested == fresh
        verdicts.clear()
        fresh, rested = await screens(120)  # "2h00m ago" is now "2h02m ago": laid out again
        assert verdicts == [False]
        assert rested == fresh

    run(body)


def test_laid_out_only_on_the_checked_textual() -> None:
    assert laid_out.supported(laid_out.CHECKED_TEXTUAL)
    assert not laid_out.supported("9.0.0")


def test_the_public_path_draws_the_same_panes(monkeypatch: Any) -> None:
    """On another Textual the panes show the plain renderable (laid out by Textual itself): every
    tab that uses LaidOut draws exactly the same lines, styles included."""
    name = next(iter(two_jobs()))

    async def shots() -> list[list[Any]]:
        app = list_app(DetailRepository(two_jobs(), clock=FixedClock(FIXED_NOW)))
        drawn = []
        async with app.run_test(size=SIZE) as pilot:
            await open_from_list(app, pilot, name)
            for tab, content in (("1", "overview"), ("2", "timeline"), ("4", "channels"), ("6", "debugger")):
                await pilot.press(tab)
                await app.workers.wait_for_complete()
                await pilot.pause()
                widget = app.screen.query_one(f"#{content}-content")
                kind = type(widget._render()).__name__  # what the Static draws through
                region = Region(0, 0, widget.size.width, widget.virtual_size.height)
                drawn.append([kind, [list(strip) for strip in widget.render_lines(region)]])
        return drawn

    async def body() -> None:
        ours = await shots()
        monkeypatch.setattr(laid_out, "_SUPPORTED", False)
        public = await shots()
        assert [kind for kind, _ in ours] == ["LaidOut"] * 4
        assert "LaidOut" not in [kind for kind, _ in public]
        assert [lines for _, lines in public] == [lines for _, lines in ours]

    run(body)
