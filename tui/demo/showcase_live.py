"""Showcase jobs in flight at "now", timed to move within the simulator's first minutes."""

from __future__ import annotations

from datetime import datetime, timedelta

from tui.demo import catalog as cat
from tui.demo import hyperparams as hp
from tui.demo import messages as msg
from tui.demo.builder import debug_rule, profiler_config, profiler_rule
from tui.demo.lifecycle import Life, warm_pool
from tui.demo.names import ROLES
from tui.demo.showcase_kit import H, job, request, run
from tui.demo.spec import JobSpec


def starting(now: datetime) -> JobSpec:
    name = ROLES["starting"]
    req = request("bert-base-ner", name, "ml.g5.2xlarge", spot=True, max_runtime=4 * H)
    req["HyperParameters"] = hp.script_mode(
        {
            "model_name_or_path": "openai/whisper-small",
            "language": "German",
            "max_steps": 4000,
            "per_device_train_batch_size": 16,
            "learning_rate": 1e-5,
        },
        name,
        "whisper-small-asr",
        "run_asr.py",
    )
    life = Life(name, now - timedelta(seconds=100))
    life.say(40, msg.STARTING_CAPACITY)
    life.say(130, msg.STARTING_PREPARE)
    life.enter(60, "Downloading", msg.DOWNLOADING)
    life.enter(45, "Training", msg.TRAINING_IMAGE)
    life.say(30, msg.TRAINING)
    life.enter(150, "Uploading", msg.UPLOADING)
    life.finish(40, "Completed", msg.COMPLETED, billable_fraction=0.35, metrics=[("eval_wer", 12.84)])
    return job("starting", life, req, now)


def downloading(now: datetime) -> JobSpec:
    name = ROLES["downloading"]
    req = request("resnet50-imagenet", name, "ml.p3.16xlarge", 4)
    req["AlgorithmSpecification"]["TrainingInputMode"] = "File"
    life = Life(name, now - timedelta(seconds=360))
    life.say(200, msg.STARTING_PREPARE)
    life.enter(30, "Downloading", msg.DOWNLOADING)
    life.enter(400, "Training", msg.TRAINING_IMAGE)
    life.say(50, msg.TRAINING)
    life.enter(600, "Uploading", msg.UPLOADING)
    life.finish(80, "Completed", msg.COMPLETED, metrics=[("top1", 76.13), ("top5", 92.86)])
    return job("downloading", life, req, now)


def uploading(now: datetime) -> JobSpec:
    name = ROLES["uploading"]
    req = request("bert-base-ner", name, "ml.g5.2xlarge")
    req["DebugRuleConfigurations"] = [debug_rule("LossNotDecreasing")]
    req["DebugHookConfig"] = {"S3OutputPath": f"s3://{cat.ARTIFACTS}/bert-base-ner/debug-output"}
    life = Life(
        name, now - timedelta(seconds=2895), debug_rules=[("LossNotDecreasing", "NoIssuesFound", None)]
    )
    run(life, download=40, train=2630)  # Uploading since 30 s
    life.finish(90, "Completed", msg.COMPLETED, metrics=[("eval_f1", 0.9127), ("eval_loss", 0.0873)])
    life.settle_rules(60)
    return job("uploading", life, req, now)


def interrupted(now: datetime) -> JobSpec:
    name = ROLES["interrupted"]
    req = request("llama3-8b-sft", name, "ml.g5.48xlarge", spot=True, max_runtime=6 * H)
    life = Life(name, now - timedelta(seconds=180 + 60 + 9000 + 45 + 30))
    life.say(180, msg.STARTING_PREPARE)
    life.enter(60, "Downloading", msg.DOWNLOADING)
    life.enter(20, "Training", msg.TRAINING_IMAGE)
    life.say(10, msg.TRAINING)
    life.enter(9000, "Interrupted", msg.INTERRUPTED)
    life.enter(75, "Starting", msg.STARTING_SPOT_WAIT)
    life.say(60, msg.STARTING_PREPARE)
    life.enter(40, "Downloading", msg.DOWNLOADING)
    life.enter(30, "Training", msg.TRAINING_IMAGE)
    life.say(20, msg.TRAINING)
    life.enter(120, "Uploading", msg.UPLOADING)
    life.finish(
        60,
        "Completed",
        msg.COMPLETED,
        billable_fraction=0.44,
        metrics=[("train_loss", 0.9014), ("eval_loss", 1.0132)],
    )
    return job("interrupted", life, req, now)


