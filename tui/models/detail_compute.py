"""Typed views of what a training job runs on and for how long (textual-free).

ResourceConfig (instances, groups, placement, preferences), WarmPoolStatus and StoppingCondition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.models.detail_access import as_bool, as_dict, as_int, as_list, as_str, as_str_tuple


@dataclass(frozen=True)
class InstanceGroup:
    name: str | None
    instance_type: str | None
    count: int | None

    @classmethod
    def from_raw(cls, raw: Any) -> InstanceGroup:
        d = as_dict(raw)
        return cls(
            as_str(d.get("InstanceGroupName")), as_str(d.get("InstanceType")), as_int(d.get("InstanceCount"))
        )


@dataclass(frozen=True)
class Placement:
    ultra_server_id: str | None
    count: int | None

    @classmethod
    def from_raw(cls, raw: Any) -> Placement:
        d = as_dict(raw)
        return cls(as_str(d.get("UltraServerId")), as_int(d.get("InstanceCount")))


@dataclass(frozen=True)
class InstancePreference:
    instance_type: str | None
    count: int | None
    training_plan_arns: tuple[str, ...]

    @classmethod
    def from_raw(cls, raw: Any) -> InstancePreference:
        d = as_dict(raw)
        return cls(
            as_str(d.get("InstanceType")),
            as_int(d.get("InstanceCount")),
            as_str_tuple(d.get("TrainingPlanArns")),
        )


@dataclass(frozen=True)
class Resources:
    """ResourceConfig."""

    instance_type: str | None
    instance_count: int | None
    volume_gb: int | None
    volume_kms_key: str | None
    keep_alive_seconds: int | None
    groups: tuple[InstanceGroup, ...]
    training_plan_arn: str | None
    placement_multiple_jobs: bool | None
    placements: tuple[Placement, ...]
    has_placement_config: bool
    preferences: tuple[InstancePreference, ...]
    selected_instance_type: str | None
    selected_instance_count: int | None

    @classmethod
    def from_raw(cls, raw: Any) -> Resources:
        d = as_dict(raw)
        placement = as_dict(d.get("InstancePlacementConfig"))
        return cls(
            instance_type=as_str(d.get("InstanceType")),
            instance_count=as_int(d.get("InstanceCount")),
            volume_gb=as_int(d.get("VolumeSizeInGB")),
            volume_kms_key=as_str(d.get("VolumeKmsKeyId")),
            keep_alive_seconds=as_int(d.get("KeepAlivePeriodInSeconds")),
            groups=tuple(InstanceGroup.from_raw(g) for g in as_list(d.get("InstanceGroups"))),
            training_plan_arn=as_str(d.get("TrainingPlanArn")),
            placement_multiple_jobs=as_bool(placement.get("EnableMultipleJobs")),
            placements=tuple(
                Placement.from_raw(p) for p in as_list(placement.get("PlacementSpecifications"))
            ),
            has_placement_config="InstancePlacementConfig" in d,
            preferences=tuple(InstancePreference.from_raw(p) for p in as_list(d.get("InstancePreferences"))),
            selected_instance_type=as_str(d.get("SelectedInstanceType")),
            selected_instance_count=as_int(d.get("SelectedInstanceCount")),
        )


@dataclass(frozen=True)
class WarmPool:
    status: str | None
    retained_billable_seconds: int | None
    reused_by: str | None

    @classmethod
    def from_raw(cls, raw: Any) -> WarmPool:
        d = as_dict(raw)
        return cls(
            as_str(d.get("Status")),
            as_int(d.get("ResourceRetainedBillableTimeInSeconds")),
            as_str(d.get("ReusedByJob")),
        )


@dataclass(frozen=True)
class StoppingCondition:
    max_runtime: int | None
    max_wait: int | None
    max_pending: int | None

    @classmethod
    def from_raw(cls, raw: Any) -> StoppingCondition:
        d = as_dict(raw)
        return cls(
            as_int(d.get("MaxRuntimeInSeconds")),
            as_int(d.get("MaxWaitTimeInSeconds")),
            as_int(d.get("MaxPendingTimeInSeconds")),
        )
