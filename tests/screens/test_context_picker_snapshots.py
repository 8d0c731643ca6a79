"""Picture of the context picker over the job list (fixed profiles, the generated region table)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from tests.screens.fakes import FakeRepository, fleet, list_app, settle
from tui.screens.context_picker import ContextPicker

SnapCompare = Callable[..., bool]


def test_context_picker(snap_compare: SnapCompare) -> None:
    """A box `Switch context: profile and region` over the list: on the left, titled Profile,
    `default`, `dev  (current)` highlighted, `ml-prod`, `sandbox`; on the right, titled Region,
    SageMaker's regions in order, each after a blank mark column (Space puts a ✓ there), with
    `us-east-1  (current)` highlighted and scrolled into view; a hint line `Enter: switch … · Space:
    mark several regions (one list) · Tab: other list · Esc: cancel`."""
    Path(os.environ["AWS_CONFIG_FILE"]).write_text(
        "[default]\nregion = us-east-1\n[profile dev]\n[profile ml-prod]\n", encoding="utf-8"
    )
    Path(os.environ["AWS_SHARED_CREDENTIALS_FILE"]).write_text("[sandbox]\n", encoding="utf-8")

    async def open_picker(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.app.push_screen(ContextPicker("dev", "us-east-1"))
        await settle(pilot)

    app = list_app(FakeRepository([[fleet()]]))
    assert snap_compare(app, terminal_size=(100, 30), run_before=open_picker)


def test_unreadable_files_are_said_in_the_picker_in_one_line() -> None:
    from textual.widgets import Static

    from tests.screens.fakes import async_test

    Path(os.environ["AWS_SHARED_CREDENTIALS_FILE"]).write_text("no section header\n", encoding="utf-8")

    @async_test
    async def run() -> None:
        app = list_app(FakeRepository([[fleet()]]))
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            picker = ContextPicker("dev", "us-east-1")
            await app.push_screen(picker)
            await settle(pilot)
            hint = str(picker.query_one("#context-hint", Static).render())
            assert hint.startswith("Could not read the AWS config files:")
            assert "\n" not in hint and picker.choices is None
            await pilot.press("escape")
            assert app.screen is not picker

    run()
