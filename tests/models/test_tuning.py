"""Pure tuning-job views: rows, sorting, filtering, column fitting, configuration lines, trials."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tui.models.tuning import (
    config_lines,
    filter_rows,
    fit_columns,
    range_lines,
    sort_rows,
    trial_rows,
    tuned_names,
    tuning_name_of,
    tuning_row,
)

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)


def summary(name: str, status: str, hours: float, **extra: object) -> dict[str, object]:
    return {
        "HyperParameterTuningJobName": name, "HyperParameterTuningJobStatus": status, "Strategy": "Bayesian",
        "CreationTime": NOW - timedelta(hours=hours),
        "TrainingJobStatusCounters": {"Completed": 2, "NonRetryableError": 1, "RetryableError": 1},
        **extra,
    }


def describe(kind: str, best: float | None) -> dict[str, object]:
    d: dict[str, object] = {"HyperParameterTuningJobConfig": {
        "HyperParameterTuningJobObjective": {"Type": kind, "MetricName": "loss"},
        "ParameterRanges": {
            "CategoricalParameterRanges": [{"Name": "opt", "Values": ["adam", "sgd"]}],
            "ContinuousParameterRanges": [
                {"Name": "lr", "MinValue": "1e-5", "MaxValue": "1e-2", "ScalingType": "Logarithmic"}
            ],
        },
    }}
    if best is not None:
        d["BestTrainingJob"] = {"FinalHyperParameterTuningJobObjectiveMetric": {"Value": best}}
    return d


def test_row_counts_failures_of_both_kinds_and_takes_objective_from_the_describe() -> None:
    row = tuning_row(summary("a", "InProgress", 2), describe("Minimize", 0.25))
    assert (row.completed, row.failed, row.running) == (2, 2, 0)
    assert (row.metric, row.direction, row.best) == ("loss", "Minimize", 0.25)
    assert row.duration(NOW) == 7200.0
    bare = tuning_row(summary("b", "Completed", 1))
    assert bare.best is None and bare.metric == "" and bare.duration(NOW) is None


def test_sort_puts_missing_values_last_either_way_and_filter_matches_any_field() -> None:
    rows = [tuning_row(summary("a", "Completed", 3), describe("Maximize", 0.5)),
            tuning_row(summary("b", "Failed", 1)),
            tuning_row(summary("c", "Completed", 2), describe("Maximize", 0.9))]
    assert [r.name for r in sort_rows(rows, "best", descending=True, now=NOW)] == ["c", "a", "b"]
    assert [r.name for r in sort_rows(rows, "best", descending=False, now=NOW)] == ["a", "c", "b"]
    assert [r.name for r in sort_rows(rows, "created", descending=True, now=NOW)] == ["b", "c", "a"]
    assert [r.name for r in filter_rows(rows, "FAIL")] == ["b"]
    assert [r.name for r in filter_rows(rows, "loss")] == ["a", "c"]


def test_fit_columns_drops_in_order_then_cuts_the_name() -> None:
    widths = {"name": 30, "status": 10, "best": 6, "duration": 8}
    order = ["name", "status", "best", "duration"]
    assert fit_columns(widths, order, ["duration", "best"], 100, stretch="name") == (order, 30)
    assert fit_columns(widths, order, ["duration", "best"], 52, stretch="name") == (
        ["name", "status", "best"], 30)
    shown, name = fit_columns(widths, order, ["duration", "best"], 30, stretch="name")
    assert shown == ["name", "status"] and name == 16


def test_trials_best_first_in_the_objective_direction_then_the_rest_newest_first() -> None:
    def trial(name: str, value: float | None, minutes: int) -> dict[str, object]:
        t: dict[str, object] = {"TrainingJobName": name, "CreationTime": NOW + timedelta(minutes=minutes)}
        if value is not None:
            t["FinalHyperParameterTuningJobObjectiveMetric"] = {"Value": value}
        return t

    trials = [trial("a", 0.3, 0), trial("b", None, 1), trial("c", 0.1, 2), trial("d", None, 3)]
    assert [r.name for r in trial_rows(trials, "Minimize")] == ["c", "a", "d", "b"]
    assert [r.name for r in trial_rows(trials, "Maximize")] == ["a", "c", "d", "b"]


def test_configuration_and_ranges_in_words() -> None:
    d = describe("Minimize", None)
    assert tuned_names(d) == ["lr", "opt"]
    assert range_lines(d) == [("lr", "1e-5 … 1e-2  continuous, logarithmic"), ("opt", "adam | sgd")]
    lines = dict(config_lines(d))
    assert lines["Objective"] == "Minimize loss" and lines["Early stopping"] == "Off"
    assert lines["Warm start"] == "none"


def test_tuning_name_of_an_arn() -> None:
    assert tuning_name_of("arn:aws:sagemaker:us-east-1:1:hyper-parameter-tuning-job/hpo-1") == "hpo-1"
    assert tuning_name_of("arn:aws:sagemaker:us-east-1:1:labeling-job/x") is None
    assert tuning_name_of(None) is None
