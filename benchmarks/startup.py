"""Start-up to the first painted list (a real terminal), and opening a cached job.

Run: ``python -m benchmarks.startup [--cached 10000] [--runs 5] [--opens 20] [--fleet 300] [--vs TREE]
[--startup-only] [--settle-runs 3]``

1. **Start-up, in a pseudo-terminal.** ``python -m tui --endpoint-url URL`` (the real entry point,
   real terminal driver, TERM=xterm-256color, 160x50) against the demo fleet served by moto from
   this process, with its own HOME/XDG dirs: timed from the spawn to the moment the terminal has
   received the first rows of jobs (the first ``Completed`` status cell; the header and the
   "Loading" text come earlier). Interpreter start, imports, config, client, cache, first paint
   included. Two cases, ``--runs`` each (median reported):

   * an **empty cache**: the rows come from the first ListTrainingJobs page over HTTP;
   * ``--cached`` jobs in the cache file (``$XDG_CACHE_HOME/sagemaker-tui/``), written through
     :class:`~tui.cache.store.CacheStore` under the scope the app will look up for that endpoint:
     the rows come from the cache before any call returns.

   ``benchmarks.list_bench`` measures the same cached start-up under ``run_test`` (headless); this
   one adds the terminal.

   **Bytes until the list has settled** (``--settle-runs``, median): the same cached start-up
   against an account with no job newer than the cache (moto with no training jobs, so the
   incremental call brings nothing and every byte is the start-up's own), from the spawn until
   the header shows the whole cache's count and nothing has been written for a second. Over SSH
   on a slow link every repaint of the table is ~15 KB at 160x50; the figure says how many went
   out, and so does the count of times the first visible job's row (its name) was sent: once
   would do, as nothing about it changes while the rest of the cache arrives.
2. **Open a cached job**: the real app under ``run_test`` (160x50) with a repository on the demo
   fleet and a cache already holding the describes of the jobs opened; from the Enter key on the
   list to the first screen update in which the detail screen shows the job (the compositor's
   update after the pane was rendered; headless, so the ANSI encoding and the write to a terminal
   are not included). The cursor rests on each job before Enter, long enough for the list's
   read-ahead: its cached describe (a few ms), then, once the cursor has rested 50 ms, the
   layout of its overview (:mod:`tui.widgets.detail.layout`). ``--opens`` different settled
   jobs, median and slowest; target < 30 ms. Then the same without the overview laid out
   ahead (what Enter costs within 50 ms of the cursor landing on a job): the open lays the
   overview out itself.
   The app is the real one: the first open of the session composes the detail screen, the
   others reuse it; full garbage collections wait for an idle second (:mod:`tui.idle_gc`),
   which this loop, pressing keys without pause, never gives (they run when five times due).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import select
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from benchmarks.common import result
from benchmarks.idle_bytes import ROOT, PtyApp
from benchmarks.list_bench import synth_summaries

SIZE = (160, 50)
#: In a row's status cell, never in the header, the footer or the loading text.
ROW_MARKER = b"Completed"
#: In the names of the synthetic cached jobs (benchmarks.list_bench.synth_summaries), not the fleet's.
CACHED_MARKER = b"-exp0"


# -- 1. start-up in a pty ----------------------------------------------------------------------
def child_env(home: Path) -> dict[str, str]:
    return {
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "TERM": "xterm-256color",
        "COLORTERM": "",
        "TEXTUAL_ANIMATIONS": "none",
        "AWS_ACCESS_KEY_ID": "demo",
        "AWS_SECRET_ACCESS_KEY": "demo",
        "AWS_DEFAULT_REGION": "us-east-1",
    }


def fill_cache(env: dict[str, str], endpoint_url: str, count: int) -> None:
    """``count`` summaries in the cache the child will open, under the scope it will look up."""
    from tui.aws.client import ConnectionOptions
    from tui.cache.scope import Context, Scope, endpoint_key
    from tui.cache.store import CacheStore

    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)  # platformdirs and the context's profile label read the environment
    try:
        store = CacheStore.open_default()
        options = ConnectionOptions(region="us-east-1", endpoint_url=endpoint_url)
        from tui.cache.scope import profile_label

        endpoint = endpoint_key(endpoint_url)
        scope = Scope(endpoint, "us-east-1", "123456789012")
        context = Context(profile_label(options), endpoint, "us-east-1")
        now = datetime.now(timezone.utc)
        summaries = list(synth_summaries(count))
        for start in range(0, count, 1000):
            store.put_summaries(scope, summaries[start : start + 1000], now)
        store.record_listing(scope, "", now, complete=True, high_water=now)
        store.remember_context(context, scope, now)
        store.close()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@dataclass
class Startup:
    """One start-up: seconds from the spawn to the first byte and to the first rows."""

    first_byte: float
    first_rows: float
    written: int


def watch(app: PtyApp, marker: bytes, timeout: float) -> tuple[float | None, float | None]:
    """perf_counter times of the first byte written and of the first write completing ``marker``
    (None when it did not come). Each chunk is looked at as it arrives, not after a read window."""
    first: float | None = None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([app.fd], [], [], 0.05)
        if not ready:
            continue
        try:
            data = os.read(app.fd, 65536)
        except OSError:  # EIO: the child has gone
            return first, None
        if not data:
            return first, None
        now = time.perf_counter()
        first = first or now
        app.output += data
        if marker in app.output[-(len(data) + len(marker)) :]:
            return first, now
    return first, None


def fill_cache_in(tree: Path, env: dict[str, str], endpoint_url: str, count: int) -> None:
    """:func:`fill_cache` as ``tree``'s own code does it (its schema, its scope), in a child process."""
    import json
    import subprocess

    code = ("import json, sys; from benchmarks.startup import fill_cache; "
            "fill_cache(json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3]))")
    subprocess.run([sys.executable, "-c", code, json.dumps(env), endpoint_url, str(count)],
                   cwd=tree, check=True)


