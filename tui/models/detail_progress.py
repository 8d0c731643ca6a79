"""Typed views of how far a training job has got (textual-free).

SecondaryStatusTransitions, FinalMetricDataList and ProgressInfo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui.models.detail_access import as_dict, as_float, as_int, as_list, as_str, as_time


@dataclass(frozen=True)
class Transition:
    status: str | None
    start: datetime | None
    end: datetime | None
    message: str | None

    @classmethod
    def from_raw(cls, raw: Any) -> Transition:
        d = as_dict(raw)
        return cls(
            as_str(d.get("Status")),
            as_time(d.get("StartTime")),
            as_time(d.get("EndTime")),
            as_str(d.get("StatusMessage")),
        )


def transitions_from_raw(raw: Any) -> tuple[Transition, ...]:
    return tuple(Transition.from_raw(t) for t in as_list(raw))


@dataclass(frozen=True)
class FinalMetric:
    name: str | None
    value: float | None
    timestamp: datetime | None

    @classmethod
    def from_raw(cls, raw: Any) -> FinalMetric:
        d = as_dict(raw)
        return cls(as_str(d.get("MetricName")), as_float(d.get("Value")), as_time(d.get("Timestamp")))


def final_metrics_from_raw(raw: Any) -> tuple[FinalMetric, ...]:
    return tuple(FinalMetric.from_raw(m) for m in as_list(raw))


@dataclass(frozen=True)
class Progress:
    """ProgressInfo (TrainingProgressInfo)."""

    total_steps_per_epoch: int | None
    current_step: int | None
    current_epoch: int | None
    max_epoch: int | None

    @classmethod
    def from_raw(cls, raw: Any) -> Progress:
        d = as_dict(raw)
        return cls(
            as_int(d.get("TotalStepCountPerEpoch")),
            as_int(d.get("CurrentStep")),
            as_int(d.get("CurrentEpoch")),
            as_int(d.get("MaxEpoch")),
        )
