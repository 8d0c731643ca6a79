"""Logs: opening a cached log, searching and holding a million lines, API calls while following,
and idle terminal bytes while following a quiet job.

1. First screen of a cached finished job with 100,000 lines (4 hosts): a real cache file, the
   Logs tab (LogPane, headless Textual) from ``show`` to the first painted screen. Target < 100 ms.
2. Search across 1,000,000 loaded lines (LogBuffer.search, case-insensitive). Target < 200 ms.
3. Memory of 1,000,000 lines held (LogBuffer, tracemalloc). Target < 250 MB.
4. API calls per 10 minutes following a running 4-host job (the LogRepository and the poll
   scheduler in virtual time; a scripted CloudWatch Logs whose hosts print a line a second for the
   first half, then nothing). Anchor: a naive 2 s poller of 4 streams = 1,200 calls.
5. Idle terminal bytes per minute with the Logs tab open on a quiet running job (the demo's
   Starting job, no stream yet: polling goes on, nothing arrives), ``python -m tui --demo`` in a pty.
   Target < 2 KB/min.

    python -m benchmarks.logs_bench [--lines 100000] [--search-lines 1000000] [--idle-seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from benchmarks.common import machine, result

JOB = "bench-log-job"
T0 = 1_795_694_400_000


def message(i: int, host: int) -> str:
    if i % 3 == 1:
        clock = f"{i // 36000:02d}:{i // 600 % 60:02d}:{i // 10 % 60:02d}"
        return f"{clock} INFO Trainer: step {i} finished in 0.41 s"
    if i % 10 == 9:
        return f"[epoch {i // 10}] 'loss': {2.5 / (i + 1):.5f} 'eval_accuracy': {0.5 + (i % 97) / 200:.4f}"
    loss = 2.5 / (i + 1)
    return f"[rank {host}] step {i}: loss={loss:.6f} lr=3.000e-04 throughput={900 + i % 200} samples/s"


def first_screen(lines: int, runs: int) -> float:
    from tui.cache.log_store import LogStore
    from tui.cache.scope import Scope
    from tui.cache.store import CacheStore

    scope = Scope("http://bench", "us-east-1", "123456789012")
    hosts = 4
    with tempfile.TemporaryDirectory() as tmp:
        store = CacheStore(Path(tmp) / "cache.sqlite3")
        logs = LogStore(store)
        now = datetime.now(timezone.utc)
        per_host = lines // hosts
        for h in range(1, hosts + 1):
            rows = [(T0 + i * 1000 + h, message(i, h)) for i in range(per_host)]
            logs.append(scope, JOB, f"{JOB}/algo-{h}-1795694400", f"algo-{h}", rows,
                        forward_token="f/end", complete=True, at=now)
        times = [asyncio.run(_open_once(store, scope)) for _ in range(runs)]
        store.close()
    median = statistics.median(times)
    print(f"first screen of a cached finished job, {lines:,} lines / {hosts} hosts: median {median:.1f} ms "
          f"(runs: {', '.join(f'{t:.1f}' for t in times)})")
    return median


async def _open_once(store: Any, scope: Any) -> float:
    from textual.app import App, ComposeResult

    from tui.log_repository import LogRepository
    from tui.widgets.log_pane import LogPane

    class Bench(App[None]):
        def compose(self) -> ComposeResult:
            yield LogPane(id="logs-pane")

    app = Bench()
    repository = SimpleNamespace(companions={"logs": LogRepository(None, store, scope=lambda: scope)})
    app.repository = repository  # type: ignore[attr-defined]
    view = SimpleNamespace(name=JOB, raw={"TrainingJobName": JOB, "TrainingJobStatus": "Completed"})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.query_one(LogPane)
        log_view = pane.view
        painted: list[float] = []
        render_line = log_view.render_line

        def timed(y: int) -> Any:
            strip = render_line(y)
            if log_view.rows and not painted and y == log_view.scrollable_content_region.height - 1:
                painted.append(time.perf_counter())  # the last row of the first screen of lines
            return strip

        log_view.render_line = timed  # type: ignore[method-assign]
        started = time.perf_counter()
        pane.show(view)
        while not painted and time.perf_counter() - started < 30:
            await asyncio.sleep(0.001)
        elapsed = (painted[0] - started) * 1000 if painted else float("nan")
        await pilot.pause()
        await app.workers.wait_for_complete()
    return elapsed


def search(lines: int, runs: int) -> tuple[float, float]:
    from tui.aws.logs import LogEvent
    from tui.models.log_buffer import LogBuffer

    gc.collect()
    tracemalloc.start()
    buffer = LogBuffer(cap=lines)
    batch = 50_000
    for start in range(0, lines, batch):
        buffer.extend(
            LogEvent(T0 + i, f"algo-{i % 4 + 1}", message(i, i % 4))
            for i in range(start, min(lines, start + batch))
        )
    rows = buffer.select()
    current, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    memory_mb = current / 1e6
    times = []
    found = 0
    for _ in range(runs):
        started = time.perf_counter()
        found = len(buffer.search("STEP 123456:", rows))
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    print(f"search across {lines:,} loaded lines ({found:,} hits): median {median:.1f} ms; "
          f"memory held {memory_mb:.1f} MB (tracemalloc, buffer + shown rows)")
    return median, memory_mb


def api_calls(minutes: float, hosts: int = 4) -> tuple[int, int]:
    """Virtual time: the scheduler's delays are slept by moving a clock, the repository is real."""
    from tests.screens.log_fakes import FakeLogs
    from tui.log_repository import LogRepository
    from tui.models.log_poll import LogPollScheduler, PollOutcome

    clock = [0.0]
    fake = FakeLogs({f"{JOB}/algo-{h}-1": [] for h in range(1, hosts + 1)})
    repo = LogRepository(fake, None)  # type: ignore[arg-type]
    scheduler = LogPollScheduler(lambda: clock[0])
    end = minutes * 60
    printed = 0.0
    while clock[0] < end:
        # Hosts print a line a second during the first half, then nothing.
        while printed < min(clock[0], end / 2):
            for h in range(1, hosts + 1):
                fake.add(f"{JOB}/algo-{h}-1", [(T0 + int(printed * 1000), f"line {printed}")])
            printed += 1
        discover = scheduler.should_discover(streams_known=len(repo.streams(JOB)))
        scheduler.started(discovered=discover)
        update = repo.poll(JOB, finished=False, discover=discover)
        scheduler.record(PollOutcome(len(update.events), update.requests, update.at_end))
        delay = scheduler.delay(visible=True, finished=False, read_to_end=update.at_end) or 0.0
        clock[0] += max(delay, 0.05)
    calls = len(fake.calls)
    naive = int(minutes * 60 / 2) * hosts
    print(f"following a running {hosts}-host job for {minutes:g} min (virtual time): {calls} calls "
          f"({scheduler.polls} polls; at most {calls / (minutes * 60):.2f} requests/s on average) "
          f"vs {naive} for a naive 2 s poller")
    return calls, naive


