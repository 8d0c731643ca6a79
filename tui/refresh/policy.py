"""The shared parts of every refresh: what kind of problem an error is, the jittered backoff,
the policy (interval, jitter, one call a second), the state the headers read, and their words."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import Enum

from tui.aws.errors import (
    CredentialsError,
    EndpointError,
    OfflineError,
    ThrottledError,
)

#: Seconds between attempts to leave the ListTrainingJobs fallback for Search again.
SEARCH_RETRY = 600.0
#: Textual timers cannot take 0.
MIN_TIMER = 0.05


class Problem(Enum):
    """Why the last list call failed, as far as the header is concerned."""

    THROTTLED = "throttled"
    OFFLINE = "offline"  # endpoint unreachable, timed out, credentials missing/expired
    ERROR = "error"  # anything else (access denied, a service error)


def classify(error: BaseException) -> Problem:
    if isinstance(error, ThrottledError):
        return Problem.THROTTLED
    if isinstance(error, EndpointError | CredentialsError | OfflineError):
        return Problem.OFFLINE
    return Problem.ERROR


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter, shared by every scheduler: ``first`` after one failure,
    times ``factor`` per further failure, at most ``cap``; each delay +/- ``jitter`` of itself."""

    first: float = 4.0
    cap: float = 120.0
    factor: float = 2.0
    jitter: float = 0.1

    def delay(self, failures: int, rng: random.Random) -> float:
        """Seconds until the retry after ``failures`` consecutive failures (>= 1)."""
        base = min(self.cap, self.first * self.factor ** max(0, failures - 1))
        return self.jittered(base, rng)

    def jittered(self, value: float, rng: random.Random) -> float:
        if not self.jitter:
            return value
        return value * (1.0 + rng.uniform(-self.jitter, self.jitter))


@dataclass(frozen=True)
class RefreshPolicy:
    """Delays for the list's automatic refresh."""

    interval: float = 15.0
    #: +/- this fraction of the interval (and of each backoff delay), at random.
    jitter: float = 0.1
    #: First retry after a failure; doubles per consecutive failure up to ``backoff_max``.
    backoff_first: float = 4.0
    backoff_max: float = 120.0
    #: Never two list operations closer than this (the service allows ~2/s per account, shared).
    min_spacing: float = 1.0

    @property
    def backoff_rule(self) -> Backoff:
        return Backoff(first=self.backoff_first, cap=self.backoff_max, jitter=self.jitter)

    def next_delay(self, rng: random.Random, interval: float | None = None) -> float:
        """Seconds until the next incremental refresh after a success (``interval``: a stretched one)."""
        base = self.interval if interval is None else interval
        return max(self.min_spacing, self.backoff_rule.jittered(base, rng))

    def backoff(self, failures: int, rng: random.Random) -> float:
        """Seconds until the retry after ``failures`` consecutive failures (>= 1)."""
        return max(self.min_spacing, self.backoff_rule.delay(failures, rng))

    def wait_before_call(self, last_call: float | None, now: float) -> float:
        """Seconds to wait so this call starts ``min_spacing`` after the previous one."""
        if last_call is None:
            return 0.0
        return max(0.0, last_call + self.min_spacing - now)


@dataclass
class RefreshState:
    """Where the list's refresh stands; the header's words are derived from it."""

    interval: float = 15.0
    #: Timers run (False in snapshot tests, and with --offline).
    live: bool = True
    paused: bool = False
    #: The app runs from the cache only (--offline): no call is ever made.
    offline_mode: bool = False
    problem: Problem | None = None
    failures: int = 0
    #: Wall-clock time of the next retry (the app's clock), when a problem is pending.
    retry_at: datetime | None = None
    #: When the data on screen was fetched from the service (None: never).
    data_from: datetime | None = None
    #: The sentence of the last failure ("" when none).
    error: str = ""
    #: "search" (the change feed) or "list" (the ListTrainingJobs fallback).
    feed: str = "search"
    #: ListTrainingJobs calls of the last fallback walk.
    fallback_pages: int = 0
    #: Seconds from the end of one refresh to the end of the next, when that is longer than the
    #: interval (a slow call, a long fallback walk): what the header says instead.
    period: float | None = None
    #: The API call in flight (its operation name) and since when (the app's clock).
    call: str | None = None
    call_started: datetime | None = None

    def calling(self, operation: str, at: datetime) -> None:
        """A call started: once it outlasts the interval the label says so (a hung endpoint)."""
        self.call, self.call_started = operation, at

    def waiting(self, now: datetime) -> float | None:
        """Seconds the call in flight has taken, once that is longer than the interval."""
        if self.call is None or self.call_started is None:
            return None
        seconds = (now - self.call_started).total_seconds()
        return seconds if seconds > self.interval else None

    def succeeded(self, at: datetime) -> None:
        self.call = self.call_started = None
        self.problem = None
        self.failures = 0
        self.retry_at = None
        self.error = ""
        self.data_from = at

    def failed(self, error: BaseException, now: datetime, delay: float | None) -> None:
        """Record a failure; ``delay`` is the backoff (None when nothing will retry automatically)."""
        self.call = self.call_started = None
        self.problem = classify(error)
        self.failures += 1
        self.error = str(error)
        self.retry_at = now + timedelta(seconds=delay) if delay is not None else None


def label(state: RefreshState, now: datetime, zone: tzinfo | None) -> str:
    """``live 15s`` · ``paused`` · ``throttled, retry in 8s`` · ``offline: cached data from 14:02``
    · ``list fallback: 100 pages, every 3m``."""
    if state.offline_mode:
        return f"offline: {_data_from(state, zone)}"
    waited = state.waiting(now)
    if waited is not None:  # not `live`: the endpoint has not answered for longer than an interval
        return f"waiting {math.floor(waited)}s for {state.call}"
    if state.problem is not None:
        retry = _retry(state, now)
        if state.problem is Problem.THROTTLED:
            return f"throttled{retry}"
        if state.problem is Problem.OFFLINE:
            return f"offline: {_data_from(state, zone)}{retry}"
        return f"error{retry}"
    if state.paused:
        return "paused"
    if not state.live:
        return "auto-refresh off"
    every = state.period if state.period is not None and state.period > state.interval else state.interval
    if state.feed == "list":
        pages = state.fallback_pages
        return f"list fallback: {pages:,} page{'s' if pages != 1 else ''}, every {seconds_label(every)}"
    return f"live {seconds_label(every)}"


def _retry(state: RefreshState, now: datetime) -> str:
    if state.paused:
        return ", paused"
    if state.retry_at is None:
        return ", press r to retry"
    seconds = max(0, math.ceil((state.retry_at - now).total_seconds()))
    return f", retry in {seconds}s"


def _data_from(state: RefreshState, zone: tzinfo | None) -> str:
    if state.data_from is None:
        return "no cached data"
    return f"cached data from {state.data_from.astimezone(zone):%H:%M}"


def seconds_label(value: float) -> str:
    """``15s``, ``1.5s``, ``2m``, ``1h`` (minutes and hours rounded, as a header has room for)."""
    if value < 60:
        return f"{value:g}s" if value == int(value) or value < 10 else f"{round(value)}s"
    if value < 3600:
        return f"{round(value / 60)}m"
    return f"{value / 3600:.1f}h".replace(".0h", "h")