def one_startup(endpoint_url: str, cached: int, tree: Path = ROOT) -> Startup:
    """One start-up of ``python -m tui`` (``tree``'s) in a pty, with a fresh HOME and cache."""
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env = child_env(home)
        if cached:
            if tree == ROOT:
                fill_cache(env, endpoint_url, cached)
            else:
                fill_cache_in(tree, env, endpoint_url, cached)
        argv = [sys.executable, "-m", "tui", "--endpoint-url", endpoint_url, "--region", "us-east-1"]
        app = PtyApp(argv, cols=SIZE[0], rows=SIZE[1], env=env, unset=("NO_COLOR", "AWS_PROFILE"), cwd=tree)
        spawned = time.perf_counter()
        with app:
            first, rows = watch(app, ROW_MARKER, timeout=30)
            written = len(app.output)
            app.write(b"q")
            app.wait(10)
        if first is None or rows is None:
            tail = bytes(app.output[-400:]).decode(errors="replace")
            raise SystemExit(f"no job rows within 30 s; the terminal's last bytes: {tail!r}")
        if cached and CACHED_MARKER not in app.output:
            # The demo fleet's first page won the race: that would not be a cached start-up.
            raise SystemExit("the first rows painted were not the cached jobs")
        return Startup(first - spawned, rows - spawned, written)


@dataclass
class Settled:
    """One cached start-up watched until the list had settled."""

    #: Bytes written from the spawn until then.
    written: int
    #: Times the first visible job's name was written (each is a repaint of its row).
    row_sends: int
    #: Seconds from the spawn to the first rows and to the last write.
    first_rows: float
    last_write: float


#: Nothing written for this long, after the header showed the whole cache: the list has settled.
SETTLE_QUIET = 1.0


def first_cached_name() -> bytes:
    """The name of the newest synthetic cached job: the first row of the list (sorted by creation)."""
    return str(next(synth_summaries(1))["TrainingJobName"]).encode()


