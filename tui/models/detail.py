"""Typed views over a raw DescribeTrainingJob response (textual-free).

The raw dict stays the source of truth (``JobView.raw``, used unchanged by the All-fields tab and the
cache); these dataclasses only give the panes typed, forgiving access to it. Every accessor tolerates
an absent field, ``None`` or an unexpected type (a cache written by another version, a newer API,
a fuzzed response) and yields ``None`` or an empty collection instead of raising.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tui.models.timefmt import to_utc

# -- forgiving accessors -----------------------------------------------------------------------


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return list(value) if isinstance(value, tuple) else []


def as_str(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return int(value)
    return None


def as_float(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


def as_bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def as_time(value: Any) -> datetime | None:
    """Aware UTC datetime from a datetime (any zone) or an ISO 8601 string; None otherwise."""
    if isinstance(value, datetime):
        return to_utc(value)
    if isinstance(value, str):
        try:
            return to_utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return None
    return None


def as_str_map(value: Any) -> dict[str, str]:
    return {str(k): "" if v is None else str(v) for k, v in as_dict(value).items()}


def as_str_tuple(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in as_list(value) if v is not None)


# -- the views ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricDefinition:
    name: str | None
    regex: str | None


@dataclass(frozen=True)
class Algorithm:
    """AlgorithmSpecification."""

    image: str | None
    algorithm_name: str | None
    input_mode: str | None
    metric_definitions: tuple[MetricDefinition, ...]
    metrics_time_series: bool | None
    entrypoint: tuple[str, ...]
    arguments: tuple[str, ...]
    repository_access_mode: str | None
    credentials_provider_arn: str | None

    @classmethod
    def from_raw(cls, raw: Any) -> Algorithm:
        d = as_dict(raw)
        image_config = as_dict(d.get("TrainingImageConfig"))
        auth = as_dict(image_config.get("TrainingRepositoryAuthConfig"))
        return cls(
            image=as_str(d.get("TrainingImage")),
            algorithm_name=as_str(d.get("AlgorithmName")),
            input_mode=as_str(d.get("TrainingInputMode")),
            metric_definitions=tuple(
                MetricDefinition(as_str(as_dict(m).get("Name")), as_str(as_dict(m).get("Regex")))
                for m in as_list(d.get("MetricDefinitions"))
            ),
            metrics_time_series=as_bool(d.get("EnableSageMakerMetricsTimeSeries")),
            entrypoint=as_str_tuple(d.get("ContainerEntrypoint")),
            arguments=as_str_tuple(d.get("ContainerArguments")),
            repository_access_mode=as_str(image_config.get("TrainingRepositoryAccessMode")),
            credentials_provider_arn=as_str(auth.get("TrainingRepositoryCredentialsProviderArn")),
        )


@dataclass(frozen=True)
class S3Source:
    data_type: str | None
    uri: str | None
    distribution: str | None
    attribute_names: tuple[str, ...]
    instance_group_names: tuple[str, ...]
    accept_eula: bool | None
    hub_content_arn: str | None
    has_model_access_config: bool
    has_hub_access_config: bool

    @classmethod
    def from_raw(cls, raw: Any) -> S3Source:
        d = as_dict(raw)
        return cls(
            data_type=as_str(d.get("S3DataType")),
            uri=as_str(d.get("S3Uri")),
            distribution=as_str(d.get("S3DataDistributionType")),
            attribute_names=as_str_tuple(d.get("AttributeNames")),
            instance_group_names=as_str_tuple(d.get("InstanceGroupNames")),
            accept_eula=as_bool(as_dict(d.get("ModelAccessConfig")).get("AcceptEula")),
            hub_content_arn=as_str(as_dict(d.get("HubAccessConfig")).get("HubContentArn")),
            has_model_access_config="ModelAccessConfig" in d,
            has_hub_access_config="HubAccessConfig" in d,
        )


@dataclass(frozen=True)
class FileSystemSource:
    file_system_id: str | None
    access_mode: str | None
    file_system_type: str | None
    directory_path: str | None

    @classmethod
    def from_raw(cls, raw: Any) -> FileSystemSource:
        d = as_dict(raw)
        return cls(
            file_system_id=as_str(d.get("FileSystemId")),
            access_mode=as_str(d.get("FileSystemAccessMode")),
            file_system_type=as_str(d.get("FileSystemType")),
            directory_path=as_str(d.get("DirectoryPath")),
        )


@dataclass(frozen=True)
class Channel:
    """One entry of InputDataConfig."""

    index: int
    name: str | None
    s3: S3Source | None
    file_system: FileSystemSource | None
    dataset_arn: str | None
    content_type: str | None
    compression: str | None
    record_wrapper: str | None
    input_mode: str | None
    shuffle_seed: int | None
    has_shuffle_config: bool

    @classmethod
    def from_raw(cls, index: int, raw: Any) -> Channel:
        d = as_dict(raw)
        source = as_dict(d.get("DataSource"))
        shuffle = d.get("ShuffleConfig")
        return cls(
            index=index,
            name=as_str(d.get("ChannelName")),
            s3=S3Source.from_raw(source["S3DataSource"]) if "S3DataSource" in source else None,
            file_system=(
                FileSystemSource.from_raw(source["FileSystemDataSource"])
                if "FileSystemDataSource" in source
                else None
            ),
            dataset_arn=as_str(as_dict(source.get("DatasetSource")).get("DatasetArn")),
            content_type=as_str(d.get("ContentType")),
            compression=as_str(d.get("CompressionType")),
            record_wrapper=as_str(d.get("RecordWrapperType")),
            input_mode=as_str(d.get("InputMode")),
            shuffle_seed=as_int(as_dict(shuffle).get("Seed")),
            has_shuffle_config=shuffle is not None,
        )

    @property
    def label(self) -> str:
        return self.name if self.name else f"channel #{self.index + 1}"


@dataclass(frozen=True)
class InstanceGroup:
    name: str | None
    instance_type: str | None
    count: int | None


@dataclass(frozen=True)
class Placement:
    ultra_server_id: str | None
    count: int | None


@dataclass(frozen=True)
class InstancePreference:
    instance_type: str | None
    count: int | None
    training_plan_arns: tuple[str, ...]


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
            groups=tuple(
                InstanceGroup(
                    as_str(as_dict(g).get("InstanceGroupName")),
                    as_str(as_dict(g).get("InstanceType")),
                    as_int(as_dict(g).get("InstanceCount")),
                )
                for g in as_list(d.get("InstanceGroups"))
            ),
            training_plan_arn=as_str(d.get("TrainingPlanArn")),
            placement_multiple_jobs=as_bool(placement.get("EnableMultipleJobs")),
            placements=tuple(
                Placement(as_str(as_dict(p).get("UltraServerId")), as_int(as_dict(p).get("InstanceCount")))
                for p in as_list(placement.get("PlacementSpecifications"))
            ),
            has_placement_config="InstancePlacementConfig" in d,
            preferences=tuple(
                InstancePreference(
                    as_str(as_dict(p).get("InstanceType")),
                    as_int(as_dict(p).get("InstanceCount")),
                    as_str_tuple(as_dict(p).get("TrainingPlanArns")),
                )
                for p in as_list(d.get("InstancePreferences"))
            ),
            selected_instance_type=as_str(d.get("SelectedInstanceType")),
            selected_instance_count=as_int(d.get("SelectedInstanceCount")),
        )


@dataclass(frozen=True)
class WarmPool:
    status: str | None
    retained_billable_seconds: int | None
    reused_by: str | None


@dataclass(frozen=True)
class StoppingCondition:
    max_runtime: int | None
    max_wait: int | None
    max_pending: int | None


@dataclass(frozen=True)
class Transition:
    status: str | None
    start: datetime | None
    end: datetime | None
    message: str | None


@dataclass(frozen=True)
class FinalMetric:
    name: str | None
    value: float | None
    timestamp: datetime | None


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


@dataclass(frozen=True)
class Collection:
    name: str | None
    parameters: dict[str, str]


@dataclass(frozen=True)
class DebugHook:
    local_path: str | None
    s3_output_path: str | None
    hook_parameters: dict[str, str]
    collections: tuple[Collection, ...]


@dataclass(frozen=True)
class Profiler:
    s3_output_path: str | None
    interval_ms: int | None
    parameters: dict[str, str]
    disabled: bool | None


@dataclass(frozen=True)
class OutputConfig:
    s3_output_path: str | None
    kms_key: str | None
    compression: str | None


@dataclass(frozen=True)
class PathConfig:
    """CheckpointConfig and TensorBoardOutputConfig: an S3 URI and a local path."""

    s3_uri: str | None
    local_path: str | None


@dataclass(frozen=True)
class Progress:
    """ProgressInfo (TrainingProgressInfo)."""

    total_steps_per_epoch: int | None
    current_step: int | None
    current_epoch: int | None
    max_epoch: int | None


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
        vpc = as_dict(g("VpcConfig"))
        warm = g("WarmPoolStatus")
        stop = g("StoppingCondition")
        hook = g("DebugHookConfig")
        prof = g("ProfilerConfig")
        out = g("OutputDataConfig")
        ckpt = g("CheckpointConfig")
        tb = g("TensorBoardOutputConfig")
        progress = g("ProgressInfo")
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
            algorithm=Algorithm.from_raw(g("AlgorithmSpecification"))
            if g("AlgorithmSpecification") is not None
            else None,
            hyperparameters=as_str_map(g("HyperParameters")),
            channels=tuple(Channel.from_raw(i, c) for i, c in enumerate(as_list(g("InputDataConfig")))),
            output=OutputConfig(
                as_str(as_dict(out).get("S3OutputPath")),
                as_str(as_dict(out).get("KmsKeyId")),
                as_str(as_dict(out).get("CompressionType")),
            )
            if out is not None
            else None,
            model_artifacts=as_str(as_dict(g("ModelArtifacts")).get("S3ModelArtifacts")),
            resources=Resources.from_raw(g("ResourceConfig")) if g("ResourceConfig") is not None else None,
            warm_pool=WarmPool(
                as_str(as_dict(warm).get("Status")),
                as_int(as_dict(warm).get("ResourceRetainedBillableTimeInSeconds")),
                as_str(as_dict(warm).get("ReusedByJob")),
            )
            if warm is not None
            else None,
            vpc_security_groups=as_str_tuple(vpc.get("SecurityGroupIds")),
            vpc_subnets=as_str_tuple(vpc.get("Subnets")),
            has_vpc=g("VpcConfig") is not None,
            stopping=StoppingCondition(
                as_int(as_dict(stop).get("MaxRuntimeInSeconds")),
                as_int(as_dict(stop).get("MaxWaitTimeInSeconds")),
                as_int(as_dict(stop).get("MaxPendingTimeInSeconds")),
            )
            if stop is not None
            else None,
            creation_time=as_time(g("CreationTime")),
            training_start=as_time(g("TrainingStartTime")),
            training_end=as_time(g("TrainingEndTime")),
            last_modified=as_time(g("LastModifiedTime")),
            transitions=tuple(
                Transition(
                    as_str(as_dict(t).get("Status")),
                    as_time(as_dict(t).get("StartTime")),
                    as_time(as_dict(t).get("EndTime")),
                    as_str(as_dict(t).get("StatusMessage")),
                )
                for t in as_list(g("SecondaryStatusTransitions"))
            ),
            final_metrics=tuple(
                FinalMetric(
                    as_str(as_dict(m).get("MetricName")),
                    as_float(as_dict(m).get("Value")),
                    as_time(as_dict(m).get("Timestamp")),
                )
                for m in as_list(g("FinalMetricDataList"))
            ),
            network_isolation=as_bool(g("EnableNetworkIsolation")),
            inter_container_encryption=as_bool(g("EnableInterContainerTrafficEncryption")),
            managed_spot=as_bool(g("EnableManagedSpotTraining")),
            checkpoint=PathConfig(as_str(as_dict(ckpt).get("S3Uri")), as_str(as_dict(ckpt).get("LocalPath")))
            if ckpt is not None
            else None,
            training_seconds=as_int(g("TrainingTimeInSeconds")),
            billable_seconds=as_int(g("BillableTimeInSeconds")),
            billable_tokens=as_int(g("BillableTokenCount")),
            debug_hook=DebugHook(
                as_str(as_dict(hook).get("LocalPath")),
                as_str(as_dict(hook).get("S3OutputPath")),
                as_str_map(as_dict(hook).get("HookParameters")),
                tuple(
                    Collection(
                        as_str(as_dict(c).get("CollectionName")),
                        as_str_map(as_dict(c).get("CollectionParameters")),
                    )
                    for c in as_list(as_dict(hook).get("CollectionConfigurations"))
                ),
            )
            if hook is not None
            else None,
            experiment=as_str_map(g("ExperimentConfig")),
            debug_rules=tuple(RuleConfig.from_raw(r) for r in as_list(g("DebugRuleConfigurations"))),
            tensorboard=PathConfig(
                as_str(as_dict(tb).get("S3OutputPath")), as_str(as_dict(tb).get("LocalPath"))
            )
            if tb is not None
            else None,
            debug_rule_statuses=tuple(
                RuleStatus.from_raw(r) for r in as_list(g("DebugRuleEvaluationStatuses"))
            ),
            profiler=Profiler(
                as_str(as_dict(prof).get("S3OutputPath")),
                as_int(as_dict(prof).get("ProfilingIntervalInMilliseconds")),
                as_str_map(as_dict(prof).get("ProfilingParameters")),
                as_bool(as_dict(prof).get("DisableProfiler")),
            )
            if prof is not None
            else None,
            profiler_rules=tuple(RuleConfig.from_raw(r) for r in as_list(g("ProfilerRuleConfigurations"))),
            profiler_rule_statuses=tuple(
                RuleStatus.from_raw(r) for r in as_list(g("ProfilerRuleEvaluationStatuses"))
            ),
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
            progress=Progress(
                as_int(as_dict(progress).get("TotalStepCountPerEpoch")),
                as_int(as_dict(progress).get("CurrentStep")),
                as_int(as_dict(progress).get("CurrentEpoch")),
                as_int(as_dict(progress).get("MaxEpoch")),
            )
            if progress is not None
            else None,
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
