"""Pictures of the job list: fixed clock (FIXED_NOW), fixed data (tests.screens.fakes.fleet), fixed
sizes, workers awaited. Regenerate with ``--snapshot-update`` and look at the SVGs."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from textual.pilot import Pilot

from tests.conftest import FIXED_NOW
from tests.screens.fakes import FakeRepository, fleet, list_app, settle, summary
from tui.aws.errors import EndpointError, ThrottledError
from tui.refresh import RefreshPolicy
from tui.repository import Enrichment
from tui.screens.job_list import JobListScreen

SnapCompare = Callable[..., bool]


async def loaded(pilot: Pilot[None]) -> None:
    await settle(pilot)


def screen_of(pilot: Pilot[None]) -> JobListScreen:
    screen = pilot.app.screen
    assert isinstance(screen, JobListScreen)
    return screen


def test_list_80x24(snap_compare: SnapCompare) -> None:
    """Twelve jobs at 80x24: header `dev │ us-east-1 │ 12 jobs │ sort: created ↓ … auto-refresh off`;
    long names elided in the middle (`t5-base-summar…with-a-really-long-name-0001`); columns NAME,
    STATUS, CREATED ↓ (sorted, highlighted), DURATION (narrow terminal: the others dropped); statuses
    coloured (Failed red and bold, InProgress blue, Stopping orange, Stopped grey); cursor on the
    first row; the footer with Open / Filter / Refresh / Pause / Sort / Quit / Help."""
    app = list_app(FakeRepository([[fleet()]]))
    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded)


def test_list_120x40(snap_compare: SnapCompare) -> None:
    """The same fleet at 120x40: SECONDARY, MODIFIED and WARM POOL (Available / Reused /
    Terminated) fit too; names up to ~38 cells, the longer ones elided in the middle; rows end
    after the twelfth, the rest of the table is blank."""
    app = list_app(FakeRepository([[fleet()]]))
    assert snap_compare(app, terminal_size=(120, 40), run_before=loaded)


def test_list_wide_with_describe_columns(snap_compare: SnapCompare) -> None:
    """At 160x24 every column shows; INSTANCE and BILLABLE are filled only for the job whose
    describe is cached (gpt2-small-eval: `ml.g5.2xlarge x2`, `4m00s`), a dash elsewhere."""
    enrichment = {"gpt2-small-eval": Enrichment("ml.g5.2xlarge", 2, 240, FIXED_NOW)}
    app = list_app(FakeRepository([[fleet()]], enrichment=enrichment))
    assert snap_compare(app, terminal_size=(160, 24), run_before=loaded)


def test_list_40x12(snap_compare: SnapCompare) -> None:
    """At 40x12 only NAME and CREATED ↓ remain (the sort column is never dropped, STATUS goes
    first); nothing overlaps, the header is cut with an ellipsis but keeps `auto-refresh off` on
    the right."""
    app = list_app(FakeRepository([[fleet()]]))
    assert snap_compare(app, terminal_size=(40, 12), run_before=loaded)


@pytest.fixture
def release() -> Iterator[threading.Event]:
    event = threading.Event()
    yield event
    event.set()


def test_loading(snap_compare: SnapCompare, release: threading.Event) -> None:
    """While paging: the first page (six jobs, the older half of the fleet) is on screen and the
    header says `loading… 6 so far`."""
    jobs = fleet()
    app = list_app(FakeRepository([[jobs[6:], jobs[:6]]], hold_after_first_page=release))

    async def first_page(pilot: Pilot[None]) -> None:
        for _ in range(50):
            await pilot.pause(0.02)
            if screen_of(pilot).model.rows:
                break
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=first_page)


def test_empty_account(snap_compare: SnapCompare) -> None:
    """No jobs: `0 jobs` in the header and, in the middle of the table, `No training jobs in
    us-east-1. Try `sagemaker-tui --demo` to explore a demo fleet.`"""
    app = list_app(FakeRepository([[[]]]))
    assert snap_compare(app, terminal_size=(100, 24), run_before=loaded)


def test_filtered(snap_compare: SnapCompare) -> None:
    """`/churn` typed and the Completed quick filter (2): three xgboost jobs, header
    `3 of 12 jobs │ filter /churn status=Completed`, the filter line at the bottom shows `/ churn`,
    and the cursor (on the table again after Enter) is on the first of them."""
    app = list_app(FakeRepository([[fleet()]]))

    async def filter_it(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("slash", *"churn", "enter", "2")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=filter_it)


def test_throttled(snap_compare: SnapCompare) -> None:
    """An incremental call was throttled: every row stays, the header says `throttled, retry in 8s`
    in the error colour, and the line under it gives the sentence."""
    sentence = "SageMaker is throttling ListTrainingJobs calls; retrying later."
    repo = FakeRepository([[fleet()]], changes=[ThrottledError(sentence)])
    app = list_app(repo, live=True)

    async def throttle(pilot: Pilot[None]) -> None:
        await settle(pilot)
        screen = screen_of(pilot)
        screen.policy = RefreshPolicy(jitter=0.0, min_spacing=0.0, backoff_first=8.0)
        screen.refresh_now()
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=throttle)


def test_offline_cache_only(snap_compare: SnapCompare) -> None:
    """--offline with a cached list from 10:02: the jobs are there, the header says
    `offline: cached data from 10:02` in the error colour."""
    repo = FakeRepository(cached=fleet(), offline=True, cached_at=FIXED_NOW - timedelta(minutes=118))
    app = list_app(repo, live=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded)


def test_endpoint_lost(snap_compare: SnapCompare) -> None:
    """The endpoint went away after a good list at 12:00: rows stay, header
    `offline: cached data from 12:00, retry in 4s`, and the reason on the line below."""
    repo = FakeRepository([[fleet()]], changes=[EndpointError("Could not reach the SageMaker endpoint: "
                                                              "connection refused")])
    app = list_app(repo, live=True)

    async def lose(pilot: Pilot[None]) -> None:
        await settle(pilot)
        screen = screen_of(pilot)
        screen.policy = RefreshPolicy(jitter=0.0, min_spacing=0.0, backoff_first=4.0)
        screen.refresh_now()
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=lose)


def test_changed_rows_highlighted(snap_compare: SnapCompare) -> None:
    """After an incremental refresh: `fresh-job` (new, top) and llama-pretrain-shard-07 (now
    Completed) have the changed-highlight background; the cursor stayed on resnet50 (third row
    before, fourth now)."""
    done = summary("llama-pretrain-shard-07", "Completed", age=45 * 60, ran=40 * 60)
    repo = FakeRepository([[fleet()]], changes=[[done, summary("fresh-job", "InProgress", age=30)]])
    app = list_app(repo)

    async def change(pilot: Pilot[None]) -> None:
        await settle(pilot)
        screen = screen_of(pilot)
        screen.policy = RefreshPolicy(jitter=0.0, min_spacing=0.0)
        await pilot.press("j", "j")
        screen.refresh_now()
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 24), run_before=change)


def test_help(snap_compare: SnapCompare) -> None:
    """`?` over the list: a box listing every key with its action, where it applies (JobTable,
    Screen, App) and its binding id, generated from the bindings."""
    app = list_app(FakeRepository([[fleet()]]))

    async def help_open(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 40), run_before=help_open)