def idle_bytes(seconds: float, settle: float) -> tuple[float, float]:
    """(the log view alone, the whole detail screen on its Logs tab), bytes per minute."""
    from benchmarks.idle_bytes import PtyApp, per_minute
    from tui.demo.names import ROLES

    calls_file = Path(tempfile.mkdtemp()) / "calls"
    env = {"TEXTUAL_ANIMATIONS": "none", "LOGS_BENCH_CALLS": str(calls_file)}
    with PtyApp([sys.executable, "-m", "benchmarks.logs_bench", "--child"], cols=80, rows=24, env=env) as app:
        shown = app.read_until(b"following", timeout=60)
        app.settle(quiet=settle, timeout=30)
        window = app.read(seconds)
        app.write(b"\x11")  # ctrl+q
        app.wait(10)
    alone = per_minute(len(window), seconds)
    calls = calls_file.read_text(encoding="utf-8") if calls_file.exists() else "?"
    print(f"log view alone following a quiet running job ({calls} CloudWatch calls in all, none bringing a "
          f"line after the first), 80x24 pty: "
          f"{len(window):,} bytes in {seconds:g} s = {alone:,.0f} bytes/min"
          f"{'' if shown else ' (WARNING: the view did not show)'}")
    job = ROLES["starting"]
    argv = [sys.executable, "-m", "benchmarks.idle_bytes", "--app", "--no-simulate"]
    argv += ["--training-job-name", job]
    with PtyApp(argv, cols=80, rows=24, env=env) as app:
        app.read_until(b"8 Logs", timeout=60)  # the detail screen is up
        app.settle(quiet=settle, timeout=30)
        app.write(b"8")
        opened = app.read_until(b"No log streams yet", timeout=30)
        app.settle(quiet=settle, timeout=30)
        window = app.read(seconds)
        app.write(b"q")
        app.wait(10)
    screen = per_minute(len(window), seconds)
    print(f"detail screen on the Logs tab of {job} (Starting, no stream yet), demo, 80x24 pty: "
          f"{len(window):,} bytes in {seconds:g} s = {screen:,.0f} bytes/min (the header's elapsed time and "
          f"data age tick every second){'' if opened else ' (WARNING: the tab did not show)'}")
    return alone, screen


