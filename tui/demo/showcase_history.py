"""Finished showcase jobs: every final status, warm pool, rule verdict, channel kind and oddity."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from tui.demo import catalog as cat
from tui.demo import hyperparams as hp
from tui.demo import messages as msg
from tui.demo.builder import debug_rule, profiler_config, profiler_rule
from tui.demo.lifecycle import Life, issues, warm_pool
from tui.demo.names import ROLES
from tui.demo.showcase_kit import H, job, request, run
from tui.demo.spec import JobSpec


def stopped(now: datetime) -> JobSpec:
    name = ROLES["stopped"]
    req = request("yolov8-shelf-detection", name, "ml.g5.12xlarge", 2)
    req["DebugHookConfig"] = {"S3OutputPath": f"s3://{cat.ARTIFACTS}/yolov8/debug-output"}
    req["DebugRuleConfigurations"] = [debug_rule("LossNotDecreasing")]
    req["ProfilerConfig"] = profiler_config("yolov8")
    req["ProfilerRuleConfigurations"] = [profiler_rule("ProfilerReport-1764000000")]
    life = Life(
        name,
        now - timedelta(days=2, hours=6),
        debug_rules=[("LossNotDecreasing", "NoIssuesFound", None)],
        profiler_rules=[("ProfilerReport-1764000000", "NoIssuesFound", None)],
    )
    life.say(150, msg.STARTING_PREPARE)
    life.enter(30, "Downloading", msg.DOWNLOADING)
    life.enter(60, "Training", msg.TRAINING_IMAGE)
    life.say(40, msg.TRAINING)
    life.stop(5400)
    life.finish(75, "Stopped", msg.STOPPED)
    life.settle_rules(30, stopped=True)
    return job("stopped", life, req, now)


def max_runtime(now: datetime) -> JobSpec:
    name = ROLES["max-runtime-exceeded"]
    req = request("deepar-demand-forecast", name, "ml.c5.4xlarge", max_runtime=H)
    life = Life(name, now - timedelta(days=1, hours=2))
    life.say(100, msg.STARTING_PREPARE)
    life.enter(30, "Downloading", msg.DOWNLOADING)
    life.enter(180, "Training", msg.TRAINING_IMAGE)
    life.say(30, msg.TRAINING)
    life.finish(H - 210, "MaxRuntimeExceeded", msg.MAX_RUNTIME)
    return job("max-runtime-exceeded", life, req, now)


def max_wait(now: datetime) -> JobSpec:
    name = ROLES["max-wait-time-exceeded"]
    req = request("bert-base-ner", name, "ml.g4dn.xlarge", spot=True, max_runtime=H)
    req["StoppingCondition"]["MaxWaitTimeInSeconds"] = 2 * H
    req["CheckpointConfig"] = {"S3Uri": f"s3://{cat.ARTIFACTS}/bert-base-ner/checkpoints/{name}"}
    life = Life(name, now - timedelta(hours=9))
    life.say(60, msg.STARTING_CAPACITY)
    life.say(900, msg.STARTING_PREPARE)
    life.enter(30, "Downloading", msg.DOWNLOADING)
    life.enter(40, "Training", msg.TRAINING_IMAGE)
    life.say(30, msg.TRAINING)
    life.enter(1500, "Interrupted", msg.INTERRUPTED)
    life.enter(20, "Starting", msg.STARTING_SPOT_WAIT)
    life.finish(2 * H - 2580, "MaxWaitTimeExceeded", msg.MAX_WAIT, billable_fraction=0.3)
    return job("max-wait-time-exceeded", life, req, now)


def failed_training(now: datetime) -> JobSpec:
    name = ROLES["failed-training"]
    req = request("llama3-8b-sft", name, "ml.p4d.24xlarge")
    req["HyperParameters"]["per_device_train_batch_size"] = "16"
    life = Life(name, now - timedelta(hours=14))
    life.say(150, msg.STARTING_PREPARE)
    life.enter(30, "Downloading", msg.DOWNLOADING)
    life.enter(25, "Training", msg.TRAINING_IMAGE)
    life.say(60, msg.TRAINING)
    life.finish(
        412, "Failed", msg.FAILED, metrics=[("train_loss", 2.3141)], failure_reason=msg.TRAINING_FAILURES[0]
    )
    return job("failed-training", life, req, now)


def failed_unicode(now: datetime) -> JobSpec:
    name = ROLES["failed-unicode"]
    req = request("blazingtext-intent", name, "ml.c5.4xlarge")
    req["HyperParameters"].update(
        label_prefix="__étiquette__", comment="意図分類 — classification d’intentions"
    )
    req["Tags"].append({"Key": "équipe", "Value": "Support client — カスタマーサポート"})
    life = Life(name, now - timedelta(days=4, hours=1))
    life.say(80, msg.STARTING_PREPARE)
    life.enter(30, "Downloading", msg.DOWNLOADING)
    life.enter(20, "Training", msg.TRAINING_IMAGE)
    life.say(30, msg.TRAINING)
    life.finish(
        95,
        "Failed",
        "Training job failed: «Données d’entraînement» illisibles — 読み込みエラー",
        failure_reason=msg.TRAINING_FAILURES[4],
    )
    return job("failed-unicode", life, req, now)


def warm_pool_jobs(now: datetime) -> list[JobSpec]:
    """Available, Reused (and the job that reused it), Terminated."""
    specs = []
    name = ROLES["warm-pool-available"]
    req = request("xgboost-churn", name, "ml.m5.4xlarge", keep_alive=3600, max_runtime=2 * H)
    life = Life(name, now - timedelta(minutes=34))
    run(life, download=30, train=1100, prepare=95)
    ended = life.finish(
        40,
        "Completed",
        msg.COMPLETED,
        metrics=[("validation:auc", 0.8812), ("train:auc", 0.9377)],
        WarmPoolStatus=warm_pool("Available"),
    )
    life.update(ended + timedelta(seconds=3600), WarmPoolStatus=warm_pool("Terminated", retained=3600))
    specs.append(job("warm-pool-available", life, req, now))

    first, second = ROLES["warm-pool-reused"], ROLES["warm-pool-reuser"]
    lives = []
    created = now - timedelta(hours=6)
    for index, name in enumerate((first, second)):
        req = request("xgboost-churn", name, "ml.m5.4xlarge", keep_alive=1800, max_runtime=2 * H)
        life = Life(name, created, message=msg.STARTING_WARM_POOL if index else msg.STARTING_LAUNCH)
        run(life, download=25, train=840 + 300 * index, prepare=20 if index else 110)
        ended = life.finish(
            30,
            "Completed",
            msg.COMPLETED,
            WarmPoolStatus=warm_pool("Available"),
            metrics=[("validation:auc", 0.86 + index / 100), ("train:auc", 0.93)],
        )
        life.update(ended + timedelta(seconds=1800), WarmPoolStatus=warm_pool("Terminated", retained=1800))
        lives.append((life, req))
        created = ended + timedelta(minutes=4, seconds=12)
    lives[0][0].reuse_pool(lives[1][0].created, second)
    specs += [job("warm-pool-reused", *lives[0], now), job("warm-pool-reuser", *lives[1], now)]

    name = ROLES["warm-pool-terminated"]
    req = request("xgboost-churn", name, "ml.m5.2xlarge", keep_alive=900, max_runtime=2 * H)
    life = Life(name, now - timedelta(days=2, hours=3))
    run(life, download=30, train=700)
    ended = life.finish(30, "Completed", msg.COMPLETED, WarmPoolStatus=warm_pool("Available"))
    life.update(ended + timedelta(seconds=900), WarmPoolStatus=warm_pool("Terminated", retained=900))
    specs.append(job("warm-pool-terminated", life, req, now))
    return specs


def heterogeneous(now: datetime) -> JobSpec:
    name = ROLES["heterogeneous"]
    req = request("resnet50-imagenet", name, "ml.p4d.24xlarge", 2)
    req["ResourceConfig"] = {
        "InstanceGroups": [
            {"InstanceGroupName": "data-preprocessing", "InstanceType": "ml.c5.18xlarge", "InstanceCount": 2},
            {"InstanceGroupName": "gpu-training", "InstanceType": "ml.p4d.24xlarge", "InstanceCount": 2},
        ],
        "VolumeSizeInGB": 300,
    }
    req["HyperParameters"] = hp.script_mode(
        {
            "model_name_or_path": "t5-large",
            "source_prefix": "summarize: ",
            "num_train_epochs": 3,
            "data_group": "data-preprocessing",
            "train_group": "gpu-training",
        },
        name,
        "t5-summarization",
    )
    req["InputDataConfig"] = [
        cat.s3_channel(
            "raw", f"s3://{cat.DATA}/cnn-dailymail/raw/", InstanceGroupNames=["data-preprocessing"]
        ),
        cat.s3_channel(
            "tokenizer",
            f"s3://{cat.DATA}/cnn-dailymail/tokenizer/",
            InstanceGroupNames=["data-preprocessing", "gpu-training"],
        ),
        cat.s3_channel(
            "validation", f"s3://{cat.DATA}/cnn-dailymail/validation/", InstanceGroupNames=["gpu-training"]
        ),
    ]
    req["AlgorithmSpecification"]["MetricDefinitions"] = [
        {"Name": "eval_rougeL", "Regex": r"'eval_rougeL': ([0-9\.]+)"}
    ]
    life = Life(name, now - timedelta(days=1, hours=9))
    run(life, download=140, train=4 * H)
    life.finish(95, "Completed", msg.COMPLETED, metrics=[("eval_rougeL", 30.42)])
    return job("heterogeneous", life, req, now)


def channels(now: datetime) -> JobSpec:
    name = ROLES["channels"]
    req = request("yolov8-shelf-detection", name, "ml.g5.12xlarge")
    req["AlgorithmSpecification"]["TrainingInputMode"] = "File"
    base = f"s3://{cat.DATA}/multimodal"
    req["InputDataConfig"] = [
        cat.s3_channel(
            "images",
            f"{base}/images/",
            mode="FastFile",
            distribution="ShardedByS3Key",
            content_type="image/jpeg",
        ),
        cat.s3_channel(
            "captions",
            f"{base}/captions.manifest",
            data_type="ManifestFile",
            mode="Pipe",
            content_type="application/jsonlines",
            CompressionType="Gzip",
        ),
        cat.s3_channel(
            "labels",
            f"{base}/labels.augmented.manifest",
            data_type="AugmentedManifestFile",
            mode="Pipe",
            content_type="application/x-recordio",
            RecordWrapperType="RecordIO",
            AttributeNames=["source-ref", "caption", "caption-metadata"],
            ShuffleConfig={"Seed": 42},
        ),
        cat.fs_channel("embeddings", "FSxLustre", cat.FSX_ID, "/fsx/embeddings/clip-vit-l14"),
        cat.fs_channel("vocab", "EFS", cat.EFS_ID, "/shared/vocab", access="rw"),
        cat.s3_channel(
            "eval", f"{base}/eval/", mode="File", CompressionType="None", RecordWrapperType="None"
        ),
    ]
    life = Life(name, now - timedelta(hours=20))
    run(life, download=480, train=2 * H)
    life.finish(70, "Completed", msg.COMPLETED, metrics=[("mAP50", 0.8123), ("mAP50-95", 0.5871)])
    return job("channels", life, req, now)


def rules(now: datetime) -> JobSpec:
    name = ROLES["rules"]
    req = request("resnet50-imagenet", name, "ml.p3.16xlarge", 2)
    debug = ("LossNotDecreasing", "Overfit", "VanishingGradient", "ExplodingTensor")
    req["DebugHookConfig"] = {
        "S3OutputPath": f"s3://{cat.ARTIFACTS}/resnet50/debug-output",
        "CollectionConfigurations": [{"CollectionName": "losses"}, {"CollectionName": "gradients"}],
    }
    req["DebugRuleConfigurations"] = [debug_rule(r) for r in debug]
    req["ProfilerConfig"] = profiler_config("resnet50")
    req["ProfilerRuleConfigurations"] = [
        profiler_rule("ProfilerReport-1763900000"),
        profiler_rule("CPUBottleneck", "CPUBottleneck"),
        profiler_rule("GPUMemoryIncrease", "GPUMemoryIncrease"),
    ]
    life = Life(
        name,
        now - timedelta(hours=30),
        debug_rules=[
            ("LossNotDecreasing", "IssuesFound", issues("LossNotDecreasing", 12400)),
            ("Overfit", "NoIssuesFound", None),
            ("VanishingGradient", "Error", msg.RULE_ERROR.format(job=name)),
            ("ExplodingTensor", "NoIssuesFound", None),
        ],
        profiler_rules=[
            ("ProfilerReport-1763900000", "IssuesFound", issues("ProfilerReport", 800)),
            ("CPUBottleneck", "IssuesFound", issues("CPUBottleneck", 1500)),
            ("GPUMemoryIncrease", "Error", msg.RULE_ERROR.format(job=name)),
        ],
    )
    run(life, download=60, train=6 * H)
    life.finish(130, "Completed", msg.COMPLETED, metrics=[("top1", 75.92), ("top5", 92.71)])
    life.settle_rules(540)
    return job("rules", life, req, now)


def many_hyperparameters(now: datetime) -> JobSpec:
    name = ROLES["many-hyperparameters"]
    req = request("bert-base-ner", name, "ml.g5.2xlarge")
    # 300 entries: beyond the API's limit of 100 (a UI stress case; see the package docs).
    req["HyperParameters"] = hp.many(300, name, "transformer-grid")
    life = Life(name, now - timedelta(days=6))
    run(life, download=45, train=H + 420)
    life.finish(55, "Completed", msg.COMPLETED, metrics=[("eval_f1", 0.9011)])
    return job("many-hyperparameters", life, req, now)


def long_name(now: datetime) -> JobSpec:
    name = ROLES["long-name"]
    req = request("mistral-7b-dpo", name, "ml.p4de.24xlarge", 2, spot=True, max_runtime=8 * H)
    life = Life(name, now - timedelta(days=2, hours=11))
    run(life, download=70, train=5 * H + 1234)
    life.finish(
        240,
        "Completed",
        msg.COMPLETED,
        billable_fraction=0.62,
        metrics=[("train_loss", 0.4512), ("rewards_accuracy", 0.7421)],
    )
    return job("long-name", life, req, now)


def legacy(now: datetime) -> list[JobSpec]:
    """An old built-in algorithm job, with the secondary statuses SageMaker used until 2019."""
    name = ROLES["legacy"]
    req: dict[str, Any] = {
        "TrainingJobName": name,
        "HyperParameters": {
            "num_layers": "18",
            "image_shape": "3,224,224",
            "num_classes": "257",
            "num_training_samples": "15420",
            "epochs": "30",
            "learning_rate": "0.01",
        },
        "AlgorithmSpecification": {
            "TrainingImage": "811284229777.dkr.ecr.us-east-1.amazonaws.com/image-classification:1",
            "TrainingInputMode": "Pipe",
        },
        "RoleArn": cat.ROLE,
        "InputDataConfig": [
            cat.s3_channel(
                c,
                f"s3://{cat.DATA}/caltech256/{c}/",
                content_type="application/x-recordio",
                RecordWrapperType="None",
                CompressionType="None",
            )
            for c in ("train", "validation")
        ],
        "OutputDataConfig": {"S3OutputPath": f"s3://{cat.ARTIFACTS}/caltech256/output"},
        "ResourceConfig": {"InstanceType": "ml.p2.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 50},
        "StoppingCondition": {"MaxRuntimeInSeconds": 360000},
    }
    life = Life(name, now - timedelta(days=2600, hours=3), message="Starting the training job")
    life.enter(8, "LaunchingMLInstances", msg.LEGACY_LAUNCHING)
    life.enter(190, "PreparingTrainingStack", msg.LEGACY_PREPARING)
    life.enter(75, "Downloading", msg.DOWNLOADING)
    life.enter(12, "DownloadingTrainingImage", msg.LEGACY_IMAGE)
    life.enter(160, "Training", msg.TRAINING)
    life.enter(5 * H + 611, "Uploading", msg.UPLOADING)
    life.finish(33, "Completed", msg.COMPLETED)
    specs = [job("legacy", life, req, now)]
    name = "object-detection-voc-legacy"
    req = {
        **req,
        "TrainingJobName": name,
        "HyperParameters": {"base_network": "resnet-50", "num_classes": "20"},
        "OutputDataConfig": {"S3OutputPath": f"s3://{cat.ARTIFACTS}/voc/output"},
    }
    life = Life(name, now - timedelta(days=2480, hours=7), message="Starting the training job")
    life.enter(6, "LaunchingMLInstances", msg.LEGACY_LAUNCHING)
    life.enter(240, "PreparingTrainingStack", msg.LEGACY_PREPARING)
    life.enter(60, "Downloading", msg.DOWNLOADING)
    life.enter(15, "DownloadingTrainingImage", msg.LEGACY_IMAGE)
    life.enter(100, "Training", msg.TRAINING)
    life.stop(3 * H)
    life.finish(40, "Stopped", msg.STOPPED)
    specs.append(job("legacy-stopped", life, req, now))
    return specs


def updating(now: datetime) -> JobSpec:
    name = ROLES["updating"]
    req = request("bert-base-ner", name, "ml.g5.2xlarge")
    req["ProfilerConfig"] = {**profiler_config("bert-base-ner"), "ProfilingIntervalInMilliseconds": 100}
    life = Life(name, now - timedelta(days=3, hours=5))
    life.say(120, msg.STARTING_PREPARE)
    life.enter(30, "Downloading", msg.DOWNLOADING)
    life.enter(40, "Training", msg.TRAINING_IMAGE)
    life.say(40, msg.TRAINING)
    life.enter(900, "Updating", msg.UPDATING)
    life.enter(35, "Training", msg.TRAINING)
    life.enter(1800, "Uploading", msg.UPLOADING)
    life.finish(50, "Completed", msg.COMPLETED, metrics=[("eval_f1", 0.9088), ("eval_loss", 0.0911)])
    return job("updating", life, req, now)


def retry_job(now: datetime, name: str, created: datetime, req: dict[str, Any]) -> JobSpec:
    """Reused ``demo-maximal``'s warm pool, then hit an NCCL error and was restarted (RetryStrategy)."""
    req["RetryStrategy"] = {"MaximumRetryAttempts": 2}
    req["HyperParameters"]["sagemaker_distributed_dataparallel_enabled"] = json.dumps(True)
    life = Life(name, created, message=msg.STARTING_WARM_POOL)
    life.enter(25, "Downloading", msg.DOWNLOADING)
    life.enter(40, "Training", msg.TRAINING_IMAGE)
    life.say(30, msg.TRAINING)
    life.enter(2400, "Restarting", msg.RESTARTING.format(attempt=1, limit=2))
    life.enter(60, "Starting", msg.STARTING_PREPARE)
    life.enter(110, "Downloading", msg.DOWNLOADING)
    life.enter(40, "Training", msg.TRAINING_IMAGE)
    life.say(30, msg.TRAINING)
    life.enter(4 * H, "Uploading", msg.UPLOADING)
    ended = life.finish(
        120,
        "Completed",
        msg.COMPLETED,
        WarmPoolStatus=warm_pool("Available"),
        metrics=[("train_loss", 0.8344), ("eval_loss", 0.9518)],
    )
    life.update(ended + timedelta(seconds=1800), WarmPoolStatus=warm_pool("Terminated", retained=1800))
    return job("retry", life, req, now)
