"""Turn a project and a few dice rolls into a CreateTrainingJob request and a life story."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime, timedelta
from random import Random
from typing import Any

from tui.demo import catalog as cat
from tui.demo import messages as msg
from tui.demo.lifecycle import Life, RuleOutcome, issues, warm_pool
from tui.demo.spec import JobSpec

#: How a job's story ends. "Failed@Phase" fails during that phase.
OUTCOMES = (
    "Completed",
    "Failed@Starting",
    "Failed@Downloading",
    "Failed@Training",
    "Failed@Uploading",
    "Stopped",
    "MaxRuntimeExceeded",
    "MaxWaitTimeExceeded",
)


@dataclass
class Choices:
    """The dice rolls behind one job (kept together so a story and its request agree)."""

    instance_type: str
    instance_count: int
    spot: bool
    keep_alive: int
    max_runtime: int
    debugger: bool
    profiler: bool


def roll(project: cat.Project, rng: Random) -> Choices:
    spot = rng.random() < project.spot
    hours = max(1, (project.minutes[1] * 2) // 60)
    return Choices(
        instance_type=rng.choice(project.instance_types),
        instance_count=rng.choice(project.instance_counts),
        spot=spot,
        keep_alive=project.keep_alive if project.keep_alive and rng.random() < 0.6 else 0,
        max_runtime=min(hours * 3600, 5 * 86400),
        debugger=project.debugger and rng.random() < 0.7,
        profiler=project.profiler and rng.random() < 0.7,
    )


def make_request(
    project: cat.Project, name: str, rng: Random, c: Choices, *, extras: bool = True
) -> dict[str, Any]:
    """The CreateTrainingJob parameters the SageMaker Python SDK would send for this job.

    ``extras=False`` leaves out the optional blocks dice would add (KMS keys, TensorBoard,
    experiments, retries, traffic encryption), for showcase jobs that choose their own.
    """
    base = project.base
    request: dict[str, Any] = {
        "TrainingJobName": name,
        "HyperParameters": project.hyperparameters(rng, name, base),
        "AlgorithmSpecification": {
            "TrainingImage": project.image,
            "TrainingInputMode": project.input_mode,
            "MetricDefinitions": [{"Name": n, "Regex": r} for n, r, _lo, _hi in project.metrics],
            "EnableSageMakerMetricsTimeSeries": project.image.startswith(cat.DLC),
        },
        "RoleArn": project.role,
        "InputDataConfig": copy.deepcopy(list(project.channels)),
        "OutputDataConfig": {"S3OutputPath": f"s3://{cat.ARTIFACTS}/{base}/output"},
        "ResourceConfig": {
            "InstanceType": c.instance_type,
            "InstanceCount": c.instance_count,
            "VolumeSizeInGB": project.volume_gb,
        },
        "StoppingCondition": {"MaxRuntimeInSeconds": c.max_runtime},
        "Tags": [
            {"Key": "team", "Value": project.team},
            {"Key": "project", "Value": base},
            {"Key": "cost-center", "Value": rng.choice(["ml-4410", "ml-4420", "rd-0031"])},
        ],
    }
    if extras and rng.random() < 0.3:
        request["OutputDataConfig"]["KmsKeyId"] = cat.KMS_KEY
        request["ResourceConfig"]["VolumeKmsKeyId"] = cat.KMS_KEY
    if c.keep_alive:
        request["ResourceConfig"]["KeepAlivePeriodInSeconds"] = c.keep_alive
    if c.spot:
        request["EnableManagedSpotTraining"] = True
        request["StoppingCondition"]["MaxWaitTimeInSeconds"] = c.max_runtime * 2
        request["CheckpointConfig"] = {
            "S3Uri": f"s3://{cat.ARTIFACTS}/{base}/checkpoints/{name}",
            "LocalPath": "/opt/ml/checkpoints",
        }
    if project.vpc:
        request["VpcConfig"] = {"SecurityGroupIds": list(cat.SECURITY_GROUPS), "Subnets": list(cat.SUBNETS)}
        request["EnableNetworkIsolation"] = rng.random() < 0.3
    if extras and c.instance_count > 1:
        request["EnableInterContainerTrafficEncryption"] = rng.random() < 0.5
    if project.environment:
        request["Environment"] = dict(project.environment)
    if c.debugger:
        request["DebugHookConfig"] = debug_hook(base)
        request["DebugRuleConfigurations"] = [debug_rule(r) for r in cat.DEBUG_RULES[: rng.randint(1, 3)]]
    if c.profiler:
        request["ProfilerConfig"] = profiler_config(base)
        request["ProfilerRuleConfigurations"] = [
            profiler_rule("ProfilerReport-" + name[-8:].replace("-", ""))
        ]
    if extras and rng.random() < 0.25:
        request["TensorBoardOutputConfig"] = {
            "S3OutputPath": f"s3://{cat.ARTIFACTS}/{base}/tensorboard",
            "LocalPath": "/opt/ml/output/tensorboard",
        }
    if extras and rng.random() < 0.35:
        request["ExperimentConfig"] = {
            "ExperimentName": base,
            "TrialName": f"{base}-trial-{rng.randint(1, 40):02d}",
            "TrialComponentDisplayName": "training",
        }
    if extras and rng.random() < 0.15:
        request["RetryStrategy"] = {"MaximumRetryAttempts": rng.choice([1, 2, 3])}
    return request


def debug_hook(base: str) -> dict[str, Any]:
    return {
        "S3OutputPath": f"s3://{cat.ARTIFACTS}/{base}/debug-output",
        "LocalPath": "/opt/ml/output/tensors",
        "HookParameters": {"save_interval": "100"},
        "CollectionConfigurations": [
            {"CollectionName": "losses", "CollectionParameters": {"save_interval": "50"}},
            {
                "CollectionName": "gradients",
                "CollectionParameters": {"save_interval": "500", "reductions": "norm"},
            },
            {"CollectionName": "weights"},
        ],
    }


def debug_rule(rule: str) -> dict[str, Any]:
    return {
        "RuleConfigurationName": rule,
        "RuleEvaluatorImage": cat.DEBUGGER_IMAGE,
        "InstanceType": "ml.t3.medium",
        "VolumeSizeInGB": 0,
        "RuleParameters": {"rule_to_invoke": rule},
    }


def profiler_config(base: str) -> dict[str, Any]:
    return {
        "S3OutputPath": f"s3://{cat.ARTIFACTS}/{base}/profiler-output",
        "ProfilingIntervalInMilliseconds": 500,
        "ProfilingParameters": {
            "DataloaderProfilingConfig": '{"StartStep": 5, "NumSteps": 3, "MetricsRegex": ".*"}',
            "PythonProfilingConfig": '{"StartStep": 9, "NumSteps": 3, "ProfilerName": "cprofile"}',
        },
        "DisableProfiler": False,
    }


def profiler_rule(name: str, rule: str = "ProfilerReport") -> dict[str, Any]:
    return {
        "RuleConfigurationName": name,
        "RuleEvaluatorImage": cat.DEBUGGER_IMAGE,
        "RuleParameters": {"rule_to_invoke": rule},
    }


def rule_outcomes_for(request: dict[str, Any], key: str, rng: Random) -> list[RuleOutcome]:
    """The verdict each configured rule will reach (mostly NoIssuesFound, as in real accounts)."""
    outcomes: list[RuleOutcome] = []
    for rule in request.get(key, ()):
        name = rule["RuleConfigurationName"]
        verdict = rng.choices(["NoIssuesFound", "IssuesFound", "Error"], weights=[70, 25, 5])[0]
        details = (
            issues(rule["RuleParameters"]["rule_to_invoke"], rng.randint(2, 120) * 100)
            if verdict == "IssuesFound"
            else None
        )
        outcomes.append((name, verdict, details))
    return outcomes


def tell(
    life: Life,
    rng: Random,
    request: dict[str, Any],
    outcome: str,
    *,
    train_seconds: int,
    metrics: list[tuple[str, float]],
) -> None:
    """Write a standard job story onto ``life``: Starting, Downloading, Training (with spot
    interruptions), Uploading, then ``outcome``; rule verdicts and warm pool expiry after the end."""
    spot = bool(request.get("EnableManagedSpotTraining"))
    mode = request.get("AlgorithmSpecification", {}).get("TrainingInputMode", "File")
    stopping = request["StoppingCondition"]
    keep_alive = request["ResourceConfig"].get("KeepAlivePeriodInSeconds", 0)
    if spot and rng.random() < 0.3:
        life.say(rng.randint(60, 200), msg.STARTING_CAPACITY)
    life.say(rng.randint(60, 240), msg.STARTING_PREPARE)
    if outcome == "Failed@Starting":
        life.finish(
            rng.randint(30, 400), "Failed", msg.FAILED, failure_reason=rng.choice(msg.STARTING_FAILURES)
        )
        life.settle_rules(rng.randint(10, 60), stopped=True)  # nothing to evaluate: no step ever ran
        return
    life.enter(rng.randint(10, 40), "Downloading", msg.DOWNLOADING)
    download = rng.randint(30, 900) if mode == "File" else rng.randint(5, 40)
    if outcome == "Failed@Downloading":
        life.finish(download, "Failed", msg.FAILED, failure_reason=rng.choice(msg.DOWNLOAD_FAILURES))
        life.settle_rules(rng.randint(30, 120))
        return
    pool = {"WarmPoolStatus": warm_pool("InUse")} if keep_alive else {}
    life.enter(download, "Training", msg.TRAINING_IMAGE, **pool)
    life.say(rng.randint(20, 120), msg.TRAINING)
    trained = 0
    interruptions = rng.randint(1, 2) if spot and rng.random() < 0.35 else 0
    if outcome == "MaxWaitTimeExceeded":
        interruptions = 1
    for _ in range(interruptions):
        part = rng.randint(train_seconds // 6, max(train_seconds // 6 + 1, train_seconds // 2))
        trained += part
        life.enter(part, "Interrupted", msg.INTERRUPTED)
        life.enter(rng.randint(5, 60), "Starting", msg.STARTING_SPOT_WAIT)
        if outcome == "MaxWaitTimeExceeded":
            wait = max(
                60, stopping["MaxWaitTimeInSeconds"] - int((life.cursor - life.created).total_seconds())
            )
            life.finish(wait, "MaxWaitTimeExceeded", msg.MAX_WAIT, billable_fraction=rng.uniform(0.2, 0.4))
            life.settle_rules(rng.randint(30, 200), stopped=True)
            _expire_pool(life, keep_alive, "Terminated")
            return
        life.say(rng.randint(120, 1800), msg.STARTING_PREPARE)
        life.enter(rng.randint(20, 60), "Downloading", msg.DOWNLOADING)
        life.enter(rng.randint(10, 120), "Training", msg.TRAINING_IMAGE)
        life.say(rng.randint(20, 60), msg.TRAINING)
    remaining = max(60, train_seconds - trained)
    billable = rng.uniform(0.3, 0.75) if spot else 1.0
    if outcome == "Failed@Training":
        partial = [(n, v * rng.uniform(1.0, 1.3)) for n, v in metrics[:1]]
        life.finish(
            rng.randint(60, remaining),
            "Failed",
            msg.FAILED,
            billable_fraction=billable,
            metrics=partial,
            failure_reason=rng.choice(msg.TRAINING_FAILURES),
        )
    elif outcome == "Stopped":
        life.stop(rng.randint(60, remaining))
        life.finish(rng.randint(20, 120), "Stopped", msg.STOPPED, billable_fraction=billable)
        life.settle_rules(rng.randint(10, 60), stopped=True)
        _expire_pool(life, keep_alive, "Terminated")
        return
    elif outcome == "MaxRuntimeExceeded":
        elapsed = int((life.cursor - (life.started or life.cursor)).total_seconds())
        life.finish(
            max(60, stopping["MaxRuntimeInSeconds"] - elapsed),
            "MaxRuntimeExceeded",
            msg.MAX_RUNTIME,
            billable_fraction=billable,
        )
    else:
        life.enter(remaining, "Uploading", msg.UPLOADING)
        if outcome == "Failed@Uploading":
            life.finish(
                rng.randint(20, 200),
                "Failed",
                msg.FAILED,
                billable_fraction=billable,
                failure_reason=rng.choice(msg.UPLOAD_FAILURES),
            )
        else:
            available: dict[str, Any] = {"WarmPoolStatus": warm_pool("Available")} if keep_alive else {}
            life.finish(
                rng.randint(10, 150),
                "Completed",
                msg.COMPLETED,
                billable_fraction=billable,
                metrics=metrics,
                **available,
            )
            ended = life.cursor
            life.settle_rules(rng.randint(30, 600))
            if keep_alive:
                life.update(
                    ended + timedelta(seconds=keep_alive),
                    WarmPoolStatus=warm_pool("Terminated", retained=keep_alive),
                )
            return
    life.settle_rules(rng.randint(30, 300))
    _expire_pool(life, keep_alive, "Terminated")


def _expire_pool(life: Life, keep_alive: int, status: str) -> None:
    """A job that did not complete releases its warm pool at once (nothing retained)."""
    if keep_alive and life.ended is not None:
        life.update(life.ended, WarmPoolStatus=warm_pool(status, retained=0))


def final_metrics(project: cat.Project, rng: Random) -> list[tuple[str, float]]:
    return [(name, round(rng.uniform(lo, hi), 4)) for name, _r, lo, hi in project.metrics]


def spec_from(life: Life, request: dict[str, Any], now: datetime, role: str = "") -> JobSpec:
    """The job as it stands at ``now`` (plus its future), with static describe extras filled in."""
    state, plan = life.split(now)
    state["ModelArtifacts"] = {
        "S3ModelArtifacts": f"{request['OutputDataConfig']['S3OutputPath']}/{life.name}/output/model.tar.gz"
    }
    if "ProfilerConfig" in request:
        disabled = request["ProfilerConfig"].get("DisableProfiler", False)
        state["ProfilingStatus"] = "Disabled" if disabled else "Enabled"
    return JobSpec(name=life.name, request=request, state=state, plan=plan, role=role)
