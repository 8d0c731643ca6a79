"""The showcase: fixed jobs, independent of the seed, that together cover every shape of the API.

Four have documented names for tests (detail screens, ``describe`` goldens):

``demo-maximal``
    Completed; every optional DescribeTrainingJob member set (FailureReason aside, which a
    completed job cannot have), even members that rarely go together (TuningJobArn, LabelingJobArn
    and AutoMLJobArn). Managed spot with savings, Pending/Interrupted in its transitions, a warm pool
    Reused by ``llama3-8b-sft-retry-nccl``, debugger and profiler rules with verdicts.
``demo-failed``
    Failed while Starting: FailureReason set; no TrainingStartTime, TrainingEndTime or billable time.
``demo-running``
    InProgress/Training for hours yet; warm pool InUse, rules InProgress, no final metrics yet.
``demo-minimal``
    Completed with only the required request fields.

All are listed in :data:`tui.demo.names.ROLES` (role -> name); :mod:`tui.demo.showcase_live` and
:mod:`tui.demo.showcase_history` build the others. Every job is timed relative to ``now`` only, so a
fixed ``now`` gives identical jobs.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from random import Random
from typing import Any

from tui.demo import catalog as cat
from tui.demo import messages as msg
from tui.demo import showcase_history as history
from tui.demo import showcase_live as live
from tui.demo.builder import (
    Choices,
    debug_hook,
    debug_rule,
    make_request,
    profiler_config,
    profiler_rule,
    spec_from,
)
from tui.demo.lifecycle import Life, issues, warm_pool
from tui.demo.names import FAILED_JOB, MAXIMAL_JOB, MINIMAL_JOB, ROLES, RUNNING_JOB
from tui.demo.spec import DEMO_ACCOUNT, DEMO_REGION, JobSpec

ARN = f"arn:aws:sagemaker:{DEMO_REGION}:{DEMO_ACCOUNT}"
TRAINING_PLAN = f"{ARN}:training-plan/llm-q4-p4d-reservation"
BASE_MODEL = (
    f"arn:aws:sagemaker:{DEMO_REGION}:aws:hub-content/SageMakerPublicHub/Model/"
    "meta-textgeneration-llama-3-8b/2.1.0"
)
PACKAGE_GROUP = f"{ARN}:model-package-group/llama3-8b-support-assistant"


def showcase_jobs(now: datetime) -> list[JobSpec]:
    """The showcase jobs, most important first (the fleet drops from the end when asked for fewer)."""
    maximal, reuser = maximal_pair(now)
    return [
        maximal,
        failed(now),
        running(now),
        minimal(now),
        reuser,
        *coverage_jobs(now),
    ]


def coverage_jobs(now: datetime) -> list[JobSpec]:
    """One job per shape: every status (current, transitions, deprecated), warm pool status, rule
    status, channel kind; running ones first (they are the ones ``running`` can leave out)."""
    return [
        live.starting(now),
        live.downloading(now),
        live.uploading(now),
        live.interrupted(now),
        live.pending(now),
        live.warm_pool_in_use(now),
        live.stopping(now),
        history.stopped(now),
        history.max_runtime(now),
        history.max_wait(now),
        history.failed_training(now),
        history.failed_unicode(now),
        *history.warm_pool_jobs(now),
        history.heterogeneous(now),
        history.channels(now),
        history.rules(now),
        history.many_hyperparameters(now),
        history.long_name(now),
        *history.legacy(now),
        history.updating(now),
    ]


#: demo-maximal's hosts (and those of the job that reuses its warm pool: same type and count).
MAXIMAL_HOSTS = 4


def llm_request(name: str, *, count: int = 2, keep_alive: int = 0) -> dict[str, Any]:
    """A fine-tuning request like the ones the NLP team sends (fixed, seed-free)."""
    project = next(p for p in cat.PROJECTS if p.base == "llama3-8b-sft")
    choices = Choices("ml.p4d.24xlarge", count, False, keep_alive, 86400, False, False)
    return make_request(project, name, Random(name), choices, extras=False)


def maximal_pair(now: datetime) -> tuple[JobSpec, JobSpec]:
    """``demo-maximal`` and the job that reused its warm pool."""
    name = MAXIMAL_JOB
    # Four hosts: its log (100,000 lines) and instance metrics show per-host lines for four hosts.
    request = llm_request(name, count=MAXIMAL_HOSTS, keep_alive=1800)
    request["HyperParameters"]["system_prompt"] = json_str("Réponds poliment — 丁寧に答えてください 🙂")
    algo = request["AlgorithmSpecification"]
    algo["MetricDefinitions"].append({"Name": "learning_rate", "Regex": r"'learning_rate': ([0-9\.e\-]+)"})
    algo["ContainerEntrypoint"] = ["torchrun", "--nproc_per_node", "8"]
    algo["ContainerArguments"] = ["sft.py", "--config", "/opt/ml/input/data/config/recipe.yaml"]
    algo["TrainingImageConfig"] = {
        "TrainingRepositoryAccessMode": "Vpc",
        "TrainingRepositoryAuthConfig": {
            "TrainingRepositoryCredentialsProviderArn": (
                f"arn:aws:lambda:{DEMO_REGION}:{DEMO_ACCOUNT}:function:ecr-pull-credentials"
            )
        },
    }
    request["InputDataConfig"] = [
        cat.s3_channel(
            "train",
            f"s3://{cat.DATA}/llm/support-conversations/2026-11/train/",
            content_type="application/jsonlines",
            mode="FastFile",
            CompressionType="None",
            RecordWrapperType="None",
            ShuffleConfig={"Seed": 20261126},
        ),
        cat.s3_channel(
            "validation",
            f"s3://{cat.DATA}/llm/support-conversations/2026-11/validation/",
            content_type="application/jsonlines",
            mode="File",
        ),
        {
            "ChannelName": "model",
            "DataSource": {
                "S3DataSource": {
                    "S3DataType": "S3Prefix",
                    "S3Uri": "s3://jumpstart-cache-prod-us-east-1/meta-textgeneration/meta-textgeneration-llama-3-8b/artifacts/inference-prepack/v2.0.0/",
                    "S3DataDistributionType": "FullyReplicated",
                    "ModelAccessConfig": {"AcceptEula": True},
                    "HubAccessConfig": {"HubContentArn": BASE_MODEL},
                }
            },
            "InputMode": "File",
        },
        cat.fs_channel("config", "EFS", cat.EFS_ID, "/recipes/llama3-8b-support"),
    ]
    request["OutputDataConfig"].update(KmsKeyId=cat.KMS_KEY, CompressionType="GZIP")
    request["ResourceConfig"].update(
        VolumeKmsKeyId=cat.KMS_KEY,
        TrainingPlanArn=TRAINING_PLAN,
        InstancePlacementConfig={
            "EnableMultipleJobs": False,
            "PlacementSpecifications": [
                {"UltraServerId": "us-east-1-ultraserver-0042", "InstanceCount": MAXIMAL_HOSTS}
            ],
        },
        InstancePreferences=[
            {
                "InstanceType": "ml.p4d.24xlarge",
                "InstanceCount": MAXIMAL_HOSTS,
                "TrainingPlanArns": [TRAINING_PLAN],
            },
            {"InstanceType": "ml.p5.48xlarge", "InstanceCount": 1},
        ],
        SelectedInstanceType="ml.p4d.24xlarge",
        SelectedInstanceCount=MAXIMAL_HOSTS,
    )
    request.update(
        VpcConfig={"SecurityGroupIds": list(cat.SECURITY_GROUPS), "Subnets": list(cat.SUBNETS)},
        EnableNetworkIsolation=True,
        EnableInterContainerTrafficEncryption=True,
        EnableManagedSpotTraining=True,
        CheckpointConfig={
            "S3Uri": f"s3://{cat.ARTIFACTS}/llama3-8b-sft/checkpoints/{name}",
            "LocalPath": "/opt/ml/checkpoints",
        },
        DebugHookConfig=debug_hook("llama3-8b-sft"),
        DebugRuleConfigurations=[
            debug_rule(r) for r in ("LossNotDecreasing", "Overfit", "VanishingGradient")
        ],
        TensorBoardOutputConfig={
            "S3OutputPath": f"s3://{cat.ARTIFACTS}/llama3-8b-sft/tensorboard",
            "LocalPath": "/opt/ml/output/tensorboard",
        },
        ExperimentConfig={
            "ExperimentName": "llama3-8b-support-assistant",
            "TrialName": "sft-lora-r64",
            "TrialComponentDisplayName": "training",
            "RunName": "sft-lora-r64-run-3",
        },
        ProfilerConfig=profiler_config("llama3-8b-sft"),
        ProfilerRuleConfigurations=[
            profiler_rule("ProfilerReport-1764152400"),
            profiler_rule("LowGPUUtilization", "LowGPUUtilization"),
        ],
        Environment={**cat.LLM_ENV, "GREETING": "Grüß Gott — こんにちは"},
        RetryStrategy={"MaximumRetryAttempts": 2},
        RemoteDebugConfig={"EnableRemoteDebug": True},
        InfraCheckConfig={"EnableInfraCheck": True},
        SessionChainingConfig={"EnableSessionTagChaining": True},
        ServerlessJobConfig={
            "BaseModelArn": BASE_MODEL,
            "AcceptEula": True,
            "JobType": "FineTuning",
            "CustomizationTechnique": "SFT",
            "Peft": "LORA",
            "SequenceLength": "8K",
        },
        MlflowConfig={
            "MlflowResourceArn": f"{ARN}:mlflow-tracking-server/ml-platform",
            "MlflowExperimentName": "llama3-8b-support-assistant",
            "MlflowRunName": "sft-lora-r64-run-3",
        },
        ModelPackageConfig={
            "ModelPackageGroupArn": PACKAGE_GROUP,
            "SourceModelPackageArn": f"{ARN}:model-package/llama3-8b-support-assistant/6",
        },
    )
    request["StoppingCondition"].update(MaxWaitTimeInSeconds=172800, MaxPendingTimeInSeconds=7200)
    request["Tags"].append({"Key": "owner", "Value": "Zoë Lefèvre — 機械学習チーム"})

    created = now - timedelta(days=3, hours=2)
    life = Life(
        name,
        created,
        status="Pending",
        message=msg.PENDING,
        debug_rules=[
            ("LossNotDecreasing", "IssuesFound", issues("LossNotDecreasing", 4200)),
            ("Overfit", "NoIssuesFound", None),
            ("VanishingGradient", "Error", msg.RULE_ERROR.format(job=name)),
        ],
        profiler_rules=[
            ("ProfilerReport-1764152400", "NoIssuesFound", None),
            ("LowGPUUtilization", "IssuesFound", issues("LowGPUUtilization", 1800)),
        ],
    )
    life.enter(1260, "Starting", msg.STARTING_LAUNCH)
    life.say(150, msg.STARTING_PREPARE)
    life.enter(95, "Downloading", msg.DOWNLOADING)
    life.enter(310, "Training", msg.TRAINING_IMAGE, WarmPoolStatus={"Status": "InUse"})
    life.say(48, msg.TRAINING)
    life.enter(7420, "Interrupted", msg.INTERRUPTED)
    life.enter(35, "Starting", msg.STARTING_SPOT_WAIT)
    life.say(1900, msg.STARTING_PREPARE)
    life.enter(120, "Downloading", msg.DOWNLOADING)
    life.enter(240, "Training", msg.TRAINING_IMAGE)
    life.say(40, msg.TRAINING)
    life.enter(9630, "Uploading", msg.UPLOADING)
    life.finish(
        185,
        "Completed",
        msg.COMPLETED,
        billable_fraction=0.58,
        metrics=[("train_loss", 0.8123), ("eval_loss", 0.9371), ("learning_rate", 1.2e-06)],
        WarmPoolStatus={"Status": "Available"},
    )
    life.settle_rules(420)
    reuser_name = ROLES["retry"]
    reuser_created = (life.ended or now) + timedelta(minutes=11)
    life.reuse_pool(reuser_created, reuser_name)
    spec = spec_from(life, request, now, role="maximal")
    spec.state.update(
        TuningJobArn=f"{ARN}:hyper-parameter-tuning-job/llama3-sft-lr-sweep-261120",
        LabelingJobArn=f"{ARN}:labeling-job/support-conversations-quality-2026-11",
        AutoMLJobArn=f"{ARN}:automl-job/support-assistant-automl-v2",
        BillableTokenCount=48213504,
        MlflowDetails={"MlflowExperimentId": "17", "MlflowRunId": "8c1f2e4a9b7d4c3e"},
        ProgressInfo={"TotalStepCountPerEpoch": 1250, "CurrentStep": 3750, "CurrentEpoch": 3, "MaxEpoch": 3},
        OutputModelPackageArn=f"{ARN}:model-package/llama3-8b-support-assistant/7",
    )
    return spec, history.retry_job(
        now, reuser_name, reuser_created, llm_request(reuser_name, count=MAXIMAL_HOSTS, keep_alive=1800)
    )


def failed(now: datetime) -> JobSpec:
    name = FAILED_JOB
    project = next(p for p in cat.PROJECTS if p.base == "resnet50-imagenet")
    choices = Choices("ml.p4d.24xlarge", 4, False, 0, 86400, False, False)
    request = make_request(project, name, Random(name), choices, extras=False)
    life = Life(name, now - timedelta(hours=5, minutes=12))
    life.say(120, msg.STARTING_CAPACITY)
    life.say(600, msg.STARTING_CAPACITY)
    life.finish(1800, "Failed", msg.FAILED, failure_reason=msg.STARTING_FAILURES[0])
    return spec_from(life, request, now, role="failed")


def running(now: datetime) -> JobSpec:
    name = RUNNING_JOB
    request = llm_request(name, keep_alive=3600)
    request["DebugHookConfig"] = debug_hook("llama3-8b-sft")
    request["DebugRuleConfigurations"] = [debug_rule("LossNotDecreasing"), debug_rule("Overfit")]
    request["ProfilerConfig"] = profiler_config("llama3-8b-sft")
    request["ProfilerRuleConfigurations"] = [profiler_rule("ProfilerReport-1764160000")]
    # A running job with remote debugging, so the shell key (x) has something to act on.
    request["RemoteDebugConfig"] = {"EnableRemoteDebug": True}
    life = Life(
        name,
        now - timedelta(hours=5, minutes=3),
        debug_rules=[("LossNotDecreasing", "NoIssuesFound", None), ("Overfit", "NoIssuesFound", None)],
        profiler_rules=[("ProfilerReport-1764160000", "IssuesFound", issues("ProfilerReport", 3000))],
    )
    life.say(140, msg.STARTING_PREPARE)
    life.enter(62, "Downloading", msg.DOWNLOADING)
    life.enter(28, "Training", msg.TRAINING_IMAGE, WarmPoolStatus={"Status": "InUse"})
    life.say(55, msg.TRAINING)
    # Hours of training left: the detail screen always has a running job, even with the simulator on.
    life.enter(5 * 3600 + 3 * 3600, "Uploading", msg.UPLOADING)
    ended = life.finish(
        160,
        "Completed",
        msg.COMPLETED,
        metrics=[("train_loss", 0.7712), ("eval_loss", 0.8804)],
        WarmPoolStatus={"Status": "Available"},
    )
    life.settle_rules(300)
    life.update(ended + timedelta(seconds=3600), WarmPoolStatus=warm_pool("Terminated", retained=3600))
    return spec_from(life, request, now, role="running")


def minimal(now: datetime) -> JobSpec:
    name = MINIMAL_JOB
    request: dict[str, Any] = {
        "TrainingJobName": name,
        "AlgorithmSpecification": {
            "TrainingImage": f"{DEMO_ACCOUNT}.dkr.ecr.{DEMO_REGION}.amazonaws.com/smoke-test:latest",
            "TrainingInputMode": "File",
        },
        "RoleArn": cat.ROLE,
        "OutputDataConfig": {"S3OutputPath": f"s3://{cat.ARTIFACTS}/smoke-test/output"},
        "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
    }
    life = Life(name, now - timedelta(days=1, hours=4, minutes=17))
    life.say(95, msg.STARTING_PREPARE)
    life.enter(40, "Downloading", msg.DOWNLOADING)
    life.enter(12, "Training", msg.TRAINING_IMAGE)
    life.say(21, msg.TRAINING)
    life.enter(74, "Uploading", msg.UPLOADING)
    life.finish(9, "Completed", msg.COMPLETED)
    return spec_from(life, request, now, role="minimal")


def json_str(value: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
