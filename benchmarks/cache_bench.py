"""API calls and cached-open time for a session that opens 200 jobs of a 1,000-job fleet twice.

Run: ``python -m benchmarks.cache_bench [--jobs 1000] [--opens 200] [--seed 7]``

Against moto's server in this process, loaded with the demo fleet (or, without ``tui.demo``, plain
jobs made with CreateTrainingJob), the same session runs twice through :class:`JobRepository`:
once with ``--no-cache`` and once with a cache file in a temporary directory, then once more after a
"restart" (new repository and store on the same file). A session = list every job, then open
``--opens`` jobs (show the cached describe at once, then ``describe()``), then open them all again.
Time is a fixed clock advanced ``--pace`` seconds per open (a user's reading pace), so the refresh
policy meets running jobs as it would in use. It prints what it measured, nothing else.
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from tui.aws.client import ConnectionOptions, build_client
from tui.cache.store import CacheStore
from tui.clock import FixedClock
from tui.repository import JobRepository, RefreshIntervals

DESCRIBE = "DescribeTrainingJob"
LIST = "ListTrainingJobs"


@dataclass
class Fleet:
    options: ConnectionOptions
    names: list[str]
    statuses: dict[str, int]
    stop: Callable[[], None]


def start_fleet(jobs: int, seed: int) -> Fleet:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    try:
        from tui.demo import start_demo_fleet
    except ImportError:
        return _plain_fleet(jobs)
    fleet = start_demo_fleet(seed=seed, jobs=jobs, simulate=False)
    options = ConnectionOptions(
        region=fleet.region,
        endpoint_url=fleet.endpoint_url,
        static_credentials=fleet.credentials,
        list_min_interval=0.0,  # the spacing changes wall time, not the number of calls
    )
    return Fleet(options, fleet.names, _statuses(fleet.account, fleet.region), fleet.stop)


def _plain_fleet(jobs: int) -> Fleet:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    options = ConnectionOptions(
        region="us-east-1", endpoint_url=f"http://{host}:{port}", static_credentials=("bench", "bench"),
        list_min_interval=0.0,
    )
    raw = build_client(options).raw
    names = [f"bench-job-{i:05d}" for i in range(jobs)]
    for name in names:
        raw.create_training_job(
            TrainingJobName=name,
            AlgorithmSpecification={"TrainingImage": "img:latest", "TrainingInputMode": "File"},
            RoleArn="arn:aws:iam::123456789012:role/r",
            OutputDataConfig={"S3OutputPath": "s3://b/o"},
            ResourceConfig={"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30},
            StoppingCondition={"MaxRuntimeInSeconds": 3600},
        )
    return Fleet(options, names, _statuses("123456789012", "us-east-1"), server.stop)


def _statuses(account: str, region: str) -> dict[str, int]:
    from collections import Counter

    from moto.sagemaker.models import sagemaker_backends

    jobs = sagemaker_backends[account][region].training_jobs.values()
    return dict(Counter(job.training_job_status for job in jobs))


@dataclass
class SessionResult:
    calls: dict[str, int]
    cached_ms: list[float]
    peek_ms: list[float]
    listed: str


def session(repo: JobRepository, clock: FixedClock, names: list[str], pace: float) -> SessionResult:
    """List, then open every name twice; time each describe that the cache answered."""
    if repo.cached_summaries() is None:
        listed = f"full list: {sum(len(page) for page in repo.list_all())} summaries"
    else:
        listed = f"incremental list: {len(repo.list_changes())} changed summaries"
    cached_ms: list[float] = []
    peek_ms: list[float] = []
    for _round in range(2):
        for name in names:
            t0 = time.perf_counter()
            repo.cached_describe(name)  # what the detail screen paints first
            t1 = time.perf_counter()
            fetched = repo.describe(name)
            t2 = time.perf_counter()
            if repo.cache is not None:
                peek_ms.append((t1 - t0) * 1000)
            if fetched.from_cache:
                cached_ms.append((t2 - t1) * 1000)
            clock.advance(pace)
    return SessionResult(repo.counter.snapshot(), cached_ms, peek_ms, listed)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cache_bench", description=__doc__)
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--opens", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pace", type=float, default=2.0, help="simulated seconds between opens")
    args = parser.parse_args(argv)

    with ExitStack() as stack:
        t = time.perf_counter()
        fleet = start_fleet(args.jobs, args.seed)
        stack.callback(fleet.stop)
        print(f"fleet: {len(fleet.names)} jobs {fleet.statuses} at {fleet.options.endpoint_url} "
              f"(ready in {time.perf_counter() - t:.1f} s)")
        names = random.Random(args.seed).sample(fleet.names, min(args.opens, len(fleet.names)))
        intervals = RefreshIntervals()
        print(f"session: list all, open {len(names)} jobs, open them again; {args.pace:g} s per open; "
              f"intervals running {intervals.running_job:g} s, settling {intervals.settling_job:g} s")

        def run(cache: CacheStore | None) -> SessionResult:
            clock = FixedClock(datetime.now(timezone.utc))
            repo = JobRepository(build_client(fleet.options), cache, clock, intervals, options=fleet.options)
            return session(repo, clock, names, args.pace)

        plain = run(None)
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        store = CacheStore(folder / "cache.sqlite3")
        cached = run(store)
        store.close()
        store = CacheStore(folder / "cache.sqlite3")  # a restart: new process state, same file
        restart = run(store)
        store.close()

    rows = [("no cache", plain), ("cache, first run", cached), ("cache, after restart", restart)]
    print(f"{'':22} {'Describe':>9} {'List':>6} {'total':>6}")
    for label, result in rows:
        d, lst = result.calls.get(DESCRIBE, 0), result.calls.get(LIST, 0)
        print(f"{label:22} {d:>9} {lst:>6} {sum(result.calls.values()):>6}   ({result.listed})")
    total_plain = sum(plain.calls.values())
    total_cached = sum(cached.calls.values())
    total_restart = sum(restart.calls.values())
    print(f"API calls without/with the cache: {total_plain}/{total_cached} = "
          f"{total_plain / max(total_cached, 1):.2f}x fewer; "
          f"describes {plain.calls.get(DESCRIBE, 0)}/{cached.calls.get(DESCRIBE, 0)}")
    ratio = total_plain / max(total_restart, 1)
    print(f"after a restart: {total_plain}/{total_restart} = {ratio:.1f}x fewer")
    times = cached.cached_ms + restart.cached_ms
    peeks = cached.peek_ms + restart.peek_ms
    print(f"describe() answered from the cache: {len(times)} times, "
          f"median {statistics.median(times):.2f} ms, p95 {p95(times):.2f} ms")
    print(f"cached_describe() (first paint of the detail screen): {len(peeks)} times, "
          f"median {statistics.median(peeks):.2f} ms, p95 {p95(peeks):.2f} ms")

    from benchmarks.common import result as emit  # `result` is a loop variable above

    opened = f"{len(names)} of {len(fleet.names):,} jobs opened twice"
    emit("cache.calls_without", total_plain, "calls", f"API calls without the cache, {opened}")
    emit("cache.calls_with", total_cached, "calls", f"API calls with the cache, {opened}")
    emit("cache.calls_restart", total_restart, "calls",
           f"API calls with the cache after a restart, {opened}")
    emit("cache.ratio", total_plain / max(total_cached, 1), "x", "Fewer API calls with the cache (ratio)")
    emit("cache.describe_ms", statistics.median(times), "ms", "describe() served from the cache, median")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
