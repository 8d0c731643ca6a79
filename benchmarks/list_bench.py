"""Job list speed: 100,000 jobs built, rendered, filtered and sorted; memory; cached start-up.

Run: ``python -m benchmarks.list_bench [--jobs 100000] [--cached 10000] [--runs 3]``

1. ``--jobs`` synthetic summaries (botocore-shaped: tz-aware datetimes in the local zone) are served
   as the cached list of a repository (offline, so no call and no network in the figures). The app
   runs headless (``run_test``, 160x50) and the benchmark reports: build + first render (app start
   to the first paint of the table with rows, the 100,000 rows built in the worker, merged, sorted
   and the visible ones rendered), filter keystrokes (``/`` then typed one letter at a time; each
   from key press to the repaint), sorts (``s``/``S``, key press to repaint), and memory (VmRSS and
   the peak VmHWM from /proc/self/status, for this whole process).
2. Start-up with ``--cached`` jobs in the real SQLite cache (``tui.cache``): a child process, timed
   from its spawn to the first paint of the list (imports and interpreter start-up included).

Prints what it measured; there are no targets or assertions in here (those live in the README).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

STATUSES = ("Completed",) * 14 + ("Failed",) * 3 + ("Stopped", "InProgress", "Stopping")
SECONDARY = {
    "Completed": "Completed",
    "Failed": "Failed",
    "Stopped": "Stopped",
    "InProgress": "Training",
    "Stopping": "Stopping",
}
WORDS = ("bert", "llama", "resnet", "xgboost", "whisper", "t5", "gpt2", "detectron", "mpnet", "vit")
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)


def synth_summaries(count: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    """TrainingJobSummaries as botocore returns them (aware datetimes in the local zone)."""
    from dateutil.tz import tzlocal

    local = tzlocal()
    rng = random.Random(seed)
    for i in range(count):
        status = rng.choice(STATUSES)
        created = (NOW - timedelta(seconds=i * 31 + rng.randrange(30))).astimezone(local)
        name = f"{rng.choice(WORDS)}-{rng.choice(WORDS)}-exp{i:06d}-{rng.randrange(10**6):06d}"
        item: dict[str, Any] = {
            "TrainingJobName": name,
            "TrainingJobArn": f"arn:aws:sagemaker:us-east-1:123456789012:training-job/{name}",
            "CreationTime": created,
            "LastModifiedTime": created + timedelta(seconds=rng.randrange(60, 7200)),
            "TrainingJobStatus": status,
            "SecondaryStatus": SECONDARY[status],
        }
        if status not in ("InProgress", "Stopping", "Failed"):
            item["TrainingEndTime"] = created + timedelta(seconds=rng.randrange(60, 7200))
        if i % 13 == 0:
            item["WarmPoolStatus"] = {"Status": rng.choice(("Available", "Terminated", "Reused"))}
        yield item


def proc_status(field: str) -> int:
    """A /proc/self/status figure in kB (VmRSS, VmHWM)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class PaintProbe:
    """Records when the job table paints rows (patched onto JobTable.render_line), and the first
    frame the app sends once the table holds every row (patched onto App._display): the rows the
    newest screenful already painted are not painted again when the rest arrives, so that frame
    (the header's count, the scrollbar) is when the whole list is on screen."""

    def __init__(self) -> None:
        self.calls: list[float] = []
        self.first_with_rows = 0.0
        #: Rows the table must hold for ``first_with_rows`` (all of them: not a first screenful).
        self.expect = 1
        self._holds_all = False

    def install(self) -> None:
        from textual.app import App

        from tui.widgets.job_table import JobTable

        original = JobTable.render_line
        original_set_rows = JobTable.set_rows
        original_display = App._display
        probe = self

        def render_line(table: JobTable, y: int) -> Any:
            strip = original(table, y)
            probe.calls.append(time.perf_counter())
            return strip

        def set_rows(table: JobTable, rows: Any, *args: Any, **kwargs: Any) -> Any:
            result = original_set_rows(table, rows, *args, **kwargs)
            probe._holds_all = probe._holds_all or len(table.rows) >= probe.expect
            return result

        def display(app: Any, screen: Any, renderable: Any) -> Any:
            result = original_display(app, screen, renderable)
            if probe._holds_all and renderable is not None and not probe.first_with_rows:
                probe.first_with_rows = time.perf_counter()
            return result

        JobTable.render_line = render_line  # type: ignore[method-assign,assignment]
        JobTable.set_rows = set_rows  # type: ignore[method-assign,assignment]
        App._display = display  # type: ignore[method-assign,assignment]

    async def painted_after(self, t0: float, timeout: float = 5.0) -> float:
        """Seconds from ``t0`` to the end of the table's first repaint after it.

        One repaint is one compositor pass: render_line calls with no gap over 2 ms.
        """
        deadline = time.perf_counter() + timeout
        while not (self.calls and self.calls[-1] > t0) and time.perf_counter() < deadline:
            await asyncio.sleep(0)
        await asyncio.sleep(0.05)  # let the pass finish
        after = [t for t in self.calls if t > t0]
        if not after:
            return float("nan")
        end = after[0]
        for stamp in after[1:]:
            if stamp - end > 0.002:
                break
            end = stamp
        self.calls.clear()
        return end - t0


