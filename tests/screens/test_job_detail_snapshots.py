"""Snapshots of every detail tab at 80x24 and 120x40, for four recorded jobs.

The jobs (tests/data/jobs): ``maximal`` (a completed managed-spot job with every field of the output
shape set), ``failed`` (failed before training started, with the deprecated secondary statuses of an
old job), ``running`` (InProgress, Training, the last transition still open) and ``minimal`` (only
the required fields). Clock fixed at tests.conftest.FIXED_NOW, live refresh off, workers awaited.
The screen opens on the tab under test (the number keys are exercised in test_job_detail.py).
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.screens.detail_fakes import JOB_FIXTURES, detail_app

SIZES = [(80, 24), (120, 40)]
CASES = [pytest.param(job, size, id=f"{job}-{size[0]}x{size[1]}") for job in JOB_FIXTURES for size in SIZES]


async def loaded(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize(("job", "size"), CASES)
def test_overview(snap_compare, job: str, size: tuple[int, int]) -> None:
    """Header: name, coloured status badge, secondary status, "took"/"elapsed" duration, created and
    refreshed times; a red "Failure:" line for the failed job ("Reason:" for the maximal one).
    Tab 1 active: the Job section (ARN, status with its meaning, role, related ARNs or dashes),
    then Times and billing (the maximal job shows billable compute x 3 instances and 60.0 % spot
    savings; the failed and minimal jobs show dashes, never None)."""
    assert snap_compare(detail_app(job, tab="overview"), terminal_size=size, run_before=loaded)


@pytest.mark.parametrize(("job", "size"), CASES)
def test_transitions(snap_compare, job: str, size: tuple[int, int]) -> None:
    """Tab 2: primary and secondary status with their meaning, Time by status (longest first, bars
    proportional), then one row per transition with start→end, duration, share and a bar on a
    shared time axis: the Interrupted spell in the maximal job in the interrupted colour, the
    running job's last row ending in "now" with the current-bar colour, the failed job's deprecated
    statuses marked "(deprecated status)"; the minimal job says "none reported yet"."""
    assert snap_compare(detail_app(job, tab="timeline"), terminal_size=size, run_before=loaded)


@pytest.mark.parametrize(("job", "size"), CASES)
def test_hyperparameters(snap_compare, job: str, size: tuple[int, int]) -> None:
    """Tab 3: the count and key hints, then the sorted Name/Value table with the cursor on the first
    row (JSON values shown raw, long ones ending in "…" at the table's edge); "No hyperparameters."
    for minimal."""
    assert snap_compare(detail_app(job, tab="hyperparameters"), terminal_size=size, run_before=loaded)


@pytest.mark.parametrize(("job", "size"), CASES)
def test_channels(snap_compare, job: str, size: tuple[int, int]) -> None:
    """Tab 4: the channel count and the algorithm's input mode, then one block per channel with its
    source (S3 / file system / dataset), S3 data type and distribution with their meaning, and the
    effective input mode saying whether it is the channel's own or the algorithm's. The minimal job
    says it reads no input data."""
    assert snap_compare(detail_app(job, tab="channels"), terminal_size=size, run_before=loaded)


@pytest.mark.parametrize(("job", "size"), CASES)
def test_resources(snap_compare, job: str, size: tuple[int, int]) -> None:
    """Tab 5: Compute (instance type and count, volume, KMS key or "AWS managed key", keep-alive,
    spot, training plan), instance groups with the channels feeding each (maximal), the warm pool
    with its meaning and the underlined "Reused by" job link (maximal), network and the stopping
    condition (each limit exactly, "2h 00m 00s (7,200 s)", and under it the time used with a bar);
    "not configured" where a section is absent. One label column for the whole pane."""
    assert snap_compare(detail_app(job, tab="resources"), terminal_size=size, run_before=loaded)


@pytest.mark.parametrize(("job", "size"), CASES)
def test_debugger(snap_compare, job: str, size: tuple[int, int]) -> None:
    """Tab 6: the debug hook and its collections, rules joined with their evaluation status
    (Error red, IssuesFound orange and bold, NoIssuesFound green; the orphan status without a
    configuration says so), TensorBoard output, profiler and profiler rules (maximal, running);
    "Debugger not configured" / "Profiler not configured" for the failed and minimal jobs."""
    assert snap_compare(detail_app(job, tab="debugger"), terminal_size=size, run_before=loaded)


@pytest.mark.parametrize(("job", "size"), CASES)
def test_all_fields(snap_compare, job: str, size: tuple[int, int]) -> None:
    """Tab 7: the raw response as a tree in the service model's order (containers collapsed with
    their size, scalars with their value), the cursor on TrainingJobName and its botocore
    documentation below the tree at 80 columns and beside it at 120."""
    assert snap_compare(detail_app(job, tab="fields"), terminal_size=size, run_before=loaded)
