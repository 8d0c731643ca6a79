"""Where a job can be reached outside the app: its AWS console page and its hosts (pure).

The console URL is built from the job's ARN (partition and region), so a job opened from any
region or partition links to its own console. Hosts are SageMaker's names for a job's instances:
``algo-1`` … ``algo-N`` over every instance of ``ResourceConfig.InstanceCount`` or of its
``InstanceGroups`` (heterogeneous clusters number all groups' instances in one sequence).
The remote-debug shell is AWS Systems Manager's, on the target
``sagemaker-training-job:<job>_algo-<n>`` (the job needs ``RemoteDebugConfig.EnableRemoteDebug``).
"""

from __future__ import annotations

import shlex
from typing import Any
from urllib.parse import quote

#: Console host per partition (aws-cn and aws-us-gov have their own consoles).
CONSOLE_HOSTS = {
    "aws": "console.aws.amazon.com",
    "aws-cn": "console.amazonaws.cn",
    "aws-us-gov": "console.amazonaws-us-gov.com",
}


def arn_region(arn: str | None) -> tuple[str, str] | None:
    """(partition, region) of an ARN ``arn:PARTITION:sagemaker:REGION:ACCOUNT:...``; None if not one."""
    parts = (arn or "").split(":")
    if len(parts) < 6 or parts[0] != "arn" or not parts[1] or not parts[3]:
        return None
    return parts[1], parts[3]


def console_url(name: str, arn: str | None, region: str | None = None) -> str | None:
    """The SageMaker console's page of training job ``name``: the ARN's partition and region, else
    ``region`` in the commercial partition; None when neither is known."""
    where = arn_region(arn) or (("aws", region) if region else None)
    if where is None:
        return None
    partition, reg = where
    host = CONSOLE_HOSTS.get(partition, CONSOLE_HOSTS["aws"])
    reg_q, name_q = quote(reg, safe=""), quote(name, safe="")
    return f"https://{reg_q}.{host}/sagemaker/home?region={reg_q}#/jobs/{name_q}"


def remote_debug_enabled(raw: dict[str, Any] | None) -> bool:
    config = (raw or {}).get("RemoteDebugConfig")
    return isinstance(config, dict) and config.get("EnableRemoteDebug") is True


def instance_total(raw: dict[str, Any] | None) -> int:
    """How many instances the job has (0 when the describe does not say)."""
    resources = (raw or {}).get("ResourceConfig")
    if not isinstance(resources, dict):
        return 0
    groups = resources.get("InstanceGroups")
    if isinstance(groups, list) and groups:
        return sum(g.get("InstanceCount", 0) for g in groups if isinstance(g, dict)
                   and isinstance(g.get("InstanceCount"), int))
    count = resources.get("InstanceCount")
    return count if isinstance(count, int) and count > 0 else 0


def hosts(raw: dict[str, Any] | None) -> list[str]:
    """``algo-1`` … ``algo-N`` (at least ``algo-1``: every running job has a first host)."""
    return [f"algo-{n}" for n in range(1, max(1, instance_total(raw)) + 1)]


def ssm_target(name: str, host: str) -> str:
    return f"sagemaker-training-job:{name}_{host}"


def ssm_command(name: str, host: str, region: str | None = None, profile: str | None = None) -> list[str]:
    """``aws ssm start-session --target sagemaker-training-job:<job>_<host>``, with the job's region
    and the app's profile (when one was named), so the AWS CLI's own defaults do not matter."""
    argv = ["aws", "ssm", "start-session", "--target", ssm_target(name, host)]
    if region:
        argv += ["--region", region]
    if profile:
        argv += ["--profile", profile]
    return argv


def command_line(argv: list[str]) -> str:
    """``argv`` as one shell line (quoted where needed), to show and copy."""
    return shlex.join(argv)
