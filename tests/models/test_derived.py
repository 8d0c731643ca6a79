"""Unit tests for every derived figure of the detail screen (tui/models/derived.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from tests.conftest import FIXED_NOW
from tests.screens.detail_fakes import load_job
from tui.models import derived, meanings
from tui.models import transitions as history
from tui.models.detail import Channel, InstanceGroup, JobView, Resources, RuleConfig, RuleStatus

T0 = datetime(2026, 11, 26, 8, 0, tzinfo=timezone.utc)


def view(**raw: Any) -> JobView:
    return JobView.from_raw(raw)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


# -- durations ---------------------------------------------------------------------------------


def test_running_job_duration_grows_with_now() -> None:
    job = view(TrainingJobStatus="InProgress", CreationTime=at(0))
    assert derived.job_duration(job, at(12)) == derived.Duration(720.0, True)
    assert derived.job_duration(job, at(13)).seconds == 780.0


def test_finished_job_duration_is_creation_to_training_end() -> None:
    job = view(
        TrainingJobStatus="Completed", CreationTime=at(0), TrainingEndTime=at(90), LastModifiedTime=at(95)
    )
    assert derived.job_duration(job, at(500)) == derived.Duration(5400.0, False)


def test_failed_job_without_end_time_uses_last_modified() -> None:
    job = view(TrainingJobStatus="Failed", CreationTime=at(0), LastModifiedTime=at(9))
    # Marked approximate: the header and Overview say "until last update", the list "≈9m00s".
    assert derived.job_duration(job, at(500)) == derived.Duration(540.0, False, approximate=True)


def test_duration_unknown_without_creation_time() -> None:
    assert derived.job_duration(view(TrainingJobStatus="Completed"), FIXED_NOW).seconds is None


def test_training_time_reported_or_measured_so_far() -> None:
    assert derived.training_time(view(TrainingTimeInSeconds=8705), FIXED_NOW) == derived.TrainingTime(
        8705.0, "reported"
    )
    running = view(TrainingJobStatus="InProgress", TrainingStartTime=at(10))
    assert derived.training_time(running, at(40)) == derived.TrainingTime(1800.0, "so far")
    failed = view(TrainingJobStatus="Failed", TrainingStartTime=at(10))
    assert derived.training_time(failed, at(40)) == derived.TrainingTime(None, None)


# -- billing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("resource_config", "expected"),
    [
        ({"InstanceCount": 4}, 4),
        ({"InstanceCount": 1, "InstanceGroups": [{"InstanceCount": 2}, {"InstanceCount": 3}]}, 5),
        ({"SelectedInstanceCount": 2}, 2),
        ({}, None),
    ],
)
def test_total_instance_count(resource_config: dict[str, Any], expected: int | None) -> None:
    assert derived.total_instance_count(Resources.from_raw(resource_config)) == expected


def test_billable_compute_is_billable_time_times_instances() -> None:
    job = view(BillableTimeInSeconds=3482, ResourceConfig={"InstanceCount": 3})
    assert derived.billable_compute_seconds(job) == 10446
    assert derived.billable_compute_seconds(view(BillableTimeInSeconds=3482)) is None
    assert derived.billable_compute_seconds(view(ResourceConfig={"InstanceCount": 3})) is None


def test_billable_compute_of_the_maximal_job_counts_every_instance_group() -> None:
    assert derived.billable_compute_seconds(JobView.from_raw(load_job("maximal"))) == 3482 * 3


@pytest.mark.parametrize(
    ("training", "billable", "expected"),
    [(500, 100, 80.0), (8705, 3482, pytest.approx(60.0, abs=0.01)), (100, 100, 0.0), (100, 150, -50.0)],
)
def test_spot_savings_formula(training: int, billable: int, expected: float) -> None:
    """The API reference's example: billable 100 of training 500 saves 80 %."""
    assert derived.spot_savings_percent(training, billable) == expected


@pytest.mark.parametrize(("training", "billable"), [(None, 10), (10, None), (0, 0), (None, None)])
def test_spot_savings_unknown(training: int | None, billable: int | None) -> None:
    assert derived.spot_savings_percent(training, billable) is None


# -- channels ----------------------------------------------------------------------------------


def channel(**raw: Any) -> Channel:
    return Channel.from_raw(0, {"ChannelName": "train", **raw})


def test_effective_input_mode_prefers_the_channel() -> None:
    assert derived.effective_input_mode(channel(InputMode="Pipe"), "File") == derived.EffectiveInputMode(
        "Pipe", "channel"
    )
    assert derived.effective_input_mode(channel(), "FastFile") == derived.EffectiveInputMode(
        "FastFile", "algorithm"
    )
    assert derived.effective_input_mode(channel(), None) == derived.EffectiveInputMode(None, None)


