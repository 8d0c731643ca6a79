"""Issue 17, the job detail (items 9-12, 14, 5): what a new user found, as pure functions and the
panes' renderables (no UI). Each test failed before its fix."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from rich.console import Console

from tests.conftest import FIXED_NOW
from tests.screens.detail_fakes import load_job
from tui.models import derived
from tui.models.detail import JobView
from tui.models.duration import job_duration
from tui.models.labels import human_label
from tui.models.numbers import is_identifier
from tui.models.summary import cell_text, row_from_summary
from tui.models.timefmt import format_exact
from tui.widgets.detail.channels import build_channels
from tui.widgets.detail.context import RenderContext
from tui.widgets.detail.debugger import build_debugger
from tui.widgets.detail.header import timing_line
from tui.widgets.detail.kv_table import LABEL_MAX, align_labels
from tui.widgets.detail.overview import build_overview
from tui.widgets.detail.resources import build_compute, build_network_and_limits, build_warm_pool

CTX = RenderContext(now=FIXED_NOW)


def text(renderable: Any, width: int = 120) -> str:
    console = Console(width=width, file=io.StringIO(), color_system=None, record=True)
    console.print(renderable)
    return console.export_text()


def view(**changes: Any) -> JobView:
    raw = load_job("maximal")
    raw.update(changes)
    return JobView.from_raw(raw)


# -- 9: exact limits -----------------------------------------------------------------------------


def test_format_exact_keeps_every_second() -> None:
    assert format_exact(86_411) == "1d 00h 00m 11s (86,411 s)"
    assert format_exact(7_500) == "2h 05m 00s (7,500 s)"
    assert format_exact(90) == "1m 30s (90 s)"
    assert format_exact(45) == "45s"
    assert format_exact(None) == "-"


def test_resources_show_the_configured_limits_exactly() -> None:
    job = view(
        StoppingCondition={
            "MaxRuntimeInSeconds": 86_411,
            "MaxWaitTimeInSeconds": 172_801,
            "MaxPendingTimeInSeconds": 7_261,
        }
    )
    shown = text(build_network_and_limits(job, CTX))
    assert "1d 00h 00m 11s (86,411 s)" in shown  # was "… of 1d00h"
    assert "2d 00h 00m 01s (172,801 s)" in shown
    assert "2h 01m 01s (7,261 s)" in shown
    assert "used 3h05m" in shown  # the usage stays rounded, beside its bar
    overview = text(build_overview(job, CTX))
    assert "1d 00h 00m 11s (86,411 s)" in overview


# -- 10: the global step ---------------------------------------------------------------------------


def test_current_step_is_the_global_step() -> None:
    job = view(
        ProgressInfo={"TotalStepCountPerEpoch": 1250, "CurrentStep": 3750, "CurrentEpoch": 3, "MaxEpoch": 3}
    )
    assert job.progress is not None and derived.total_steps(job.progress) == 3750
    shown = text(build_overview(job, CTX))
    assert "Step in epoch" not in shown
    assert "3,750 of 1,250" not in shown
    assert "Global step" in shown and "3,750 of 3,750" in shown
    assert "Steps per epoch" in shown and "1,250" in shown


# -- 11: one duration ------------------------------------------------------------------------------


def test_list_and_detail_agree_on_a_failed_job_without_training_end() -> None:
    """demo-failed: the list said DURATION "-", the detail "took 42m00s"."""
    created = FIXED_NOW - timedelta(hours=2)
    raw = {
        "TrainingJobName": "demo-failed",
        "TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/demo-failed",
        "TrainingJobStatus": "Failed",
        "SecondaryStatus": "Failed",
        "CreationTime": created,
        "LastModifiedTime": created + timedelta(minutes=42),
    }
    now = FIXED_NOW.timestamp()
    listed = cell_text(row_from_summary(raw), "duration", now, absolute=False)
    header = timing_line(JobView.from_raw(raw), CTX, None, "").fit(200).plain
    assert listed == "≈42m00s"
    assert header.startswith("took ≈42m00s until last update")
    assert "creation to last update" in text(build_overview(JobView.from_raw(raw), CTX))


def test_the_shared_duration() -> None:
    assert job_duration("InProgress", 100.0, None, 150.0, 400.0) == (300.0, "running")
    assert job_duration("Completed", 100.0, 200.0, 250.0, 400.0) == (100.0, "ended")
    assert job_duration("Stopped", 100.0, None, 250.0, 400.0) == (150.0, "last update")
    assert job_duration("Failed", None, None, None, 400.0) == (None, None)


# -- 12: identifiers are not quantities ------------------------------------------------------------


def test_a_seed_prints_without_separators() -> None:
    job = view()
    raw = load_job("maximal")
    raw["InputDataConfig"][0]["ShuffleConfig"] = {"Seed": 20261126}
    shown = text(build_channels(JobView.from_raw(raw), CTX))
    assert "20261126" in shown and "20,261,126" not in shown
    assert job.resources is not None  # quantities keep theirs: the volume, limits
    assert "500 GB" in text(build_compute(job, CTX))


def test_only_identifier_numbers_of_the_model_are_identifiers() -> None:
    """Decided from botocore's model (member and shape names), not from a list of fields."""
    import botocore.session

    model = botocore.session.get_session().get_service_model("sagemaker")
    found: dict[tuple[Any, ...], bool] = {}

    def walk(shape: Any, path: tuple[Any, ...], depth: int = 0) -> None:
        kind = shape.type_name
        if kind in ("integer", "long") and path:
            found[path] = is_identifier(path)
        elif kind == "structure" and depth < 8:
            for name, member in shape.members.items():
                walk(member, (*path, name), depth + 1)
        elif kind == "list" and depth < 8:
            walk(shape.member, (*path, 0), depth + 1)
        elif kind == "map" and depth < 8:
            walk(shape.value, (*path, "key"), depth + 1)

    walk(model.operation_model("DescribeTrainingJob").output_shape, ())
    assert found[("InputDataConfig", 0, "ShuffleConfig", "Seed")]
    assert found[("ResourceConfig", "InstanceCount")] is False
    assert found[("StoppingCondition", "MaxRuntimeInSeconds")] is False
    assert [p for p, ident in found.items() if ident] == [("InputDataConfig", 0, "ShuffleConfig", "Seed")]


