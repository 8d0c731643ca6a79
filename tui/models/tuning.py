"""Hyperparameter tuning jobs as the screens show them: rows, configuration lines, trial rows (pure).

Everything here reads raw API dictionaries (ListHyperParameterTuningJobs summaries,
DescribeHyperParameterTuningJob responses, HyperParameterTrainingJobSummary items) and returns
plain values; the screens sanitise every string from the API before it reaches the terminal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

#: Sort keys of the tuning-jobs list, in the order ``s`` cycles through them.
TUNING_SORTS = ("created", "name", "status", "strategy", "best", "duration")
#: Keys whose natural first order is descending (newest, longest first).
DESCENDING_FIRST = frozenset({"created", "duration"})
RANGE_KINDS = (
    ("IntegerParameterRanges", "integer"),
    ("ContinuousParameterRanges", "continuous"),
    ("CategoricalParameterRanges", "categorical"),
)


def _utc(value: Any) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def objective_of(describe: Mapping[str, Any] | None) -> tuple[str, str]:
    """(metric, "Maximize" | "Minimize" | "") of a describe; ("", "") when unknown."""
    config = (describe or {}).get("HyperParameterTuningJobConfig") or {}
    spec = config.get("HyperParameterTuningJobObjective") or {}
    return str(spec.get("MetricName") or ""), str(spec.get("Type") or "")


def best_value(describe: Mapping[str, Any] | None) -> float | None:
    best = (describe or {}).get("BestTrainingJob") or {}
    metric = best.get("FinalHyperParameterTuningJobObjectiveMetric") or {}
    value = metric.get("Value")
    return float(value) if isinstance(value, int | float) else None


@dataclass(frozen=True)
class TuningRow:
    """One tuning job in the list."""

    name: str
    status: str
    strategy: str
    metric: str
    direction: str
    best: float | None
    completed: int
    running: int
    failed: int
    stopped: int
    created: datetime | None
    ended: datetime | None

    def duration(self, now: datetime) -> float | None:
        if self.created is None:
            return None
        end = self.ended or (now if self.status in ("InProgress", "Stopping") else None)
        return max(0.0, (end - self.created).total_seconds()) if end is not None else None


def tuning_row(summary: Mapping[str, Any], describe: Mapping[str, Any] | None = None) -> TuningRow:
    """A list row from a summary, with the objective and best value from the describe if cached."""
    counters = summary.get("TrainingJobStatusCounters") or {}
    metric, direction = objective_of(describe)
    return TuningRow(
        name=str(summary.get("HyperParameterTuningJobName") or ""),
        status=str(summary.get("HyperParameterTuningJobStatus") or ""),
        strategy=str(summary.get("Strategy") or ""),
        metric=metric,
        direction=direction,
        best=best_value(describe),
        completed=int(counters.get("Completed") or 0),
        running=int(counters.get("InProgress") or 0),
        failed=int(counters.get("NonRetryableError") or 0) + int(counters.get("RetryableError") or 0),
        stopped=int(counters.get("Stopped") or 0),
        created=_utc(summary.get("CreationTime")),
        ended=_utc(summary.get("HyperParameterTuningEndTime")),
    )


def filter_rows(rows: Sequence[TuningRow], text: str) -> list[TuningRow]:
    """Rows whose name, status, strategy or objective contains ``text`` (case-insensitive)."""
    needle = text.strip().lower()
    if not needle:
        return list(rows)
    return [r for r in rows if any(needle in f.lower() for f in (r.name, r.status, r.strategy, r.metric))]


def sort_rows(rows: Sequence[TuningRow], key: str, *, descending: bool, now: datetime) -> list[TuningRow]:
    """Rows ordered by ``key`` (one of :data:`TUNING_SORTS`); missing values last either way."""

    def value(row: TuningRow) -> Any:
        if key == "created":
            return row.created.timestamp() if row.created else None
        if key == "duration":
            return row.duration(now)
        if key == "best":
            return row.best
        return str(getattr(row, key)).lower()

    by_name = sorted(rows, key=lambda r: r.name)
    present = [r for r in by_name if value(r) is not None]
    missing = [r for r in by_name if value(r) is None]
    return sorted(present, key=value, reverse=descending) + missing


def fit_columns(
    widths: Mapping[str, int], order: Sequence[str], drop_first: Sequence[str], available: int, *,
    stretch: str, minimum: int = 16, prefer: int = 32, pad: int = 2,
) -> tuple[list[str], int]:
    """Which columns fit in ``available`` cells (dropping ``drop_first`` in that order until the
    ``stretch`` column, the name, has ``prefer`` cells) and the name's width (cut rather than
    scrolled sideways, never below ``minimum``)."""
    shown = list(order)
    dropping = list(drop_first)

    def need() -> int:
        return sum(widths[k] + pad for k in shown if k != stretch) + min(widths[stretch], prefer) + pad

    while need() > available and dropping:
        shown.remove(dropping.pop(0))
    others = sum(widths[k] + pad for k in shown if k != stretch)
    return shown, max(minimum, min(widths[stretch], available - others - pad))


def format_value(value: float | None) -> str:
    """An objective value: 4 significant digits, or "–"."""
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value:.4g}"


def arrow(direction: str) -> str:
    return {"Maximize": "↑", "Minimize": "↓"}.get(direction, "")


# -- one tuning job -------------------------------------------------------------------------------
def tuned_names(describe: Mapping[str, Any], trials: Sequence[Mapping[str, Any]] = ()) -> list[str]:
    """The tuned hyperparameters (the ranges' names, as declared), else those the trials carry."""
    names: list[str] = []
    for definition in _definitions(describe):
        ranges = definition.get("HyperParameterRanges") or {}
        names += [str(r["Name"]) for kind, _ in RANGE_KINDS for r in ranges.get(kind) or () if "Name" in r]
    config = describe.get("HyperParameterTuningJobConfig") or {}
    ranges = config.get("ParameterRanges") or {}
    names += [str(r["Name"]) for kind, _ in RANGE_KINDS for r in ranges.get(kind) or () if "Name" in r]
    for trial in trials:
        names += [str(k) for k in (trial.get("TunedHyperParameters") or {})]
    return list(dict.fromkeys(names))


def _definitions(describe: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    found = [describe.get("TrainingJobDefinition"), *(describe.get("TrainingJobDefinitions") or [])]
    return [d for d in found if isinstance(d, Mapping)]


def range_lines(describe: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(hyperparameter, its range in words) for every tuned hyperparameter."""
    config = describe.get("HyperParameterTuningJobConfig") or {}
    sources = [config.get("ParameterRanges") or {}]
    sources += [d.get("HyperParameterRanges") or {} for d in _definitions(describe)]
    lines = []
    for ranges in sources:
        for kind, word in RANGE_KINDS:
            for r in ranges.get(kind) or ():
                if kind == "CategoricalParameterRanges":
                    text = " | ".join(str(v) for v in r.get("Values") or ())
                else:
                    text = f"{r.get('MinValue')} … {r.get('MaxValue')}"
                    scaling = r.get("ScalingType")
                    text += f"  {word}" + (f", {scaling.lower()}" if scaling and scaling != "Auto" else "")
                lines.append((str(r.get("Name", "?")), text))
    return lines


def config_lines(describe: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The configuration a user reads first: strategy, objective, limits, early stopping, warm start."""
    config = describe.get("HyperParameterTuningJobConfig") or {}
    metric, direction = objective_of(describe)
    lines = [("Strategy", str(config.get("Strategy") or "–"))]
    hyperband = (config.get("StrategyConfig") or {}).get("HyperbandStrategyConfig")
    if hyperband:
        low, high = hyperband.get("MinResource", "?"), hyperband.get("MaxResource", "?")
        lines.append(("Hyperband", f"resource {low} … {high}"))
    lines.append(("Objective", f"{direction or '?'} {metric or '?'}".strip()))
    limits = config.get("ResourceLimits") or {}
    parts = []
    if limits.get("MaxNumberOfTrainingJobs") is not None:
        parts.append(f"{limits['MaxNumberOfTrainingJobs']} training jobs")
    if limits.get("MaxParallelTrainingJobs") is not None:
        parts.append(f"{limits['MaxParallelTrainingJobs']} in parallel")
    if limits.get("MaxRuntimeInSeconds") is not None:
        parts.append(f"max runtime {limits['MaxRuntimeInSeconds']}s")
    lines.append(("Resource limits", ", ".join(parts) or "–"))
    early = config.get("TrainingJobEarlyStoppingType")
    stopping = str(early) if early else ("internal (Hyperband)" if hyperband else "Off")
    lines.append(("Early stopping", stopping))
    criteria = config.get("TuningJobCompletionCriteria") or {}
    if criteria.get("TargetObjectiveMetricValue") is not None:
        lines.append(("Stop at objective", str(criteria["TargetObjectiveMetricValue"])))
    warm = describe.get("WarmStartConfig") or {}
    parents = [
        str(p.get("HyperParameterTuningJobName")) for p in warm.get("ParentHyperParameterTuningJobs") or ()
    ]
    warm_text = f"{warm.get('WarmStartType', '')}: {', '.join(parents)}" if parents else "none"
    lines.append(("Warm start", warm_text))
    return lines


def counter_line(describe: Mapping[str, Any]) -> str:
    status = describe.get("TrainingJobStatusCounters") or {}
    objective = describe.get("ObjectiveStatusCounters") or {}
    failed = int(status.get("NonRetryableError") or 0) + int(status.get("RetryableError") or 0)
    return (
        f"{status.get('Completed', 0)} completed · {status.get('InProgress', 0)} in progress · "
        f"{failed} failed · {status.get('Stopped', 0)} stopped   objective: "
        f"{objective.get('Succeeded', 0)} succeeded, {objective.get('Pending', 0)} pending, "
        f"{objective.get('Failed', 0)} failed"
    )


@dataclass(frozen=True)
class TrialRow:
    """One training job of a tuning job."""

    name: str
    status: str
    value: float | None
    tuned: dict[str, str] = field(default_factory=dict)
    created: datetime | None = None
    started: datetime | None = None
    ended: datetime | None = None
    failure: str = ""

    def duration(self, now: datetime) -> float | None:
        if self.started is None:
            return None
        end = self.ended or (now if self.status in ("InProgress", "Stopping") else None)
        return max(0.0, (end - self.started).total_seconds()) if end is not None else None


def trial_rows(trials: Sequence[Mapping[str, Any]], direction: str) -> list[TrialRow]:
    """The training jobs, best objective first in the objective's direction (as
    ListTrainingJobsForHyperParameterTuningJob sorts by FinalObjectiveMetricValue), then those
    without a value, newest first."""
    rows = []
    for trial in trials:
        metric = trial.get("FinalHyperParameterTuningJobObjectiveMetric") or {}
        value = metric.get("Value")
        rows.append(TrialRow(
            name=str(trial.get("TrainingJobName") or ""),
            status=str(trial.get("TrainingJobStatus") or ""),
            value=float(value) if isinstance(value, int | float) else None,
            tuned={str(k): str(v) for k, v in (trial.get("TunedHyperParameters") or {}).items()},
            created=_utc(trial.get("CreationTime")),
            started=_utc(trial.get("TrainingStartTime")),
            ended=_utc(trial.get("TrainingEndTime")),
            failure=str(trial.get("FailureReason") or ""),
        ))
    scored = sorted((r for r in rows if r.value is not None), key=lambda r: r.name)
    scored.sort(key=lambda r: r.value or 0.0, reverse=direction != "Minimize")
    rest = sorted((r for r in rows if r.value is None), key=lambda r: r.name)
    rest.sort(key=lambda r: r.created.timestamp() if r.created else 0.0, reverse=True)
    return scored + rest


def tuning_name_of(arn: str | None) -> str | None:
    """The tuning job's name in its ARN (``…:hyper-parameter-tuning-job/NAME``), None otherwise."""
    if not arn or ":hyper-parameter-tuning-job/" not in arn:
        return None
    name = arn.rsplit("/", 1)[-1]
    return name or None
