"""Three training jobs on the test moto server: a maximal one (every DescribeTrainingJob field, with
values that stress the formatters), a failed one and a minimal one.

moto models training jobs thinly, so the fields it does not model are set on its backend objects
(the server runs in the test process). Times are naive UTC, as moto keeps them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from botocore import xform_name

REGION = "us-east-1"
ACCOUNT = "123456789012"
MAXIMAL = "bert-large-maximal"
FAILED = "resnet-failed"
MINIMAL = "tiny-minimal"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/SageMakerRole"

RULES_IMAGE = "503895931360.dkr.ecr.us-east-1.amazonaws.com/sagemaker-debugger-rules:latest"
T0 = datetime(2026, 11, 20, 8, 15, 30, 123000)  # naive UTC on purpose (moto's convention)


def at(minutes: float, micro: int = 0) -> datetime:
    """T0 plus ``minutes``; a whole-second time prints without a fraction in ISO 8601."""
    from datetime import timedelta

    return (T0 + timedelta(minutes=minutes)).replace(microsecond=micro)


def _create(client: Any, name: str, **extra: Any) -> None:
    client.create_training_job(
        TrainingJobName=name,
        AlgorithmSpecification={
            "TrainingImage": "763104351884.dkr.ecr.us-east-1.amazonaws.com/pt:2.1",
            "TrainingInputMode": "File",
        },
        RoleArn=ROLE,
        OutputDataConfig={"S3OutputPath": f"s3://ml-bucket/{name}/output"},
        ResourceConfig={"InstanceType": "ml.p4d.24xlarge", "InstanceCount": 2, "VolumeSizeInGB": 100},
        StoppingCondition={"MaxRuntimeInSeconds": 86400},
        **extra,
    )


def _backend_job(name: str) -> Any:
    from moto.sagemaker.models import sagemaker_backends

    return sagemaker_backends[ACCOUNT][REGION].training_jobs[name]


def set_fields(name: str, **fields: Any) -> None:
    """Set API fields (by their API names) on moto's job; None removes a field from responses."""
    job = _backend_job(name)
    for key, value in fields.items():
        snake = xform_name(key)
        if key == "TrainingJobArn":
            snake = "arn"
        setattr(job, snake if hasattr(job, snake) else key, value)


