"""What the SageMaker API reference says each status and setting means, in the words the detail
panes show beside the value (primary and secondary statuses, warm pools, rule evaluations, data
distribution, input modes, compression, record wrappers). Pure data and lookups (textual-free).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

PRIMARY_STATUS_MEANINGS = {
    "InProgress": "The training job is in progress.",
    "Completed": "The training job has completed.",
    "Failed": "The training job has failed; the reason is in FailureReason.",
    "Stopping": "The training job is stopping.",
    "Stopped": "The training job has stopped.",
    "Deleting": "The training job is being deleted.",
}

SECONDARY_STATUS_MEANINGS = {
    "Starting": "Starting the training job.",
    "Pending": "Waiting for compute capacity or compute resource provision.",
    "Downloading": "Downloading the training data to the ML storage volumes (File input mode).",
    "Training": "Training is in progress.",
    "Interrupted": "The managed spot training instances were interrupted.",
    "Uploading": "Training is complete; the model artifacts are being uploaded to S3.",
    "Completed": "The training job has completed.",
    "Failed": "The training job has failed; see FailureReason.",
    "MaxRuntimeExceeded": "Stopped: the job exceeded its maximum allowed runtime.",
    "MaxWaitTimeExceeded": "Stopped: the job exceeded its maximum allowed wait time.",
    "Stopped": "The training job has stopped.",
    "Stopping": "Stopping the training job.",
    "Updating": "The training job is being updated.",
    "Restarting": "The training job is restarting.",
    "LaunchingMLInstances": "Launching the ML instances (no longer reported by SageMaker).",
    "PreparingTrainingStack": "Preparing the training stack (no longer reported by SageMaker).",
    "PreparingTraining": "Preparing the training (no longer reported by SageMaker).",
    "DownloadingTrainingImage": "Downloading the training image (no longer reported by SageMaker).",
}

#: Secondary statuses SageMaker no longer reports, still found on old jobs.
DEPRECATED_SECONDARY_STATUSES = frozenset(
    {"LaunchingMLInstances", "PreparingTrainingStack", "PreparingTraining", "DownloadingTrainingImage"}
)


@dataclass(frozen=True)
class StatusMeaning:
    text: str
    deprecated: bool


def secondary_status_meaning(status: str | None) -> StatusMeaning:
    if not status:
        return StatusMeaning("-", False)
    text = SECONDARY_STATUS_MEANINGS.get(status, "A status this version does not know yet.")
    return StatusMeaning(text, status in DEPRECATED_SECONDARY_STATUSES)


def primary_status_meaning(status: str | None) -> str:
    if not status:
        return "-"
    return PRIMARY_STATUS_MEANINGS.get(status, "A status this version does not know yet.")


WARM_POOL_MEANINGS = {
    "InUse": "The warm pool is in use for this training job.",
    "Available": "The warm pool is available to reuse for a matching training job.",
    "Reused": "The warm pool moved to a matching training job for reuse.",
    "Terminated": "The warm pool is no longer available (stopped by a user, patched, or its "
    "keep-alive period expired).",
}

RULE_STATUS_MEANINGS = {
    "InProgress": "The rule is being evaluated.",
    "NoIssuesFound": "The rule found no issues.",
    "IssuesFound": "The rule found issues: see the details and the evaluation job.",
    "Error": "The rule evaluation itself failed.",
    "Stopping": "The rule evaluation is stopping.",
    "Stopped": "The rule evaluation was stopped.",
}

S3_DATA_TYPE_MEANINGS = {
    "S3Prefix": "the URI is a key prefix: every object under it is used",
    "ManifestFile": "the URI is a manifest file listing the object keys to use",
    "AugmentedManifestFile": "the URI is an augmented manifest (JSON lines); Pipe mode only",
    "Converse": "the URI holds data in the Converse conversational format",
}

DISTRIBUTION_MEANINGS = {
    "FullyReplicated": "every instance gets the whole dataset",
    "ShardedByS3Key": "each of n instances gets about 1/n of the S3 objects",
}

INPUT_MODE_MEANINGS = {
    "File": "downloaded to the ML storage volume before training",
    "Pipe": "streamed from S3 into the container",
    "FastFile": "streamed from S3 on demand through a file system interface",
}

COMPRESSION_MEANINGS = {"None": "not compressed", "Gzip": "gzip-compressed"}
RECORD_WRAPPER_MEANINGS = {"None": "records passed as they are", "RecordIO": "wrapped in RecordIO"}


def meaning(table: Mapping[str, str], key: str | None) -> str | None:
    return table.get(key) if key else None
