"""What one demo job is: its CreateTrainingJob request, its state now, and its future.

Pure data: nothing here talks to moto. :meth:`JobSpec.describe` is the DescribeTrainingJob response
the demo server must serve for the job, so tests can compare what comes back over the wire with it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from tui.demo.events import Event

#: moto's default account (any access key it does not know maps to it) and the demo's region.
DEMO_ACCOUNT = "123456789012"
DEMO_REGION = "us-east-1"

#: CreateTrainingJob parameters that DescribeTrainingJob echoes back (Tags and
#: SessionChainingConfig are not part of the describe response; a test checks this list
#: against botocore's model).
REQUEST_FIELDS_IN_DESCRIBE = (
    "HyperParameters",
    "AlgorithmSpecification",
    "RoleArn",
    "InputDataConfig",
    "OutputDataConfig",
    "ResourceConfig",
    "VpcConfig",
    "StoppingCondition",
    "EnableNetworkIsolation",
    "EnableInterContainerTrafficEncryption",
    "EnableManagedSpotTraining",
    "CheckpointConfig",
    "DebugHookConfig",
    "DebugRuleConfigurations",
    "TensorBoardOutputConfig",
    "ExperimentConfig",
    "ProfilerConfig",
    "ProfilerRuleConfigurations",
    "Environment",
    "RetryStrategy",
    "RemoteDebugConfig",
    "InfraCheckConfig",
    "ServerlessJobConfig",
    "MlflowConfig",
    "ModelPackageConfig",
)

#: Booleans SageMaker always returns, False when the request left them out.
ALWAYS_RETURNED_FLAGS = (
    "EnableNetworkIsolation",
    "EnableInterContainerTrafficEncryption",
    "EnableManagedSpotTraining",
)


def training_job_arn(name: str, account: str = DEMO_ACCOUNT, region: str = DEMO_REGION) -> str:
    return f"arn:aws:sagemaker:{region}:{account}:training-job/{name}"


@dataclass(frozen=True)
class JobSpec:
    """One demo training job.

    ``request``: the CreateTrainingJob parameters (TrainingJobName included), sent for real.
    ``state``: the describe fields the request does not determine (statuses, times, transitions,
    warm pool, rule statuses, metrics, ...), as they are at the fleet's "now"; aware UTC datetimes.
    ``plan``: the job's future (events after "now", in time order) for the simulator.
    ``role``: why the job is in the fleet ("maximal", "failed", "warm-pool-reused" ...), or "" for
    the seeded filler jobs.
    """

    name: str
    request: dict[str, Any]
    state: dict[str, Any]
    plan: tuple[Event, ...] = ()
    role: str = ""

    def describe(self, account: str = DEMO_ACCOUNT, region: str = DEMO_REGION) -> dict[str, Any]:
        """The DescribeTrainingJob response for this job now (no ResponseMetadata)."""
        response: dict[str, Any] = {
            "TrainingJobName": self.name,
            "TrainingJobArn": training_job_arn(self.name, account, region),
        }
        for key in ALWAYS_RETURNED_FLAGS:
            response[key] = False
        for key in REQUEST_FIELDS_IN_DESCRIBE:
            if key in self.request:
                response[key] = copy.deepcopy(self.request[key])
        response.update(copy.deepcopy(self.state))
        return response


def utc_seconds(moment: datetime) -> datetime:
    """``moment`` as aware UTC, whole seconds (moto serialises milliseconds; whole seconds keep the
    fleet identical before and after the wire)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).replace(microsecond=0)
