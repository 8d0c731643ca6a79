"""The typed view of AlgorithmSpecification (textual-free): the image and how it is run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.models.detail_access import as_bool, as_dict, as_list, as_str, as_str_tuple


@dataclass(frozen=True)
class MetricDefinition:
    name: str | None
    regex: str | None

    @classmethod
    def from_raw(cls, raw: Any) -> MetricDefinition:
        d = as_dict(raw)
        return cls(as_str(d.get("Name")), as_str(d.get("Regex")))


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
                MetricDefinition.from_raw(m) for m in as_list(d.get("MetricDefinitions"))
            ),
            metrics_time_series=as_bool(d.get("EnableSageMakerMetricsTimeSeries")),
            entrypoint=as_str_tuple(d.get("ContainerEntrypoint")),
            arguments=as_str_tuple(d.get("ContainerArguments")),
            repository_access_mode=as_str(image_config.get("TrainingRepositoryAccessMode")),
            credentials_provider_arn=as_str(auth.get("TrainingRepositoryCredentialsProviderArn")),
        )