MAXIMAL_FIELDS: dict[str, Any] = {
    "TuningJobArn": f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:hyper-parameter-tuning-job/hpo-1",
    "LabelingJobArn": f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:labeling-job/labels",
    "AutoMLJobArn": f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:automl-job/auto",
    "ModelArtifacts": {"S3ModelArtifacts": f"s3://ml-bucket/{MAXIMAL}/output/model.tar.gz"},
    "TrainingJobStatus": "Completed",
    "SecondaryStatus": "Completed",
    # Values chosen for the YAML resolver (1.2 vs 1.1), quoting and the text format.
    "HyperParameters": {
        "epochs": "10",
        "learning_rate": "1e-3",
        "use_amp": "true",
        "verbose": "yes",
        "mode": "on",
        "octal_like": "010",
        "model": "bert-large-uncased",
        "sagemaker_program": "train.py",
        "empty": "",
        "colon": "a: b",
        "long_value": "x" * 40 + " " + "y" * 50 + " trailing words that make the line longer than eighty",
        "unicode": "héllo ✓",
    },
    "AlgorithmSpecification": {
        "TrainingImage": "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1-gpu-py310",
        "TrainingInputMode": "FastFile",
        "MetricDefinitions": [
            {"Name": "train:loss", "Regex": "loss=([0-9\\.]+)"},
            {"Name": "validation:accuracy", "Regex": "val_acc=([0-9\\.]+)"},
        ],
        "EnableSageMakerMetricsTimeSeries": True,
        "ContainerEntrypoint": ["python", "-m", "torch.distributed.run"],
        "ContainerArguments": ["--nproc_per_node", "8"],
        "TrainingImageConfig": {"TrainingRepositoryAccessMode": "Platform"},
    },
    "RoleArn": ROLE,
    "InputDataConfig": [
        {
            "ChannelName": "train",
            "DataSource": {
                "S3DataSource": {
                    "S3DataType": "S3Prefix",
                    "S3Uri": "s3://ml-bucket/data/train/",
                    "S3DataDistributionType": "ShardedByS3Key",
                    "AttributeNames": ["source-ref", "label"],
                }
            },
            "ContentType": "application/x-recordio",
            "CompressionType": "None",
            "RecordWrapperType": "RecordIO",
            "InputMode": "Pipe",
            "ShuffleConfig": {"Seed": 42},
        },
        {
            "ChannelName": "validation",
            "DataSource": {
                "FileSystemDataSource": {
                    "FileSystemId": "fs-0123456789abcdef0",
                    "FileSystemAccessMode": "ro",
                    "FileSystemType": "FSxLustre",
                    "DirectoryPath": "/fsx/validation",
                }
            },
        },
    ],
    "OutputDataConfig": {
        "KmsKeyId": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "S3OutputPath": f"s3://ml-bucket/{MAXIMAL}/output",
        "CompressionType": "GZIP",
    },
    "ResourceConfig": {
        "InstanceType": "ml.p4d.24xlarge",
        "InstanceCount": 2,
        "VolumeSizeInGB": 500,
        "VolumeKmsKeyId": "alias/ebs",
        "KeepAlivePeriodInSeconds": 1800,
        "InstanceGroups": [
            {"InstanceType": "ml.p4d.24xlarge", "InstanceCount": 2, "InstanceGroupName": "gpu"},
        ],
    },
    "WarmPoolStatus": {
        "Status": "Available",
        "ResourceRetainedBillableTimeInSeconds": 600,
    },
    "VpcConfig": {
        "SecurityGroupIds": ["sg-0123456789abcdef0"],
        "Subnets": ["subnet-0aaa", "subnet-0bbb"],
    },
    "StoppingCondition": {"MaxRuntimeInSeconds": 86400, "MaxWaitTimeInSeconds": 172800},
    "CreationTime": at(0, 123000),
    "TrainingStartTime": at(4, 567890),
    "TrainingEndTime": at(196),
    "LastModifiedTime": at(197, 5000),
    "SecondaryStatusTransitions": [
        {
            "Status": "Starting",
            "StartTime": at(0, 123000),
            "EndTime": at(4, 567890),
            "StatusMessage": "Preparing the instances for training",
        },
        {
            "Status": "Downloading",
            "StartTime": at(4, 567890),
            "EndTime": at(7),
            "StatusMessage": "Downloading the training image",
        },
        {
            "Status": "Training",
            "StartTime": at(7),
            "EndTime": at(190),
            "StatusMessage": "Training image download completed. Training in progress.",
        },
        {
            "Status": "Uploading",
            "StartTime": at(190),
            "EndTime": at(196),
            "StatusMessage": "Uploading generated training model",
        },
        {
            "Status": "Completed",
            "StartTime": at(196),
            "EndTime": at(196),
            "StatusMessage": "Training job completed",
        },
    ],
    "FinalMetricDataList": [
        {"MetricName": "train:loss", "Value": 0.0123, "Timestamp": at(189)},
        {"MetricName": "validation:accuracy", "Value": 0.9375, "Timestamp": at(189, 250000)},
        {"MetricName": "tiny", "Value": 1e-05, "Timestamp": at(189)},
    ],
    "EnableNetworkIsolation": True,
    "EnableInterContainerTrafficEncryption": True,
    "EnableManagedSpotTraining": True,
    "CheckpointConfig": {"S3Uri": "s3://ml-bucket/checkpoints/", "LocalPath": "/opt/ml/checkpoints"},
    "TrainingTimeInSeconds": 11160,
    "BillableTimeInSeconds": 3348,
    "DebugHookConfig": {
        "LocalPath": "/opt/ml/output/tensors",
        "S3OutputPath": "s3://ml-bucket/debug/",
        "HookParameters": {"save_interval": "100"},
        "CollectionConfigurations": [
            {"CollectionName": "losses", "CollectionParameters": {"save_interval": "10"}},
        ],
    },
    "ExperimentConfig": {
        "ExperimentName": "bert",
        "TrialName": "trial-7",
        "TrialComponentDisplayName": "training",
        "RunName": "run-7",
    },
    "DebugRuleConfigurations": [
        {
            "RuleConfigurationName": "LossNotDecreasing",
            "RuleEvaluatorImage": RULES_IMAGE,
            "InstanceType": "ml.t3.medium",
            "VolumeSizeInGB": 0,
            "RuleParameters": {"rule_to_invoke": "LossNotDecreasing"},
        },
    ],
    "TensorBoardOutputConfig": {
        "LocalPath": "/opt/ml/output/tensorboard",
        "S3OutputPath": "s3://ml-bucket/tb/",
    },
    "DebugRuleEvaluationStatuses": [
        {
            "RuleConfigurationName": "LossNotDecreasing",
            "RuleEvaluationJobArn": f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:processing-job/loss-rule",
            "RuleEvaluationStatus": "NoIssuesFound",
            "LastModifiedTime": at(197),
        },
    ],
    "ProfilerConfig": {
        "S3OutputPath": "s3://ml-bucket/profiler/",
        "ProfilingIntervalInMilliseconds": 500,
        "DisableProfiler": False,
    },
    "ProfilerRuleConfigurations": [
        {
            "RuleConfigurationName": "ProfilerReport",
            "RuleEvaluatorImage": RULES_IMAGE,
            "RuleParameters": {"rule_to_invoke": "ProfilerReport"},
        },
    ],
    "ProfilerRuleEvaluationStatuses": [
        {
            "RuleConfigurationName": "ProfilerReport",
            "RuleEvaluationStatus": "IssuesFound",
            "StatusDetails": "GPU utilization low:\n\tconsider a smaller instance",
            "LastModifiedTime": at(197, 1),
        },
    ],
    "ProfilingStatus": "Enabled",
    "Environment": {"TOKENIZERS_PARALLELISM": "false", "GREETING": "héllo ✓", "EMPTY": ""},
    "RetryStrategy": {"MaximumRetryAttempts": 2},
    "RemoteDebugConfig": {"EnableRemoteDebug": False},
    "InfraCheckConfig": {"EnableInfraCheck": True},
    "BillableTokenCount": 123456789012345,
    "MlflowConfig": {
        "MlflowResourceArn": f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:mlflow-tracking-server/mlflow",
        "MlflowExperimentName": "bert",
        "MlflowRunName": "run-7",
    },
    "MlflowDetails": {"MlflowExperimentId": "17", "MlflowRunId": "0a1b2c3d"},
    "ModelPackageConfig": {
        "ModelPackageGroupArn": f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:model-package-group/bert",
    },
    "ProgressInfo": {"TotalStepCountPerEpoch": 1000, "CurrentStep": 1000, "CurrentEpoch": 10, "MaxEpoch": 10},
    "OutputModelPackageArn": f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:model-package/bert/1",
}