def test_channels_feed_their_named_groups_or_all() -> None:
    groups = (InstanceGroup("gpu", "ml.p4d.24xlarge", 2), InstanceGroup("cpu", "ml.c5.18xlarge", 1))
    named = Channel.from_raw(
        0, {"ChannelName": "train", "DataSource": {"S3DataSource": {"InstanceGroupNames": ["gpu"]}}}
    )
    unnamed = Channel.from_raw(1, {"ChannelName": "eval", "DataSource": {"S3DataSource": {}}})
    assert derived.channel_groups(named, groups) == ("gpu",)
    assert derived.channel_groups(unnamed, groups) == ("gpu", "cpu")
    assert derived.channels_by_group([named, unnamed], groups) == {"gpu": ("train", "eval"), "cpu": ("eval",)}


def test_maximal_job_channel_to_group_mapping() -> None:
    job = JobView.from_raw(load_job("maximal"))
    assert job.resources is not None
    assert derived.channels_by_group(job.channels, job.resources.groups) == {
        "gpu-workers": ("train", "validation", "embeddings", "reference"),
        "cpu-preprocess": ("validation", "labels", "embeddings", "reference"),
    }


# -- rules -------------------------------------------------------------------------------------


def rule(name: str) -> RuleConfig:
    return RuleConfig.from_raw({"RuleConfigurationName": name})


def status(name: str, value: str) -> RuleStatus:
    return RuleStatus.from_raw({"RuleConfigurationName": name, "RuleEvaluationStatus": value})


def test_rules_join_by_name_in_configuration_order_with_orphans_last() -> None:
    rows = derived.join_rules(
        [rule("Overfit"), rule("LossNotDecreasing")],
        [status("Orphan", "Stopped"), status("LossNotDecreasing", "Error"), status("Overfit", "IssuesFound")],
    )
    assert [(r.name, r.config is not None, r.status.status if r.status else None) for r in rows] == [
        ("Overfit", True, "IssuesFound"),
        ("LossNotDecreasing", True, "Error"),
        ("Orphan", False, "Stopped"),
    ]


def test_rule_without_status_and_unsettled_rules() -> None:
    rows = derived.join_rules([rule("A")], [])
    assert rows[0].status is None
    assert not derived.rules_unsettled(rows)
    assert derived.rules_unsettled(derived.join_rules([rule("A")], [status("A", "InProgress")]))


def test_maximal_job_rule_join() -> None:
    job = JobView.from_raw(load_job("maximal"))
    rows = derived.join_rules(job.debug_rules, job.debug_rule_statuses)
    assert [(r.name, r.status.status if r.status else None, r.config is not None) for r in rows] == [
        ("VanishingGradient", "NoIssuesFound", True),
        ("Overfit", "IssuesFound", True),
        ("LossNotDecreasing", "Error", True),
        ("PoorWeightInitialization", "Stopped", False),
    ]


# -- stopping condition and transitions --------------------------------------------------------


def test_stopping_condition_usage_of_the_maximal_job() -> None:
    job = JobView.from_raw(load_job("maximal"))
    usage = {u.field: u for u in derived.stopping_condition_usage(job, FIXED_NOW)}
    assert usage["MaxRuntimeInSeconds"].used_seconds == 8705
    assert usage["MaxRuntimeInSeconds"].fraction == pytest.approx(8705 / 86400)
    # Creation 08:15:02 to end 11:20:10.
    assert usage["MaxWaitTimeInSeconds"].used_seconds == 3 * 3600 + 5 * 60 + 8
    # The one Pending transition, 08:15:02 to 08:25:00.
    assert usage["MaxPendingTimeInSeconds"].used_seconds == 9 * 60 + 58


def test_stopping_condition_usage_of_a_running_job_counts_to_now() -> None:
    job = view(
        TrainingJobStatus="InProgress",
        CreationTime=at(0),
        TrainingStartTime=at(10),
        StoppingCondition={"MaxRuntimeInSeconds": 3600},
    )
    (usage,) = derived.stopping_condition_usage(job, at(40))
    assert (usage.used_seconds, usage.fraction, usage.measure) == (1800.0, 0.5, "training time so far")


def test_no_stopping_condition_no_usage() -> None:
    assert derived.stopping_condition_usage(view(), FIXED_NOW) == []
    assert derived.stopping_condition_usage(view(StoppingCondition={}), FIXED_NOW) == []
    assert derived.pending_seconds(view(), FIXED_NOW) is None


def transitions(*items: tuple[str, float, float | None]) -> list[dict[str, Any]]:
    out = []
    for name, start, end in items:
        item: dict[str, Any] = {"Status": name, "StartTime": at(start)}
        if end is not None:
            item["EndTime"] = at(end)
        out.append(item)
    return out


