"""Several app instances (processes) on one cache file: nothing lost, nothing corrupted."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from tests.cache.strict import same
from tui.cache.scope import Context, Scope
from tui.cache.store import CacheStore

SCOPE = Scope("aws", "us-east-1", "111111111111")
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
WORKERS = 4
JOBS_EACH = 100


def response(worker: int, i: int, version: int) -> dict[str, Any]:
    """Distinct per writer and per version, so a lost or torn write shows."""
    name = f"w{worker}-j{i}"
    return {
        "TrainingJobName": name,
        "TrainingJobArn": f"arn:aws:sagemaker:us-east-1:111111111111:training-job/{name}",
        "TrainingJobStatus": "Completed",
        "CreationTime": NOW + timedelta(seconds=i),
        "LastModifiedTime": NOW + timedelta(seconds=i, microseconds=version),
        "HyperParameters": {f"p{k}": f"{worker}.{i}.{version}.{k}" for k in range(40)},
        "Version": version,
    }


def worker(path: str, n: int, barrier: Any, results: Any) -> None:
    """One instance: writes describes and list pages, reads everyone's, remaps a shared context.

    Puts (n, problems seen, start, end) on ``results``, times on the system-wide monotonic clock.
    """
    barrier.wait()  # every process is up before any starts writing
    began = time.monotonic()
    problems = 0
    with CacheStore(path) as store:
        for version in range(2):
            page = []
            for i in range(JOBS_EACH):
                value = response(n, i, version)
                store.put_describe(SCOPE, value["TrainingJobName"], value, NOW + timedelta(seconds=version))
                page.append({k: value[k] for k in ("TrainingJobName", "TrainingJobArn", "CreationTime")})
                if i % 10 == 9:
                    store.put_summaries(SCOPE, page, NOW)
                    page = []
                    listed = NOW + timedelta(seconds=i)
                    store.record_listing(SCOPE, "", listed, complete=False, high_water=NOW)
                # read what another writer may be writing right now
                peer = (n + 1) % WORKERS
                other = store.get_describe(SCOPE, f"w{peer}-j{i}")
                if other is not None and same(other.value, response(peer, i, other.value["Version"])):
                    problems += 1
            store.remember_context(Context("default", "aws", "us-east-1"), SCOPE, NOW)
    results.put((n, problems, began, time.monotonic()))


def test_several_processes_write_and_read_at_once(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    CacheStore(path).close()
    ctx = multiprocessing.get_context("spawn")  # a clean interpreter per instance, like real apps
    barrier = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    processes = [ctx.Process(target=worker, args=(str(path), n, barrier, results)) for n in range(WORKERS)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    assert sorted(problems for _, problems, _, _ in outcomes) == [0] * WORKERS
    # They really ran at the same time (else this would test nothing about concurrency).
    assert max(began for _, _, began, _ in outcomes) < min(ended for _, _, _, ended in outcomes)

    with CacheStore(path) as store:
        assert store.warnings == []
        for n in range(WORKERS):
            for i in range(JOBS_EACH):
                item = store.get_describe(SCOPE, f"w{n}-j{i}")
                assert item is not None, f"w{n}-j{i} lost"
                assert same(item.value, response(n, i, 1)) is None
        assert len(store.summaries(SCOPE)) == WORKERS * JOBS_EACH
        assert store.scope_for_context(Context("default", "aws", "us-east-1")) == SCOPE
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
