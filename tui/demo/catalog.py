"""The building blocks of a believable account: images, roles, buckets, and the projects teams run.

Image URIs are the real SageMaker ones for us-east-1 (Deep Learning Containers in 763104351884,
built-in algorithms in their own registries); everything account-specific uses moto's default
account 123456789012.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from random import Random
from typing import Any

from tui.demo import hyperparams as hp
from tui.demo.spec import DEMO_ACCOUNT, DEMO_REGION

ROLE = f"arn:aws:iam::{DEMO_ACCOUNT}:role/service-role/AmazonSageMaker-ExecutionRole-20240312T101455"
LLM_ROLE = f"arn:aws:iam::{DEMO_ACCOUNT}:role/ml-platform/sagemaker-training-llm"
VISION_ROLE = f"arn:aws:iam::{DEMO_ACCOUNT}:role/SageMakerExecutionRole-vision"
DATA = f"acme-ml-datasets-{DEMO_ACCOUNT}"
ARTIFACTS = f"acme-ml-artifacts-{DEMO_ACCOUNT}"
KMS_KEY = f"arn:aws:kms:{DEMO_REGION}:{DEMO_ACCOUNT}:key/4f8a2c1e-9b7d-4e3a-a6c5-2d1f0e9b8c7a"
SUBNETS = ["subnet-0b7e2c1d9a4f3e215", "subnet-05a9d3c7e1b2f4a68"]
SECURITY_GROUPS = ["sg-0c4e8a2b6d1f3e597"]
FSX_ID = "fs-0a1b2c3d4e5f67890"
EFS_ID = "fs-7c2d9e41"

DLC = "763104351884.dkr.ecr.us-east-1.amazonaws.com"
HF_IMAGE = f"{DLC}/huggingface-pytorch-training:2.1.0-transformers4.36.0-gpu-py310-cu121-ubuntu20.04"
PYTORCH_IMAGE = f"{DLC}/pytorch-training:2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker"
TF_IMAGE = f"{DLC}/tensorflow-training:2.14.1-gpu-py310-cu118-ubuntu20.04-sagemaker"
XGBOOST_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
BLAZINGTEXT_IMAGE = "811284229777.dkr.ecr.us-east-1.amazonaws.com/blazingtext:1"
DEEPAR_IMAGE = "522234722520.dkr.ecr.us-east-1.amazonaws.com/forecasting-deepar:1"
YOLO_IMAGE = f"{DEMO_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/ml-platform/yolov8-train:2026.11.3"
DEBUGGER_IMAGE = "503895931360.dkr.ecr.us-east-1.amazonaws.com/sagemaker-debugger-rules:latest"

#: Debugger rules teams attach, with the verdict they tend to reach (index 0 most often).
DEBUG_RULES = (
    "LossNotDecreasing",
    "Overfit",
    "VanishingGradient",
    "ExplodingTensor",
    "PoorWeightInitialization",
)
PROFILER_RULES = ("LowGPUUtilization", "CPUBottleneck", "GPUMemoryIncrease", "IOBottleneck")


def s3_channel(
    name: str,
    uri: str,
    *,
    data_type: str = "S3Prefix",
    content_type: str | None = None,
    mode: str | None = None,
    distribution: str = "FullyReplicated",
    **extra: Any,
) -> dict[str, Any]:
    source: dict[str, Any] = {"S3DataType": data_type, "S3Uri": uri, "S3DataDistributionType": distribution}
    for key in ("AttributeNames", "InstanceGroupNames"):
        if key in extra:
            source[key] = extra.pop(key)
    channel: dict[str, Any] = {"ChannelName": name, "DataSource": {"S3DataSource": source}}
    if content_type:
        channel["ContentType"] = content_type
    if mode:
        channel["InputMode"] = mode
    channel.update(extra)
    return channel


def fs_channel(name: str, fs_type: str, fs_id: str, path: str, *, access: str = "ro") -> dict[str, Any]:
    return {
        "ChannelName": name,
        "DataSource": {
            "FileSystemDataSource": {
                "FileSystemId": fs_id,
                "FileSystemAccessMode": access,
                "FileSystemType": fs_type,
                "DirectoryPath": path,
            }
        },
        "InputMode": "File",
    }


@dataclass(frozen=True)
class Project:
    """A recurring kind of job: one team's model, its container, data and habits."""

    base: str
    team: str
    image: str
    role: str
    instance_types: tuple[str, ...]
    instance_counts: tuple[int, ...]
    input_mode: str
    channels: tuple[dict[str, Any], ...]
    hyperparameters: Callable[[Random, str, str], dict[str, str]]
    metrics: tuple[tuple[str, str, float, float], ...]  # name, regex, low, high
    minutes: tuple[int, int]
    spot: float = 0.0
    volume_gb: int = 100
    environment: dict[str, str] = field(default_factory=dict)
    debugger: bool = False
    profiler: bool = False
    keep_alive: int = 0
    vpc: bool = False
    weight: float = 1.0


