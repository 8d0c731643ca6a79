"""Tuning-job figures: a tuning job with 500 training jobs, its screen painted from the cache, and the
API calls that load it the first time.

    python -m benchmarks.tuning_bench [--trials 500] [--runs 3]

* First load: the tuning job and its ``--trials`` training jobs created in the demo's local
  SageMaker (moto's server on 127.0.0.1, tuning jobs as the demo server answers them), loaded
  through the real boto3 path by :class:`~tui.tuning_repository.TuningRepository`: calls counted by
  botocore's event hooks. Anchor: one describe plus one ListTrainingJobsForHyperParameterTuningJob
  call per 100 training jobs (the API's largest page); the API's default page (10) would need ten
  times as many list calls.
* Painted from the cache: the settled tuning job as the first load left it in the cache file; the
  tuning-job screen pushed in the real app at 120x40, offline (no call possible): from the push to
  the frame painted with every training job in the table. Median of ``--runs``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from benchmarks.common import result
from tui.cache.scope import Scope
from tui.cache.store import CacheStore
from tui.clock import FixedClock
from tui.tuning_repository import TuningRepository

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
SCOPE = Scope("http://127.0.0.1", "us-east-1", "123456789012")
PAINT_TARGET_MS = 300.0
NAME = "bench-hpo-500"
ACCOUNT = "123456789012"


def serve(trials: int) -> tuple[Any, Any]:
    """A moto server holding the tuning job and its training jobs; (server, boto3-backed client)."""
    from tui.aws.client import ConnectionOptions, build_client
    from tui.demo.server import sagemaker_backend, start_server, update_job

    server, url = start_server(0)
    options = ConnectionOptions(region="us-east-1", endpoint_url=url, max_attempts=1,
                                list_min_interval=0.0, static_credentials=("bench", "bench"))
    client = build_client(options)
    raw = client.raw
    arn = raw.create_hyper_parameter_tuning_job(
        HyperParameterTuningJobName=NAME,
        HyperParameterTuningJobConfig={
            "Strategy": "Bayesian",
            "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
            "ResourceLimits": {"MaxNumberOfTrainingJobs": trials, "MaxParallelTrainingJobs": 10},
            "ParameterRanges": {
                "ContinuousParameterRanges": [
                    {"Name": "eta", "MinValue": "0.01", "MaxValue": "0.3", "ScalingType": "Logarithmic"},
                    {"Name": "subsample", "MinValue": "0.5", "MaxValue": "1"},
                ],
                "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "3", "MaxValue": "12"}],
            },
        },
        TrainingJobDefinition={
            "AlgorithmSpecification": {"TrainingImage": "img", "TrainingInputMode": "File"},
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/R",
            "OutputDataConfig": {"S3OutputPath": "s3://b/o"},
            "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        },
    )["HyperParameterTuningJobArn"]

    def create(index: int) -> str:
        name = f"{NAME}-{index:03d}-{index * 2654435761 % 2**32:08x}"
        raw.create_training_job(
            TrainingJobName=name,
            AlgorithmSpecification={"TrainingImage": "img", "TrainingInputMode": "File"},
            RoleArn=f"arn:aws:iam::{ACCOUNT}:role/R",
            OutputDataConfig={"S3OutputPath": "s3://b/o"},
            ResourceConfig={"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
            StoppingCondition={"MaxRuntimeInSeconds": 3600},
            HyperParameters={
                "eta": f"{0.01 + (index % 29) * 0.01:.3f}", "subsample": f"{0.5 + (index % 5) * 0.1:.1f}",
                "max_depth": str(3 + index % 10), "objective": "binary:logistic",
            },
        )
        return name

    with ThreadPoolExecutor(4) as pool:
        names = list(pool.map(create, range(trials)))
    backend = sagemaker_backend(ACCOUNT, "us-east-1")
    start = NOW - timedelta(days=2)
    for index, name in enumerate(names):
        began = start + timedelta(minutes=index)
        update_job(backend.training_jobs[name], {
            "TuningJobArn": arn,
            "TrainingJobStatus": "Completed" if index % 17 else "Failed",
            "TrainingStartTime": began,
            "TrainingEndTime": began + timedelta(minutes=20),
            "FinalMetricDataList": [] if index % 17 == 0 else [
                {"MetricName": "validation:auc", "Value": 0.8 + (index * 37 % 100) / 1000, "Timestamp": began}
            ],
        })
    tuning = backend.hyper_parameter_tuning_jobs[NAME]
    tuning.creation_time = (start - timedelta(minutes=1)).replace(tzinfo=None)
    tuning.hyper_parameter_tuning_end_time = (start + timedelta(hours=10)).replace(tzinfo=None)
    return server, client


def first_load(trials: int, cache_path: Path) -> tuple[dict[str, int], float, int]:
    """(calls by operation, seconds, training jobs loaded) for a tuning job never seen before."""
    server, client = serve(trials)
    try:
        client.counter.reset()
        with CacheStore(cache_path) as cache:
            repository = TuningRepository(client, cache, scope=lambda: SCOPE, clock=FixedClock(NOW))
            started = time.perf_counter()
            fetched = repository.job(NAME)
            seconds = time.perf_counter() - started
        operations = ("DescribeHyperParameterTuningJob", "ListTrainingJobsForHyperParameterTuningJob")
        return {op: client.counter.count(op) for op in operations}, seconds, len(fetched.value.trials)
    finally:
        server.stop()


async def _paint(cache_path: Path, trials: int) -> float:
    from tui.app import SageMakerTUI
    from tui.repository import JobRepository
    from tui.screens.tuning_job import TuningJobScreen
    from tui.settings import RunSettings
    from tui.widgets.tuning_table import TuningTable

    cache = CacheStore(cache_path)
    jobs = JobRepository(client=None)
    jobs.companions["tuning"] = TuningRepository(
        None, cache, scope=lambda: SCOPE, clock=FixedClock(NOW)
    )
    app = SageMakerTUI(jobs, settings=RunSettings(live=False), clock=FixedClock(NOW))
    # The frame is written by App._display (private; a benchmark only): the first frame written
    # after the table rendered its rows is the one the user sees the training jobs in.
    rows_rendered: list[float] = []
    frames: list[float] = []
    render_line = TuningTable.render_line

    def spy_render_line(table: TuningTable, y: int) -> Any:
        if table.rows and not rows_rendered:
            rows_rendered.append(time.perf_counter())
        return render_line(table, y)

    TuningTable.render_line = spy_render_line  # type: ignore[method-assign,assignment]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            display = app._display

            def spy_display(*args: Any, **kwargs: Any) -> Any:
                shown = display(*args, **kwargs)
                if rows_rendered and not frames:
                    frames.append(time.perf_counter())
                return shown

            app._display = spy_display  # type: ignore[method-assign]
            await pilot.pause()
            started = time.perf_counter()
            screen = TuningJobScreen(NAME)
            app.push_screen(screen)
            while not frames:
                await pilot.pause(0.001)
            paint_ms = (frames[0] - started) * 1000
            assert screen.query_one(TuningTable).row_count == trials
    finally:
        TuningTable.render_line = render_line  # type: ignore[method-assign]
    cache.close()
    return paint_ms


def load_in_child(trials: int, cache_path: Path) -> tuple[dict[str, int], float, int]:
    """:func:`first_load` in a child process: moto's server and its objects stay out of the heap
    the paint is measured in (a TUI process never holds them; its garbage collections would)."""
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.tuning_bench", "--load-into", str(cache_path),
         "--trials", str(trials)],
        check=True, capture_output=True, text=True,
    ).stdout
    calls, seconds, loaded = json.loads(output.strip().splitlines()[-1])
    return calls, seconds, loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--load-into", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load_into is not None:
        print(json.dumps(first_load(args.trials, args.load_into)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        cache_path = Path(tmp) / "cache.sqlite3"
        calls, seconds, loaded = load_in_child(args.trials, cache_path)
        total = sum(calls.values())
        bound = 1 + math.ceil(args.trials / 100)
        print(f"first load of a tuning job with {loaded} training jobs: {total} calls "
              f"({calls}) in {seconds:.2f} s; anchor: 1 describe + 1 list call per 100 = {bound}; "
              f"with the API's default page of 10: {1 + math.ceil(args.trials / 10)}")
        paints = [asyncio.run(_paint(cache_path, loaded)) for _ in range(args.runs)]
        median = statistics.median(paints)
        print(f"tuning-job screen painted from the cache ({loaded} training jobs, 120x40): "
              f"median {median:.0f} ms, runs {', '.join(f'{p:.0f}' for p in paints)} ms "
              f"(target < {PAINT_TARGET_MS:.0f} ms)")
    result("tuning.first_load_calls", total, "calls",
           f"API calls to load a tuning job with {loaded} training jobs the first time", target=bound + 0.5)
    result("tuning.paint_from_cache", median, "ms",
           f"tuning job with {loaded} training jobs painted from the cache", target=PAINT_TARGET_MS)


if __name__ == "__main__":
    main()
