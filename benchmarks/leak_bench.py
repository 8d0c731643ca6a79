"""Memory over many detail opens: opening and closing jobs must not grow the process.

Run: ``python -m benchmarks.leak_bench [--opens 500] [--fleet 60] [--warmup 50]``

The real app under ``run_test`` (160x50) on the demo fleet served by moto from this process, every
describe already cached (as for a user who has opened them all before). The loop moves the cursor
to the next job, waits for the list's read-ahead, presses Enter, waits for the detail screen,
presses Escape: ``--opens`` times, cycling through the fleet. After ``--warmup`` opens (the
detail screen composed, caches filled) the resident set size is taken as the baseline, with a
full garbage collection before each reading; at the end the growth since is the figure
(target < 5 MB for 500 opens). Also printed: the growth per open in KB, and the ``FooterKey``
widgets alive (Textual's footer used to keep every one it ever composed: issue 15).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import proc_status_kb, result

SIZE = (160, 50)


def rss_mb() -> float:
    gc.collect()
    return proc_status_kb("VmRSS") / 1024


async def open_and_close(repository: Any, opens: int, warmup: int) -> tuple[float, float, int, float]:
    """(RSS after the warm-up, RSS at the end, FooterKeys alive, seconds per open)."""
    from textual.widgets._footer import FooterKey

    from tui.app import SageMakerTUI
    from tui.screens.job_detail import JobDetailScreen
    from tui.settings import RunSettings

    app = SageMakerTUI(repository, settings=RunSettings(profile_label="bench", live=False))
    baseline = 0.0
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = len(app.screen.model.view)  # type: ignore[attr-defined]
        down = True
        started = time.perf_counter()
        for index in range(opens):
            if index == warmup:
                baseline = rss_mb()
                started = time.perf_counter()
            if index and index % (rows - 1) == 0:
                down = not down
            await pilot.press("down" if down else "up")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.press("enter")
            await pilot.pause()
            await app.workers.wait_for_complete()
            assert isinstance(app.screen, JobDetailScreen)
            await pilot.press("escape")
            await pilot.pause()
        per_open = (time.perf_counter() - started) / max(1, opens - warmup)
        end = rss_mb()
        keys = sum(1 for o in gc.get_objects() if isinstance(o, FooterKey))
    return baseline, end, keys, per_open


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.leak_bench", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("--opens", type=int, default=500, help="detail screens opened and closed")
    parser.add_argument("--warmup", type=int, default=50, help="opens before the baseline reading")
    parser.add_argument("--fleet", type=int, default=60, help="jobs in the demo fleet served by moto")
    parser.add_argument("--stock-footer", action="store_true",
                        help="use Textual's own Footer on the list (the leak, for comparison)")
    args = parser.parse_args(argv)
    if args.stock_footer:
        import textual.widgets

        import tui.screens.job_list

        tui.screens.job_list.Footer = textual.widgets.Footer  # type: ignore[misc,assignment]
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    from tui.aws.client import ConnectionOptions, build_client
    from tui.cache.store import CacheStore
    from tui.demo import start_demo_fleet
    from tui.repository import JobRepository

    with start_demo_fleet(seed=1, jobs=args.fleet, simulate=False) as fleet, \
            tempfile.TemporaryDirectory() as folder:
        options = ConnectionOptions(
            region=fleet.region, endpoint_url=fleet.endpoint_url, static_credentials=fleet.credentials
        )
        store = CacheStore(Path(folder) / "cache.sqlite3")
        repository = JobRepository(build_client(options), store, options=options)
        for _page in repository.list_all():
            pass
        for name in fleet.names:
            repository.describe(name)
        try:
            baseline, end, keys, per_open = asyncio.run(open_and_close(repository, args.opens, args.warmup))
        finally:
            store.close()
    measured = args.opens - args.warmup
    growth = end - baseline
    print(f"{args.opens} opens of {args.fleet} cached jobs: RSS {baseline:.1f} MB after {args.warmup}, "
          f"{end:.1f} MB after {args.opens} ({per_open * 1000:.0f} ms per open and close)")
    result("leak.growth", growth, "MB", f"Memory growth over {measured} detail opens after the first "
           f"{args.warmup}", target=5)
    result("leak.per_open", growth * 1024 / max(1, measured), "KB", "Memory growth per detail open")
    result("leak.footer_keys", keys, "widgets", "FooterKey widgets alive at the end (8 shown)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
