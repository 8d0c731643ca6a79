"""The typed views over DescribeTrainingJob (tui/models/detail.py) and the recorded fixture jobs."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.conftest import FIXED_NOW
from tests.screens.detail_fakes import JOB_FIXTURES, load_job
from tests.strategies import describe_responses
from tui.aws.shapes import validate_shape
from tui.models import derived, transitions
from tui.models.detail import FIELD_ORDER, KNOWN_FIELDS, JobView, as_int, as_time
from tui.models.docs import output_shape


def member_paths(shape: Any, prefix: str = "") -> set[str]:
    """Every member path of a shape (lists and maps stepped through as [] and {})."""
    paths: set[str] = set()
    if shape.type_name == "structure":
        for name, member in shape.members.items():
            path = f"{prefix}.{name}" if prefix else name
            paths.add(path)
            paths |= member_paths(member, path)
    elif shape.type_name == "list":
        paths |= member_paths(shape.member, f"{prefix}[]")
    elif shape.type_name == "map":
        paths |= member_paths(shape.value, f"{prefix}{{}}")
    return paths


@pytest.mark.parametrize("fixture", JOB_FIXTURES)
def test_fixture_jobs_are_valid_describe_responses(fixture: str) -> None:
    assert validate_shape(load_job(fixture), output_shape()) == []


def test_maximal_fixture_sets_every_member_of_the_output_shape() -> None:
    """Every member at every depth, so the snapshots of the maximal job show every field."""
    raw = load_job("maximal")
    shape = output_shape()
    present: set[str] = set()

    def walk(value: Any, sh: Any, prefix: str) -> None:
        if sh.type_name == "structure" and isinstance(value, dict):
            for name, member in sh.members.items():
                if name in value:
                    path = f"{prefix}.{name}" if prefix else name
                    present.add(path)
                    walk(value[name], member, path)
        elif sh.type_name == "list" and isinstance(value, list):
            for item in value:
                walk(item, sh.member, f"{prefix}[]")
        elif sh.type_name == "map" and isinstance(value, dict):
            for item in value.values():
                walk(item, sh.value, f"{prefix}{{}}")

    walk(raw, shape, "")
    assert sorted(member_paths(shape) - present) == []


def test_known_fields_follow_the_service_model() -> None:
    """If botocore adds a field, this fails: give it a home in a pane (it shows in All fields anyway)."""
    assert list(FIELD_ORDER) == list(output_shape().members)
    assert len(KNOWN_FIELDS) == len(FIELD_ORDER)


def test_maximal_view() -> None:
    job = JobView.from_raw(load_job("maximal"))
    assert job.name == "bert-large-finetune-2026-11-26-08-15-02"
    assert job.status == "Completed"
    assert job.creation_time == datetime(2026, 11, 26, 8, 15, 2, tzinfo=timezone.utc)
    assert job.algorithm is not None and job.algorithm.input_mode == "File"
    assert job.algorithm.repository_access_mode == "Vpc"
    assert [c.name for c in job.channels] == ["train", "validation", "labels", "embeddings", "reference"]
    assert job.channels[0].s3 is not None and job.channels[0].s3.instance_group_names == ("gpu-workers",)
    assert (
        job.channels[3].file_system is not None
        and job.channels[3].file_system.file_system_type == "FSxLustre"
    )
    assert job.channels[4].dataset_arn is not None
    assert job.resources is not None and [g.name for g in job.resources.groups] == [
        "gpu-workers",
        "cpu-preprocess",
    ]
    assert job.warm_pool is not None and job.warm_pool.reused_by == "bert-large-finetune-2026-11-26-11-02-40"
    assert len(job.transitions) == 9 and job.transitions[0].status == "Pending"
    assert job.final_metrics[2].name == "validation:accuracy" and job.final_metrics[2].value == 0.9312
    assert job.environment["NCCL_DEBUG"] == "INFO"
    assert job.serverless["AcceptEula"] is True
    assert job.extra == {}


def test_failed_view_has_no_training_times() -> None:
    job = JobView.from_raw(load_job("failed"))
    assert (job.training_start, job.training_end, job.training_seconds, job.billable_seconds) == (None,) * 4
    assert job.failure_reason is not None and job.failure_reason.startswith("ClientError")


def test_minimal_and_empty_views_do_not_raise() -> None:
    job = JobView.from_raw(load_job("minimal"))
    assert job.algorithm is None and job.resources is None and job.channels == ()
    assert job.stopping is not None and job.stopping.max_runtime is None
    empty = JobView.from_raw({})
    assert empty.name is None and empty.transitions == () and empty.hyperparameters == {}


def test_wrong_types_are_tolerated_not_trusted() -> None:
    job = JobView.from_raw(
        {
            "ResourceConfig": "ml.p4d",  # not a structure
            "InputDataConfig": {"not": "a list"},
            "HyperParameters": {"n": 3, "none": None},
            "TrainingTimeInSeconds": "12",
            "EnableManagedSpotTraining": "yes",
            "SecondaryStatusTransitions": [None, {"Status": 5, "StartTime": "garbage"}],
        }
    )
    assert job.resources is not None and job.resources.instance_count is None
    assert job.channels == ()
    assert job.hyperparameters == {"n": "3", "none": ""}
    assert job.training_seconds is None and job.managed_spot is None
    assert [t.status for t in job.transitions] == [None, "5"]
    assert job.transitions[1].start is None


def test_unknown_top_level_fields_are_kept_as_extra() -> None:
    job = JobView.from_raw({"TrainingJobName": "x", "BrandNewField": {"a": 1}})
    assert job.extra == {"BrandNewField": {"a": 1}}
    assert job.raw["BrandNewField"] == {"a": 1}


def test_times_become_aware_utc() -> None:
    ist = timezone(timedelta(hours=5, minutes=30))
    assert as_time(datetime(2026, 1, 1, 5, 30, tzinfo=ist)) == datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert as_time(datetime(2026, 1, 1)) == datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert as_time("2026-01-01T00:00:00Z") == datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert as_time("yesterday") is None and as_time(12) is None


def test_numbers_are_not_confused_with_booleans() -> None:
    assert as_int(True) is None and as_int(3.7) == 3 and as_int(float("nan")) is None


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(describe_responses())
def test_views_and_derived_figures_of_any_response(raw: dict[str, Any]) -> None:
    """No generated response makes a view or a derived figure raise; shares stay within 0..1."""
    job = JobView.from_raw(raw)
    derived.job_duration(job, FIXED_NOW)
    derived.training_time(job, FIXED_NOW)
    derived.billable_compute_seconds(job)
    derived.spot_savings_percent(job.training_seconds, job.billable_seconds)
    derived.stopping_condition_usage(job, FIXED_NOW)
    derived.join_rules(job.debug_rules, job.debug_rule_statuses)
    derived.hyperparameter_rows(job.hyperparameters, "a")
    for channel in job.channels:
        derived.effective_input_mode(channel, job.algorithm.input_mode if job.algorithm else None)
    if job.resources:
        derived.channels_by_group(job.channels, job.resources.groups)
    rows = transitions.transition_rows(job, FIXED_NOW)
    assert all(r.share is None or 0.0 <= r.share <= 1.0 for r in rows)
