"""StopTrainingJob on the local SageMaker, through boto3, as SageMaker answers it (tui/demo/stop.py).

Each rule of the API reference the demo implements is pinned here on what comes back over the
wire: the immediate Stopping, the later Stopped on the fleet's clock, the warm pool kept, and the
ValidationException for a job that is not InProgress.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.conftest import FIXED_NOW, stepped_demo_fleet
from tui.aws.client import ConnectionOptions, build_client
from tui.aws.errors import NotFoundError, ServiceError
from tui.clock import FixedClock
from tui.demo import RUNNING_JOB
from tui.demo.server import DemoFleet
from tui.demo.stop import STOP_SECONDS
from tui.repository import JobRepository

pytestmark = pytest.mark.moto_server


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(FIXED_NOW)


@pytest.fixture
def fleet(moto_server: str, clock: FixedClock) -> Iterator[DemoFleet]:
    with stepped_demo_fleet(moto_server, clock) as loaded:  # the test's clock and tick() move it on
        yield loaded


@pytest.fixture
def sm(fleet: DemoFleet) -> Any:
    return boto3.client(
        "sagemaker",
        endpoint_url=fleet.endpoint_url,
        region_name=fleet.region,
        aws_access_key_id="demo",
        aws_secret_access_key="demo",
        config=Config(retries={"max_attempts": 1}),
    )


def running_jobs(sm: Any) -> list[dict[str, Any]]:
    summaries = sm.list_training_jobs(StatusEquals="InProgress")["TrainingJobSummaries"]
    names = [s["TrainingJobName"] for s in summaries]
    return [sm.describe_training_job(TrainingJobName=n) for n in names]


def test_stop_moves_an_in_progress_job_to_stopping_at_once(sm: Any) -> None:
    before = sm.describe_training_job(TrainingJobName=RUNNING_JOB)
    assert before["TrainingJobStatus"] == "InProgress"
    response = sm.stop_training_job(TrainingJobName=RUNNING_JOB)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    after = sm.describe_training_job(TrainingJobName=RUNNING_JOB)
    assert after["TrainingJobStatus"] == "Stopping"
    assert after["SecondaryStatus"] == "Stopping"
    last = after["SecondaryStatusTransitions"][-1]
    assert (last["Status"], last["StatusMessage"]) == ("Stopping", "Stopping the training job")
    assert "EndTime" not in last
    # The transition before it is closed when Stopping opens.
    assert after["SecondaryStatusTransitions"][-2]["EndTime"] == last["StartTime"]
    assert after["LastModifiedTime"] > before["LastModifiedTime"]
    summaries = sm.list_training_jobs(NameContains=RUNNING_JOB)["TrainingJobSummaries"]
    assert [s["TrainingJobStatus"] for s in summaries if s["TrainingJobName"] == RUNNING_JOB] == ["Stopping"]


def test_stopping_becomes_stopped_on_the_fleets_clock(sm: Any, clock: FixedClock) -> None:
    sm.stop_training_job(TrainingJobName=RUNNING_JOB)
    clock.advance(STOP_SECONDS - 1)
    assert sm.describe_training_job(TrainingJobName=RUNNING_JOB)["TrainingJobStatus"] == "Stopping"
    clock.advance(1)
    done = sm.describe_training_job(TrainingJobName=RUNNING_JOB)
    assert (done["TrainingJobStatus"], done["SecondaryStatus"]) == ("Stopped", "Stopped")
    last = done["SecondaryStatusTransitions"][-1]
    assert (last["Status"], last["StatusMessage"]) == ("Stopped", "Training job stopped")
    assert last["EndTime"] == last["StartTime"]  # a final status is recorded closed
    assert done["TrainingEndTime"] == last["StartTime"]
    trained = (done["TrainingEndTime"] - done["TrainingStartTime"]).total_seconds()
    assert done["TrainingTimeInSeconds"] == int(trained)
    assert done["BillableTimeInSeconds"] == done["TrainingTimeInSeconds"]
    # Search, which reads moto's objects directly, sees the same state.
    found = sm.search(
        Resource="TrainingJob",
        SearchExpression={"Filters": [{"Name": "TrainingJobName", "Value": RUNNING_JOB}]},
    )["Results"]
    assert [r["TrainingJob"]["TrainingJobStatus"] for r in found] == ["Stopped"]


def test_a_warm_pool_is_kept_available_then_expires(sm: Any, clock: FixedClock) -> None:
    pooled = [j for j in running_jobs(sm) if j["ResourceConfig"].get("KeepAlivePeriodInSeconds")]
    assert pooled, "the fleet has a running job with a warm pool"
    job = pooled[0]
    name, keep_alive = job["TrainingJobName"], job["ResourceConfig"]["KeepAlivePeriodInSeconds"]
    sm.stop_training_job(TrainingJobName=name)
    clock.advance(STOP_SECONDS)
    stopped = sm.describe_training_job(TrainingJobName=name)
    assert stopped["TrainingJobStatus"] == "Stopped"
    assert stopped["WarmPoolStatus"]["Status"] == "Available"
    clock.advance(keep_alive)
    expired = sm.describe_training_job(TrainingJobName=name)["WarmPoolStatus"]
    assert expired == {"Status": "Terminated", "ResourceRetainedBillableTimeInSeconds": keep_alive}


def test_a_job_without_keep_alive_has_no_warm_pool_after_stopping(sm: Any, clock: FixedClock) -> None:
    plain = [j for j in running_jobs(sm) if not j["ResourceConfig"].get("KeepAlivePeriodInSeconds")]
    name = plain[0]["TrainingJobName"]
    sm.stop_training_job(TrainingJobName=name)
    clock.advance(STOP_SECONDS)
    assert "WarmPoolStatus" not in sm.describe_training_job(TrainingJobName=name)


def test_the_simulator_does_not_move_a_stopped_job_on(fleet: DemoFleet, sm: Any, clock: FixedClock) -> None:
    assert fleet.simulator is not None
    sm.stop_training_job(TrainingJobName=RUNNING_JOB)
    clock.advance(3600)
    fleet.simulator.tick()  # its plan would have completed the job by now
    assert sm.describe_training_job(TrainingJobName=RUNNING_JOB)["TrainingJobStatus"] == "Stopped"


@pytest.mark.parametrize("first_stop", [False, True])
def test_a_job_not_in_progress_is_a_validation_exception(sm: Any, first_stop: bool) -> None:
    if first_stop:
        name, status = RUNNING_JOB, "Stopping"
        sm.stop_training_job(TrainingJobName=name)
    else:
        done = sm.list_training_jobs(StatusEquals="Completed")["TrainingJobSummaries"][0]
        name, status = done["TrainingJobName"], "Completed"
    with pytest.raises(ClientError) as caught:
        sm.stop_training_job(TrainingJobName=name)
    error = caught.value.response["Error"]
    assert error["Code"] == "ValidationException"
    assert error["Message"] == f"The request was rejected because the training job is in status {status}."
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_an_unknown_job_is_not_found(sm: Any) -> None:
    with pytest.raises(ClientError) as caught:
        sm.stop_training_job(TrainingJobName="no-such-job")
    error = caught.value.response["Error"]
    assert (error["Code"], error["Message"]) == ("ValidationException", "Requested resource not found.")


def test_the_repository_stops_a_job_and_says_why_it_cannot(fleet: DemoFleet) -> None:
    client = build_client(
        ConnectionOptions(
            region=fleet.region, endpoint_url=fleet.endpoint_url, max_attempts=1,
            static_credentials=fleet.credentials,
        )
    )
    repository = JobRepository(client=client)
    repository.stop(RUNNING_JOB)
    assert repository.describe(RUNNING_JOB, force=True).value["TrainingJobStatus"] == "Stopping"
    with pytest.raises(ServiceError) as caught:
        repository.stop(RUNNING_JOB)
    assert str(caught.value) == (
        "StopTrainingJob failed (ValidationException): The request was rejected because the training "
        "job is in status Stopping."
    )
    with pytest.raises(NotFoundError):
        repository.stop("no-such-job")


# -- the pure rules (no server) ---------------------------------------------------------------------
def test_stop_events_move_running_rule_evaluations_and_keep_verdicts() -> None:
    from datetime import timedelta

    from tui.demo.events import advance
    from tui.demo.stop import StopRejected, stop_events

    rules = [
        {"RuleConfigurationName": name, "RuleEvaluationStatus": status, "LastModifiedTime": FIXED_NOW}
        for name, status in (("Loss", "InProgress"), ("Overfit", "IssuesFound"))
    ]
    state = {
        "TrainingJobStatus": "InProgress", "SecondaryStatus": "Starting", "LastModifiedTime": FIXED_NOW,
        "SecondaryStatusTransitions": [{"Status": "Starting", "StartTime": FIXED_NOW}],
        "DebugRuleEvaluationStatuses": rules, "ResourceConfig": {"InstanceCount": 1},
    }
    events = stop_events(state, FIXED_NOW)  # at the same second as the last change: moved on by one
    assert events[0].at == FIXED_NOW + timedelta(seconds=1)
    stopping = advance(state, events, events[0].at)
    def verdicts(state: dict[str, Any]) -> list[str]:
        return [r["RuleEvaluationStatus"] for r in state["DebugRuleEvaluationStatuses"]]

    assert verdicts(stopping) == ["Stopping", "IssuesFound"]
    stopped = advance(stopping, events, events[-1].at)
    assert verdicts(stopped) == ["Stopped", "IssuesFound"]
    # Never trained (stopped while Starting): no end time, no training or billable seconds.
    assert not {"TrainingEndTime", "TrainingTimeInSeconds", "BillableTimeInSeconds"} & set(stopped)
    with pytest.raises(StopRejected, match="is in status Stopped"):
        stop_events(stopped, FIXED_NOW + timedelta(hours=1))