def settled_startup(endpoint_url: str, cached: int, tree: Path = ROOT) -> Settled:
    """A start-up with ``cached`` jobs in the cache, read until the list has settled."""
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env = child_env(home)
        if tree == ROOT:
            fill_cache(env, endpoint_url, cached)
        else:
            fill_cache_in(tree, env, endpoint_url, cached)
        argv = [sys.executable, "-m", "tui", "--endpoint-url", endpoint_url, "--region", "us-east-1"]
        app = PtyApp(argv, cols=SIZE[0], rows=SIZE[1], env=env, unset=("NO_COLOR", "AWS_PROFILE"), cwd=tree)
        spawned = time.perf_counter()
        with app:
            _, rows = watch(app, ROW_MARKER, timeout=30)
            full_count = f"{cached:,} jobs".encode()
            if rows is not None and app.read_until(full_count, timeout=30):
                app.settle(quiet=SETTLE_QUIET, timeout=30)
            settled = time.perf_counter() - SETTLE_QUIET
            output = bytes(app.output)
            app.write(b"q")
            app.wait(10)
        if rows is None or full_count not in output:
            tail = output[-400:].decode(errors="replace")
            raise SystemExit(f"the list did not show {full_count.decode()} within 30 s: {tail!r}")
        return Settled(len(output), output.count(first_cached_name()), rows - spawned, settled - spawned)


def describe_settled(label: str, runs: list[Settled]) -> tuple[float, float]:
    """Print one tree's settled start-ups; (median bytes, median sends of the first row)."""
    written = statistics.median(r.written for r in runs)
    sends = statistics.median(r.row_sends for r in runs)
    print(f"{label:<18} {written / 1024:6.1f} KB written from the spawn until settled (median; min "
          f"{min(r.written for r in runs) / 1024:.1f}, max {max(r.written for r in runs) / 1024:.1f}); "
          f"the first job's row sent {sends:g} times (once would do); first rows at "
          f"{statistics.median(r.first_rows for r in runs) * 1000:.0f} ms, last write at "
          f"{statistics.median(r.last_write for r in runs) * 1000:.0f} ms")
    return written, sends


def settle_figures(cached: int, runs: int, other: Path | None) -> None:
    """Print and report the settled start-up's bytes (and ``other``'s, in turn, when given)."""
    from tui.demo import start_demo_fleet

    with start_demo_fleet(seed=1, jobs=0, simulate=False) as empty:
        print(f"settled start-up: {cached:,} cached jobs, an account with nothing newer (moto with no "
              f"jobs); until the header shows the count and {SETTLE_QUIET:g} s pass without a write")
        mine: list[Settled] = []
        theirs: list[Settled] = []
        for index in range(runs):
            order = [ROOT, other] if index % 2 == 0 else [other, ROOT]
            for tree in order:
                if tree is None:
                    continue
                (mine if tree == ROOT else theirs).append(settled_startup(empty.endpoint_url, cached, tree))
    written, sends = describe_settled("this tree:", mine)
    result("startup.settle_bytes", written / 1024, "KB",
           f"Bytes written from spawn until the list has settled, {cached:,} cached jobs, "
           f"{SIZE[0]}x{SIZE[1]} (pty)")
    result("startup.first_row_sends", sends, "times",
           "The first visible job's row sent to the terminal during that start-up (once would do)")
    if other is not None:
        written_vs, sends_vs = describe_settled("  that tree:", theirs)
        result("startup.settle_bytes.vs", written_vs / 1024, "KB",
               f"Bytes until the list has settled, tree {other.name}")
        result("startup.first_row_sends.vs", sends_vs, "times", f"First row sent, tree {other.name}")


def pty_startup(endpoint_url: str, cached: int, runs: int) -> list[Startup]:
    """``runs`` start-ups of this tree's ``python -m tui`` in a pty."""
    return [one_startup(endpoint_url, cached) for _ in range(runs)]


def paired_startup(
    endpoint_url: str, cached: int, runs: int, other: Path
) -> tuple[list[Startup], list[Startup]]:
    """``runs`` pairs: this tree and ``other`` in turn, the order swapped every pair."""
    mine: list[Startup] = []
    theirs: list[Startup] = []
    for index in range(runs):
        if index % 2 == 0:
            mine.append(one_startup(endpoint_url, cached))
            theirs.append(one_startup(endpoint_url, cached, other))
        else:
            theirs.append(one_startup(endpoint_url, cached, other))
            mine.append(one_startup(endpoint_url, cached))
    return mine, theirs


def describe_runs(label: str, runs: list[Startup]) -> float:
    """Print one case; its median spawn-to-rows in seconds."""
    rows = [r.first_rows for r in runs]
    median = statistics.median(rows)
    first = statistics.median(r.first_byte for r in runs)
    print(f"{label:<18} spawn to first rows {median * 1000:6.0f} ms median (min {min(rows) * 1000:.0f}, "
          f"max {max(rows) * 1000:.0f}); first byte at {first * 1000:.0f} ms; "
          f"{runs[-1].written:,} bytes written by then")
    return median


