"""Typed views of where a training job's data comes from and goes (textual-free).

InputDataConfig's channels and their sources; OutputDataConfig; the checkpoint and TensorBoard paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui.models.detail_access import as_bool, as_dict, as_int, as_list, as_str, as_str_tuple


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


def channels_from_raw(raw: Any) -> tuple[Channel, ...]:
    """InputDataConfig's channels, each knowing its position (for a label when it has no name)."""
    return tuple(Channel.from_raw(i, c) for i, c in enumerate(as_list(raw)))


@dataclass(frozen=True)
class OutputConfig:
    s3_output_path: str | None
    kms_key: str | None
    compression: str | None

    @classmethod
    def from_raw(cls, raw: Any) -> OutputConfig:
        d = as_dict(raw)
        return cls(as_str(d.get("S3OutputPath")), as_str(d.get("KmsKeyId")), as_str(d.get("CompressionType")))


@dataclass(frozen=True)
class PathConfig:
    """CheckpointConfig and TensorBoardOutputConfig: an S3 URI and a local path."""

    s3_uri: str | None
    local_path: str | None

    @classmethod
    def checkpoint_from_raw(cls, raw: Any) -> PathConfig:
        """CheckpointConfig, whose S3 member is ``S3Uri``."""
        d = as_dict(raw)
        return cls(as_str(d.get("S3Uri")), as_str(d.get("LocalPath")))

    @classmethod
    def tensorboard_from_raw(cls, raw: Any) -> PathConfig:
        """TensorBoardOutputConfig, whose S3 member is ``S3OutputPath``."""
        d = as_dict(raw)
        return cls(as_str(d.get("S3OutputPath")), as_str(d.get("LocalPath")))
