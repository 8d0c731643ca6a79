"""Pictures of the `:` command line (issue 17.7): fixed clock and data, workers awaited."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tests.screens.fakes import FakeRepository, fleet, list_app, settle

SnapCompare = Callable[..., bool]


def test_command_line_with_a_completion(snap_compare: SnapCompare) -> None:
    """`:` then `sort mo`: the line at the bottom reads `: sort mo` with `dified` suggested after
    the cursor (Tab takes it); the list above is unchanged (sorted by CREATED ↓)."""
    app = list_app(FakeRepository([[fleet()]]))

    async def type_it(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("colon", *"sort mo")
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(80, 24), run_before=type_it)


def test_command_line_error(snap_compare: SnapCompare) -> None:
    """`:sotr name` and Enter: the line stays open with the text, and in red beside it
    `unknown command 'sotr name': did you mean 'sort'? try help, or any Ctrl+P command by its
    title`, cut with an ellipsis where the line ends."""
    app = list_app(FakeRepository([[fleet()]]))

    async def type_it(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("colon", *"sotr name", "enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=type_it)
