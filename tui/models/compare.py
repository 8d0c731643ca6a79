"""Jobs side by side: the rows of a comparison and which differ (pure: no textual, no boto3).

A comparison is built from DescribeTrainingJob responses (or Search records, which carry every
member compared here) and the jobs' tags. Its rows are the fields people compare runs by: status,
durations, billable time and compute, spot savings, resources, image or algorithm, every
hyperparameter, every input channel's URI and mode, the stopping condition, the output path, the
final metrics and the tags. The figures come from :mod:`tui.models.derived` (one formula each).

A row *differs* when its values are not all the same text; a job lacking a value shows a dash,
so "set on one job, unset on another" differs too. Values are compared as shown (a duration to
the second, a metric to six significant digits), so the marker agrees with what the eye sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui.models.derived import (
    billable_compute_seconds,
    effective_input_mode,
    job_duration,
    spot_savings_percent,
    total_instance_count,
    training_time,
)
from tui.models.detail import JobView
from tui.models.timefmt import DASH, format_duration, to_utc

#: Jobs a comparison takes (columns that still fit a terminal).
MIN_JOBS = 2
MAX_JOBS = 8
#: More equal rows than this and the screen starts with only the differences.
EQUAL_ROWS_THRESHOLD = 20
#: The marker of a differing row (shown without colour too).
DIFF_MARK = "≠"
#: Rows named by the job's own keys say which map they come from.
SECTION_PREFIXES = {"Hyperparameters": "hp", "Tags": "tag", "Final metrics": "metric"}

# A trailing run of separator + digits: a timestamp (``-2026-11-26-14-02-33-123``), a counter
# (``-0042``, ``_7``) or a version-like suffix (``.3``). Letters after the digits stop it, so
# ``resnet50-v2`` keeps its name.
_SUFFIX = re.compile(r"(?:[-_.]\d+)+$")


def name_prefix(name: str) -> str:
    """A job name without its trailing timestamp or number suffix: what names the *series* of runs.

    ``bert-base-2026-11-26-14-02-33-123`` → ``bert-base``; ``xgb-churn-0042`` → ``xgb-churn``;
    ``resnet50`` → ``resnet50`` (no separator before the digits: part of the name); a name that
    is all suffix (``2026-11-26``) is its own prefix.
    """
    stripped = _SUFFIX.sub("", name)
    # Only digits left (``2026-11-26``): the whole name is the series' name.
    return stripped if any(char.isalpha() for char in stripped) else name


def previous_in_series(name: str, jobs: Iterable[tuple[str, float]]) -> str | None:
    """The newest job created before ``name`` whose :func:`name_prefix` is the same.

    ``jobs`` are (name, creation epoch seconds), ``name`` among them (else None: its creation
    time is unknown). Ties on creation time go by name, so the answer is deterministic.
    """
    known = dict(jobs)
    created = known.get(name)
    if created is None:
        return None
    prefix = name_prefix(name)
    best: tuple[float, str] | None = None
    for other, when in known.items():
        if other == name or when > created or (when == created and other >= name):
            continue
        if name_prefix(other) != prefix:
            continue
        if best is None or (when, other) > best:
            best = (when, other)
    return best[1] if best else None


@dataclass(frozen=True)
class CompareRow:
    """One compared field: its section, its label and one value (text) per job."""

    section: str
    label: str
    values: tuple[str, ...]

    @property
    def differs(self) -> bool:
        return len(set(self.values)) > 1

    @property
    def title(self) -> str:
        """The label as shown: names from the job's own maps carry their section's short word
        (``hp learning_rate``, ``tag owner``, ``metric validation:accuracy``)."""
        prefix = SECTION_PREFIXES.get(self.section)
        return f"{prefix} {self.label}" if prefix else self.label


@dataclass(frozen=True)
class Comparison:
    names: tuple[str, ...]
    rows: tuple[CompareRow, ...]

    @property
    def differing(self) -> tuple[CompareRow, ...]:
        return tuple(row for row in self.rows if row.differs)

    @property
    def equal_count(self) -> int:
        return sum(1 for row in self.rows if not row.differs)

    @property
    def only_differences_by_default(self) -> bool:
        """The screen's and the command's default: only the differences when many rows are equal."""
        return self.equal_count > EQUAL_ROWS_THRESHOLD

    def shown(self, only_differences: bool) -> tuple[CompareRow, ...]:
        return self.differing if only_differences else self.rows


def tags_map(tags: Any) -> dict[str, str]:
    """Search's ``Tags`` (a list of Key/Value) or a plain dict, as a dict of text."""
    if isinstance(tags, Mapping):
        return {str(k): str(v) for k, v in tags.items()}
    result: dict[str, str] = {}
    if isinstance(tags, list):
        for tag in tags:
            if isinstance(tag, Mapping) and tag.get("Key") is not None:
                result[str(tag["Key"])] = str(tag.get("Value", ""))
    return result


def _num(value: float | int | None, suffix: str = "") -> str:
    if value is None:
        return DASH
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.4g}{suffix}"
    return f"{int(value):,}{suffix}"


def _text(value: Any) -> str:
    return DASH if value is None or value == "" else str(value)


def _metric(value: float | None) -> str:
    return DASH if value is None else f"{value:.6g}"


