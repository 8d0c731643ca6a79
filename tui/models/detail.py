"""Typed views over a raw DescribeTrainingJob response (textual-free).

The raw dict stays the source of truth (``JobView.raw``, used unchanged by the All-fields tab and the
cache); these dataclasses only give the panes typed, forgiving access to it. Every accessor tolerates
an absent field, ``None`` or an unexpected type (a cache written by another version, a newer API,
a fuzzed response) and yields ``None`` or an empty collection instead of raising.

:class:`JobView` is here; the views of each area are in their own modules (``detail_algorithm``,
``detail_data``, ``detail_compute``, ``detail_progress``, ``detail_debugger``) and the accessors in
``detail_access``. All of them are importable from this module, which is what callers use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tui.models.detail_access import (
    as_bool,
    as_dict,
    as_float,
    as_int,
    as_list,
    as_str,
    as_str_map,
    as_str_tuple,
    as_time,
    present,
)
from tui.models.detail_algorithm import Algorithm, MetricDefinition
from tui.models.detail_compute import (
    InstanceGroup,
    InstancePreference,
    Placement,
    Resources,
    StoppingCondition,
    WarmPool,
)
from tui.models.detail_data import (
    Channel,
    FileSystemSource,
    OutputConfig,
    PathConfig,
    S3Source,
    channels_from_raw,
)
from tui.models.detail_debugger import (
    Collection,
    DebugHook,
    Profiler,
    RuleConfig,
    RuleStatus,
    rule_configs_from_raw,
    rule_statuses_from_raw,
)
from tui.models.detail_progress import (
    FinalMetric,
    Progress,
    Transition,
    final_metrics_from_raw,
    transitions_from_raw,
)

__all__ = [
    "FIELD_ORDER",
    "KNOWN_FIELDS",
    "Algorithm",
    "Channel",
    "Collection",
    "DebugHook",
    "FileSystemSource",
    "FinalMetric",
    "InstanceGroup",
    "InstancePreference",
    "JobView",
    "MetricDefinition",
    "OutputConfig",
    "PathConfig",
    "Placement",
    "Profiler",
    "Progress",
    "Resources",
    "RuleConfig",
    "RuleStatus",
    "S3Source",
    "StoppingCondition",
    "Transition",
    "WarmPool",
    "as_bool",
    "as_dict",
    "as_float",
    "as_int",
    "as_list",
    "as_str",
    "as_str_map",
    "as_str_tuple",
    "as_time",
]


@dataclass(frozen=True)
class JobView:
    """Everything the panes show, typed; ``raw`` is the response exactly as received."""

    raw: dict[str, Any]
    name: str | None
    arn: str | None
    tuning_job_arn: str | None
    labeling_job_arn: str | None
    automl_job_arn: str | None
    output_model_package_arn: str | None
    status: str | None
    secondary_status: str | None
    failure_reason: str | None
    role_arn: str | None
    algorithm: Algorithm | None
    hyperparameters: dict[str, str]
    channels: tuple[Channel, ...]
    output: OutputConfig | None
    model_artifacts: str | None
    resources: Resources | None
    warm_pool: WarmPool | None
    vpc_security_groups: tuple[str, ...]
    vpc_subnets: tuple[str, ...]
    has_vpc: bool
    stopping: StoppingCondition | None
    creation_time: datetime | None
    training_start: datetime | None
    training_end: datetime | None
    last_modified: datetime | None
    transitions: tuple[Transition, ...]
    final_metrics: tuple[FinalMetric, ...]
    network_isolation: bool | None
    inter_container_encryption: bool | None
    managed_spot: bool | None
    checkpoint: PathConfig | None
    training_seconds: int | None
    billable_seconds: int | None
    billable_tokens: int | None
    debug_hook: DebugHook | None
    experiment: dict[str, str]
    debug_rules: tuple[RuleConfig, ...]
    tensorboard: PathConfig | None
    debug_rule_statuses: tuple[RuleStatus, ...]
    profiler: Profiler | None
    profiler_rules: tuple[RuleConfig, ...]
    profiler_rule_statuses: tuple[RuleStatus, ...]
    profiling_status: str | None
    environment: dict[str, str]
    retry_attempts: int | None
    has_retry_strategy: bool
    remote_debug: bool | None
    has_remote_debug_config: bool
    infra_check: bool | None
    has_infra_check_config: bool
    serverless: dict[str, Any]
    mlflow_config: dict[str, Any]
    model_package_config: dict[str, Any]
    mlflow_details: dict[str, Any]
    progress: Progress | None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_raw(cls, raw: Mapping[str, Any]) -> JobView:
        d = raw if isinstance(raw, dict) else dict(raw) if isinstance(raw, Mapping) else {}
        g = d.get
        return cls(
            raw=d,
            name=as_str(g("TrainingJobName")),
            arn=as_str(g("TrainingJobArn")),
            tuning_job_arn=as_str(g("TuningJobArn")),
            labeling_job_arn=as_str(g("LabelingJobArn")),
            automl_job_arn=as_str(g("AutoMLJobArn")),
            output_model_package_arn=as_str(g("OutputModelPackageArn")),
            status=as_str(g("TrainingJobStatus")),
            secondary_status=as_str(g("SecondaryStatus")),
            failure_reason=as_str(g("FailureReason")),
            role_arn=as_str(g("RoleArn")),
            algorithm=present(Algorithm.from_raw, g("AlgorithmSpecification")),
            hyperparameters=as_str_map(g("HyperParameters")),
            channels=channels_from_raw(g("InputDataConfig")),
            output=present(OutputConfig.from_raw, g("OutputDataConfig")),
            model_artifacts=as_str(as_dict(g("ModelArtifacts")).get("S3ModelArtifacts")),
            resources=present(Resources.from_raw, g("ResourceConfig")),
            warm_pool=present(WarmPool.from_raw, g("WarmPoolStatus")),
            vpc_security_groups=as_str_tuple(as_dict(g("VpcConfig")).get("SecurityGroupIds")),
            vpc_subnets=as_str_tuple(as_dict(g("VpcConfig")).get("Subnets")),
            has_vpc=g("VpcConfig") is not None,
            stopping=present(StoppingCondition.from_raw, g("StoppingCondition")),
            creation_time=as_time(g("CreationTime")),
            training_start=as_time(g("TrainingStartTime")),
            training_end=as_time(g("TrainingEndTime")),
            last_modified=as_time(g("LastModifiedTime")),
            transitions=transitions_from_raw(g("SecondaryStatusTransitions")),
            final_metrics=final_metrics_from_raw(g("FinalMetricDataList")),
            network_isolation=as_bool(g("EnableNetworkIsolation")),
            inter_container_encryption=as_bool(g("EnableInterContainerTrafficEncryption")),
            managed_spot=as_bool(g("EnableManagedSpotTraining")),
            checkpoint=present(PathConfig.checkpoint_from_raw, g("CheckpointConfig")),
            training_seconds=as_int(g("TrainingTimeInSeconds")),
            billable_seconds=as_int(g("BillableTimeInSeconds")),
            billable_tokens=as_int(g("BillableTokenCount")),
            debug_hook=present(DebugHook.from_raw, g("DebugHookConfig")),
            experiment=as_str_map(g("ExperimentConfig")),
            debug_rules=rule_configs_from_raw(g("DebugRuleConfigurations")),
            tensorboard=present(PathConfig.tensorboard_from_raw, g("TensorBoardOutputConfig")),
            debug_rule_statuses=rule_statuses_from_raw(g("DebugRuleEvaluationStatuses")),
            profiler=present(Profiler.from_raw, g("ProfilerConfig")),
            profiler_rules=rule_configs_from_raw(g("ProfilerRuleConfigurations")),
            profiler_rule_statuses=rule_statuses_from_raw(g("ProfilerRuleEvaluationStatuses")),
            profiling_status=as_str(g("ProfilingStatus")),
            environment=as_str_map(g("Environment")),
            retry_attempts=as_int(as_dict(g("RetryStrategy")).get("MaximumRetryAttempts")),
            has_retry_strategy=g("RetryStrategy") is not None,
            remote_debug=as_bool(as_dict(g("RemoteDebugConfig")).get("EnableRemoteDebug")),
            has_remote_debug_config=g("RemoteDebugConfig") is not None,
            infra_check=as_bool(as_dict(g("InfraCheckConfig")).get("EnableInfraCheck")),
            has_infra_check_config=g("InfraCheckConfig") is not None,
            serverless=dict(as_dict(g("ServerlessJobConfig"))),
            mlflow_config=dict(as_dict(g("MlflowConfig"))),
            model_package_config=dict(as_dict(g("ModelPackageConfig"))),
            mlflow_details=dict(as_dict(g("MlflowDetails"))),
            progress=present(Progress.from_raw, g("ProgressInfo")),
            extra={k: v for k, v in d.items() if k not in KNOWN_FIELDS},
        )


#: Top-level response fields this version knows, in the service model's order (the All-fields
#: tab lists them in this order and flags any others as new).
FIELD_ORDER = (
    "TrainingJobName",
    "TrainingJobArn",
    "TuningJobArn",
    "LabelingJobArn",
    "AutoMLJobArn",
    "ModelArtifacts",
    "TrainingJobStatus",
    "SecondaryStatus",
    "FailureReason",
    "HyperParameters",
    "AlgorithmSpecification",
    "RoleArn",
    "InputDataConfig",
    "OutputDataConfig",
    "ResourceConfig",
    "WarmPoolStatus",
    "VpcConfig",
    "StoppingCondition",
    "CreationTime",
    "TrainingStartTime",
    "TrainingEndTime",
    "LastModifiedTime",
    "SecondaryStatusTransitions",
    "FinalMetricDataList",
    "EnableNetworkIsolation",
    "EnableInterContainerTrafficEncryption",
    "EnableManagedSpotTraining",
    "CheckpointConfig",
    "TrainingTimeInSeconds",
    "BillableTimeInSeconds",
    "BillableTokenCount",
    "DebugHookConfig",
    "ExperimentConfig",
    "DebugRuleConfigurations",
    "TensorBoardOutputConfig",
    "DebugRuleEvaluationStatuses",
    "ProfilerConfig",
    "ProfilerRuleConfigurations",
    "ProfilerRuleEvaluationStatuses",
    "ProfilingStatus",
    "Environment",
    "RetryStrategy",
    "RemoteDebugConfig",
    "InfraCheckConfig",
    "ServerlessJobConfig",
    "MlflowConfig",
    "ModelPackageConfig",
    "MlflowDetails",
    "ProgressInfo",
    "OutputModelPackageArn",
)
KNOWN_FIELDS = frozenset(FIELD_ORDER)
