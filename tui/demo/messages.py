"""The words SageMaker uses: status messages, failure reasons, rule verdicts.

The StatusMessage texts follow what SageMaker writes into SecondaryStatusTransitions; the failure
reasons follow its ``ErrorType: detail`` form (AlgorithmError, ClientError, CapacityError,
InternalServerError). Some carry non-ASCII text on purpose: names cannot (SageMaker's name pattern is
ASCII), so values are where the app's Unicode handling is exercised.
"""

from __future__ import annotations

STARTING_LAUNCH = "Launching requested ML instances"
STARTING_PREPARE = "Preparing the instances for training"
STARTING_CAPACITY = "Insufficient capacity error from EC2 while launching instances, retrying!"
STARTING_SPOT_WAIT = "Waiting for spot capacity to become available"
STARTING_WARM_POOL = "Reusing warm pool instances from a previous training job"
PENDING = "Waiting for capacity reserved by the training plan to become available"
DOWNLOADING = "Downloading input data"
TRAINING_IMAGE = "Downloading the training image"
TRAINING = "Training image download completed. Training in progress."
UPLOADING = "Uploading generated training model"
COMPLETED = "Training job completed"
FAILED = "Training job failed"
STOPPING = "Stopping the training job"
STOPPED = "Training job stopped"
MAX_RUNTIME = "Training job runtime exceeded MaxRuntimeInSeconds provided"
MAX_WAIT = "Training job wait time exceeded MaxWaitTimeInSeconds provided"
INTERRUPTED = (
    "Spot instances were interrupted. Training will resume from the last checkpoint when "
    "capacity is available"
)
RESTARTING = "Restarting the training job after an internal error (attempt {attempt} of {limit})"
UPDATING = "Updating the profiler configuration of the training job"
# The secondary statuses SageMaker used before 2019 (deprecated, still on old jobs).
LEGACY_LAUNCHING = "Launching requested ML instances"
LEGACY_PREPARING = "Preparing the instances for training"
LEGACY_IMAGE = "Downloading the training image"

#: Failures before any instance ran: no TrainingStartTime, no billable time.
STARTING_FAILURES = (
    (
        "CapacityError: Unable to provision requested ML compute capacity. Please retry using a "
        "different ML instance type."
    ),
    (
        "ClientError: The subnet subnet-0b7e2c1d9a4f3e215 does not have enough free addresses to "
        "launch 8 instances."
    ),
    (
        "ClientError: Failed to assume role "
        "arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole-20240312T101455. "
        "Please ensure the role trusts sagemaker.amazonaws.com."
    ),
    (
        "ClientError: Cannot pull the training image "
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/ml-platform/yolov8-train:2026.11.3: "
        "manifest unknown."
    ),
)

DOWNLOAD_FAILURES = (
    (
        "ClientError: Data download failed:Failed to download data. AccessDenied (403): Access "
        "Denied while downloading "
        "s3://acme-ml-datasets-123456789012/churn/2026-11/train/part-00017.csv"
    ),
    (
        "ClientError: Please ensure that the S3 prefix "
        "s3://acme-ml-datasets-123456789012/imagenet/val/ exists and contains data."
    ),
    (
        "ClientError: Data download failed:No space left on device. Increase VolumeSizeInGB or "
        "use FastFile mode."
    ),
)

TRAINING_FAILURES = (
    (
        "AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage "
        '"torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 3; '
        "79.10 GiB total capacity; 76.35 GiB already allocated; 1.12 GiB free; 77.02 GiB "
        'reserved in total by PyTorch)"\nCommand "/opt/conda/bin/python3.11 train.py --epochs 3 '
        '--learning_rate 2e-05", exit code: 1'
    ),
    (
        'AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage "ValueError: Expected '
        'input batch_size (32) to match target batch_size (31)."\nCommand '
        '"/opt/conda/bin/python3.10 train.py", exit code: 1'
    ),
    (
        "AlgorithmError: framework error: \nTraceback (most recent call last):\n  File "
        '"/opt/conda/lib/python3.10/site-packages/sagemaker_training/trainer.py", line 88, in '
        "train\n    entrypoint()\nRuntimeError: NCCL error in: "
        "../torch/csrc/distributed/c10d/ProcessGroupNCCL.cpp:1331, unhandled system error, NCCL "
        "version 2.18.5"
    ),
    (
        "AlgorithmError: Please make sure all features are numeric: found a string in column 7 "
        "of line 10412 of train/part-00003.csv"
    ),
    (
        "AlgorithmError: UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position 17 "
        "of «Données d’entraînement — 学習データ» (train/part-0003.jsonl)"
    ),
    "InternalServerError: We encountered an internal error. Please try again.",
)

UPLOAD_FAILURES = (
    (
        "ClientError: Artifact upload failed:Access Denied (403) writing "
        "s3://acme-ml-artifacts-123456789012/llm/output/model.tar.gz. Check the bucket policy "
        "and KMS key permissions."
    ),
)

#: Rule verdicts as the rule evaluation jobs report them.
ISSUES_FOUND = (
    "RuleEvaluationConditionMet: Evaluation of the rule {rule} at step {step} resulted in "
    "the condition being met"
)
RULE_ERROR = (
    "ClientError: The rule evaluation job could not read "
    "s3://acme-ml-artifacts-123456789012/debug-output/{job}/debug-output: AccessDenied"
)