def model_figures(count: int) -> dict[str, float]:
    """The pure part, without the UI: rows built, sorted, filtered."""
    from tui.models.list_view import JobListModel, LocalFilter, SortSpec
    from tui.models.summary import row_from_summary

    summaries = list(synth_summaries(count))
    t0 = time.perf_counter()
    rows = [row_from_summary(s) for s in summaries]
    built = time.perf_counter() - t0
    del summaries
    view = JobListModel()
    view.merge(rows)
    t0 = time.perf_counter()
    view.update(NOW.timestamp())
    first_sort = time.perf_counter() - t0
    filters = []
    for text in ("b", "be", "ber", "bert", "bert-", "bert-l"):
        view.set_filter(LocalFilter(text=text))
        t0 = time.perf_counter()
        view.update(NOW.timestamp())
        filters.append(time.perf_counter() - t0)
    view.set_filter(LocalFilter())
    sorts = []
    for column in ("name", "status", "duration", "modified"):
        view.set_sort(SortSpec(column, True))
        t0 = time.perf_counter()
        view.update(NOW.timestamp())
        sorts.append(time.perf_counter() - t0)
    return {
        "rows_built": built,
        "first_sort": first_sort,
        "filter_median": statistics.median(filters),
        "sort_max": max(sorts),
    }


async def ui_figures(count: int) -> dict[str, float]:
    from tests.screens.fakes import FakeRepository, list_app
    from tui.screens.job_list import JobListScreen
    from tui.widgets.job_table import JobTable

    class BigCache(FakeRepository):
        """Offline, with ``count`` jobs in the 'cache', made beforehand (not timed) and handed over
        once, so the memory figure is the app's, not the benchmark's copy."""

        items: list[dict[str, Any]] | None = None

        def cached_summaries(self, filters: Any = None, *, newest: int | None = None) -> Any:
            from tui.repository import Fetched

            if newest is not None:  # the first screenful, as the SQLite cache serves it
                items = self.items or []
                return Fetched(items[:newest], NOW, from_cache=True, partial=len(items) > newest)
            items, self.items = self.items or [], None
            return Fetched(items, NOW, from_cache=True)

    probe = PaintProbe()
    probe.install()
    probe.expect = count
    repository = BigCache(offline=True)
    repository.items = list(synth_summaries(count))
    app = list_app(repository)
    figures: dict[str, float] = {}
    t0 = time.perf_counter()
    async with app.run_test(size=(160, 50)) as pilot:
        while not probe.first_with_rows and time.perf_counter() - t0 < 60:
            await asyncio.sleep(0.001)
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JobListScreen)
        table = screen.query_one(JobTable)
        if not probe.first_with_rows or len(table.rows) != count:
            raise SystemExit(f"the list shows {len(table.rows):,} of {count:,} jobs: nothing to measure")
        figures["build_first_render"] = probe.first_with_rows - t0
        figures["rows"] = len(table.rows)
        gc.collect()
        figures["rss_mb"] = proc_status("VmRSS") / 1024
        figures["peak_mb"] = proc_status("VmHWM") / 1024

        await pilot.press("slash")
        await pilot.pause()
        keystrokes = []
        for letter in "bert-llama-exp0":
            t0 = time.perf_counter()
            await pilot.press(letter)
            keystrokes.append(await probe.painted_after(t0))
        figures["filter_median"] = statistics.median(keystrokes)
        figures["filter_max"] = max(keystrokes)
        figures["filtered_rows"] = len(table.rows)
        await pilot.press("escape")  # clear: back to 100,000 rows
        await pilot.pause()
        sorts = []
        for key in ("s", "S", "s", "S", "s"):
            t0 = time.perf_counter()
            await pilot.press(key)
            sorts.append(await probe.painted_after(t0))
        figures["sort_median"] = statistics.median(sorts)
        figures["sort_max"] = max(sorts)
        t0 = time.perf_counter()
        await pilot.press("G")
        figures["jump_to_bottom"] = await probe.painted_after(t0)
    return figures


# -- start-up with the SQLite cache, in a child process -------------------------------------------
CHILD = r"""
import asyncio, sys, time
import tui.app
imported = time.time()
from tui.aws.client import ConnectionOptions
from tui.app import SageMakerTUI
from tui.cache.store import CacheStore
from tui.clock import SystemClock
from tui.repository import JobRepository
from tui.settings import RunSettings
from tui.widgets.job_table import JobTable

painted = []
original = JobTable.render_line
def render_line(table, y):
    strip = original(table, y)
    if table.rows and not painted:
        painted.append(time.time())
    return strip
JobTable.render_line = render_line

async def main():
    store = CacheStore(sys.argv[1])
    repository = JobRepository(client=None, cache=store, options=ConnectionOptions(region="us-east-1"))
    app = SageMakerTUI(repository, settings=RunSettings(offline=True, live=False))
    async with app.run_test(size=(160, 50)) as pilot:
        while not painted:
            await asyncio.sleep(0.001)
        rows = len(app.screen.query_one(JobTable).rows)
    print(f"{imported:.6f} {painted[0]:.6f} {rows}")

asyncio.run(main())
"""


