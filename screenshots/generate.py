"""Regenerate the README's screenshots (SVG) from the demo fleet, with the app's real code.

    make screenshots            # or: .venv/bin/python screenshots/generate.py [--only NAME ...]

The demo fleet (seed 1, 300 jobs) is generated for a fixed "now" and served by moto in this
process with its simulator off; the app runs under ``run_test`` at 120x36 with a FixedClock at
that same "now", no cache and live refresh off. Same code, same pictures: a diff in an SVG means
the UI changed.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
SEED = 1
JOBS = 300
SIZE = (120, 36)

Steps = Callable[[Any, Any], Awaitable[None]]


@dataclass(frozen=True)
class Shot:
    name: str
    caption: str
    theme: str = "sagemaker-dark"
    job: str | None = None
    tab: int = 1
    steps: Steps | None = None


async def settle(app: Any, pilot: Any) -> None:
    """Wait until every worker is done and every message handled (twice: loads post messages)."""
    from textual.worker import WorkerCancelled

    for _ in range(2):
        for _attempt in range(10):
            try:
                await app.workers.wait_for_complete()
                break
            except WorkerCancelled:
                # A worker replaced by a newer one of its exclusive group (the list's read-ahead
                # when the cursor moves): nothing to wait for; wait for the others again.
                await pilot.pause()
        await pilot.pause()


async def filtered(app: Any, pilot: Any) -> None:
    await pilot.press("slash", *"llama3", "enter")
    await settle(app, pilot)


async def compared(app: Any, pilot: Any) -> None:
    """Two llama3 runs marked (space) and compared (c)."""
    await pilot.press("slash", *"llama3", "enter")
    await settle(app, pilot)
    await pilot.press("space", "j", "space", "c")
    await settle(app, pilot)


async def tuning_jobs(app: Any, pilot: Any) -> None:
    await pilot.press("H")
    await settle(app, pilot)


async def tuning_job(app: Any, pilot: Any) -> None:
    await tuning_jobs(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)


def shots() -> list[Shot]:
    from tui.demo import FAILED_JOB, MAXIMAL_JOB, ROLES, RUNNING_JOB
    from tui.screens.job_detail import TABS

    tabs = [
        Shot(f"detail-{i}-{pane_id}", f"demo-maximal, tab {i}: {title}", job=MAXIMAL_JOB, tab=i)
        for i, (pane_id, title, _, _) in enumerate(TABS, start=1)
    ]
    return [
        Shot("list", "The job list: every training job of the demo fleet"),
        Shot("list-filtered", "The list filtered by name as you type (/llama3)", steps=filtered),
        *tabs,
        Shot("failed", "A failed job (demo-failed): the failure reason first", job=FAILED_JOB),
        Shot("failed-transitions", "demo-failed, tab 2: where it failed", job=FAILED_JOB, tab=2),
        Shot("logs-failed", "A job that failed in training, tab 8: its log ends in the traceback",
             job=ROLES["failed-training"], tab=8),
        Shot("running", "A running job (demo-running), tab 2: transitions so far", job=RUNNING_JOB, tab=2),
        Shot("compare", "Two runs compared (space marks, c compares): the differing rows first",
             steps=compared),
        Shot("tuning-jobs", "The hyperparameter tuning jobs (H)", steps=tuning_jobs),
        Shot("tuning-job", "A tuning job: its trials best first, the tuned hyperparameters as columns",
             steps=tuning_job),
        Shot("list-light", "The job list in the sagemaker-light theme", theme="sagemaker-light"),
        Shot("list-ansi", "The job list in the ansi theme (the terminal's 16 colours)", theme="ansi"),
        Shot("detail-light", "demo-maximal in the sagemaker-light theme", theme="sagemaker-light",
             job=MAXIMAL_JOB),
        Shot("detail-ansi", "demo-maximal in the ansi theme", theme="ansi", job=MAXIMAL_JOB),
    ]


async def take(shot: Shot, make_app: Callable[[str], Any], folder: Path) -> Path:
    app = make_app(shot.theme)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        if shot.job is not None:
            app.open_job(shot.job)
            await settle(app, pilot)
            if shot.tab != 1:
                await pilot.press(str(shot.tab))
                await settle(app, pilot)
        if shot.steps is not None:
            await shot.steps(app, pilot)
        path = folder / f"{shot.name}.svg"
        # The title is part of the picture (the window bar): the caption says what it shows.
        svg = app.export_screenshot(title=f"sagemaker-tui: {shot.caption}")
        path.write_text(svg, encoding="utf-8", newline="\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="screenshots/generate.py", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("--only", nargs="*", default=[], help="names of the shots to take (default all)")
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the SVGs (default screenshots/)")
    parser.add_argument("--list", action="store_true", help="list the shots and exit")
    ns = parser.parse_args(argv)
    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    os.environ.pop("NO_COLOR", None)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    from tui.app import SageMakerTUI
    from tui.aws.client import ConnectionOptions, build_client
    from tui.clock import FixedClock
    from tui.config import AppConfig
    from tui.demo import start_demo_fleet
    from tui.repository import JobRepository
    from tui.settings import RunSettings

    chosen = [s for s in shots() if not ns.only or s.name in ns.only]
    if ns.list:
        for shot in chosen:
            print(f"{shot.name + '.svg':28} {shot.caption}")
        return 0
    unknown = set(ns.only) - {s.name for s in shots()}
    if unknown:
        parser.error(f"unknown shot {', '.join(sorted(unknown))} (see --list)")
    ns.out.mkdir(parents=True, exist_ok=True)

    with start_demo_fleet(seed=SEED, jobs=JOBS, simulate=False, now=NOW) as fleet:
        options = ConnectionOptions(
            region=fleet.region, endpoint_url=fleet.endpoint_url, static_credentials=fleet.credentials,
            list_min_interval=0.0, logs_endpoint_url=fleet.endpoint_url,
            cloudwatch_endpoint_url=fleet.endpoint_url,
        )
        client = build_client(options)

        def make_app(theme: str) -> SageMakerTUI:
            clock = FixedClock(NOW)
            repository = JobRepository(client, None, clock, options=options)
            settings = RunSettings(profile_label="demo", location_label="us-east-1 (demo fleet)", live=False)
            return SageMakerTUI(repository, settings=settings, config=AppConfig(), clock=clock, theme=theme)

        for shot in chosen:
            path = asyncio.run(take(shot, make_app, ns.out))
            shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
            print(f"{shown}  {shot.caption}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
