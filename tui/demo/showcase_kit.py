"""Shared helpers of the showcase modules: fixed (seed-free) requests and the usual job path."""

from __future__ import annotations

from datetime import datetime
from random import Random
from typing import Any

from tui.demo import catalog as cat
from tui.demo import messages as msg
from tui.demo.builder import Choices, make_request, spec_from
from tui.demo.lifecycle import Life
from tui.demo.spec import JobSpec

H = 3600


def project(base: str) -> cat.Project:
    return next(p for p in cat.PROJECTS if p.base == base)


def request(
    base: str,
    name: str,
    instance: str,
    count: int = 1,
    *,
    spot: bool = False,
    keep_alive: int = 0,
    max_runtime: int = 86400,
) -> dict[str, Any]:
    choices = Choices(instance, count, spot, keep_alive, max_runtime, False, False)
    return make_request(project(base), name, Random(name), choices, extras=False)


def job(role: str, life: Life, req: dict[str, Any], now: datetime) -> JobSpec:
    return spec_from(life, req, now, role=role)


def run(life: Life, *, download: int, train: int, prepare: int = 120) -> None:
    """The usual path up to Uploading: prepare, download, pull the image, train, start uploading."""
    life.say(prepare, msg.STARTING_PREPARE)
    life.enter(30, "Downloading", msg.DOWNLOADING)
    life.enter(download, "Training", msg.TRAINING_IMAGE)
    life.say(45, msg.TRAINING)
    life.enter(train, "Uploading", msg.UPLOADING)
