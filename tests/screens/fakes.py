"""A scripted repository for screen tests: fixed summaries, scripted failures, no network.

Each call to ``list_all`` / ``list_changes`` takes the next item of its script (the last one
repeats): a list of pages (``list_all``) or of summaries (``list_changes``), or an exception to
raise. ``calls`` records every call, so tests can assert what the screen asked for.
"""

from __future__ import annotations

import asyncio
import functools
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

import tui.app
from tests.conftest import FIXED_NOW
from tui.app import SageMakerTUI
from tui.aws.jobs import ListFilters
from tui.clock import FixedClock
from tui.config import AppConfig
from tui.repository import Changes, Enrichment, Fetched, JobRepository
from tui.settings import RunSettings

ACCOUNT = "123456789012"
REGION = "us-east-1"

Summary = dict[str, Any]


def summary(
    name: str,
    status: str = "Completed",
    secondary: str | None = None,
    *,
    age: float = 3600.0,
    ran: float | None = 1800.0,
    modified_after: float | None = None,
    warm_pool: str | None = None,
) -> Summary:
    """A TrainingJobSummary created ``age`` seconds before FIXED_NOW that trained ``ran`` seconds."""
    created = FIXED_NOW - timedelta(seconds=age)
    item: Summary = {
        "TrainingJobName": name,
        "TrainingJobArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:training-job/{name}",
        "CreationTime": created,
        "TrainingJobStatus": status,
        "SecondaryStatus": secondary or _default_secondary(status),
    }
    running = status in ("InProgress", "Stopping")
    if ran is not None and not running:
        item["TrainingEndTime"] = created + timedelta(seconds=ran)
    last = modified_after if modified_after is not None else (ran if not running and ran else min(60.0, age))
    item["LastModifiedTime"] = created + timedelta(seconds=last)
    if warm_pool:
        item["WarmPoolStatus"] = {"Status": warm_pool, "ResourceRetainedBillableTimeInSeconds": 600}
    return item


def _default_secondary(status: str) -> str:
    return {
        "InProgress": "Training",
        "Completed": "Completed",
        "Failed": "Failed",
        "Stopping": "Stopping",
        "Stopped": "Stopped",
    }[status]


def fleet() -> list[Summary]:
    """Twelve jobs covering every status, warm pools, long names; newest first."""
    return [
        summary("bert-large-finetune-2026-11-26-11-40", "InProgress", "Training", age=20 * 60),
        summary("llama-pretrain-shard-07", "InProgress", "Downloading", age=45 * 60),
        summary("resnet50-imagenet-spot-v3", "Stopping", "Stopping", age=2 * 3600),
        summary("xgboost-churn-daily-2026-11-26", "Completed", age=3 * 3600, ran=1260,
                warm_pool="Available"),
        summary("gpt2-small-eval", "Failed", "Failed", age=4 * 3600, ran=None, modified_after=300),
        summary("t5-base-summarize-news-articles-with-a-really-long-name-0001", "Completed",
                age=5 * 3600, ran=7300),
        summary("detectron2-maskrcnn-coco", "Stopped", "Stopped", age=8 * 3600, ran=900),
        summary("xgboost-churn-daily-2026-11-25", "Completed", age=27 * 3600, ran=1190,
                warm_pool="Reused"),
        summary("bert-base-uncased-sst2", "Completed", "Completed", age=30 * 3600, ran=3500),
        summary("whisper-medium-finetune-ja", "Failed", "MaxRuntimeExceeded", age=50 * 3600,
                ran=86400),
        summary("xgboost-churn-daily-2026-11-24", "Completed", age=51 * 3600, ran=1220,
                warm_pool="Terminated"),
        summary("sentence-transformers-mpnet", "Completed", age=9 * 86400, ran=5400),
    ]


def wait_for(release: threading.Event) -> None:
    """Until released, or 5 s at most so a forgotten release can never hang the test run."""
    deadline = time.monotonic() + 5
    while not release.wait(0.02) and time.monotonic() < deadline:
        pass


