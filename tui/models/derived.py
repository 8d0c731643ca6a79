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
from tui.models.transitions import transition_rows


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
