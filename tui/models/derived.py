"""Figures derived from a training job: pure functions of a ``JobView`` and "now" (textual-free).

The formulas follow the SageMaker API reference: total billable compute is
``BillableTimeInSeconds x InstanceCount`` and managed spot savings are
``(1 - BillableTimeInSeconds / TrainingTimeInSeconds) x 100``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui.aws.statuses import RUNNING_STATUSES
from tui.models.detail import Channel, InstanceGroup, JobView, Progress, Resources, RuleConfig, RuleStatus
from tui.models.duration import job_duration as shared_duration


def is_running(view: JobView) -> bool:
    return view.status in RUNNING_STATUSES


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, (end - start).total_seconds())


# -- durations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Duration:
    """A duration and whether it is still growing (the job is running)."""

    seconds: float | None
    live: bool
    #: Measured to LastModifiedTime: the job finished without a TrainingEndTime.
    approximate: bool = False


def _epoch(value: datetime | None) -> float | None:
    return value.timestamp() if value is not None else None


def job_duration(view: JobView, now: datetime) -> Duration:
    """The list's definition (:func:`tui.models.duration.job_duration`): creation to now while
    running, to TrainingEndTime once ended, else to LastModifiedTime (marked approximate)."""
    measured = shared_duration(
        view.status,
        _epoch(view.creation_time),
        _epoch(view.training_end),
        _epoch(view.last_modified),
        now.timestamp(),
    )
    return Duration(measured.seconds, is_running(view), measured.approximate)


@dataclass(frozen=True)
class TrainingTime:
    seconds: float | None
    #: "reported" = TrainingTimeInSeconds; "so far" = measured from TrainingStartTime to now.
    source: str | None


def training_time(view: JobView, now: datetime) -> TrainingTime:
    """TrainingTimeInSeconds, or the time since TrainingStartTime while the job is still running."""
    if view.training_seconds is not None:
        return TrainingTime(float(view.training_seconds), "reported")
    if is_running(view) and view.training_start is not None:
        return TrainingTime(_seconds(view.training_start, now), "so far")
    return TrainingTime(None, None)


def total_instance_count(resources: Resources | None) -> int | None:
    """Instances billed: InstanceCount, the sum over InstanceGroups, or SelectedInstanceCount."""
    if resources is None:
        return None
    if resources.groups:
        counts = [g.count for g in resources.groups if g.count is not None]
        return sum(counts) if counts else None
    if resources.instance_count is not None:
        return resources.instance_count
    return resources.selected_instance_count


def billable_compute_seconds(view: JobView) -> int | None:
    """BillableTimeInSeconds x instance count: the instance-seconds SageMaker bills."""
    count = total_instance_count(view.resources)
    if view.billable_seconds is None or count is None:
        return None
    return view.billable_seconds * count


def spot_savings_percent(training_seconds: int | None, billable_seconds: int | None) -> float | None:
    """(1 - Billable/Training) x 100; None when either is unknown or training time is zero."""
    if training_seconds is None or billable_seconds is None or training_seconds <= 0:
        return None
    return (1.0 - billable_seconds / training_seconds) * 100.0


def total_steps(progress: Progress) -> int | None:
    """Steps of the whole job: TotalStepCountPerEpoch x MaxEpoch (CurrentStep is the global step,
    counted from the start of training, so this is what it runs up to)."""
    per_epoch, epochs = progress.total_steps_per_epoch, progress.max_epoch
    if per_epoch is None or epochs is None:
        return None
    return per_epoch * epochs


# -- channels ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EffectiveInputMode:
    mode: str | None
    #: "channel" (the channel's InputMode), "algorithm" (TrainingInputMode), or None (neither set).
    source: str | None


def effective_input_mode(channel: Channel, algorithm_mode: str | None) -> EffectiveInputMode:
    """The channel's InputMode overrides the algorithm's TrainingInputMode."""
    if channel.input_mode:
        return EffectiveInputMode(channel.input_mode, "channel")
    if algorithm_mode:
        return EffectiveInputMode(algorithm_mode, "algorithm")
    return EffectiveInputMode(None, None)


def channel_groups(channel: Channel, groups: Sequence[InstanceGroup]) -> tuple[str, ...]:
    """The instance groups a channel feeds: its InstanceGroupNames, else every group."""
    named = channel.s3.instance_group_names if channel.s3 else ()
    if named:
        return named
    return tuple(g.name for g in groups if g.name)


def channels_by_group(
    channels: Sequence[Channel], groups: Sequence[InstanceGroup]
) -> dict[str, tuple[str, ...]]:
    """Instance group name -> the channels that feed it (heterogeneous clusters)."""
    result: dict[str, list[str]] = {g.name: [] for g in groups if g.name}
    for channel in channels:
        for group in channel_groups(channel, groups):
            result.setdefault(group, []).append(channel.label)
    return {k: tuple(v) for k, v in result.items()}


# -- rules -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleRow:
    """A rule configuration joined with its evaluation status (either may be missing)."""

    name: str
    config: RuleConfig | None
    status: RuleStatus | None


def join_rules(configs: Iterable[RuleConfig], statuses: Iterable[RuleStatus]) -> list[RuleRow]:
    """Join by RuleConfigurationName, in configuration order; orphan statuses come last."""
    by_name: dict[str, RuleStatus] = {}
    for status in statuses:
        by_name.setdefault(status.name or "", status)
    rows: list[RuleRow] = []
    seen: set[str] = set()
    for config in configs:
        name = config.name or ""
        rows.append(RuleRow(name or "(unnamed rule)", config, by_name.get(name)))
        seen.add(name)
    for name, status in by_name.items():
        if name not in seen:
            rows.append(RuleRow(name or "(unnamed rule)", None, status))
    return rows


def rules_unsettled(rows: Iterable[RuleRow]) -> bool:
    return any(r.status is not None and r.status.status == "InProgress" for r in rows)


# -- stopping condition ------------------------------------------------------------------------


@dataclass(frozen=True)
class LimitUsage:
    """One stopping-condition limit against the time actually used."""

    field: str
    label: str
    limit_seconds: int
    used_seconds: float | None
    #: How ``used_seconds`` was measured, for the reader.
    measure: str

    @property
    def fraction(self) -> float | None:
        if self.used_seconds is None or self.limit_seconds <= 0:
            return None
        return self.used_seconds / self.limit_seconds


def pending_seconds(view: JobView, now: datetime) -> float | None:
    """Time spent in Pending transitions (the current one counted up to now); None if never pending."""
    total: float | None = None
    for row in transition_rows(view, now):
        if row.status == "Pending" and row.seconds is not None:
            total = (total or 0.0) + row.seconds
    return total


def stopping_condition_usage(view: JobView, now: datetime) -> list[LimitUsage]:
    """MaxRuntime vs training time, MaxWait vs creation-to-end, MaxPending vs time in Pending."""
    stop = view.stopping
    if stop is None:
        return []
    usages: list[LimitUsage] = []
    if stop.max_runtime is not None:
        used = training_time(view, now)
        usages.append(
            LimitUsage(
                "MaxRuntimeInSeconds",
                "Max runtime",
                stop.max_runtime,
                used.seconds,
                "training time" + (" so far" if used.source == "so far" else ""),
            )
        )
    if stop.max_wait is not None:
        usages.append(
            LimitUsage(
                "MaxWaitTimeInSeconds",
                "Max wait (spot)",
                stop.max_wait,
                job_duration(view, now).seconds,
                "waiting + training since creation",
            )
        )
    if stop.max_pending is not None:
        usages.append(
            LimitUsage(
                "MaxPendingTimeInSeconds",
                "Max pending",
                stop.max_pending,
                pending_seconds(view, now),
                "time in Pending",
            )
        )
    return usages


# -- transitions -------------------------------------------------------------------------------

INTERRUPTED_STATUSES = frozenset({"Interrupted"})
FAILED_STATUSES = frozenset({"Failed", "MaxRuntimeExceeded", "MaxWaitTimeExceeded"})


@dataclass(frozen=True)
class TransitionRow:
    status: str
    start: datetime | None
    end: datetime | None
    message: str | None
    seconds: float | None
    #: The last transition of a running job with no EndTime: its duration grows with "now".
    current: bool
    #: "current", "interrupted", "failed" or "normal": which timeline bar colour to use.
    kind: str
    #: This transition's share of the summed durations (0..1), None when its duration is unknown.
    share: float | None


def transition_rows(view: JobView, now: datetime) -> list[TransitionRow]:
    transitions = view.transitions
    running = is_running(view)
    raw_rows: list[tuple[Any, datetime | None, bool]] = []
    for i, t in enumerate(transitions):
        current = running and t.end is None and i == len(transitions) - 1
        end = now if current else t.end
        raw_rows.append((t, end, current))
    seconds = [_seconds(t.start, end) for t, end, _ in raw_rows]
    total = sum(s for s in seconds if s is not None)
    rows = []
    for (t, end, current), secs in zip(raw_rows, seconds, strict=True):
        status = t.status or "-"
        if current:
            kind = "current"
        elif status in INTERRUPTED_STATUSES:
            kind = "interrupted"
        elif status in FAILED_STATUSES:
            kind = "failed"
        else:
            kind = "normal"
        share = (secs / total) if (secs is not None and total > 0) else None
        rows.append(TransitionRow(status, t.start, end, t.message, secs, current, kind, share))
    return rows


def timeline_span(rows: Sequence[TransitionRow]) -> tuple[datetime, datetime] | None:
    """Earliest start and latest end over the rows (for drawing bars on one time axis)."""
    starts = [r.start for r in rows if r.start is not None]
    ends = [r.end for r in rows if r.end is not None] + starts
    if not starts:
        return None
    return min(starts), max(ends)


# -- meanings (from the API reference) ---------------------------------------------------------

PRIMARY_STATUS_MEANINGS = {
    "InProgress": "The training job is in progress.",
    "Completed": "The training job has completed.",
    "Failed": "The training job has failed; the reason is in FailureReason.",
    "Stopping": "The training job is stopping.",
    "Stopped": "The training job has stopped.",
    "Deleting": "The training job is being deleted.",
}

SECONDARY_STATUS_MEANINGS = {
    "Starting": "Starting the training job.",
    "Pending": "Waiting for compute capacity or compute resource provision.",
    "Downloading": "Downloading the training data to the ML storage volumes (File input mode).",
    "Training": "Training is in progress.",
    "Interrupted": "The managed spot training instances were interrupted.",
    "Uploading": "Training is complete; the model artifacts are being uploaded to S3.",
    "Completed": "The training job has completed.",
    "Failed": "The training job has failed; see FailureReason.",
    "MaxRuntimeExceeded": "Stopped: the job exceeded its maximum allowed runtime.",
    "MaxWaitTimeExceeded": "Stopped: the job exceeded its maximum allowed wait time.",
    "Stopped": "The training job has stopped.",
    "Stopping": "Stopping the training job.",
    "Updating": "The training job is being updated.",
    "Restarting": "The training job is restarting.",
    "LaunchingMLInstances": "Launching the ML instances (no longer reported by SageMaker).",
    "PreparingTrainingStack": "Preparing the training stack (no longer reported by SageMaker).",
    "PreparingTraining": "Preparing the training (no longer reported by SageMaker).",
    "DownloadingTrainingImage": "Downloading the training image (no longer reported by SageMaker).",
}

#: Secondary statuses SageMaker no longer reports, still found on old jobs.
DEPRECATED_SECONDARY_STATUSES = frozenset(
    {"LaunchingMLInstances", "PreparingTrainingStack", "PreparingTraining", "DownloadingTrainingImage"}
)


@dataclass(frozen=True)
class StatusMeaning:
    text: str
    deprecated: bool


def secondary_status_meaning(status: str | None) -> StatusMeaning:
    if not status:
        return StatusMeaning("-", False)
    text = SECONDARY_STATUS_MEANINGS.get(status, "A status this version does not know yet.")
    return StatusMeaning(text, status in DEPRECATED_SECONDARY_STATUSES)


def primary_status_meaning(status: str | None) -> str:
    if not status:
        return "-"
    return PRIMARY_STATUS_MEANINGS.get(status, "A status this version does not know yet.")


WARM_POOL_MEANINGS = {
    "InUse": "The warm pool is in use for this training job.",
    "Available": "The warm pool is available to reuse for a matching training job.",
    "Reused": "The warm pool moved to a matching training job for reuse.",
    "Terminated": "The warm pool is no longer available (stopped by a user, patched, or its "
    "keep-alive period expired).",
}

RULE_STATUS_MEANINGS = {
    "InProgress": "The rule is being evaluated.",
    "NoIssuesFound": "The rule found no issues.",
    "IssuesFound": "The rule found issues: see the details and the evaluation job.",
    "Error": "The rule evaluation itself failed.",
    "Stopping": "The rule evaluation is stopping.",
    "Stopped": "The rule evaluation was stopped.",
}

S3_DATA_TYPE_MEANINGS = {
    "S3Prefix": "the URI is a key prefix: every object under it is used",
    "ManifestFile": "the URI is a manifest file listing the object keys to use",
    "AugmentedManifestFile": "the URI is an augmented manifest (JSON lines); Pipe mode only",
    "Converse": "the URI holds data in the Converse conversational format",
}

DISTRIBUTION_MEANINGS = {
    "FullyReplicated": "every instance gets the whole dataset",
    "ShardedByS3Key": "each of n instances gets about 1/n of the S3 objects",
}

INPUT_MODE_MEANINGS = {
    "File": "downloaded to the ML storage volume before training",
    "Pipe": "streamed from S3 into the container",
    "FastFile": "streamed from S3 on demand through a file system interface",
}

COMPRESSION_MEANINGS = {"None": "not compressed", "Gzip": "gzip-compressed"}
RECORD_WRAPPER_MEANINGS = {"None": "records passed as they are", "RecordIO": "wrapped in RecordIO"}


def meaning(table: Mapping[str, str], key: str | None) -> str | None:
    return table.get(key) if key else None


def warm_pool_expiry(view: JobView) -> datetime | None:
    """When an Available warm pool lapses: the end of training plus the keep-alive period."""
    from datetime import timedelta

    keep = view.resources.keep_alive_seconds if view.resources else None
    if view.warm_pool is None or view.warm_pool.status != "Available" or keep is None:
        return None
    end = view.training_end or view.last_modified
    return end + timedelta(seconds=keep) if end else None


# -- hyperparameters ---------------------------------------------------------------------------


def hyperparameter_rows(hyperparameters: Mapping[str, str], query: str = "") -> list[tuple[str, str]]:
    """Sorted (name, value) pairs whose name or value contains ``query`` (case-insensitive)."""
    needle = query.casefold()
    rows = sorted(hyperparameters.items(), key=lambda kv: (kv[0].casefold(), kv[0]))
    if not needle:
        return rows
    return [(k, v) for k, v in rows if needle in k.casefold() or needle in v.casefold()]


def pretty_value(value: str) -> str:
    """JSON objects and arrays indented; JSON-quoted strings (as the SageMaker SDK writes them)
    unquoted; anything else unchanged."""
    text = value.strip()
    if not text or text[0] not in '[{"':
        return value
    try:
        parsed = json.loads(text)
    except ValueError:
        return value
    if isinstance(parsed, str):
        return parsed
    return json.dumps(parsed, indent=2, ensure_ascii=False)


MASK = "••••••••"


def mask_value(value: str) -> str:
    """A fixed-width mask: the length of a secret is not shown either."""
    return MASK


# -- changes and refresh policy ----------------------------------------------------------------

Path = tuple[Any, ...]


def changed_paths(old: Any, new: Any, prefix: Path = ()) -> frozenset[Path]:
    """Paths of the leaves (and added/removed subtrees) that differ between two responses."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        out: set[Path] = set()
        for key in set(old) | set(new):
            if key not in old or key not in new:
                out.add((*prefix, key))
            else:
                out |= changed_paths(old[key], new[key], (*prefix, key))
        return frozenset(out)
    if isinstance(old, list) and isinstance(new, list):
        out = set()
        for i in range(max(len(old), len(new))):
            if i >= len(old) or i >= len(new):
                out.add((*prefix, i))
            else:
                out |= changed_paths(old[i], new[i], (*prefix, i))
        return frozenset(out)
    return frozenset() if old == new else frozenset({prefix})


def path_changed(changed: frozenset[Path], path: Path) -> bool:
    """Whether ``path`` or anything under it (or above it) changed."""
    n = len(path)
    return any(c[:n] == path or path[: len(c)] == c for c in changed)