LOSS = r"'loss': ([0-9\.]+)"
EVAL_LOSS = r"'eval_loss': ([0-9\.]+)"
XGB = r".*\[[0-9]+\].*#011{}:([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*"

LLM_ENV = {
    "HF_HUB_ENABLE_HF_TRANSFER": "1",
    "NCCL_DEBUG": "WARN",
    "TOKENIZERS_PARALLELISM": "false",
    "WANDB_PROJECT": "llm-finetune",
}

PROJECTS: tuple[Project, ...] = (
    Project(
        "llama3-8b-sft",
        "nlp",
        HF_IMAGE,
        LLM_ROLE,
        ("ml.p4d.24xlarge", "ml.g5.48xlarge"),
        (1, 1, 2),
        "FastFile",
        (
            s3_channel(
                "train", f"s3://{DATA}/llm/ultrachat-200k/train/", content_type="application/jsonlines"
            ),
            s3_channel(
                "validation", f"s3://{DATA}/llm/ultrachat-200k/test/", content_type="application/jsonlines"
            ),
        ),
        hp.llm,
        (("train_loss", LOSS, 0.6, 1.4), ("eval_loss", EVAL_LOSS, 0.8, 1.6)),
        (45, 360),
        spot=0.2,
        volume_gb=500,
        environment=LLM_ENV,
        profiler=True,
        keep_alive=1800,
        weight=3.0,
    ),
    Project(
        "mistral-7b-dpo",
        "nlp",
        HF_IMAGE,
        LLM_ROLE,
        ("ml.p5.48xlarge", "ml.p4de.24xlarge"),
        (1, 2),
        "FastFile",
        (s3_channel("train", f"s3://{DATA}/llm/ultrafeedback-binarized/train_prefs/"),),
        hp.llm,
        (("train_loss", LOSS, 0.3, 0.7), ("rewards_accuracy", r"'rewards/accuracies': ([0-9\.]+)", 0.6, 0.8)),
        (60, 300),
        spot=0.1,
        volume_gb=500,
        environment=LLM_ENV,
        debugger=True,
        weight=1.5,
    ),
    Project(
        "bert-base-ner",
        "nlp",
        HF_IMAGE,
        ROLE,
        ("ml.g5.2xlarge", "ml.g4dn.xlarge"),
        (1,),
        "File",
        (
            s3_channel("train", f"s3://{DATA}/ner/conll2003/train/", content_type="application/json"),
            s3_channel("test", f"s3://{DATA}/ner/conll2003/test/", content_type="application/json"),
        ),
        hp.bert,
        (("eval_f1", r"'eval_f1': ([0-9\.]+)", 0.86, 0.93), ("eval_loss", EVAL_LOSS, 0.05, 0.2)),
        (12, 70),
        spot=0.6,
        debugger=True,
        profiler=True,
        weight=2.0,
    ),
    Project(
        "resnet50-imagenet",
        "vision",
        PYTORCH_IMAGE,
        VISION_ROLE,
        ("ml.p3.16xlarge", "ml.p4d.24xlarge"),
        (1, 2, 4),
        "FastFile",
        (
            s3_channel("train", f"s3://{DATA}/imagenet/train/", distribution="ShardedByS3Key"),
            s3_channel("val", f"s3://{DATA}/imagenet/val/"),
        ),
        hp.vision,
        (("top1", r"Acc@1 ([0-9\.]+)", 71.0, 77.5), ("top5", r"Acc@5 ([0-9\.]+)", 90.0, 93.8)),
        (120, 720),
        spot=0.5,
        volume_gb=1000,
        debugger=True,
        profiler=True,
        weight=1.5,
    ),
    Project(
        "xgboost-churn",
        "growth",
        XGBOOST_IMAGE,
        ROLE,
        ("ml.m5.2xlarge", "ml.m5.4xlarge"),
        (1,),
        "File",
        (
            s3_channel("train", f"s3://{DATA}/churn/2026-11/train/", content_type="text/csv"),
            s3_channel("validation", f"s3://{DATA}/churn/2026-11/validation/", content_type="text/csv"),
        ),
        hp.xgboost,
        (
            ("validation:auc", XGB.format("validation-auc"), 0.81, 0.9),
            ("train:auc", XGB.format("train-auc"), 0.88, 0.97),
        ),
        (3, 25),
        spot=0.7,
        volume_gb=30,
        keep_alive=900,
        weight=3.0,
    ),
    Project(
        "blazingtext-intent",
        "support",
        BLAZINGTEXT_IMAGE,
        ROLE,
        ("ml.c5.4xlarge",),
        (1,),
        "Pipe",
        (
            s3_channel(
                "train",
                f"s3://{DATA}/intents/train.manifest",
                data_type="AugmentedManifestFile",
                content_type="application/x-recordio",
                RecordWrapperType="RecordIO",
                AttributeNames=["source", "label"],
                ShuffleConfig={"Seed": 7},
            ),
            s3_channel(
                "validation",
                f"s3://{DATA}/intents/validation.manifest",
                data_type="AugmentedManifestFile",
                content_type="application/x-recordio",
                RecordWrapperType="RecordIO",
                AttributeNames=["source", "label"],
            ),
        ),
        hp.blazingtext,
        (
            ("validation:accuracy", r"#validation_accuracy: ([0-9\.]+)", 0.88, 0.95),
            ("train:accuracy", r"#train_accuracy: ([0-9\.]+)", 0.92, 0.99),
        ),
        (4, 20),
        spot=0.3,
        volume_gb=30,
        weight=1.0,
    ),
    Project(
        "deepar-demand-forecast",
        "supply-chain",
        DEEPAR_IMAGE,
        ROLE,
        ("ml.c5.2xlarge", "ml.c5.4xlarge"),
        (1,),
        "File",
        (
            s3_channel(
                "train",
                f"s3://{DATA}/demand/stores/train/",
                content_type="application/json",
                CompressionType="Gzip",
            ),
            s3_channel(
                "test",
                f"s3://{DATA}/demand/stores/test/",
                content_type="application/json",
                CompressionType="Gzip",
            ),
        ),
        hp.deepar,
        (
            ("test:RMSE", r"#test_score \(algo-1, RMSE\): ([0-9\.]+)", 9.0, 24.0),
            (
                "test:mean_wQuantileLoss",
                r"#test_score \(algo-1, mean_wQuantileLoss\): ([0-9\.]+)",
                0.05,
                0.14,
            ),
        ),
        (8, 45),
        spot=0.5,
        volume_gb=50,
        weight=1.5,
    ),
    Project(
        "yolov8-shelf-detection",
        "vision",
        YOLO_IMAGE,
        VISION_ROLE,
        ("ml.g5.12xlarge", "ml.g6.12xlarge"),
        (1, 2),
        "FastFile",
        (
            s3_channel("train", f"s3://{DATA}/shelves/train.manifest", data_type="ManifestFile"),
            s3_channel("val", f"s3://{DATA}/shelves/val/"),
        ),
        hp.yolo,
        (
            ("mAP50", r"all\s+\d+\s+\d+\s+[0-9.]+\s+[0-9.]+\s+([0-9.]+)", 0.7, 0.86),
            ("mAP50-95", r"all\s+\d+\s+\d+\s+[0-9.]+\s+[0-9.]+\s+[0-9.]+\s+([0-9.]+)", 0.48, 0.62),
        ),
        (40, 240),
        spot=0.4,
        volume_gb=200,
        vpc=True,
        weight=1.5,
    ),
    Project(
        "llama3-70b-pretrain",
        "foundation",
        PYTORCH_IMAGE,
        LLM_ROLE,
        ("ml.p5.48xlarge",),
        (8, 16),
        "File",
        (fs_channel("train", "FSxLustre", FSX_ID, "/fsx/tokenized/redpajama-v2"),),
        hp.llm,
        (("train_loss", LOSS, 1.7, 2.3),),
        (600, 4000),
        volume_gb=500,
        environment=LLM_ENV,
        vpc=True,
        weight=0.5,
    ),
    Project(
        "sdxl-product-lora",
        "creative",
        PYTORCH_IMAGE,
        VISION_ROLE,
        ("ml.g5.12xlarge",),
        (1,),
        "File",
        (fs_channel("images", "EFS", EFS_ID, "/catalog/product-shots/2026-q4"),),
        hp.lora,
        (("train_loss", r"loss=([0-9\.]+)", 0.05, 0.15),),
        (30, 150),
        volume_gb=200,
        vpc=True,
        weight=1.0,
    ),
    Project(
        "tft-energy-load",
        "forecasting",
        TF_IMAGE,
        ROLE,
        ("ml.g4dn.2xlarge", "ml.m5.4xlarge"),
        (1,),
        "Pipe",
        (
            s3_channel(
                "train",
                f"s3://{DATA}/energy/load/tfrecords/",
                content_type="application/x-tfrecord",
                ShuffleConfig={"Seed": 1337},
            ),
        ),
        hp.tft,
        (("val_loss", r"val_loss: ([0-9\.]+)", 0.02, 0.09),),
        (20, 120),
        spot=0.5,
        weight=1.0,
    ),
)


def pick_project(rng: Random) -> Project:
    return rng.choices(PROJECTS, weights=[p.weight for p in PROJECTS])[0]
