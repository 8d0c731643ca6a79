"""The local SageMaker's tuning jobs: one test per documented rule, then the wire with the fleet."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tui.demo import attach_demo_fleet
from tui.demo.search import SearchValidationError
from tui.demo.tuning import (
    best_trial,
    counters,
    list_trials,
    list_tuning_jobs,
    objective_value,
    trial_summary,
    tuned_names,
)
from tui.demo.tuning_fleet import TUNINGS, tuning_specs

T0 = datetime(2026, 1, 1, 12, 0, 0)
CONFIG = {
    "Strategy": "Bayesian",
    "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
    "ResourceLimits": {"MaxNumberOfTrainingJobs": 10, "MaxParallelTrainingJobs": 2},
    "ParameterRanges": {
        "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "3", "MaxValue": "9"}],
        "ContinuousParameterRanges": [{"Name": "eta", "MinValue": "0.01", "MaxValue": "0.3"}],
        "CategoricalParameterRanges": [{"Name": "booster", "Values": ["gbtree", "dart"]}],
    },
}
TUNING = {"HyperParameterTuningJobName": "hpo", "HyperParameterTuningJobConfig": CONFIG}


def job(name: str, status: str, auc: float | None, minutes: int = 0, **extra: Any) -> dict[str, Any]:
    metrics = [{"MetricName": "train:auc", "Value": 0.99}]
    if auc is not None:
        metrics.append({"MetricName": "validation:auc", "Value": auc})
    return {
        "TrainingJobName": name,
        "TrainingJobArn": f"arn:aws:sagemaker:us-east-1:1:training-job/{name}",
        "TrainingJobStatus": status,
        "CreationTime": T0 + timedelta(minutes=minutes),
        "HyperParameters": {"max_depth": "5", "eta": "0.1", "booster": "dart", "objective": "binary"},
        "FinalMetricDataList": metrics,
        **extra,
    }


TRIALS = [
    trial_summary(job("t-c", "Completed", 0.81, 2), TUNING),
    trial_summary(job("t-a", "Completed", 0.85, 1), TUNING),
    trial_summary(job("t-b", "InProgress", None, 3), TUNING),
    trial_summary(job("t-d", "Failed", None, 0, FailureReason="OOM"), TUNING),
    trial_summary(job("t-e", "Stopped", 0.70, 4), TUNING),
]


def names(result: dict[str, Any], key: str = "TrainingJobSummaries") -> list[str]:
    field = "TrainingJobName" if key == "TrainingJobSummaries" else "HyperParameterTuningJobName"
    return [item[field] for item in result[key]]


# -- one trial ------------------------------------------------------------------------------------
def test_tuned_hyperparameters_are_the_ranged_ones_only() -> None:
    assert tuned_names(CONFIG) == ["max_depth", "eta", "booster"]
    assert TRIALS[1]["TunedHyperParameters"] == {"max_depth": "5", "eta": "0.1", "booster": "dart"}


def test_objective_is_the_last_value_of_the_objective_metric() -> None:
    data = {"FinalMetricDataList": [
        {"MetricName": "validation:auc", "Value": 0.5}, {"MetricName": "validation:auc", "Value": 0.6},
    ]}
    assert objective_value(data, "validation:auc") == 0.6
    assert objective_value(data, "other") is None
    assert TRIALS[1]["FinalHyperParameterTuningJobObjectiveMetric"] == {
        "Type": "Maximize", "MetricName": "validation:auc", "Value": 0.85,
    }


def test_objective_status_succeeded_pending_failed() -> None:
    statuses = [t["ObjectiveStatus"] for t in TRIALS]
    assert statuses == ["Succeeded", "Succeeded", "Pending", "Failed", "Succeeded"]
    assert TRIALS[3]["FailureReason"] == "OOM"
    assert "FinalHyperParameterTuningJobObjectiveMetric" not in TRIALS[2]


def test_status_counters_count_trials_failed_as_non_retryable() -> None:
    status, objective = counters(TRIALS)
    assert status == {
        "Completed": 2, "InProgress": 1, "RetryableError": 0, "NonRetryableError": 1, "Stopped": 1,
    }
    assert objective == {"Succeeded": 3, "Pending": 1, "Failed": 1}


def test_best_training_job_follows_the_objective_direction() -> None:
    best = best_trial(TRIALS, "Maximize")
    assert best is not None and best["TrainingJobName"] == "t-a"
    worst = best_trial(TRIALS, "Minimize")
    assert worst is not None and worst["TrainingJobName"] == "t-e"
    assert best_trial(TRIALS[2:4], "Maximize") is None


def test_an_in_progress_tuning_job_completes_when_all_its_training_jobs_have_ended() -> None:
    from tui.demo.tuning import settle

    record = {"HyperParameterTuningJobStatus": "InProgress", "HyperParameterTuningJobConfig": {
        "ResourceLimits": {"MaxNumberOfTrainingJobs": 2}}, "LastModifiedTime": T0}
    ended = [{"TrainingJobStatus": "Completed", "TrainingEndTime": T0 + timedelta(minutes=m)} for m in (5, 9)]
    done = settle(record, ended)
    assert done["HyperParameterTuningJobStatus"] == "Completed"
    assert done["HyperParameterTuningEndTime"] == done["LastModifiedTime"] == T0 + timedelta(minutes=9)
    running: list[dict[str, Any]] = [ended[0], {"TrainingJobStatus": "InProgress"}]
    assert settle(record, running)["HyperParameterTuningJobStatus"] == "InProgress"
    assert settle(record, ended[:1])["HyperParameterTuningJobStatus"] == "InProgress"  # more to launch


# -- ListTrainingJobsForHyperParameterTuningJob ---------------------------------------------------
def test_trials_default_to_name_ascending_10_per_page() -> None:
    assert names(list_trials(TRIALS, {})) == ["t-a", "t-b", "t-c", "t-d", "t-e"]
    many = [dict(TRIALS[0], TrainingJobName=f"x{i:02d}") for i in range(25)]
    first = list_trials(many, {})
    assert len(first["TrainingJobSummaries"]) == 10 and "NextToken" in first
    rest = list_trials(many, {"NextToken": first["NextToken"], "MaxResults": 100})
    assert names(rest)[0] == "x10" and "NextToken" not in rest


def test_trials_by_final_objective_leave_out_those_without_one() -> None:
    result = list_trials(TRIALS, {"SortBy": "FinalObjectiveMetricValue", "SortOrder": "Descending"})
    assert names(result) == ["t-a", "t-c", "t-e"]
    ascending = list_trials(TRIALS, {"SortBy": "FinalObjectiveMetricValue"})
    assert names(ascending) == ["t-e", "t-c", "t-a"]


def test_trials_by_creation_time_and_status_and_status_filter() -> None:
    assert names(list_trials(TRIALS, {"SortBy": "CreationTime"})) == ["t-d", "t-a", "t-c", "t-b", "t-e"]
    assert names(list_trials(TRIALS, {"SortBy": "Status", "SortOrder": "Descending"}))[0] == "t-e"
    assert names(list_trials(TRIALS, {"StatusEquals": "Completed"})) == ["t-a", "t-c"]


@pytest.mark.parametrize(
    "request_", [{"MaxResults": 0}, {"MaxResults": 101}, {"SortBy": "Objective"}, {"SortOrder": "Up"},
                 {"StatusEquals": "Done"}, {"NextToken": "not-a-token"}],
)
def test_trials_invalid_requests_are_validation_errors(request_: dict[str, Any]) -> None:
    with pytest.raises(SearchValidationError):
        list_trials(TRIALS, request_)


# -- ListHyperParameterTuningJobs -----------------------------------------------------------------
def tuning(name: str, status: str, minutes: int) -> dict[str, Any]:
    return {
        "HyperParameterTuningJobName": name,
        "HyperParameterTuningJobArn": f"arn:aws:sagemaker:us-east-1:1:hyper-parameter-tuning-job/{name}",
        "HyperParameterTuningJobStatus": status,
        "HyperParameterTuningJobConfig": CONFIG,
        "CreationTime": T0 + timedelta(minutes=minutes),
        "LastModifiedTime": T0 + timedelta(minutes=minutes + 30),
        "TrainingJobStatusCounters": {"Completed": 1},
        "ObjectiveStatusCounters": {"Succeeded": 1},
        "BestTrainingJob": TRIALS[1],
    }


TUNINGS_ = [tuning("b-hpo", "Completed", 10), tuning("a-hpo", "InProgress", 20), tuning("c-xgb", "Failed", 5)]
KEY = "HyperParameterTuningJobSummaries"


def test_tuning_jobs_default_to_name_ascending() -> None:
    assert names(list_tuning_jobs(TUNINGS_, {}), KEY) == ["a-hpo", "b-hpo", "c-xgb"]


def test_tuning_job_summaries_hold_the_summary_members_only() -> None:
    summary = list_tuning_jobs(TUNINGS_, {"NameContains": "a-"})[KEY][0]
    assert summary["Strategy"] == "Bayesian"
    assert summary["ResourceLimits"] == CONFIG["ResourceLimits"]
    assert summary["TrainingJobStatusCounters"] == {"Completed": 1}
    assert "BestTrainingJob" not in summary and "HyperParameterTuningJobConfig" not in summary


def test_tuning_jobs_sort_by_creation_time_and_status() -> None:
    by_time = list_tuning_jobs(TUNINGS_, {"SortBy": "CreationTime", "SortOrder": "Descending"})
    assert names(by_time, KEY) == ["a-hpo", "b-hpo", "c-xgb"]
    assert names(list_tuning_jobs(TUNINGS_, {"SortBy": "Status"}), KEY) == ["b-hpo", "c-xgb", "a-hpo"]


def test_tuning_jobs_filters_apply_before_paging() -> None:
    assert names(list_tuning_jobs(TUNINGS_, {"NameContains": "hpo", "MaxResults": 1}), KEY) == ["a-hpo"]
    assert names(list_tuning_jobs(TUNINGS_, {"StatusEquals": "Failed", "MaxResults": 1}), KEY) == ["c-xgb"]


def test_tuning_jobs_time_filters_are_strict() -> None:
    after = T0 + timedelta(minutes=10)
    assert names(list_tuning_jobs(TUNINGS_, {"CreationTimeAfter": after}), KEY) == ["a-hpo"]
    assert names(list_tuning_jobs(TUNINGS_, {"CreationTimeBefore": after}), KEY) == ["c-xgb"]
    epoch = (T0 + timedelta(minutes=40)).replace(tzinfo=timezone.utc).timestamp()  # as on the wire
    assert names(list_tuning_jobs(TUNINGS_, {"LastModifiedTimeAfter": epoch}), KEY) == ["a-hpo"]
    assert names(list_tuning_jobs(TUNINGS_, {"LastModifiedTimeBefore": epoch}), KEY) == ["c-xgb"]  # b: equal


def test_tuning_jobs_page_with_next_token() -> None:
    first = list_tuning_jobs(TUNINGS_, {"MaxResults": 2})
    assert names(first, KEY) == ["a-hpo", "b-hpo"]
    second = list_tuning_jobs(TUNINGS_, {"MaxResults": 2, "NextToken": first["NextToken"]})
    assert names(second, KEY) == ["c-xgb"] and "NextToken" not in second


@pytest.mark.parametrize(
    "request_", [{"MaxResults": 101}, {"SortBy": "LastModifiedTime"}, {"StatusEquals": "Running"},
                 {"SortOrder": "descending"}],
)
def test_tuning_jobs_invalid_requests_are_validation_errors(request_: dict[str, Any]) -> None:
    with pytest.raises(SearchValidationError):
        list_tuning_jobs(TUNINGS_, request_)


# -- the fleet ------------------------------------------------------------------------------------
NOW = datetime(2026, 12, 5, 8, 0, tzinfo=timezone.utc)


def test_fleet_has_bayesian_random_hyperband_in_progress_early_stopped_and_failed() -> None:
    from tui.demo import generate_fleet

    specs = generate_fleet(3, NOW)
    tunings = {t.name.rsplit("-", 2)[0]: t for t in tuning_specs(specs)}
    assert set(tunings) == {t.base for t in TUNINGS}
    strategies = {t.request["HyperParameterTuningJobConfig"]["Strategy"] for t in tunings.values()}
    assert strategies == {"Bayesian", "Random", "Hyperband"}
    by_name = {s.name: s for s in specs}
    hyperband = tunings["yolo-shelf-hyperband"]
    assert hyperband.state["HyperParameterTuningJobStatus"] == "InProgress"
    assert any(by_name[n].state["TrainingJobStatus"] == "InProgress" for n in hyperband.trials)
    random = tunings["bert-ner-random"]
    assert random.request["HyperParameterTuningJobConfig"]["TrainingJobEarlyStoppingType"] == "Auto"
    stopped = [by_name[n] for n in random.trials if by_name[n].state["TrainingJobStatus"] == "Stopped"]
    assert stopped and all(s.state.get("FinalMetricDataList") for s in stopped)
    failed = tunings["deepar-demand-bayes"]
    assert failed.state["HyperParameterTuningJobStatus"] == "Failed" and failed.state["FailureReason"]
    for t in tunings.values():  # trials carry the tuned values and the objective metric
        config = t.request["HyperParameterTuningJobConfig"]
        tuned = tuned_names(config)
        for name in t.trials:
            assert set(tuned) <= set(by_name[name].request["HyperParameters"])


def test_no_running_budget_leaves_the_in_progress_tuning_job_out() -> None:
    from tui.demo import generate_fleet

    specs = generate_fleet(3, NOW, running=0)
    assert all(s.state["TrainingJobStatus"] != "InProgress" for s in specs)
    assert "yolo-shelf-hyperband" not in {t.name.rsplit("-", 2)[0] for t in tuning_specs(specs)}


@pytest.fixture
def served(moto_url: str) -> Iterator[Any]:
    fleet = attach_demo_fleet(moto_url, seed=5, now=NOW, jobs=120, running=10)
    client = boto3.client(
        "sagemaker", endpoint_url=moto_url, region_name="us-east-1", aws_access_key_id="demo",
        aws_secret_access_key="demo", config=Config(retries={"max_attempts": 1}),
    )
    yield fleet, client
    fleet.stop()


def test_wire_tuning_jobs_are_listed_described_and_their_trials_are_fleet_jobs(served: Any) -> None:
    fleet, client = served
    specs = tuning_specs(fleet.specs)
    listed = client.list_hyper_parameter_tuning_jobs(MaxResults=100)[KEY]
    assert {t.name for t in specs} <= {s["HyperParameterTuningJobName"] for s in listed}
    for tuning_spec in specs:
        described = client.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName=tuning_spec.name)
        status = tuning_spec.state["HyperParameterTuningJobStatus"]
        assert described["HyperParameterTuningJobStatus"] == status
        assert sum(described["TrainingJobStatusCounters"].values()) == len(tuning_spec.trials)
        assert "OverallBestTrainingJob" not in described
        pages = client.get_paginator("list_training_jobs_for_hyper_parameter_tuning_job").paginate(
            HyperParameterTuningJobName=tuning_spec.name, PaginationConfig={"PageSize": 4}
        )
        trials = [t for page in pages for t in page["TrainingJobSummaries"]]
        assert sorted(t["TrainingJobName"] for t in trials) == list(tuning_spec.trials)
        for trial in trials[:2]:
            job = client.describe_training_job(TrainingJobName=trial["TrainingJobName"])
            assert job["TuningJobArn"] == described["HyperParameterTuningJobArn"]
        best = described.get("BestTrainingJob")
        if best:
            top = client.list_training_jobs_for_hyper_parameter_tuning_job(
                HyperParameterTuningJobName=tuning_spec.name, SortBy="FinalObjectiveMetricValue",
                SortOrder="Descending" if best["FinalHyperParameterTuningJobObjectiveMetric"]["Type"] ==
                "Maximize" else "Ascending", MaxResults=1,
            )["TrainingJobSummaries"][0]
            assert top["TrainingJobName"] == best["TrainingJobName"]


def test_wire_unknown_tuning_job_is_resource_not_found(served: Any) -> None:
    _fleet, client = served
    for call in (client.describe_hyper_parameter_tuning_job,
                 client.list_training_jobs_for_hyper_parameter_tuning_job):
        with pytest.raises(ClientError) as caught:
            call(HyperParameterTuningJobName="no-such-tuning-job")
        assert caught.value.response["Error"]["Code"] == "ResourceNotFound"


def test_wire_validation_error_and_time_filter(served: Any) -> None:
    _fleet, client = served
    with pytest.raises(ClientError) as caught:
        client.list_hyper_parameter_tuning_jobs(SortBy="Name", StatusEquals="Failed", MaxResults=100,
                                                NameContains="x", SortOrder="Descending",
                                                CreationTimeAfter=NOW, NextToken="garbage")
    assert caught.value.response["Error"]["Code"] == "ValidationException"
    recent = client.list_hyper_parameter_tuning_jobs(CreationTimeAfter=NOW - timedelta(hours=12))[KEY]
    assert [s["HyperParameterTuningJobName"].rsplit("-", 2)[0] for s in recent] == ["yolo-shelf-hyperband"]
