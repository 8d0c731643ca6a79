"""The pure fleet generator: determinism, sizes, and internal consistency of every job's story."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from itertools import pairwise
from typing import Any

import botocore.session
import pytest

from tests.conftest import FIXED_NOW
from tui.aws.jobs import JOB_NAME_PATTERN
from tui.aws.shapes import describe_training_job_shape, validate_shape
from tui.demo import FAILED_JOB, LONG_NAME, MAXIMAL_JOB, MINIMAL_JOB, ROLES, RUNNING_JOB, generate_fleet
from tui.demo.events import FINAL_SECONDARY, PRIMARY_OF_SECONDARY
from tui.demo.showcase import showcase_jobs
from tui.demo.simulator import step
from tui.demo.spec import REQUEST_FIELDS_IN_DESCRIBE, JobSpec


@pytest.fixture(scope="module")
def fleet() -> list[JobSpec]:
    return generate_fleet(7, FIXED_NOW)


def by_name(fleet: list[JobSpec]) -> dict[str, JobSpec]:
    return {spec.name: spec for spec in fleet}


def all_times(value: Any) -> list[datetime]:
    if isinstance(value, datetime):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in all_times(v)]
    if isinstance(value, list):
        return [t for v in value for t in all_times(v)]
    return []


def test_same_seed_and_now_give_the_same_fleet(fleet: list[JobSpec]) -> None:
    assert generate_fleet(7, FIXED_NOW) == fleet


def test_a_different_seed_gives_a_different_fleet_but_the_same_showcase(fleet: list[JobSpec]) -> None:
    other = generate_fleet(8, FIXED_NOW)
    assert {s.name for s in other} != {s.name for s in fleet}
    showcase = {s.name for s in fleet if s.role}
    assert showcase == {s.name for s in other if s.role}
    assert [s for s in other if s.role] == [s for s in fleet if s.role]


def test_times_follow_now(fleet: list[JobSpec]) -> None:
    later = generate_fleet(7, FIXED_NOW + timedelta(days=1))
    shifted = by_name(later)[MAXIMAL_JOB].state["CreationTime"]
    assert shifted == by_name(fleet)[MAXIMAL_JOB].state["CreationTime"] + timedelta(days=1)


def test_sizes_and_running_count() -> None:
    fleet = generate_fleet(1, FIXED_NOW, count=120, running=15)
    assert len(fleet) == 120
    assert sum(s.state["TrainingJobStatus"] == "InProgress" for s in fleet) == 15
    frozen = generate_fleet(1, FIXED_NOW, count=50, running=0)
    assert len(frozen) == 50
    # With running=0 nothing is InProgress (a Stopping job or a warm pool may still change).
    assert not any(s.state["TrainingJobStatus"] == "InProgress" for s in frozen)
    tiny = generate_fleet(1, FIXED_NOW, count=3)
    assert [s.name for s in sorted(tiny, key=lambda s: s.name)] == sorted(
        [MAXIMAL_JOB, FAILED_JOB, RUNNING_JOB]
    )


def test_default_fleet_is_300_with_about_4_percent_running(fleet: list[JobSpec]) -> None:
    assert len(fleet) == 300
    assert sum(s.state["TrainingJobStatus"] == "InProgress" for s in fleet) == 12


def test_names_are_unique_valid_and_the_showcase_is_all_there(fleet: list[JobSpec]) -> None:
    names = [s.name for s in fleet]
    assert len(set(names)) == len(names)
    assert all(JOB_NAME_PATTERN.match(n) for n in names)
    assert set(ROLES.values()) <= set(names)
    assert len(LONG_NAME) == 63
    assert all(s.request["TrainingJobName"] == s.name for s in fleet)


def test_fleet_is_ordered_by_creation_time(fleet: list[JobSpec]) -> None:
    created = [s.state["CreationTime"] for s in fleet]
    assert created == sorted(created)


def test_every_job_describes_to_a_valid_response(fleet: list[JobSpec]) -> None:
    shape = describe_training_job_shape()
    problems = {s.name: validate_shape(s.describe(), shape) for s in fleet}
    assert {name: errs for name, errs in problems.items() if errs} == {}


def test_request_fields_in_describe_match_botocore() -> None:
    model = botocore.session.get_session().get_service_model("sagemaker")
    request = set(model.operation_model("CreateTrainingJob").input_shape.members)
    response = set(model.operation_model("DescribeTrainingJob").output_shape.members)
    assert set(REQUEST_FIELDS_IN_DESCRIBE) == (request & response) - {"TrainingJobName"}


def test_times_are_whole_utc_seconds_and_state_is_not_in_the_future(fleet: list[JobSpec]) -> None:
    for spec in fleet:
        times = all_times(spec.state)
        assert all(t.tzinfo is not None and t.utcoffset() == timedelta(0) for t in times), spec.name
        assert all(t.microsecond == 0 for t in times), spec.name
        assert spec.state["LastModifiedTime"] <= FIXED_NOW, spec.name
        assert spec.state["CreationTime"] <= spec.state["LastModifiedTime"], spec.name
        assert all(event.at > FIXED_NOW for event in spec.plan), spec.name


def check_story(spec_name: str, state: dict[str, Any]) -> None:
    """SageMaker's rules for a job's status fields, checked on one state."""
    transitions = state["SecondaryStatusTransitions"]
    assert transitions[-1]["Status"] == state["SecondaryStatus"], spec_name
    assert PRIMARY_OF_SECONDARY[state["SecondaryStatus"]] == state["TrainingJobStatus"], spec_name
    assert transitions[0]["StartTime"] == state["CreationTime"], spec_name
    for before, after in pairwise(transitions):
        # Each transition closes when the next opens.
        assert before["EndTime"] == after["StartTime"], spec_name
    last = transitions[-1]
    if last["Status"] in FINAL_SECONDARY:
        assert last["EndTime"] == last["StartTime"], spec_name
    else:
        assert "EndTime" not in last, spec_name
    assert all(t.get("StatusMessage") for t in transitions), spec_name
    if "TrainingEndTime" in state:
        assert state["TrainingJobStatus"] in ("Completed", "Failed", "Stopped"), spec_name
        seconds = (state["TrainingEndTime"] - state["TrainingStartTime"]).total_seconds()
        assert state["TrainingTimeInSeconds"] == max(1, int(seconds)), spec_name
        assert 1 <= state["BillableTimeInSeconds"] <= state["TrainingTimeInSeconds"], spec_name


def test_every_story_follows_sagemaker_rules(fleet: list[JobSpec]) -> None:
    for spec in fleet:
        check_story(spec.name, spec.state)


def test_every_story_still_holds_when_played_to_the_end(fleet: list[JobSpec]) -> None:
    end = FIXED_NOW + timedelta(days=30)
    for spec in fleet:
        final = step(spec.state, spec.plan, end)
        check_story(spec.name, final)
        assert final["TrainingJobStatus"] in ("Completed", "Failed", "Stopped"), spec.name
        pool = final.get("WarmPoolStatus")
        if pool:
            assert pool["Status"] in ("Terminated", "Reused"), spec.name
        for key in ("DebugRuleEvaluationStatuses", "ProfilerRuleEvaluationStatuses"):
            assert all(r["RuleEvaluationStatus"] != "InProgress" for r in final.get(key, ())), spec.name


def test_documented_jobs(fleet: list[JobSpec]) -> None:
    jobs = by_name(fleet)
    members = set(describe_training_job_shape().members)
    assert set(jobs[MAXIMAL_JOB].describe()) == members - {"FailureReason"}

    minimal = jobs[MINIMAL_JOB].describe()
    assert set(jobs[MINIMAL_JOB].request) == {
        "TrainingJobName", "AlgorithmSpecification", "RoleArn", "OutputDataConfig", "ResourceConfig",
        "StoppingCondition",
    }  # fmt: skip
    assert "HyperParameters" not in minimal and "FinalMetricDataList" not in minimal
    assert minimal["TrainingJobStatus"] == "Completed"

    failed = jobs[FAILED_JOB].describe()
    assert failed["TrainingJobStatus"] == "Failed" and failed["FailureReason"].startswith("CapacityError")
    assert not {"TrainingStartTime", "TrainingEndTime", "BillableTimeInSeconds"} & set(failed)

    running = jobs[RUNNING_JOB]
    assert running.state["SecondaryStatus"] == "Training"
    assert running.state["WarmPoolStatus"] == {"Status": "InUse"}
    assert running.plan and running.plan[0].at > FIXED_NOW + timedelta(hours=2)


def test_reused_warm_pools_name_a_job_of_the_fleet_created_then(fleet: list[JobSpec]) -> None:
    jobs = by_name(fleet)
    reused = [s for s in fleet if s.state.get("WarmPoolStatus", {}).get("Status") == "Reused"]
    assert reused
    for spec in reused:
        pool = spec.state["WarmPoolStatus"]
        other = jobs[pool["ReusedByJob"]]
        gap = other.state["CreationTime"] - spec.state["TrainingEndTime"]
        assert pool["ResourceRetainedBillableTimeInSeconds"] == int(gap.total_seconds())
        assert (
            timedelta(0) < gap < timedelta(seconds=spec.request["ResourceConfig"]["KeepAlivePeriodInSeconds"])
        )


def test_showcase_does_not_depend_on_the_seed_only_on_now() -> None:
    assert showcase_jobs(FIXED_NOW) == showcase_jobs(FIXED_NOW)
    moved = showcase_jobs(datetime(2030, 1, 1, tzinfo=timezone.utc))
    assert [s.name for s in moved] == [s.name for s in showcase_jobs(FIXED_NOW)]