# -- 2. open a cached job ----------------------------------------------------------------------
class DisplayProbe:
    """Time of the first screen update showing the detail screen with its job rendered."""

    def __init__(self) -> None:
        self.shown_at: float | None = None

    def install(self, app: Any) -> None:
        from tui.screens.job_detail import JobDetailScreen

        original: Callable[..., Any] = app._display
        probe = self

        def display(screen: Any, renderable: Any) -> Any:
            if (
                probe.shown_at is None
                and renderable is not None
                and isinstance(screen, JobDetailScreen)
                and screen.view is not None
                and screen.active_tab not in screen._dirty
            ):
                probe.shown_at = time.perf_counter()
            return original(screen, renderable)

        app._display = display


async def open_cached_jobs(
    repository: Any, opens: int, ahead: bool = True
) -> tuple[list[float], list[str], int]:
    """(milliseconds per open, the jobs opened, DescribeTrainingJob calls made while opening)."""
    from functools import partial

    from tui.app import SageMakerTUI
    from tui.cache.policy import is_settled
    from tui.idle_gc import HeapTuner
    from tui.launch import install_runtime_tuning
    from tui.screens.job_detail import JobDetailScreen
    from tui.screens.job_list import JobListScreen
    from tui.settings import RunSettings

    install_runtime_tuning()  # as the launcher does
    app = SageMakerTUI(repository, settings=RunSettings(profile_label="bench", live=False), heap=HeapTuner())
    if not ahead:  # the describe is still read ahead; the overview is not laid out
        app.opener.prefetch = partial(app.opener.prefetch, lay_out=False)  # type: ignore[method-assign]
    probe = DisplayProbe()
    timings: list[float] = []
    opened: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        probe.install(app)
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JobListScreen)
        order = [row.name for row in screen.model.view]
        describes_before = repository.counter.count("DescribeTrainingJob")
        position = 0
        for index, name in enumerate(order):
            if len(opened) >= opens:
                break
            cached = repository.cached_describe(name)
            if cached is None or not is_settled(cached.value):
                continue
            for _ in range(index - position):
                await pilot.press("down")
            position = index
            await pilot.pause()
            # The cursor rests on the job, as a person's does before Enter (the list reads the
            # job's cached describe ahead, then lays its overview out).
            await app.workers.wait_for_complete()
            probe.shown_at = None
            started = time.perf_counter()
            await pilot.press("enter")
            deadline = started + 10
            while probe.shown_at is None and time.perf_counter() < deadline:
                await asyncio.sleep(0.0005)
            if probe.shown_at is None:
                raise SystemExit(f"the detail screen of {name} was not painted within 10 s")
            assert isinstance(app.screen, JobDetailScreen) and app.screen.job_name == name
            timings.append((probe.shown_at - started) * 1000)
            opened.append(name)
            await app.workers.wait_for_complete()
            await pilot.press("escape")
            await pilot.pause()
        calls = repository.counter.count("DescribeTrainingJob") - describes_before
    return timings, opened, calls