def child() -> int:
    """The pty side of :func:`idle_bytes`: a log view following a running job that prints nothing."""
    from textual.app import App, ComposeResult

    from tests.screens.log_fakes import FakeLogs, repository_with, training_lines
    from tui.widgets.log_pane import LogPane

    fake = FakeLogs(training_lines(JOB, hosts=4, count=50))

    class Child(App[None]):
        repository: Any  # what the log pane asks for its logs repository (tui.log_repository.logs_for)

        def compose(self) -> ComposeResult:
            yield LogPane(id="logs-pane")

        def on_mount(self) -> None:
            pane = self.query_one(LogPane)
            raw = {"TrainingJobName": JOB, "TrainingJobStatus": "InProgress"}
            pane.show(SimpleNamespace(name=JOB, raw=raw))
            self.set_focus(pane.default_focus())

    app = Child()
    app.repository = SimpleNamespace(companions={"logs": repository_with(fake)})
    app.run()
    report = os.environ.get("LOGS_BENCH_CALLS")
    if report:
        Path(report).write_text(str(len(fake.calls)), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    doc = (__doc__ or "").splitlines()[0]
    parser = argparse.ArgumentParser(prog="python -m benchmarks.logs_bench", description=doc)
    parser.add_argument("--lines", type=int, default=100_000, help="cached lines to open (default 100,000)")
    parser.add_argument(
        "--search-lines", type=int, default=1_000_000, help="lines loaded (default 1,000,000)"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--minutes", type=float, default=10.0, help="virtual minutes followed (default 10)")
    parser.add_argument("--idle-seconds", type=float, default=60.0)
    parser.add_argument("--settle", type=float, default=3.0)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ns = parser.parse_args(argv)
    if ns.child:
        return child()
    print(machine())
    opened = first_screen(ns.lines, ns.runs)
    result("logs.first_screen", opened, "ms", f"first screen, cached finished job, {ns.lines:,} lines",
           target=100)
    searched, memory = search(ns.search_lines, ns.runs)
    result("logs.search", searched, "ms", f"search across {ns.search_lines:,} loaded lines", target=200)
    result("logs.memory", memory, "MB", f"memory holding {ns.search_lines:,} lines", target=250)
    calls, naive = api_calls(ns.minutes)
    result("logs.api_calls", calls, "calls", f"API calls per {ns.minutes:g} min following a 4-host job "
           f"(naive 2 s poller: {naive})")
    alone, screen = idle_bytes(ns.idle_seconds, ns.settle)
    result("logs.idle_bytes", alone, "B/min", "idle bytes/min, log view following a quiet job", target=2048)
    result("logs.idle_bytes_detail", screen, "B/min", "idle bytes/min, detail screen on its Logs tab (demo)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
