"""Tab 1, Overview: identity, times and billing, algorithm, output, metrics, settings, environment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.models import derived, meanings
from tui.models.detail import JobView
from tui.models.labels import human_label
from tui.models.timefmt import format_exact, format_seconds_human
from tui.widgets.detail.context import RenderContext
from tui.widgets.detail.kv_table import (
    NOT_CONFIGURED,
    Section,
    aligned,
    not_configured,
    plain,
    table,
    when,
)
from tui.widgets.detail.laid_out import pane_content
from tui.widgets.detail.layout import PaneLayout
from tui.widgets.detail.scroll import PaneScroll
from tui.widgets.detail.tuning_link import TuningLink

#: Top-level response fields this pane renders (checked against the service model by a test).
FIELDS = (
    "TrainingJobName",
    "TrainingJobArn",
    "TrainingJobStatus",
    "SecondaryStatus",
    "FailureReason",
    "TuningJobArn",
    "LabelingJobArn",
    "AutoMLJobArn",
    "OutputModelPackageArn",
    "RoleArn",
    "AlgorithmSpecification",
    "CreationTime",
    "TrainingStartTime",
    "TrainingEndTime",
    "LastModifiedTime",
    "TrainingTimeInSeconds",
    "BillableTimeInSeconds",
    "BillableTokenCount",
    "ModelArtifacts",
    "OutputDataConfig",
    "FinalMetricDataList",
    "StoppingCondition",
    "RetryStrategy",
    "CheckpointConfig",
    "ExperimentConfig",
    "EnableNetworkIsolation",
    "EnableInterContainerTrafficEncryption",
    "EnableManagedSpotTraining",
    "RemoteDebugConfig",
    "InfraCheckConfig",
    "Environment",
    "MlflowConfig",
    "MlflowDetails",
    "ProgressInfo",
    "ServerlessJobConfig",
    "ModelPackageConfig",
)


def _identity(view: JobView, ctx: RenderContext) -> RenderableType:
    s = Section("Job", ctx)
    s.row("Name", view.name, path=("TrainingJobName",))
    s.row("ARN", view.arn, path=("TrainingJobArn",))
    s.row(
        "Status",
        view.status,
        path=("TrainingJobStatus",),
        style=ctx.palette.for_status(view.status),
        explain=meanings.primary_status_meaning(view.status),
    )
    meaning = meanings.secondary_status_meaning(view.secondary_status)
    s.row(
        "Secondary status",
        view.secondary_status,
        path=("SecondaryStatus",),
        explain=meaning.text + (" (deprecated status)" if meaning.deprecated else ""),
    )
    if view.failure_reason is not None:
        s.row("Failure reason", view.failure_reason, path=("FailureReason",), style=ctx.palette.error)
    s.row("Role", view.role_arn, path=("RoleArn",))
    s.row("Tuning job", view.tuning_job_arn, path=("TuningJobArn",))
    s.row("Labeling job", view.labeling_job_arn, path=("LabelingJobArn",))
    s.row("AutoML job", view.automl_job_arn, path=("AutoMLJobArn",))
    s.row("Output model package", view.output_model_package_arn, path=("OutputModelPackageArn",))
    return s.render()


def _times(view: JobView, ctx: RenderContext) -> RenderableType:
    s = Section("Times and billing", ctx)
    s.row("Created", when(view.creation_time, ctx), path=("CreationTime",))
    s.row("Training started", when(view.training_start, ctx), path=("TrainingStartTime",))
    s.row("Training ended", when(view.training_end, ctx), path=("TrainingEndTime",))
    s.row("Last modified", when(view.last_modified, ctx), path=("LastModifiedTime",))
    duration = derived.job_duration(view, ctx.now)
    s.row(
        "Elapsed" if duration.live else "Total duration",
        format_seconds_human(duration.seconds) if duration.seconds is not None else None,
        explain=(
            "creation to now"
            if duration.live
            else "creation to last update (no training end time)"
            if duration.approximate
            else "creation to end"
        ),
    )
    training = derived.training_time(view, ctx.now)
    s.row(
        "Training time",
        format_seconds_human(training.seconds) if training.seconds is not None else None,
        path=("TrainingTimeInSeconds",),
        explain="so far (not yet reported)" if training.source == "so far" else None,
    )
    s.row(
        "Billable time",
        format_seconds_human(view.billable_seconds) if view.billable_seconds is not None else None,
        path=("BillableTimeInSeconds",),
    )
    count = derived.total_instance_count(view.resources)
    compute = derived.billable_compute_seconds(view)
    s.row(
        "Billable compute",
        format_seconds_human(compute) if compute is not None else None,
        explain=f"billable time x {count} instance{'s' if count != 1 else ''}" if count else None,
    )
    savings = derived.spot_savings_percent(view.training_seconds, view.billable_seconds)
    if view.managed_spot:
        s.row(
            "Managed spot savings",
            f"{savings:.1f} %" if savings is not None else None,
            explain="(1 - billable / training) x 100",
        )
    else:
        s.row("Managed spot savings", None, missing="not a managed spot job")
    if view.billable_tokens is not None:
        s.row("Billable tokens", view.billable_tokens, path=("BillableTokenCount",))
    return s.render()


def _algorithm(view: JobView, ctx: RenderContext) -> RenderableType:
    algo = view.algorithm
    if algo is None:
        return not_configured("Algorithm", ctx)
    p = ("AlgorithmSpecification",)
    s = Section("Algorithm", ctx)
    if algo.image is not None or algo.algorithm_name is None:
        s.row("Training image", algo.image, path=(*p, "TrainingImage"))
    if algo.algorithm_name is not None:
        s.row("Algorithm", algo.algorithm_name, path=(*p, "AlgorithmName"))
    s.row(
        "Input mode",
        algo.input_mode,
        path=(*p, "TrainingInputMode"),
        explain=meanings.meaning(meanings.INPUT_MODE_MEANINGS, algo.input_mode),
    )
    s.row("Entrypoint", " ".join(algo.entrypoint) or None, path=(*p, "ContainerEntrypoint"))
    s.row("Arguments", " ".join(algo.arguments) or None, path=(*p, "ContainerArguments"))
    s.row("Metrics time series", algo.metrics_time_series, path=(*p, "EnableSageMakerMetricsTimeSeries"))
    s.row(
        "Image registry access",
        algo.repository_access_mode,
        path=(*p, "TrainingImageConfig"),
        explain={"Vpc": "private registry in your VPC", "Platform": "public or ECR registry"}.get(
            algo.repository_access_mode or ""
        ),
    )
    if algo.credentials_provider_arn is not None:
        s.row("Registry credentials", algo.credentials_provider_arn, path=(*p, "TrainingImageConfig"))
    if algo.metric_definitions:
        s.add(Text(f"Metric definitions ({len(algo.metric_definitions)})", style=ctx.palette.label))
        s.add(table(ctx, ("Name", "Regex"), ((m.name, m.regex) for m in algo.metric_definitions), fold=(1,)))
    else:
        s.row("Metric definitions", None, missing="none")
    return s.render()


def _output(view: JobView, ctx: RenderContext) -> RenderableType:
    s = Section("Output", ctx)
    s.row("Model artifacts", view.model_artifacts, path=("ModelArtifacts",))
    out = view.output
    if out is None:
        s.row("Output config", None, missing=NOT_CONFIGURED)
    else:
        s.row("Output path", out.s3_output_path, path=("OutputDataConfig", "S3OutputPath"))
        s.row("KMS key", out.kms_key, path=("OutputDataConfig", "KmsKeyId"), missing="AWS managed key")
        s.row(
            "Compression",
            out.compression,
            path=("OutputDataConfig", "CompressionType"),
            missing="GZIP (default)",
        )
    return s.render()


def _metrics(view: JobView, ctx: RenderContext) -> RenderableType:
    if not view.final_metrics:
        return not_configured("Final metrics", ctx, "none reported")
    s = Section(f"Final metrics ({len(view.final_metrics)})", ctx)
    rows = []
    for i, m in enumerate(view.final_metrics):
        value = Text(plain(m.value))
        if ctx.is_changed(("FinalMetricDataList", i)):
            value.stylize(ctx.palette.changed)
        rows.append((m.name, value, m.timestamp))
    s.add(table(ctx, ("Metric", "Value", "Timestamp"), rows, fold=(0,)))
    return s.render()


def _settings(view: JobView, ctx: RenderContext) -> RenderableType:
    s = Section("Settings", ctx)
    stop = view.stopping
    if stop is None:
        s.row("Stopping condition", None, missing=NOT_CONFIGURED)
    else:
        for label, value, key in (
            ("Max runtime", stop.max_runtime, "MaxRuntimeInSeconds"),
            ("Max wait (spot)", stop.max_wait, "MaxWaitTimeInSeconds"),
            ("Max pending", stop.max_pending, "MaxPendingTimeInSeconds"),
        ):
            s.row(
                label,
                format_exact(value) if value is not None else None,
                path=("StoppingCondition", key),
            )
    s.row(
        "Retry attempts",
        view.retry_attempts,
        path=("RetryStrategy",),
        missing=NOT_CONFIGURED if not view.has_retry_strategy else "-",
    )
    ckpt = view.checkpoint
    s.row(
        "Checkpoint S3 URI",
        ckpt.s3_uri if ckpt else None,
        path=("CheckpointConfig", "S3Uri"),
        missing=NOT_CONFIGURED,
    )
    if ckpt is not None:
        s.row(
            "Checkpoint local path",
            ckpt.local_path,
            path=("CheckpointConfig", "LocalPath"),
            missing="/opt/ml/checkpoints (default)",
        )
    s.row("Managed spot training", view.managed_spot, path=("EnableManagedSpotTraining",))
    s.row("Network isolation", view.network_isolation, path=("EnableNetworkIsolation",))
    s.row(
        "Inter-container encryption",
        view.inter_container_encryption,
        path=("EnableInterContainerTrafficEncryption",),
    )
    s.row(
        "Remote debug",
        view.remote_debug,
        path=("RemoteDebugConfig",),
        missing=NOT_CONFIGURED if not view.has_remote_debug_config else "-",
    )
    s.row(
        "Infra check",
        view.infra_check,
        path=("InfraCheckConfig",),
        missing=NOT_CONFIGURED if not view.has_infra_check_config else "-",
    )
    return s.render()


def _string_map_section(
    title: str, values: Mapping[str, Any], field: str, ctx: RenderContext
) -> RenderableType:
    if not values:
        return not_configured(title, ctx)
    return Section(title, ctx).mapping(values, path=(field,), label=human_label).render()


def _environment(view: JobView, ctx: RenderContext) -> RenderableType:
    env = view.environment
    if not env:
        return not_configured("Environment", ctx, "no variables set")
    note = (
        "values shown (press v to mask)"
        if ctx.reveal_environment
        else "values masked: they may hold secrets (press v to reveal on this screen)"
    )
    s = Section(f"Environment ({len(env)})", ctx, note=note)
    for key in sorted(env, key=str.casefold):
        if ctx.reveal_environment:
            s.row(key, env[key], path=("Environment", key))
        else:
            s.row(
                key, Text(derived.mask_value(env[key]), style=ctx.palette.masked), path=("Environment", key)
            )
    return s.render()


def _newer(view: JobView, ctx: RenderContext) -> list[RenderableType]:
    """Newer API fields, each only when the response has it."""
    parts: list[RenderableType] = []
    if view.progress is not None:
        pr = view.progress
        s = Section("Progress", ctx)
        epoch = f"{plain(pr.current_epoch)} of {plain(pr.max_epoch)}"
        s.row("Epoch", epoch, path=("ProgressInfo", "CurrentEpoch"))
        # CurrentStep counts from the start of training, not from the start of the epoch.
        total = derived.total_steps(pr)
        s.row(
            "Global step",
            f"{plain(pr.current_step)} of {plain(total)}" if total is not None else pr.current_step,
            path=("ProgressInfo", "CurrentStep"),
            explain="steps per epoch x epochs" if total is not None else None,
        )
        s.row("Steps per epoch", pr.total_steps_per_epoch, path=("ProgressInfo", "TotalStepCountPerEpoch"))
        parts.append(s.render())
    for title, values, field in (
        ("MLflow", view.mlflow_config, "MlflowConfig"),
        ("MLflow run", view.mlflow_details, "MlflowDetails"),
        ("Serverless job", view.serverless, "ServerlessJobConfig"),
        ("Model package", view.model_package_config, "ModelPackageConfig"),
    ):
        if field in view.raw:
            parts.append(_string_map_section(title, values, field, ctx))
    if view.extra:
        s = Section(
            "Other fields",
            ctx,
            note="returned by the service but new to this version: see the All fields tab (7)",
        )
        for key in sorted(view.extra):
            s.row(human_label(key), "present", path=(key,))
        parts.append(s.render())
    return parts


def build_overview(view: JobView, ctx: RenderContext) -> RenderableType:
    return aligned(Group(
        _identity(view, ctx),
        _times(view, ctx),
        _algorithm(view, ctx),
        _output(view, ctx),
        _metrics(view, ctx),
        _settings(view, ctx),
        _string_map_section("Experiment", view.experiment, "ExperimentConfig", ctx),
        *_newer(view, ctx),
        _environment(view, ctx),
    ))


class OverviewPane(PaneScroll):
    """Scrollable overview; the content is one Static re-rendered on each refresh."""

    BINDINGS = [Binding("enter", "open_tuning", "Open tuning job", id="detail.open-tuning", show=False)]

    def compose(self) -> ComposeResult:
        yield TuningLink(id="overview-tuning")
        yield Static(id="overview-content", classes="pane-content")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_tuning":
            return self.query_one(TuningLink).tuning_name is not None
        return True

    def action_open_tuning(self) -> None:
        self.query_one(TuningLink).open()

    def show(self, view: JobView, ctx: RenderContext, *, ahead: PaneLayout | None = None) -> None:
        """``ahead``: a layout made earlier, used if the overview has not changed since."""
        content = self.query_one("#overview-content", Static)
        content.update(pane_content(content, build_overview(view, ctx), ahead))
        self.query_one(TuningLink).set_arn(view.tuning_job_arn, ctx)
        self.refresh_bindings()