# -- 14: human labels, one label column per pane ---------------------------------------------------


@pytest.mark.parametrize(
    ("member", "label"),
    [
        ("ExperimentName", "Experiment name"),
        ("MlflowExperimentName", "MLflow experiment name"),
        ("AcceptEula", "Accept EULA"),
        ("MlflowResourceArn", "MLflow resource ARN"),
        ("TrialComponentDisplayName", "Trial component display name"),
        ("Peft", "PEFT"),
        ("KMSKeyId", "KMS key ID"),
        ("not_a_member", "not_a_member"),
    ],
)
def test_human_labels(member: str, label: str) -> None:
    assert human_label(member) == label


def test_overview_labels_are_words() -> None:
    shown = text(build_overview(view(), CTX))
    for raw_name in ("ExperimentName", "MlflowExperimentName", "AcceptEula"):
        assert raw_name not in shown
    assert "Experiment name" in shown and "MLflow experiment name" in shown


def _value_columns(shown: str, labels: tuple[str, ...]) -> set[int]:
    """The column each labelled row's value starts at."""
    columns = set()
    for line in shown.splitlines():
        for label in labels:
            if line.startswith(label + "  "):
                columns.add(len(line) - len(line[len(label) :].lstrip()))
    return columns


def test_one_label_column_per_pane() -> None:
    shown = text(build_overview(view(), CTX))
    # Rows of five different sections: their values start in one column.
    assert len(_value_columns(shown, ("Role", "Created", "Input mode", "Output path", "Retry attempts"))) == 1
    job = view()
    parts = (build_compute(job, CTX), build_warm_pool(job, CTX), build_network_and_limits(job, CTX))
    width = align_labels(*parts)
    assert 0 < width <= LABEL_MAX
    shown = "".join(text(p) for p in parts)
    assert len(_value_columns(shown, ("Instance type", "Status", "Subnets", "Max runtime"))) == 1


# -- 5: nothing cut without an ellipsis -------------------------------------------------------------


def test_long_labels_fold_instead_of_being_cut() -> None:
    shown = text(build_debugger(view(), CTX), width=80)
    assert "DataloaderProfilingConfig" in shown  # was "param DataloaderProfilingConf…"
    assert "DataloaderProfilingConf…" not in shown


def test_ultraserver_ids_are_shown_whole() -> None:
    job = view()
    assert job.resources is not None
    raw = load_job("maximal")
    raw["ResourceConfig"]["InstancePlacementConfig"]["PlacementSpecifications"][0]["UltraServerId"] = (
        "us-east-1-ultraserver-0042"
    )
    shown = text(build_compute(JobView.from_raw(raw), CTX), width=80)
    assert "us-east-1-ultraserver-0042" in shown  # was "us-east-1-ultrase…" in a cut label