def compare(
    describes: Sequence[Mapping[str, Any]],
    now: datetime,
    *,
    tags: Sequence[Any] | None = None,
) -> Comparison:
    """The comparison of these jobs (in this order). ``tags`` (one entry per job, None when
    unknown) add a row per tag key; without it there are no tag rows."""
    views = [JobView.from_raw(d) for d in describes]
    names = tuple(v.name or f"job #{i + 1}" for i, v in enumerate(views))
    rows: list[CompareRow] = []

    def add(section: str, label: str, values: Iterable[str]) -> None:
        rows.append(CompareRow(section, label, tuple(values)))

    add("Status", "Status", (_text(v.status) for v in views))
    add("Status", "Secondary status", (_text(v.secondary_status) for v in views))
    add("Status", "Failure reason", (_text(v.failure_reason) for v in views))
    add("Time", "Created", (_when(v.creation_time) for v in views))
    add("Time", "Duration", (format_duration(job_duration(v, now).seconds) for v in views))
    add("Time", "Training time", (format_duration(training_time(v, now).seconds) for v in views))
    add("Time", "Billable time", (format_duration(v.billable_seconds) for v in views))
    add("Cost", "Billable compute", (_billable_compute(v) for v in views))
    add("Cost", "Managed spot", (_flag(v.managed_spot) for v in views))
    add("Cost", "Spot savings", (_savings(v) for v in views))
    add("Resources", "Instance type", (_instance_type(v) for v in views))
    add("Resources", "Instance count", (_num(total_instance_count(v.resources)) for v in views))
    add("Resources", "Volume (GB)", (_num(v.resources.volume_gb if v.resources else None) for v in views))
    add("Algorithm", "Image or algorithm", (_image(v) for v in views))
    add("Algorithm", "Input mode", (_text(v.algorithm.input_mode if v.algorithm else None) for v in views))

    hyper_keys = sorted({key for v in views for key in v.hyperparameters})
    for key in hyper_keys:
        add("Hyperparameters", key, (_text(v.hyperparameters.get(key)) for v in views))

    channel_names: list[str] = []
    for v in views:
        for channel in v.channels:
            if channel.label not in channel_names:
                channel_names.append(channel.label)
    for label in channel_names:
        add("Input", f"{label} URI", (_channel_uri(v, label) for v in views))
        add("Input", f"{label} mode", (_channel_mode(v, label) for v in views))

    add("Stopping", "Max runtime", (_limit(v, "max_runtime") for v in views))
    add("Stopping", "Max wait", (_limit(v, "max_wait") for v in views))
    add("Stopping", "Max pending", (_limit(v, "max_pending") for v in views))
    add("Output", "Output path", (_text(v.output.s3_output_path if v.output else None) for v in views))
    add("Output", "Model artifacts", (_text(v.model_artifacts) for v in views))

    metric_names: list[str] = []
    for v in views:
        for metric in v.final_metrics:
            if metric.name and metric.name not in metric_names:
                metric_names.append(metric.name)
    for metric_name in sorted(metric_names):
        add("Final metrics", metric_name, (_final_metric(v, metric_name) for v in views))

    if tags is not None:
        maps = [tags_map(t) if t is not None else None for t in tags]
        for key in sorted({k for m in maps if m for k in m}):
            add("Tags", key, ("?" if m is None else _text(m.get(key)) for m in maps))
    return Comparison(names, tuple(rows))


def _when(value: datetime | None) -> str:
    return DASH if value is None else f"{to_utc(value):%Y-%m-%d %H:%M}Z"


def _flag(value: bool | None) -> str:
    return DASH if value is None else ("yes" if value else "no")


def _billable_compute(view: JobView) -> str:
    seconds = billable_compute_seconds(view)
    return format_duration(seconds)  # instance-seconds, shown as a duration


def _savings(view: JobView) -> str:
    percent = spot_savings_percent(view.training_seconds, view.billable_seconds)
    return DASH if percent is None else f"{percent:.0f}%"


def _instance_type(view: JobView) -> str:
    resources = view.resources
    if resources is None:
        return DASH
    if resources.groups:
        return ", ".join(f"{g.name}: {g.instance_type} x{g.count}" for g in resources.groups)
    return _text(resources.instance_type or resources.selected_instance_type)


def _image(view: JobView) -> str:
    algorithm = view.algorithm
    if algorithm is None:
        return DASH
    return _text(algorithm.image or algorithm.algorithm_name)


def _channel_uri(view: JobView, label: str) -> str:
    for channel in view.channels:
        if channel.label == label:
            if channel.s3 is not None:
                return _text(channel.s3.uri)
            if channel.file_system is not None:
                return _text(channel.file_system.directory_path)
            return _text(channel.dataset_arn)
    return DASH


def _channel_mode(view: JobView, label: str) -> str:
    algorithm_mode = view.algorithm.input_mode if view.algorithm else None
    for channel in view.channels:
        if channel.label == label:
            return _text(effective_input_mode(channel, algorithm_mode).mode)
    return DASH


def _limit(view: JobView, field: str) -> str:
    if view.stopping is None:
        return DASH
    value = getattr(view.stopping, field)
    return DASH if value is None else format_duration(value)


def _final_metric(view: JobView, name: str) -> str:
    for metric in view.final_metrics:
        if metric.name == name:
            return _metric(metric.value)
    return DASH


def elide_middle(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters by an ellipsis in the middle (both ends are what tell
    long values apart: an S3 URI's bucket and its last key)."""
    if width <= 0:
        return ""
    if len(text) <= width:
        return text
    if width == 1:
        return "…"
    head = (width - 1 + 1) // 2
    tail = width - 1 - head
    return text[:head] + "…" + (text[-tail:] if tail else "")
