"""Hyperparameters as the SageMaker Python SDK sends them.

Script-mode estimators (Hugging Face, PyTorch, TensorFlow) JSON-encode every value and add their
``sagemaker_*`` entries; built-in algorithms take plain strings. Each function takes the seeded
random generator, the job name and the project base name.
"""

from __future__ import annotations

import json
from random import Random

from tui.demo.spec import DEMO_REGION

ARTIFACTS = "acme-ml-artifacts-123456789012"


def script_mode(values: dict[str, object], job: str, base: str, program: str = "train.py") -> dict[str, str]:
    """JSON-encode ``values`` and add the entries the SDK adds for a script-mode job."""
    encoded = {key: json.dumps(value) for key, value in values.items()}
    encoded.update(
        {
            "sagemaker_container_log_level": "20",
            "sagemaker_job_name": json.dumps(job),
            "sagemaker_program": json.dumps(program),
            "sagemaker_region": json.dumps(DEMO_REGION),
            "sagemaker_submit_directory": json.dumps(
                f"s3://{ARTIFACTS}/{base}/{job}/source/sourcedir.tar.gz"
            ),
        }
    )
    return encoded


def llm(rng: Random, job: str, base: str) -> dict[str, str]:
    model = {
        "llama3-8b-sft": "meta-llama/Meta-Llama-3-8B",
        "mistral-7b-dpo": "mistralai/Mistral-7B-v0.3",
        "llama3-70b-pretrain": "meta-llama/Meta-Llama-3-70B",
    }.get(base, "meta-llama/Meta-Llama-3-8B")
    values: dict[str, object] = {
        "model_id": model,
        "epochs": rng.choice([1, 2, 3]),
        "per_device_train_batch_size": rng.choice([2, 4, 8]),
        "gradient_accumulation_steps": rng.choice([4, 8, 16]),
        "learning_rate": rng.choice([1e-5, 2e-5, 5e-5, 2e-4]),
        "lr_scheduler_type": rng.choice(["cosine", "linear"]),
        "warmup_ratio": 0.03,
        "max_seq_length": rng.choice([2048, 4096, 8192]),
        "bf16": True,
        "gradient_checkpointing": True,
        "lora_r": rng.choice([8, 16, 64]),
        "lora_alpha": rng.choice([16, 32, 128]),
        "lora_dropout": 0.05,
        "logging_steps": 10,
        "save_strategy": "epoch",
        "report_to": "wandb",
    }
    if base == "mistral-7b-dpo":
        values["beta"] = rng.choice([0.05, 0.1, 0.2])
        values["loss_type"] = "sigmoid"
    return script_mode(values, job, base, "sft.py" if "sft" in base else "train.py")


def bert(rng: Random, job: str, base: str) -> dict[str, str]:
    values: dict[str, object] = {
        "model_name_or_path": rng.choice(["bert-base-cased", "dslim/bert-base-NER", "xlm-roberta-base"]),
        "num_train_epochs": rng.choice([3, 4, 5]),
        "per_device_train_batch_size": rng.choice([16, 32]),
        "learning_rate": rng.choice([3e-5, 5e-5]),
        "label_all_tokens": False,
        "fp16": True,
    }
    return script_mode(values, job, base, "run_ner.py")


def vision(rng: Random, job: str, base: str) -> dict[str, str]:
    values: dict[str, object] = {
        "arch": "resnet50",
        "epochs": rng.choice([30, 60, 90]),
        "batch-size": rng.choice([256, 512, 1024]),
        "lr": rng.choice([0.1, 0.2, 0.4]),
        "momentum": 0.9,
        "weight-decay": 1e-4,
        "workers": 16,
        "amp": True,
    }
    encoded = script_mode(values, job, base, "imagenet.py")
    encoded["sagemaker_distributed_dataparallel_enabled"] = "true"
    return encoded


