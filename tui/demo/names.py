"""Names of the showcase jobs, by the role they play in the fleet (fixed: tests look them up)."""

from __future__ import annotations

MAXIMAL_JOB = "demo-maximal"
FAILED_JOB = "demo-failed"
RUNNING_JOB = "demo-running"
MINIMAL_JOB = "demo-minimal"

#: SageMaker's longest legal name: 63 characters.
LONG_NAME = "mixtral-8x7b-instruct-dpo-ultrafeedback-lr2e-6-beta0-1-run-0042"

#: role -> job name, for every showcase job.
ROLES = {
    "maximal": MAXIMAL_JOB,
    "failed": FAILED_JOB,
    "running": RUNNING_JOB,
    "minimal": MINIMAL_JOB,
    "retry": "llama3-8b-sft-retry-nccl",
    "starting": "whisper-small-asr-de-spot",
    "downloading": "resnet50-imagenet-full-file-mode",
    "uploading": "bert-base-ner-conll-final",
    "interrupted": "llama3-8b-sft-spot-ckpt",
    "pending": "llama3-70b-pretrain-plan-q4",
    "warm-pool-in-use": "xgboost-churn-warm-trainer",
    "stopping": "mistral-7b-dpo-beta-sweep",
    "stopped": "yolov8-shelf-detection-v7",
    "max-runtime-exceeded": "deepar-demand-forecast-long",
    "max-wait-time-exceeded": "bert-base-ner-spot-cheap",
    "failed-training": "llama3-8b-sft-oom-bs16",
    "failed-unicode": "blazingtext-intent-fr-ja",
    "warm-pool-available": "xgboost-churn-warm-available",
    "warm-pool-reused": "xgboost-churn-warm-first",
    "warm-pool-reuser": "xgboost-churn-warm-second",
    "warm-pool-terminated": "xgboost-churn-warm-expired",
    "heterogeneous": "t5-large-summarization-hetero",
    "channels": "multimodal-retrieval-channel-zoo",
    "rules": "resnet50-imagenet-debugger-rules",
    "many-hyperparameters": "transformer-grid-hyperparameter-stress",
    "long-name": LONG_NAME,
    "legacy": "image-classification-caltech256-legacy",
    "updating": "bert-base-ner-profiler-update",
}