class FakeRepository(JobRepository):
    """Serves scripted results; never touches the network or a cache file."""

    def __init__(
        self,
        full: list[list[list[Summary]] | BaseException] | None = None,
        *,
        changes: list[list[Summary] | BaseException] | None = None,
        cached: list[Summary] | None = None,
        cached_at: datetime = FIXED_NOW - timedelta(hours=1),
        offline: bool = False,
        enrichment: dict[str, Enrichment] | None = None,
        hold_after_first_page: threading.Event | None = None,
        hold_before_whole_cache: threading.Event | None = None,
    ) -> None:
        super().__init__(client=None)
        self.full_script: list[list[list[Summary]] | BaseException] = full if full is not None else [[]]
        self.changes_script: list[list[Summary] | BaseException] = changes if changes is not None else [[]]
        self.cached = cached
        self.cached_at = cached_at
        self._offline = offline
        self._enrichment = enrichment or {}
        self.hold = hold_after_first_page
        self.hold_cache = hold_before_whole_cache
        self.calls: list[tuple[str, Any]] = []
        self._lock = threading.Lock()

    @property
    def offline(self) -> bool:
        return self._offline

    def _next(self, script: list[Any]) -> Any:
        with self._lock:
            return script.pop(0) if len(script) > 1 else script[0]

    def cached_summaries(
        self, filters: ListFilters | None = None, *, newest: int | None = None
    ) -> Fetched[list[Summary]] | None:
        self.calls.append(("cached_summaries", filters) if newest is None else ("cached_head", newest))
        if self.cached is None:
            return None
        if newest is None and self.hold_cache is not None:
            wait_for(self.hold_cache)
        partial = newest is not None and len(self.cached) >= newest
        return Fetched(list(self.cached[:newest]), self.cached_at, from_cache=True, partial=partial)

    def list_all(self, filters: ListFilters | None = None) -> Iterator[list[Summary]]:
        self.calls.append(("list_all", filters))
        item = self._next(self.full_script)
        if isinstance(item, BaseException):
            raise item
        for index, page in enumerate(item):
            yield page
            if index == 0 and self.hold is not None:
                wait_for(self.hold)  # hold the listing open (a "loading" picture) until released

    def list_changes(
        self, since: datetime | None = None, filters: ListFilters | None = None
    ) -> list[Summary]:
        self.calls.append(("list_changes", (since, filters)))
        item = self._next(self.changes_script)
        if isinstance(item, BaseException):
            raise item
        return list(item)

    def changes(
        self, since: datetime | None = None, filters: ListFilters | None = None, *, search: bool = True
    ) -> Changes:
        """The scripted changes, as if from the Search feed (``search`` False: the list fallback)."""
        found = self.list_changes(since, filters)
        return Changes(found, "search" if search else "list", 1)

    def enrichment(self, names: Any = None) -> dict[str, Enrichment]:
        return dict(self._enrichment)

    #: Whether the cached list has a high-water mark to increment from (False: a complete list).
    increments = True

    def increments_from_cache(self, filters: ListFilters | None = None) -> bool:
        return self.increments

    def count(self, operation: str) -> int:
        return sum(1 for name, _ in self.calls if name == operation)


# -- apps for list tests ---------------------------------------------------------------------------
class StubDetail(Screen[None]):
    """Stands in for the detail screen, so list tests do not depend on it."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="stub.back")]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.job_name = name

    def compose(self) -> ComposeResult:
        yield Static(f"detail of {self.job_name}")


class ListTestApp(SageMakerTUI):
    """The real app, with Enter's detail screen stubbed and what was opened recorded."""

    # Relative CSS paths resolve against the subclass's file: point back at the app's.
    CSS_PATH = str(Path(tui.app.__file__).parent / "styles" / "app.tcss")

    def __init__(self, repository: JobRepository, **kw: Any) -> None:
        super().__init__(repository, **kw)
        self.opened: list[str] = []

    def open_job(self, name: str, tab: str | None = None) -> None:
        self.opened.append(name)
        self.push_screen(StubDetail(name))


def list_app(
    repository: JobRepository,
    *,
    live: bool = False,
    config: AppConfig | None = None,
    filters: ListFilters | None = None,
    clock: FixedClock | None = None,
) -> ListTestApp:
    settings = RunSettings(
        profile_label="dev",
        location_label="us-east-1",
        filters=filters or ListFilters(),
        live=live,
    )
    return ListTestApp(repository, settings=settings, config=config or AppConfig(),
                       clock=clock or FixedClock(FIXED_NOW))


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish and their messages land."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def async_test(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an ``async def`` test with asyncio.run (the project has no pytest async plugin)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run