def cached_open_figures(
    fleet_size: int, opens: int, ahead: bool = True
) -> tuple[list[float], list[str], int]:
    from tui.aws.client import ConnectionOptions, build_client
    from tui.cache.store import CacheStore
    from tui.demo import start_demo_fleet
    from tui.repository import JobRepository

    with start_demo_fleet(seed=1, jobs=fleet_size, simulate=False) as fleet, \
            tempfile.TemporaryDirectory() as folder:
        options = ConnectionOptions(
            region=fleet.region, endpoint_url=fleet.endpoint_url, static_credentials=fleet.credentials
        )
        store = CacheStore(Path(folder) / "cache.sqlite3")
        repository = JobRepository(build_client(options), store, options=options)
        for _page in repository.list_all():
            pass
        for name in fleet.names:  # every describe cached: the user has opened them all before
            repository.describe(name)
        try:
            return asyncio.run(open_cached_jobs(repository, opens, ahead))
        finally:
            store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.startup", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("--cached", type=int, default=10_000, help="jobs cached for the cached start-up")
    parser.add_argument("--runs", type=int, default=5, help="start-ups per case (median reported)")
    parser.add_argument("--opens", type=int, default=20, help="cached jobs opened (median reported)")
    parser.add_argument("--fleet", type=int, default=300, help="jobs in the demo fleet served by moto")
    parser.add_argument("--vs", type=Path, metavar="TREE",
                        help="another checkout (e.g. a git worktree of an older commit): its start-ups in "
                             "turn with this tree's, same endpoint, same machine")
    parser.add_argument("--startup-only", action="store_true", help="skip the open-a-cached-job figures")
    parser.add_argument("--settle-runs", type=int, default=3,
                        help="cached start-ups watched until the list settles (bytes written; 0: none)")
    parser.add_argument("--settle-only", action="store_true",
                        help="only the bytes until the list has settled (with --vs: both trees)")
    args = parser.parse_args(argv)
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    if args.settle_runs:
        settle_figures(args.cached, args.settle_runs, args.vs.resolve() if args.vs is not None else None)
    if args.settle_only:
        return 0

    from tui.demo import start_demo_fleet

    with start_demo_fleet(seed=1, jobs=args.fleet, simulate=False) as fleet:
        print(f"start-up: python -m tui --endpoint-url {fleet.endpoint_url} in a {SIZE[0]}x{SIZE[1]} pty "
              f"(demo fleet of {args.fleet} jobs in moto, this process); {args.runs} runs per case")
        if args.vs is not None:
            other = args.vs.resolve()
            print(f"paired with the tree at {other} (its own tui, its own cache code), in turn")
            mine, theirs = paired_startup(fleet.endpoint_url, 0, args.runs, other)
            empty = describe_runs("empty cache:", mine)
            empty_vs = describe_runs("  that tree:", theirs)
            mine, theirs = paired_startup(fleet.endpoint_url, args.cached, args.runs, other)
            cached = describe_runs(f"{args.cached:,} cached jobs:", mine)
            cached_vs = describe_runs("  that tree:", theirs)
            result("startup.empty.vs", empty_vs * 1000, "ms", f"Start-up, empty cache, tree {other.name}")
            result("startup.cached.vs", cached_vs * 1000, "ms",
                   f"Start-up, {args.cached:,} cached jobs, tree {other.name}")
        else:
            empty = describe_runs("empty cache:", pty_startup(fleet.endpoint_url, 0, args.runs))
            cached = describe_runs(f"{args.cached:,} cached jobs:",
                                   pty_startup(fleet.endpoint_url, args.cached, args.runs))
    if args.startup_only:
        result("startup.empty", empty * 1000, "ms",
               "Start-up to first painted list, empty cache (pty, first page over HTTP)", target=700)
        result("startup.cached", cached * 1000, "ms",
               f"Start-up to first painted list, {args.cached:,} cached jobs (pty)", target=400)
        return 0

    timings, opened, calls = cached_open_figures(args.fleet, args.opens)
    slowest = opened[timings.index(max(timings))] if timings else "-"
    print(f"open a cached job: Enter to painted detail screen, {len(timings)} settled jobs: median "
          f"{statistics.median(timings):.1f} ms, max {max(timings):.1f} ms ({slowest}), the first one "
          f"{timings[0]:.1f} ms; {calls} DescribeTrainingJob calls made while opening them")

    result("startup.empty", empty * 1000, "ms",
           "Start-up to first painted list, empty cache (pty, first page over HTTP)", target=700)
    result("startup.cached", cached * 1000, "ms",
           f"Start-up to first painted list, {args.cached:,} cached jobs (pty)", target=400)
    result("startup.open_cached", statistics.median(timings), "ms",
           f"Open a cached job: Enter to painted detail, median of {len(timings)}", target=30)
    result("startup.open_cached_first", timings[0], "ms", "Open a cached job: the first of the session")
    result("startup.open_cached_max", max(timings), "ms", "Open a cached job: slowest")
    unprepared, _, _ = cached_open_figures(args.fleet, args.opens, ahead=False)
    print(f"open a cached job without its overview laid out ahead, {len(unprepared)} jobs: median "
          f"{statistics.median(unprepared):.1f} ms, max {max(unprepared):.1f} ms")
    result("startup.open_cached_unprepared", statistics.median(unprepared), "ms",
           f"Open a cached job, its overview not laid out ahead, median of {len(unprepared)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
