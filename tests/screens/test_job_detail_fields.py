"""Every field of the DescribeTrainingJob output shape is visible somewhere on the detail screen.

Each pane module declares the top-level fields it renders (``FIELDS``); these tests check that the
declarations cover the service model, that they are honest (removing a declared field from the
maximal job changes what that pane shows), and that the All-fields tree lists every field of a
response, including ones this version has never heard of.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from rich.console import Console, Group, RenderableType

from tests.conftest import FIXED_NOW
from tests.screens.detail_fakes import detail_app, load_job, run
from tui.models.derived import hyperparameter_rows
from tui.models.detail import JobView
from tui.models.docs import top_level_fields
from tui.screens.job_detail import JobDetailScreen
from tui.widgets.detail import channels, debugger, hyperparameters, overview, resources, timeline
from tui.widgets.detail.context import RenderContext
from tui.widgets.detail.field_tree import FieldTree


def _resources(view: JobView, ctx: RenderContext) -> RenderableType:
    return Group(
        resources.build_compute(view, ctx),
        resources.build_warm_pool(view, ctx),
        resources.build_network_and_limits(view, ctx),
        f"reused by {view.warm_pool.reused_by if view.warm_pool else None}",  # the JobLink's text
    )


def _hyperparameters(view: JobView, ctx: RenderContext) -> RenderableType:
    return repr(hyperparameter_rows(view.hyperparameters))


#: pane name -> (declared fields, what the pane renders for a view).
PANES: dict[str, tuple[tuple[str, ...], Callable[[JobView, RenderContext], RenderableType]]] = {
    "overview": (overview.FIELDS, overview.build_overview),
    "timeline": (timeline.FIELDS, timeline.build_timeline),
    "hyperparameters": (hyperparameters.FIELDS, _hyperparameters),
    "channels": (channels.FIELDS, channels.build_channels),
    "resources": (resources.FIELDS, _resources),
    "debugger": (debugger.FIELDS, debugger.build_debugger),
}
#: Shown only in the All-fields tab (a pane would add nothing to the raw value): none today.
ALL_FIELDS_ONLY: frozenset[str] = frozenset()


def text_of(renderable: RenderableType, width: int = 120) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None, record=True)
    console.print(renderable)
    return console.export_text()


def render(pane: str, raw: dict[str, Any]) -> str:
    return text_of(
        PANES[pane][1](JobView.from_raw(raw), RenderContext(now=FIXED_NOW, reveal_environment=True))
    )


def test_every_top_level_field_has_a_pane() -> None:
    dedicated = {f for fields, _ in PANES.values() for f in fields}
    missing = [f for f in top_level_fields() if f not in dedicated and f not in ALL_FIELDS_ONLY]
    assert missing == []


def test_no_pane_claims_a_field_the_model_does_not_have() -> None:
    known = set(top_level_fields())
    assert {f for fields, _ in PANES.values() for f in fields} - known == set()


CLAIMS = [pytest.param(pane, f, id=f"{pane}-{f}") for pane, (fields, _) in PANES.items() for f in fields]


@pytest.mark.parametrize(("pane", "field"), CLAIMS)
def test_a_pane_renders_each_field_it_claims(pane: str, field: str) -> None:
    """Honesty: take the field away from the maximal job and the pane must look different."""
    raw = load_job("maximal")
    without = {k: v for k, v in raw.items() if k != field}
    assert render(pane, raw) != render(pane, without)


def test_all_fields_tree_lists_every_field_including_unknown_ones() -> None:
    raw = load_job("maximal")
    raw["BrandNewField"] = {"Nested": ["value"]}
    name = raw["TrainingJobName"]

    async def body() -> None:
        app = detail_app(name, responses={name: raw})
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.press("7")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, JobDetailScreen)
            tree = app.screen.query_one(FieldTree)
            labels = {str(node.label).split(" ")[0]: str(node.label) for node in tree.root.children}
            assert set(labels) == set(raw)
            assert labels["BrandNewField"].endswith("new")
            assert [node.data for node in tree.root.children][: len(top_level_fields())] == [
                (f,) for f in top_level_fields()
            ]

    run(body)