def test_transition_rows_durations_shares_kinds_and_the_current_one() -> None:
    job = view(
        TrainingJobStatus="InProgress",
        SecondaryStatusTransitions=transitions(
            ("Starting", 0, 40), ("Interrupted", 40, 50), ("Failed", 50, 50), ("Training", 50, None)
        ),
    )
    rows = history.transition_rows(job, at(100))
    assert [(r.status, r.seconds, r.kind, r.current) for r in rows] == [
        ("Starting", 2400.0, "normal", False),
        ("Interrupted", 600.0, "interrupted", False),
        ("Failed", 0.0, "failed", False),
        ("Training", 3000.0, "current", True),
    ]
    assert rows[-1].end == at(100)
    assert sum(r.share or 0 for r in rows) == pytest.approx(1.0)
    assert rows[0].share == pytest.approx(0.4)
    assert history.timeline_span(rows) == (at(0), at(100))


def test_open_transition_of_a_finished_job_has_no_duration() -> None:
    job = view(TrainingJobStatus="Stopped", SecondaryStatusTransitions=transitions(("Stopping", 0, None)))
    (row,) = history.transition_rows(job, at(100))
    assert (row.seconds, row.current, row.share) == (None, False, None)
    assert history.timeline_span([]) is None


# -- meanings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", ["LaunchingMLInstances", "PreparingTrainingStack", "DownloadingTrainingImage"]
)
def test_deprecated_secondary_statuses_are_explained_and_flagged(status: str) -> None:
    meaning = meanings.secondary_status_meaning(status)
    assert meaning.deprecated
    assert "no longer reported" in meaning.text


def test_current_and_unknown_statuses() -> None:
    assert meanings.secondary_status_meaning("Pending") == meanings.StatusMeaning(
        "Waiting for compute capacity or compute resource provision.", False
    )
    assert meanings.secondary_status_meaning("Quantum").text == "A status this version does not know yet."
    assert meanings.secondary_status_meaning(None).text == "-"
    assert meanings.primary_status_meaning("Failed").startswith("The training job has failed")
    assert meanings.meaning(meanings.WARM_POOL_MEANINGS, None) is None


def test_warm_pool_expiry_only_for_available_pools() -> None:
    raw = {
        "TrainingEndTime": at(60),
        "ResourceConfig": {"KeepAlivePeriodInSeconds": 1800},
        "WarmPoolStatus": {"Status": "Available"},
    }
    assert derived.warm_pool_expiry(JobView.from_raw(raw)) == at(90)
    raw["WarmPoolStatus"] = {"Status": "Terminated"}
    assert derived.warm_pool_expiry(JobView.from_raw(raw)) is None


# -- hyperparameters and masking ---------------------------------------------------------------


def test_hyperparameter_rows_sorted_and_filtered_on_name_or_value() -> None:
    params = {"lr": "0.1", "Batch": "32", "alpha": "LR-schedule"}
    assert derived.hyperparameter_rows(params) == [("alpha", "LR-schedule"), ("Batch", "32"), ("lr", "0.1")]
    assert derived.hyperparameter_rows(params, "lr") == [("alpha", "LR-schedule"), ("lr", "0.1")]
    assert derived.hyperparameter_rows(params, "nothing") == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('{"a": [1, 2]}', '{\n  "a": [\n    1,\n    2\n  ]\n}'),
        ('"train.py"', "train.py"),
        ("[1]", "[\n  1\n]"),
        ("{not json", "{not json"),
        ("3e-05", "3e-05"),
        ("", ""),
    ],
)
def test_pretty_value(value: str, expected: str) -> None:
    assert derived.pretty_value(value) == expected


def test_mask_hides_length_too() -> None:
    assert derived.mask_value("a") == derived.mask_value("a much longer secret value") == derived.MASK


# -- changes and refresh policy ----------------------------------------------------------------


def test_changed_paths_of_nested_changes_additions_and_removals() -> None:
    old = {"A": 1, "B": {"x": 1, "y": 2}, "L": [{"s": "a"}], "Gone": True}
    new = {"A": 1, "B": {"x": 1, "y": 3}, "L": [{"s": "a"}, {"s": "b"}], "New": 0}
    assert derived.changed_paths(old, new) == {("B", "y"), ("L", 1), ("Gone",), ("New",)}
    assert derived.changed_paths(new, new) == frozenset()


def test_path_changed_matches_ancestors_and_descendants() -> None:
    changed = frozenset({("ResourceConfig", "InstanceCount")})
    assert derived.path_changed(changed, ("ResourceConfig",))
    assert derived.path_changed(changed, ("ResourceConfig", "InstanceCount"))
    assert not derived.path_changed(changed, ("ResourceConfig", "InstanceType"))
    assert derived.path_changed(frozenset({("WarmPoolStatus",)}), ("WarmPoolStatus", "Status"))
