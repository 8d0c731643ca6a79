"""Running the real app against moto (directly or through the fault proxy) in virtual time.

The list screen spaces its calls and schedules its refreshes by ``time.monotonic()`` and shows
times by the app's clock; the client's rate limiter sleeps by the real clock. Here all three run on
one :class:`VirtualTime`: the screen's ``time`` is patched, the limiter sleeps by advancing it,
and :func:`fire_refresh` advances it to the refresh the screen has scheduled and runs that refresh
at once, as its timer would. A minute of live refresh takes well under a second.
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
import types
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

import tui.screens.job_list_feed as list_feed_module
from tests.aws.helpers import create_job
from tests.conftest import TEST_REGION
from tests.faults import FaultInjector
from tui.app import SageMakerTUI
from tui.aws.client import ConnectionOptions, SageMakerClient, build_client
from tui.aws.ratelimit import MinInterval
from tui.cache.store import CacheStore
from tui.clock import FixedClock
from tui.config import AppConfig
from tui.repository import JobRepository
from tui.screens.job_list import JobListScreen
from tui.settings import RunSettings
from tui.widgets.job_table import JobTable
from tui.widgets.list_header import ListHeader


class VirtualTime:
    """A monotonic clock and a wall clock that move together, only when told to."""

    def __init__(self, start: datetime | None = None) -> None:
        # moto stamps jobs with the real time: start there, so LastModifiedTimeAfter deltas work.
        now = start or datetime.now(timezone.utc).replace(microsecond=0)
        self.clock = FixedClock(now)
        self._mono = 1000.0
        self._lock = threading.Lock()
        #: Every sleep the rate limiter asked for (it should never need to: the screen spaces calls).
        self.slept: list[float] = []

    def monotonic(self) -> float:
        with self._lock:
            return self._mono

    def advance(self, seconds: float) -> None:
        if seconds <= 0:
            return
        with self._lock:
            self._mono += seconds
            self.clock.advance(seconds)

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.advance(seconds)

    def limiter(self, interval: float = 1.0) -> MinInterval:
        return MinInterval(interval, clock=self.monotonic, sleep=self.sleep)


@pytest.fixture
def vt(monkeypatch: pytest.MonkeyPatch) -> VirtualTime:
    """Virtual time, with the list screen's timing (spacing, due times, highlights) on it."""
    virtual = VirtualTime()
    monkeypatch.setattr(list_feed_module, "time", types.SimpleNamespace(monotonic=virtual.monotonic))
    return virtual


def options_for(url: str, **changes: Any) -> ConnectionOptions:
    """What a user would pass: the endpoint, fake keys, one attempt per call, short timeouts."""
    base = ConnectionOptions(
        region=TEST_REGION,
        endpoint_url=url,
        max_attempts=1,
        read_timeout=2.0,
        connect_timeout=2.0,
        static_credentials=("testing", "testing"),
    )
    return replace(base, **changes)


def client_for(url: str, vt: VirtualTime | None = None, **changes: Any) -> SageMakerClient:
    client = build_client(options_for(url, **changes))
    if vt is not None:
        client.list_limiter = vt.limiter()
    return client


def make_fleet(client: SageMakerClient, count: int, prefix: str = "job") -> list[str]:
    names = [f"{prefix}-{i:03d}" for i in range(count)]
    for name in names:
        create_job(client.raw, name)
    return names


@dataclass
class Run:
    """One app under test and what it is made of."""

    app: SageMakerTUI
    client: SageMakerClient
    cache: CacheStore
    injector: FaultInjector
    vt: VirtualTime

    @property
    def screen(self) -> JobListScreen:
        screens = [s for s in self.app.screen_stack if isinstance(s, JobListScreen)]
        assert screens, f"no job list on the stack: {self.app.screen_stack}"
        return screens[-1]

    @property
    def header(self) -> ListHeader:
        return self.screen.query_one(ListHeader)

    @property
    def state(self) -> str:
        """The refresh state at the right of the header (``live 15s``, ``throttled, retry in 4s`` …)."""
        return self.header.info.state

    @property
    def rows(self) -> list[str]:
        """The job names on screen, in order."""
        return [row.name for row in self.screen.query_one(JobTable).rows]

    @property
    def message(self) -> str:
        """The line under the header that says what failed ('' when hidden)."""
        widget = self.screen.query_one("#list-message")
        return str(widget.render()) if widget.has_class("-shown") else ""


def make_app(
    client: SageMakerClient,
    cache: CacheStore,
    vt: VirtualTime,
    injector: FaultInjector | None = None,
    *,
    config: AppConfig | None = None,
    initial_job: str | None = None,
) -> Run:
    """The real app (real list and detail screens, real repository and cache) in virtual time."""
    injector = injector or FaultInjector()
    injector.clock = vt.monotonic
    injector.attach(client.raw)
    repository = JobRepository(client=client, cache=cache, clock=vt.clock, options=client.options)
    settings = RunSettings(
        profile_label="test",
        location_label=TEST_REGION,
        initial_job=initial_job,
        live=True,
    )
    app = SageMakerTUI(repository, settings=settings, config=config or AppConfig(), clock=vt.clock)
    return Run(app, client, cache, injector, vt)


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish and their messages land."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def fire_refresh(pilot: Pilot[None], run: Run) -> float:
    """Advance virtual time to the list's next scheduled refresh and run it now, as its timer
    would; returns the seconds advanced. Fails when nothing is scheduled (the list would never
    refresh again by itself)."""
    screen = run.screen
    due = screen.scheduler.due
    assert due is not None, f"the list has no refresh scheduled (state {run.state!r})"
    waited = max(0.0, due - run.vt.monotonic())
    run.vt.advance(waited)
    screen._arm(None)
    screen._on_timer()
    await settle(pilot)
    return waited


def cached_list(path: Path, options: ConnectionOptions) -> list[str]:
    """The job names a fresh start of the app would draw from the cache file (sorted)."""
    with CacheStore(path) as store:
        repository = JobRepository(client=None, cache=store, options=options)
        cached = repository.cached_summaries()
        return sorted(s["TrainingJobName"] for s in (cached.value if cached else []))


def gaps(times: list[float]) -> list[float]:
    """Seconds between consecutive times."""
    return [b - a for a, b in itertools.pairwise(times)]


def integrity(path: Path) -> str:
    """SQLite's own verdict on the cache file ("ok" when intact)."""
    conn = sqlite3.connect(str(path))
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()
