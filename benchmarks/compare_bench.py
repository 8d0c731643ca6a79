"""Compare and --where figures: the compare screen painted from the cache, and Search calls per
100 results of a ``--where`` query.

    python -m benchmarks.compare_bench [--jobs-compared 8] [--hyperparameters 300] [--fleet 2000]

* Paint: ``--jobs-compared`` jobs with ``--hyperparameters`` hyperparameters each, their describes in
  a cache file (as opening them once leaves them); the compare screen (120x40) pushed in a Textual
  app over an offline repository reading that file: from the push to the frame painted with every
  row (no call can be made: there is no client). Target < 100 ms.
* Calls: ``--fleet`` jobs in the local SageMaker (moto's server + the demo's Search), a quarter of
  them tagged ``team=vision``; ``list --where 'Tags.team = vision'``'s data path run through
  boto3, its calls counted by the client's counter. Target: one call per 100 results (Search's page
  size). The figure does not depend on the fleet's size, only on the results': a 100,000-job
  account with 25,000 matches costs 250 calls.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from benchmarks.common import result
from tui.cache.scope import Scope
from tui.cache.store import CacheStore
from tui.clock import FixedClock
from tui.config import AppConfig
from tui.repository import JobRepository
from tui.settings import RunSettings

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
SCOPE = Scope("http://127.0.0.1", "us-east-1", "123456789012")
PAINT_TARGET_MS = 100.0


def describe(index: int, hyperparameters: int) -> dict[str, Any]:
    created = NOW - timedelta(hours=20 - index)
    return {
        "TrainingJobName": f"bench-compare-{index:04d}",
        "TrainingJobArn": f"arn:aws:sagemaker:us-east-1:123456789012:training-job/bench-compare-{index:04d}",
        "TrainingJobStatus": "Completed",
        "SecondaryStatus": "Completed",
        "CreationTime": created,
        "TrainingStartTime": created + timedelta(minutes=3),
        "TrainingEndTime": created + timedelta(hours=1),
        "LastModifiedTime": created + timedelta(hours=1, minutes=1),
        "TrainingTimeInSeconds": 3420,
        "BillableTimeInSeconds": 1200 + index,
        "EnableManagedSpotTraining": True,
        "HyperParameters": {f"hp_{k:03d}": str(k if k % 30 else k * index) for k in range(hyperparameters)},
        "AlgorithmSpecification": {"TrainingImage": "img:1", "TrainingInputMode": "File"},
        "ResourceConfig": {"InstanceType": "ml.p4d.24xlarge", "InstanceCount": 2, "VolumeSizeInGB": 100},
        "InputDataConfig": [
            {"ChannelName": "train", "DataSource": {"S3DataSource": {"S3Uri": f"s3://b/train/{index}/"}}}
        ],
        "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
        "OutputDataConfig": {"S3OutputPath": "s3://b/out/"},
        "FinalMetricDataList": [{"MetricName": "loss", "Value": 0.1 + index / 100, "Timestamp": created}],
    }


class CachedRepository(JobRepository):
    """An offline repository over the benchmark's cache file, its scope fixed (a real run learns
    it from the first response; here no call is ever made)."""

    def current_scope(self) -> Scope | None:
        return SCOPE


def paint(jobs: int, hyperparameters: int, cache_path: Path) -> tuple[float, float, int]:
    """(ms to paint a comparison in the compare screen as the app reuses it, ms of the session's
    first open (the screen composed and styled), rows compared)."""
    names = []
    with CacheStore(cache_path) as cache:
        for index in range(2 * jobs):
            raw = describe(index, hyperparameters)
            cache.put_describe(SCOPE, raw["TrainingJobName"], raw, NOW)
            names.append(raw["TrainingJobName"])
    return asyncio.run(_paint(tuple(names[:jobs]), tuple(names[jobs:]), cache_path))


async def _paint(
    first: tuple[str, ...], second: tuple[str, ...], cache_path: Path
) -> tuple[float, float, int]:
    from textual.app import App

    from tui.screens.compare import COMPARE_SCREEN, CompareScreen, open_compare

    cache = CacheStore(cache_path)

    class Host(App[None]):
        def __init__(self) -> None:
            super().__init__()
            self.repository = CachedRepository(client=None, cache=cache, clock=FixedClock(NOW))
            self.settings = RunSettings(live=False)
            self.config = AppConfig()
            self.clock = FixedClock(NOW)

    async def shown(pilot: Any, names: tuple[str, ...]) -> float:
        start = time.perf_counter()
        cpu = time.process_time()
        open_compare(app, names)
        screen = app.get_screen(COMPARE_SCREEN)
        assert isinstance(screen, CompareScreen)
        while screen.comparison is None or screen.names != names:
            await asyncio.sleep(0.001)
        await pilot.pause()  # the rows are in the table and the frame painted
        assert not screen.error, screen.error
        cpu_ms.append((time.process_time() - cpu) * 1000)
        return (time.perf_counter() - start) * 1000

    cpu_ms: list[float] = []
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        cold_ms = await shown(pilot, first)
        app.pop_screen()
        await pilot.pause()
        warm_ms = await shown(pilot, second)
        screen = app.get_screen(COMPARE_SCREEN)
        assert isinstance(screen, CompareScreen) and screen.comparison is not None
        rows = len(screen.comparison.rows)
    cache.close()
    print(f"  process CPU time (all threads) during the warm paint: {cpu_ms[-1]:.1f} ms;"
          f" first open: {cpu_ms[0]:.1f} ms")
    return warm_ms, cold_ms, rows


def where_calls(fleet: int) -> tuple[int, int, float]:
    """(Search calls, results, seconds) of ``list --where 'Tags.team = vision'`` over ``fleet`` jobs."""
    from tui.aws.client import ConnectionOptions, build_client
    from tui.commands.where_query import where_summaries
    from tui.demo.server import start_server
    from tui.models.where import parse_where

    server, url = start_server(0)
    try:
        options = ConnectionOptions(
            region="us-east-1", endpoint_url=url, max_attempts=1, static_credentials=("bench", "bench")
        )
        client = build_client(options)
        for index in range(fleet):
            tags = [{"Key": "team", "Value": "vision" if index % 4 == 0 else "nlp"}]
            client.raw.create_training_job(
                TrainingJobName=f"fleet-{index:06d}",
                AlgorithmSpecification={"TrainingImage": "img", "TrainingInputMode": "File"},
                RoleArn="arn:aws:iam::123456789012:role/R",
                OutputDataConfig={"S3OutputPath": "s3://b/o"},
                ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
                StoppingCondition={"MaxRuntimeInSeconds": 3600},
                Tags=tags,
            )
        repository = JobRepository(client=client, cache=None, options=options)
        where = parse_where("Tags.team = vision", NOW)
        before = client.counter.total
        start = time.perf_counter()
        summaries, _ = where_summaries(repository, where, None)
        seconds = time.perf_counter() - start
        return client.counter.total - before, len(summaries), seconds
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--jobs-compared", type=int, default=8)
    parser.add_argument("--hyperparameters", type=int, default=300)
    parser.add_argument("--fleet", type=int, default=2000, help="jobs in the local SageMaker for --where")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    with tempfile.TemporaryDirectory() as tmp:
        warm_ms, cold_ms, rows = paint(args.jobs_compared, args.hyperparameters, Path(tmp) / "cache.sqlite3")
    what = f"{args.jobs_compared} jobs x {args.hyperparameters} hyperparameters ({rows} rows)"
    print(f"compare screen, {what}, painted from the cache: {warm_ms:.1f} ms"
          f" (target < {PAINT_TARGET_MS:.0f} ms); the session's first open, screen composed and styled:"
          f" {cold_ms:.1f} ms")
    result("compare.paint_cached", warm_ms, "ms", f"compare {what}: painted from the cache",
           target=PAINT_TARGET_MS)
    result("compare.first_open", cold_ms, "ms", f"compare {what}: the session's first open (composed)")

    calls, results, seconds = where_calls(args.fleet)
    ideal = max(1, math.ceil(results / 100))
    print(f"--where 'Tags.team = vision' on {args.fleet:,} jobs: {results:,} results in {calls} Search calls "
          f"(one per 100 results: {ideal}), {seconds:.1f} s against the local SageMaker")
    result("compare.where_calls", calls, "calls",
           f"--where: Search calls for {results:,} results of {args.fleet:,} jobs (one per 100: {ideal})",
           target=ideal + 0.5)

if __name__ == "__main__":
    main()
