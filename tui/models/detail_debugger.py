"""Typed views of a training job's Debugger and Profiler settings and rule evaluations (textual-free)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui.models.detail_access import as_bool, as_dict, as_int, as_list, as_str, as_str_map, as_time


@dataclass(frozen=True)
class RuleConfig:
    """A DebugRuleConfiguration or ProfilerRuleConfiguration (same members)."""

    name: str | None
    local_path: str | None
    s3_output_path: str | None
    image: str | None
    instance_type: str | None
    volume_gb: int | None
    parameters: dict[str, str]

    @classmethod
    def from_raw(cls, raw: Any) -> RuleConfig:
        d = as_dict(raw)
        return cls(
            name=as_str(d.get("RuleConfigurationName")),
            local_path=as_str(d.get("LocalPath")),
            s3_output_path=as_str(d.get("S3OutputPath")),
            image=as_str(d.get("RuleEvaluatorImage")),
            instance_type=as_str(d.get("InstanceType")),
            volume_gb=as_int(d.get("VolumeSizeInGB")),
            parameters=as_str_map(d.get("RuleParameters")),
        )


@dataclass(frozen=True)
class RuleStatus:
    """A DebugRuleEvaluationStatus or ProfilerRuleEvaluationStatus."""

    name: str | None
    job_arn: str | None
    status: str | None
    details: str | None
    last_modified: datetime | None

    @classmethod
    def from_raw(cls, raw: Any) -> RuleStatus:
        d = as_dict(raw)
        return cls(
            name=as_str(d.get("RuleConfigurationName")),
            job_arn=as_str(d.get("RuleEvaluationJobArn")),
            status=as_str(d.get("RuleEvaluationStatus")),
            details=as_str(d.get("StatusDetails")),
            last_modified=as_time(d.get("LastModifiedTime")),
        )


def rule_configs_from_raw(raw: Any) -> tuple[RuleConfig, ...]:
    return tuple(RuleConfig.from_raw(r) for r in as_list(raw))


def rule_statuses_from_raw(raw: Any) -> tuple[RuleStatus, ...]:
    return tuple(RuleStatus.from_raw(r) for r in as_list(raw))


@dataclass(frozen=True)
class Collection:
    name: str | None
    parameters: dict[str, str]

    @classmethod
    def from_raw(cls, raw: Any) -> Collection:
        d = as_dict(raw)
        return cls(as_str(d.get("CollectionName")), as_str_map(d.get("CollectionParameters")))


@dataclass(frozen=True)
class DebugHook:
    local_path: str | None
    s3_output_path: str | None
    hook_parameters: dict[str, str]
    collections: tuple[Collection, ...]

    @classmethod
    def from_raw(cls, raw: Any) -> DebugHook:
        d = as_dict(raw)
        return cls(
            as_str(d.get("LocalPath")),
            as_str(d.get("S3OutputPath")),
            as_str_map(d.get("HookParameters")),
            tuple(Collection.from_raw(c) for c in as_list(d.get("CollectionConfigurations"))),
        )


@dataclass(frozen=True)
class Profiler:
    s3_output_path: str | None
    interval_ms: int | None
    parameters: dict[str, str]
    disabled: bool | None

    @classmethod
    def from_raw(cls, raw: Any) -> Profiler:
        d = as_dict(raw)
        return cls(
            as_str(d.get("S3OutputPath")),
            as_int(d.get("ProfilingIntervalInMilliseconds")),
            as_str_map(d.get("ProfilingParameters")),
            as_bool(d.get("DisableProfiler")),
        )