def fill_cache(path: Path, count: int) -> None:
    from tui.aws.client import ConnectionOptions
    from tui.cache.scope import Scope, context_for
    from tui.cache.store import CacheStore

    store = CacheStore(path)
    scope = Scope("aws", "us-east-1", "123456789012")
    context = context_for(None, ConnectionOptions(region="us-east-1"))
    assert context is not None
    summaries = list(synth_summaries(count))
    for start in range(0, count, 1000):
        store.put_summaries(scope, summaries[start : start + 1000], NOW)
    store.record_listing(scope, "", NOW, complete=True, high_water=NOW)
    store.remember_context(context, scope, NOW)
    store.close()


def cached_startup(count: int, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cache.sqlite3"
        fill_cache(path, count)
        env = dict(os.environ, TEXTUAL_ANIMATIONS="none", HOME=tmp, XDG_CACHE_HOME=tmp)
        env.pop("AWS_PROFILE", None)
        env.pop("AWS_ACCESS_KEY_ID", None)
        times, imports, rows = [], [], 0
        for _ in range(runs):
            spawned = time.time()
            result = subprocess.run(
                [sys.executable, "-c", CHILD, str(path)],
                capture_output=True, text=True, env=env, check=True, cwd=Path(__file__).parent.parent,
            )
            imported, stamp, shown = result.stdout.split()
            times.append(float(stamp) - spawned)
            imports.append(float(imported) - spawned)
            rows = int(shown)
        return {
            "startup": statistics.median(times),
            "imports": statistics.median(imports),
            "cache_read": _cache_read(path),
            "rows": rows,
        }


def _cache_read(path: Path) -> float:
    """Seconds for the repository to read the cached list (the cache's own share of start-up)."""
    from tui.aws.client import ConnectionOptions
    from tui.cache.store import CacheStore
    from tui.repository import JobRepository

    store = CacheStore(path)
    repository = JobRepository(client=None, cache=store, options=ConnectionOptions(region="us-east-1"))
    t0 = time.perf_counter()
    repository.cached_summaries()
    elapsed = time.perf_counter() - t0
    store.close()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.list_bench", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--cached", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3, help="child start-ups to take the median of")
    args = parser.parse_args(argv)
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

    print(f"job list benchmark: {args.jobs:,} jobs; start-up with {args.cached:,} cached jobs")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")

    model = model_figures(args.jobs)
    print(f"model  rows built from summaries   {model['rows_built'] * 1000:8.1f} ms")
    print(f"model  first sort (newest first)   {model['first_sort'] * 1000:8.1f} ms")
    print(f"model  filter, median of 6         {model['filter_median'] * 1000:8.1f} ms")
    print(f"model  sort, slowest of 4 columns  {model['sort_max'] * 1000:8.1f} ms")
    gc.collect()

    ui = asyncio.run(ui_figures(args.jobs))
    print(f"ui     build + first render        {ui['build_first_render'] * 1000:8.1f} ms "
          f"({int(ui['rows']):,} rows)")
    print(f"ui     filter keystroke, median    {ui['filter_median'] * 1000:8.1f} ms "
          f"(max {ui['filter_max'] * 1000:.1f} ms; {int(ui['filtered_rows']):,} rows left)")
    print(f"ui     sort key, median            {ui['sort_median'] * 1000:8.1f} ms "
          f"(max {ui['sort_max'] * 1000:.1f} ms)")
    print(f"ui     G to the last row           {ui['jump_to_bottom'] * 1000:8.1f} ms")
    print(f"memory VmRSS with the list loaded  {ui['rss_mb']:8.1f} MB (peak VmHWM {ui['peak_mb']:.1f} MB)")

    start = cached_startup(args.cached, args.runs)
    print(f"start  spawn to first painted list {start['startup'] * 1000:8.1f} ms "
          f"({int(start['rows']):,} jobs from the SQLite cache, median of {args.runs})")
    print(f"start    of which interpreter + imports {start['imports'] * 1000:6.1f} ms, "
          f"reading the cached list {start['cache_read'] * 1000:.1f} ms")

    from benchmarks.common import result

    jobs, cached = f"{args.jobs:,} jobs", f"{args.cached:,} cached jobs"
    result("list.build_first_render", ui["build_first_render"] * 1000, "ms",
           f"List build + first render, {jobs}", target=1000)
    result("list.filter_median", ui["filter_median"] * 1000, "ms",
           f"Filter keystroke to repaint, median, {jobs}", target=50)
    result("list.sort_max", ui["sort_max"] * 1000, "ms", f"Sort key to repaint, slowest of 5, {jobs}",
           target=200)
    result("list.rss", ui["rss_mb"], "MB", f"Resident memory (VmRSS) with {jobs} listed", target=300)
    result("list.peak_rss", ui["peak_mb"], "MB", f"Peak resident memory (VmHWM), {jobs}")
    result("list.cached_startup", start["startup"] * 1000, "ms",
           f"Start-up to first painted list, {cached} (run_test, spawn to paint)", target=700)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
