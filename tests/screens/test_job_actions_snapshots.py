"""Pictures of the job actions: the stop confirmation, the host picker, and the list header with
actions on and a job watched. Fixed clock and data (tests.screens.fakes), workers awaited."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tests.screens.detail_fakes import load_job
from tests.screens.fakes import FakeRepository, fleet, list_app, settle
from tests.screens.test_job_actions import Recorder, detail_actions_app, remote

SnapCompare = Callable[..., bool]


def test_stop_confirmation(snap_compare: SnapCompare) -> None:
    """Ctrl+K on the first (running) row with actions on: a red-bordered box over the dimmed list,
    `Stop training job bert-large-finetune-2026-11-26-11-40?`, what stopping does, and the keys
    (`y stop it · n / Enter / Escape keep it running`). The list header ends in `actions on │`
    before `auto-refresh off`; the footer shows `^k Stop job`."""
    app = list_app(FakeRepository([[fleet()]]))
    app.settings.allow_actions = True

    async def confirm(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("ctrl+k")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 20), run_before=confirm)


def test_header_marks_actions_on_and_watched(snap_compare: SnapCompare) -> None:
    """Actions on and the first job watched: the header's right side reads
    `actions on · watching bert-large-finetune-2026-11-26-11-40 │ auto-refresh off` after the
    profile, region and count; a toast says `Watching …`; the footer shows `^k Stop job`."""
    app = list_app(FakeRepository([[fleet()]]))
    app.settings.allow_actions = True

    async def watch(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("W")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 20), run_before=watch)


def test_host_picker(snap_compare: SnapCompare) -> None:
    """`x` on a running job with remote debugging and 4 instances: a box over the detail screen,
    `Shell into a host of llama3-8b-sft-2026-11-26-11-00-00 (Escape cancels)`, and algo-1 … algo-4,
    algo-1 highlighted. The detail header's top line ends in `actions on`."""
    app, _ = detail_actions_app(remote(load_job("running")), Recorder())

    async def pick(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 24), run_before=pick)
