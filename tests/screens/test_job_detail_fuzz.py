"""Property-based: every tab of the detail screen renders generated DescribeTrainingJob responses.

Responses come from botocore's output shape (tests/strategies.py: any subset of fields, unicode and
control characters, very long values, unknown enum values, 5,000 hyperparameters, 500
transitions). Two levels: the panes' content builders rendered by Rich at several widths (fast, so
many examples), and the whole app visiting every tab with the keys (slower, fewer examples).
"""

from __future__ import annotations

import io
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from textual.worker import WorkerState

from tests.conftest import FIXED_NOW
from tests.screens.detail_fakes import detail_app, run
from tests.strategies import describe_responses
from tui.models.detail import JobView
from tui.screens.job_detail import JobDetailScreen
from tui.themes import DEFAULT_THEME
from tui.widgets.detail.channels import build_channels
from tui.widgets.detail.context import Palette, RenderContext
from tui.widgets.detail.debugger import build_debugger
from tui.widgets.detail.field_tree import child_items, node_label
from tui.widgets.detail.overview import build_overview
from tui.widgets.detail.resources import build_compute, build_network_and_limits, build_warm_pool
from tui.widgets.detail.timeline import build_timeline

BUILDERS = (
    build_overview,
    build_timeline,
    build_channels,
    build_compute,
    build_warm_pool,
    build_network_and_limits,
    build_debugger,
)
PALETTE = Palette.from_variables({**DEFAULT_THEME.to_color_system().generate(), **DEFAULT_THEME.variables})
NAME = "fuzzed-job"


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(describe_responses(), st.sampled_from([20, 80, 200]), st.booleans())
def test_pane_contents_render_any_response(raw: dict[str, Any], width: int, reveal: bool) -> None:
    view = JobView.from_raw(raw)
    changed = frozenset((key,) for key in list(raw)[:3])
    ctx = RenderContext(now=FIXED_NOW, palette=PALETTE, changed=changed, reveal_environment=reveal)
    console = Console(width=width, file=io.StringIO(), color_system="truecolor")
    for build in BUILDERS:
        console.print(build(view, ctx))
    for key, value in child_items(raw, ()):
        console.print(node_label(key, value, (key,), ctx))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b]" not in out  # no OSC sequence smuggled in by a field value
    if not reveal:
        # Hypothesis reuses strings: a value that is also in another field may rightly be shown.
        elsewhere = strings_in({k: v for k, v in raw.items() if k != "Environment"})
        for secret in (v for v in view.environment.values() if len(v) > 12 and v.isalnum()):
            if not any(secret in text for text in elsewhere):
                assert secret not in out


def strings_in(value: Any) -> list[str]:
    """Every string in a response (keys included), at any depth."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*strings_in(k), *strings_in(v))]
    if isinstance(value, list | tuple):
        return [s for item in value for s in strings_in(item)]
    return []


async def visit_every_tab(raw: dict[str, Any]) -> None:
    app = detail_app(NAME, responses={NAME: raw})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JobDetailScreen)
        assert screen.view is not None
        for key in ("2", "3", "enter", "4", "5", "6", "7", "space", "down", "1", "v"):
            await pilot.press(key)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen
        assert not [w for w in app.workers if w.state == WorkerState.ERROR]


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(describe_responses())
def test_every_tab_of_the_app_renders_any_response(raw: dict[str, Any]) -> None:
    run(lambda: visit_every_tab(raw))