FAILED_FIELDS: dict[str, Any] = {
    "ModelArtifacts": None,
    "TrainingJobStatus": "Failed",
    "SecondaryStatus": "Failed",
    "FailureReason": (
        'AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage "RuntimeError: CUDA out '
        'of memory. Tried to allocate 2.00 GiB"\nCommand "/opt/conda/bin/python3.10 train.py"'
    ),
    "HyperParameters": {"batch_size": "512", "epochs": "90"},
    "CreationTime": at(10),
    "TrainingStartTime": at(13, 500000),
    "TrainingEndTime": at(41, 250000),
    "LastModifiedTime": at(41, 750000),
    "SecondaryStatusTransitions": [
        {
            "Status": "Starting",
            "StartTime": at(10),
            "EndTime": at(13, 500000),
            "StatusMessage": "Preparing the instances for training",
        },
        {
            "Status": "Training",
            "StartTime": at(13, 500000),
            "EndTime": at(41, 250000),
            "StatusMessage": "Training image download completed. Training in progress.",
        },
        {
            "Status": "Failed",
            "StartTime": at(41, 250000),
            "EndTime": at(41, 250000),
            "StatusMessage": "Training job failed",
        },
    ],
    "FinalMetricDataList": [],
    "TrainingTimeInSeconds": 1665,
    "BillableTimeInSeconds": 1665,
}

MINIMAL_FIELDS: dict[str, Any] = {
    "ModelArtifacts": None,
    "TrainingJobStatus": "InProgress",
    "SecondaryStatus": "Starting",
    "HyperParameters": None,
    "OutputDataConfig": None,
    "CreationTime": at(60),
    "TrainingStartTime": None,
    "TrainingEndTime": None,
    "LastModifiedTime": at(60),
    "SecondaryStatusTransitions": None,
    "FinalMetricDataList": None,
    "EnableNetworkIsolation": None,
    "EnableInterContainerTrafficEncryption": None,
    "EnableManagedSpotTraining": None,
    "Tags": None,
}


def create_fleet(client: Any) -> None:
    """Create the three jobs through the API, then fill in what moto does not model."""
    _create(client, MAXIMAL)
    set_fields(MAXIMAL, **MAXIMAL_FIELDS)
    _create(client, FAILED)
    set_fields(FAILED, **FAILED_FIELDS)
    _create(client, MINIMAL)
    set_fields(MINIMAL, **MINIMAL_FIELDS)
    # moto replaces MetricDefinitions with its own; only the maximal job asks for them.
    _backend_job(MINIMAL).algorithm_specification = {
        "TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/tiny:latest",
        "TrainingInputMode": "File",
    }
    _backend_job(FAILED).algorithm_specification = {
        "TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/resnet:1.0",
        "TrainingInputMode": "File",
    }