def pending(now: datetime) -> JobSpec:
    name = ROLES["pending"]
    req = request("llama3-70b-pretrain", name, "ml.p5.48xlarge", 8, max_runtime=5 * 86400)
    req["ResourceConfig"]["TrainingPlanArn"] = (
        f"arn:aws:sagemaker:us-east-1:{cat.DEMO_ACCOUNT}:training-plan/pretrain-q4-p5"
    )
    req["StoppingCondition"]["MaxPendingTimeInSeconds"] = 4 * H
    life = Life(name, now - timedelta(minutes=25), status="Pending", message=msg.PENDING)
    life.enter(25 * 60 + 90, "Starting", msg.STARTING_LAUNCH)
    life.say(240, msg.STARTING_PREPARE)
    life.enter(60, "Downloading", msg.DOWNLOADING)
    life.enter(30, "Training", msg.TRAINING_IMAGE)
    life.say(120, msg.TRAINING)
    life.enter(4 * 86400, "Uploading", msg.UPLOADING)
    life.finish(900, "Completed", msg.COMPLETED, metrics=[("train_loss", 1.83)])
    return job("pending", life, req, now)


def warm_pool_in_use(now: datetime) -> JobSpec:
    name = ROLES["warm-pool-in-use"]
    req = request("xgboost-churn", name, "ml.m5.4xlarge", keep_alive=300, max_runtime=2 * H)
    life = Life(name, now - timedelta(seconds=480))
    life.say(90, msg.STARTING_PREPARE)
    life.enter(30, "Downloading", msg.DOWNLOADING)
    life.enter(25, "Training", msg.TRAINING_IMAGE, WarmPoolStatus=warm_pool("InUse"))
    life.say(20, msg.TRAINING)
    life.enter(600, "Uploading", msg.UPLOADING)
    ended = life.finish(
        20,
        "Completed",
        msg.COMPLETED,
        metrics=[("validation:auc", 0.8731), ("train:auc", 0.9412)],
        WarmPoolStatus=warm_pool("Available"),
    )
    life.update(ended + timedelta(seconds=300), WarmPoolStatus=warm_pool("Terminated", retained=300))
    return job("warm-pool-in-use", life, req, now)


def stopping(now: datetime) -> JobSpec:
    name = ROLES["stopping"]
    req = request("mistral-7b-dpo", name, "ml.p5.48xlarge")
    req["DebugHookConfig"] = {"S3OutputPath": f"s3://{cat.ARTIFACTS}/mistral-7b-dpo/debug-output"}
    req["DebugRuleConfigurations"] = [debug_rule("LossNotDecreasing"), debug_rule("Overfit")]
    req["ProfilerConfig"] = profiler_config("mistral-7b-dpo")
    req["ProfilerRuleConfigurations"] = [profiler_rule("ProfilerReport-1764150000")]
    life = Life(
        name,
        now - timedelta(seconds=7200),
        debug_rules=[("LossNotDecreasing", "NoIssuesFound", None), ("Overfit", "NoIssuesFound", None)],
        profiler_rules=[("ProfilerReport-1764150000", "NoIssuesFound", None)],
    )
    life.say(120, msg.STARTING_PREPARE)
    life.enter(30, "Downloading", msg.DOWNLOADING)
    life.enter(20, "Training", msg.TRAINING_IMAGE)
    life.say(45, msg.TRAINING)
    life.stop(6965)  # StopTrainingJob 20 s ago
    life.finish(60, "Stopped", msg.STOPPED)
    life.settle_rules(15, stopped=True)
    return job("stopping", life, req, now)
