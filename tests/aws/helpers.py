"""Creating training jobs on the test moto server through the real API."""

from __future__ import annotations

from typing import Any

ROLE = "arn:aws:iam::123456789012:role/SageMakerRole"


def create_job(raw_client: Any, name: str, **overrides: Any) -> None:
    params: dict[str, Any] = {
        "TrainingJobName": name,
        "AlgorithmSpecification": {
            "TrainingImage": "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3-gpu",
            "TrainingInputMode": "File",
        },
        "RoleArn": ROLE,
        "OutputDataConfig": {"S3OutputPath": "s3://bucket/output"},
        "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
    }
    params.update(overrides)
    raw_client.create_training_job(**params)


def backend_job(name: str, region: str = "us-east-1", account: str = "123456789012") -> Any:
    """moto's in-process object for a job: set attributes on it to shape the describe response."""
    from moto.sagemaker.models import sagemaker_backends

    return sagemaker_backends[account][region].training_jobs[name]