def yolo(rng: Random, job: str, base: str) -> dict[str, str]:
    return {
        "model": rng.choice(["yolov8m.pt", "yolov8l.pt"]),
        "epochs": str(rng.choice([100, 150, 300])),
        "imgsz": str(rng.choice([640, 1024])),
        "batch": str(rng.choice([16, 32])),
        "optimizer": "AdamW",
        "lr0": "0.001",
        "mosaic": "1.0",
        "data": "/opt/ml/input/data/train/shelves.yaml",
    }


def lora(rng: Random, job: str, base: str) -> dict[str, str]:
    values: dict[str, object] = {
        "pretrained_model_name_or_path": "stabilityai/stable-diffusion-xl-base-1.0",
        "instance_prompt": rng.choice(
            ["a photo of sks sneaker", "une photo de la théière sks sur une table en chêne", "sks 花瓶の写真"]
        ),
        "resolution": 1024,
        "rank": rng.choice([4, 8, 16]),
        "max_train_steps": rng.choice([500, 1000, 1500]),
        "learning_rate": 1e-4,
        "mixed_precision": "fp16",
    }
    return script_mode(values, job, base, "train_dreambooth_lora_sdxl.py")


def tft(rng: Random, job: str, base: str) -> dict[str, str]:
    values: dict[str, object] = {
        "hidden_size": rng.choice([64, 160]),
        "attention_heads": 4,
        "dropout": 0.1,
        "encoder_steps": 168,
        "epochs": rng.choice([50, 100]),
    }
    return script_mode(values, job, base, "tft.py")


def xgboost(rng: Random, job: str, base: str) -> dict[str, str]:
    return {
        "objective": "binary:logistic",
        "eval_metric": "auc",
        "num_round": str(rng.choice([100, 200, 400, 800])),
        "max_depth": str(rng.randint(3, 10)),
        "eta": str(rng.choice([0.05, 0.1, 0.2, 0.3])),
        "subsample": str(rng.choice([0.7, 0.8, 0.9])),
        "colsample_bytree": str(rng.choice([0.6, 0.8, 1.0])),
        "min_child_weight": str(rng.randint(1, 10)),
        "scale_pos_weight": "3.2",
    }


def blazingtext(rng: Random, job: str, base: str) -> dict[str, str]:
    return {
        "mode": "supervised",
        "epochs": str(rng.choice([10, 20, 30])),
        "learning_rate": str(rng.choice([0.05, 0.1])),
        "word_ngrams": str(rng.choice([1, 2])),
        "vector_dim": "100",
        "min_count": "2",
        "early_stopping": "true",
        "patience": "4",
    }


def deepar(rng: Random, job: str, base: str) -> dict[str, str]:
    return {
        "time_freq": "H",
        "context_length": str(rng.choice([72, 168])),
        "prediction_length": "48",
        "epochs": str(rng.choice([100, 200, 400])),
        "num_cells": str(rng.choice([40, 64])),
        "num_layers": str(rng.choice([2, 3])),
        "likelihood": "negative-binomial",
        "mini_batch_size": "128",
        "learning_rate": "0.001",
        "early_stopping_patience": "20",
    }


def many(count: int, job: str, base: str) -> dict[str, str]:
    """``count`` hyperparameters, some with long and non-ASCII values (a UI stress case)."""
    values: dict[str, object] = {}
    for index in range(count - 6):  # + system_prompt + the 5 sagemaker_* entries = count
        group = ("encoder", "decoder", "optimizer", "augment", "schedule", "loss")[index % 6]
        values[f"{group}.layer_{index:03d}.{('dropout', 'lr_scale', 'width', 'init_std')[index % 4]}"] = (
            round(0.001 * (index + 1), 6)
        )
    values["system_prompt"] = (
        "Tu es un assistant utile — réponds en français. あなたは役に立つアシスタントです。 "
        "Ты полезный помощник. " * 8
    ).strip()
    return script_mode(values, job, base)
