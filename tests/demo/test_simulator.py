"""The simulator: the pure step function, the Simulator's ticks, and live changes through moto."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.conftest import FIXED_NOW, reset_moto
from tui.aws.client import ConnectionOptions, build_client
from tui.aws.jobs import ListFilters, describe_training_job, list_training_jobs
from tui.aws.shapes import describe_training_job_shape, validate_shape
from tui.clock import FixedClock
from tui.demo import ROLES, attach_demo_fleet
from tui.demo.events import Event
from tui.demo.server import DemoFleet
from tui.demo.simulator import Simulator, is_settled, step, step_fleet
from tui.demo.spec import JobSpec

T0 = FIXED_NOW


def at(seconds: int) -> datetime:
    return T0 + timedelta(seconds=seconds)


def training_state() -> dict[str, Any]:
    """A job that has been Training since T0+60 s."""
    return {
        "TrainingJobStatus": "InProgress",
        "SecondaryStatus": "Training",
        "CreationTime": T0,
        "LastModifiedTime": at(60),
        "TrainingStartTime": at(30),
        "SecondaryStatusTransitions": [
            {"Status": "Starting", "StartTime": T0, "EndTime": at(30), "StatusMessage": "Preparing"},
            {"Status": "Downloading", "StartTime": at(30), "EndTime": at(60), "StatusMessage": "Downloading"},
            {"Status": "Training", "StartTime": at(60), "StatusMessage": "Downloading the training image"},
        ],
        "WarmPoolStatus": {"Status": "InUse"},
    }


PLAN = (
    Event(at(90), None, "Training image download completed. Training in progress."),
    Event(at(300), "Uploading", "Uploading generated training model"),
    Event(
        at(360),
        "Completed",
        "Training job completed",
        {"TrainingEndTime": at(360), "TrainingTimeInSeconds": 330, "WarmPoolStatus": {"Status": "Available"}},
    ),
    Event(
        at(660),
        None,
        None,
        {"WarmPoolStatus": {"Status": "Terminated", "ResourceRetainedBillableTimeInSeconds": 300}},
    ),
)


def test_nothing_due_means_nothing_changes() -> None:
    state = training_state()
    assert step(state, PLAN, at(89)) == state


def test_a_message_update_rewrites_the_open_transition_only() -> None:
    new = step(training_state(), PLAN, at(90))
    transitions = new["SecondaryStatusTransitions"]
    assert transitions[-1] == {
        "Status": "Training",
        "StartTime": at(60),
        "StatusMessage": "Training image download completed. Training in progress.",
    }
    assert new["SecondaryStatus"] == "Training" and new["LastModifiedTime"] == at(90)


def test_a_new_status_closes_the_previous_transition_and_moves_last_modified() -> None:
    new = step(training_state(), PLAN, at(301))
    transitions = new["SecondaryStatusTransitions"]
    assert [t["Status"] for t in transitions] == ["Starting", "Downloading", "Training", "Uploading"]
    assert transitions[2]["EndTime"] == at(300)
    assert transitions[3] == {
        "Status": "Uploading",
        "StartTime": at(300),
        "StatusMessage": "Uploading generated training model",
    }
    assert new["TrainingJobStatus"] == "InProgress"
    assert new["LastModifiedTime"] == at(300)


def test_the_final_status_is_closed_at_once_and_sets_the_primary_status() -> None:
    new = step(training_state(), PLAN, at(400))
    last = new["SecondaryStatusTransitions"][-1]
    assert last == {
        "Status": "Completed",
        "StartTime": at(360),
        "EndTime": at(360),
        "StatusMessage": "Training job completed",
    }
    assert new["TrainingJobStatus"] == "Completed"
    assert new["TrainingEndTime"] == at(360)
    assert new["WarmPoolStatus"] == {"Status": "Available"}
    assert not is_settled(new, PLAN)  # the warm pool has yet to expire


def test_terminal_state_stops_changing_and_is_settled() -> None:
    final = step(training_state(), PLAN, at(700))
    assert final["WarmPoolStatus"] == {"Status": "Terminated", "ResourceRetainedBillableTimeInSeconds": 300}
    assert final["LastModifiedTime"] == at(660)
    assert is_settled(final, PLAN)
    assert step(final, PLAN, at(10_000)) == final


def test_stepping_is_pure_and_idempotent() -> None:
    state = training_state()
    snapshot = repr(state)
    once = step(state, PLAN, at(400))
    assert repr(state) == snapshot  # the input is left alone
    assert step(once, PLAN, at(400)) == once
    # Small steps arrive where one big step does.
    walked = state
    for seconds in range(60, 720, 7):
        walked = step(walked, PLAN, at(seconds))
    assert walked == step(state, PLAN, at(720))


def test_a_removing_update_drops_the_field() -> None:
    plan = (Event(at(100), None, None, {"WarmPoolStatus": None}),)
    assert "WarmPoolStatus" not in step(training_state(), plan, at(100))


def test_step_fleet_moves_only_jobs_with_a_plan() -> None:
    states = {"a": training_state(), "b": training_state()}
    moved = step_fleet(states, {"a": PLAN}, at(400))
    assert moved["a"]["TrainingJobStatus"] == "Completed"
    assert moved["b"] == states["b"]


def spec(name: str = "job-a") -> JobSpec:
    return JobSpec(name=name, request={}, state=training_state(), plan=PLAN)


def test_simulator_ticks_hand_changed_fields_to_apply() -> None:
    applied: list[tuple[str, dict[str, Any]]] = []

    def apply(name: str, changes: dict[str, Any]) -> bool:
        applied.append((name, changes))
        return True

    clock = FixedClock(at(200))
    simulator = Simulator([spec(), JobSpec("still", {}, training_state())], apply, clock=clock)
    assert simulator.active == ["job-a"]
    assert simulator.tick() == ["job-a"]
    name, changes = applied[-1]
    assert name == "job-a"
    assert set(changes) == {"SecondaryStatusTransitions", "LastModifiedTime"}
    assert simulator.tick() == []  # nothing new at the same time
    clock.advance(500)
    assert simulator.tick() == ["job-a"]
    changes = applied[-1][1]
    assert changes["TrainingJobStatus"] == "Completed"
    assert changes["WarmPoolStatus"]["Status"] == "Terminated"
    assert simulator.active == []  # settled: dropped from the plan


def test_simulator_forgets_a_job_the_server_no_longer_has() -> None:
    simulator = Simulator([spec()], lambda n, c: False, clock=FixedClock(at(400)))
    assert simulator.tick() == []
    assert simulator.active == []


def test_simulator_thread_applies_changes_and_stops() -> None:
    applied: list[str] = []

    def apply(name: str, changes: dict[str, Any]) -> bool:
        applied.append(name)
        return True

    clock = FixedClock(at(400))
    simulator = Simulator([spec()], apply, clock=clock, interval=0.01)
    simulator.start()
    deadline = time.monotonic() + 5
    while not applied and time.monotonic() < deadline:
        time.sleep(0.01)
    simulator.stop()
    assert applied == ["job-a"]
    assert not simulator.running


# -- through moto ---------------------------------------------------------------------------------
@pytest.fixture
def live_fleet(moto_server: str) -> Iterator[DemoFleet]:
    """A small fleet whose simulator thread runs on a clock that stands still: only the test's
    explicit ticks move it."""
    reset_moto(moto_server)
    clock = FixedClock(T0)
    with attach_demo_fleet(
        moto_server, seed=3, jobs=40, now=T0, simulate=True, clock=clock, tick_seconds=0.05
    ) as f:
        yield f
    reset_moto(moto_server)


@pytest.mark.moto_server
def test_simulated_changes_reach_describe_and_the_last_modified_filter(
    live_fleet: DemoFleet,
) -> None:
    fleet = live_fleet
    client = build_client(
        ConnectionOptions(region="us-east-1", endpoint_url=fleet.endpoint_url, max_attempts=1,
                          list_min_interval=0.0, static_credentials=fleet.credentials)
    )  # fmt: skip
    name = ROLES["uploading"]
    before = describe_training_job(client, name)
    assert before["SecondaryStatus"] == "Uploading"
    assert fleet.simulator is not None
    fleet.simulator.tick(T0 + timedelta(minutes=10))  # what the thread would do ten minutes on
    after = describe_training_job(client, name)
    assert after["TrainingJobStatus"] == "Completed"
    assert (
        after["SecondaryStatusTransitions"][-2]["EndTime"]
        == after["SecondaryStatusTransitions"][-1]["StartTime"]
    )
    assert after["LastModifiedTime"] > before["LastModifiedTime"]
    assert validate_shape(after, describe_training_job_shape()) == []
    # A client refreshing with LastModifiedTimeAfter sees exactly the jobs that moved.
    changed = ListFilters(last_modified_time_after=T0)
    names = {s["TrainingJobName"] for page in list_training_jobs(client, changed) for s in page}
    assert name in names and ROLES["starting"] in names and ROLES["minimal"] not in names
    # And the Search change feed sees the same jobs, with their new LastModifiedTime.
    from tui.aws.search import search_modified_after

    records = [r for page in search_modified_after(client, T0) for r in page]
    assert {r["TrainingJobName"] for r in records} == names
    moved = next(r for r in records if r["TrainingJobName"] == name)
    assert moved["LastModifiedTime"] == after["LastModifiedTime"]
