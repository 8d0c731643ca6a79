"""When the job list and the job detail refresh, and what their headers say about it: pure.

One module owns every refresh decision so it can be tested without a UI: the shared
:class:`Backoff` (exponential, jittered: many app instances on one bastion must not call in
lock-step), the :class:`ListScheduler` and the :class:`DetailScheduler`. Each takes events (a call
done, failed, a key, suspend, resume, a timer) and returns a decision: what to call now (a full
list, or the changes), when its one timer should fire, and the header's words. The clocks
(monotonic seconds and the wall clock) and the random generator are injected.

The list's changes come from SageMaker Search (normally one call per tick, whatever the size of
the account). Where Search is denied or fails, the list falls back to ListTrainingJobs, whose
incremental call walks every page of the account: the interval then stretches to what that walk
really costs, the header says so (``list fallback: 100 pages, every 3m``), and Search is tried
again every :data:`SEARCH_RETRY` seconds.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from enum import Enum

from tui.aws.errors import (
    AccessDeniedError,
    AwsError,
    CredentialsError,
    EndpointError,
    NotFoundError,
    OfflineError,
    ThrottledError,
)
from tui.models.timefmt import format_duration

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


# -- the job list ------------------------------------------------------------------------------
class Call(Enum):
    """What a list operation fetches."""

    #: The cache at start, then brought up to date (a full list when nothing is cached).
    INITIAL = "initial"
    #: Every page of ListTrainingJobs (``r``, new server-side filters, after a failed full list).
    FULL = "full"
    #: What changed since the newest LastModifiedTime held (Search, or the list's fallback).
    CHANGES = "changes"


@dataclass(frozen=True)
class Decision:
    """What the screen does now: start ``call`` (None: nothing), keep exactly one timer firing in
    ``timer`` seconds (None: no timer), show ``words`` in the header; ``refused``: a sentence for
    a request that cannot be honoured (offline)."""

    call: Call | None = None
    timer: float | None = None
    words: str = ""
    refused: str = ""


@dataclass
class ListScheduler:
    """The job list's refresh: one call at a time, at most one per ``policy.min_spacing``, every
    ``policy.interval`` (stretched on the fallback), backing off after failures, nothing while
    paused or hidden."""

    policy: RefreshPolicy
    state: RefreshState
    monotonic: Callable[[], float]
    now: Callable[[], datetime]
    zone: tzinfo | None = None
    rng: random.Random = field(default_factory=random.Random)
    #: The call in flight (None: none).
    running: Call | None = None
    #: A refresh asked for while a call was running.
    queued: Call | None = None
    #: The next call must be a full list (none completed, or a full one failed).
    need_full: bool = True
    #: Monotonic start of the last list operation, and when the pending refresh is due.
    last_call: float | None = None
    due: float | None = None
    suspended: bool = False
    #: Monotonic time to try Search again while on the list fallback.
    search_retry_at: float | None = None

    # -- events ------------------------------------------------------------------------------
    def start(self) -> Decision:
        """The screen is shown for the first time: the cache, then bring it up to date."""
        return self._begin(Call.INITIAL)

    def request(self, *, full: bool = False, held: bool = True) -> Decision:
        """A key (``r``: ``full``), new filters, or a command asks for a call now (or as soon as
        the spacing allows). ``held`` False: no rows held (nothing to be incremental from)."""
        if self.state.offline_mode:
            return self._decide(refused="Offline: showing the cache only (started with --offline).")
        if self.running is not None:
            # One call at a time: a second would only pile up behind a slow endpoint.
            self.queued = Call.FULL if full or self.queued is Call.FULL else Call.CHANGES
            return self._decide()
        return self._next(full=full, held=held)

    def filters_changed(self) -> Decision:
        """New server-side filters: a full list now, superseding any call in flight (its answer,
        for the old filters, is dropped by the screen)."""
        self.running = None
        self.queued = None
        self.need_full = True
        if self.state.offline_mode:
            return self._decide()
        return self._next(full=True, held=False)

    def timer_fired(self, *, held: bool = True) -> Decision:
        """The one timer fired: the refresh it was armed for."""
        self.due = None
        if self.running is not None or self.state.offline_mode:
            return self._decide()
        return self._next(full=False, held=held)

    def cache_loaded(self, *, complete: bool, at: datetime) -> Decision:
        """The cached list is on screen; complete: the worker goes on with one incremental call."""
        self.state.data_from = at
        if complete and not self.state.offline_mode and self.running is not None:
            self.running = Call.CHANGES
        return self._decide()

    def done(
        self,
        call: Call,
        *,
        feed: str = "",
        calls: int = 0,
        search_error: BaseException | None = None,
    ) -> Decision:
        """A list operation ended well. ``feed``/``calls``: what an incremental one used and cost;
        ``search_error``: why Search failed when it was tried (the list answered instead)."""
        started, self.running = self.last_call, None
        if self.state.offline_mode:
            return self._decide()
        self.need_full = False
        self.state.succeeded(self.now())
        took = max(0.0, self.monotonic() - started) if started is not None else 0.0
        stretched: float | None = None
        if call is Call.CHANGES and feed == "list":
            self._enter_fallback(calls, search_error)
            stretched = self._fallback_wait(calls, took)
        elif call is Call.CHANGES and feed == "search":
            self.state.feed, self.state.fallback_pages, self.search_retry_at = "search", 0, None
        if call is Call.CHANGES:
            wait = stretched if stretched is not None else self.policy.interval
            self.state.period = wait + took if wait + took > self.policy.interval + 1 else None
        queued, self.queued = self.queued, None
        if queued is not None:
            return self._next(full=queued is Call.FULL, held=True)
        if self.state.live and not self.state.paused:
            self.due = self.monotonic() + self.policy.next_delay(self.rng, stretched)
        return self._decide()

    def failed(self, error: BaseException) -> Decision:
        """A list operation failed: back off (a half-finished full list proves nothing about
        missing rows, so the next call is a full one again)."""
        if self.running is Call.FULL:
            self.need_full = True
        self.running = None
        delay = self.policy.backoff(self.state.failures + 1, self.rng) if self.state.live else None
        self.state.failed(error, self.now(), delay)
        self.queued = None  # the backoff decides when to call again (r still works)
        self.due = None
        if delay is not None and not self.state.paused:
            self.due = self.monotonic() + delay
        return self._decide()

    def pause(self) -> Decision:
        """``p``: pause or resume live refresh."""
        if self.state.offline_mode:
            return self._decide()
        self.state.paused = not self.state.paused
        if self.state.paused:
            self.due = None
            return self._decide()
        if self.state.problem is not None:
            return self._next(full=False, held=True)
        if self.state.live:
            self.due = self.monotonic() + self.policy.next_delay(self.rng)
        return self._decide()

    def suspend(self) -> Decision:
        """Another screen is on top: no list calls until it is gone; the pending refresh waits."""
        self.suspended = True
        return self._decide()

    def resume(self) -> Decision:
        """Back on top: the refresh that fell due while hidden runs now."""
        self.suspended = False
        return self._decide()

    # -- what to call ------------------------------------------------------------------------
    @property
    def use_search(self) -> bool:
        """Whether the next incremental call asks Search (else ListTrainingJobs, the fallback)."""
        if self.state.feed == "search":
            return True
        return self.search_retry_at is not None and self.monotonic() >= self.search_retry_at

    def words(self) -> str:
        return label(self.state, self.now(), self.zone)

    def _next(self, *, full: bool, held: bool) -> Decision:
        """Call now, or arm the timer for when the spacing allows (the request is kept: a full
        one stays full)."""
        full = full or self.need_full or not held
        wait = self.policy.wait_before_call(self.last_call, self.monotonic())
        if wait > 0:
            self.need_full = self.need_full or full
            self.due = self.monotonic() + wait
            return self._decide()
        return self._begin(Call.FULL if full else Call.CHANGES)

    def _begin(self, call: Call) -> Decision:
        self.due = None
        self.last_call = self.monotonic()
        self.running = call
        return self._decide(call=call)

    def _decide(self, *, call: Call | None = None, refused: str = "") -> Decision:
        timer = None
        if self.due is not None and not self.suspended:
            timer = max(MIN_TIMER, self.due - self.monotonic())
        return Decision(call=call, timer=timer, words=self.words(), refused=refused)

    # -- the fallback ------------------------------------------------------------------------
    def _enter_fallback(self, pages: int, search_error: BaseException | None) -> None:
        """Denied: Search is asked again every :data:`SEARCH_RETRY` seconds (a policy does not
        change by the minute). Any other failure of Search: it is asked again on the next tick."""
        self.state.feed = "list"
        self.state.fallback_pages = pages
        if isinstance(search_error, AccessDeniedError):
            self.search_retry_at = self.monotonic() + SEARCH_RETRY
        elif search_error is not None:
            self.search_retry_at = self.monotonic()

    def _fallback_wait(self, pages: int, took: float) -> float:
        """The interval on the fallback: at least as long as a walk of every page really takes
        (at the one-call-per-second spacing), so the walks use at most half the list budget."""
        walk = max(took, pages * self.policy.min_spacing)
        return max(self.policy.interval, walk)


# -- the job detail ----------------------------------------------------------------------------
#: Never re-describe sooner than this, whatever the cache says is due (no hot loops).
MIN_REFRESH_DELAY = 1.0
#: The detail's backoff: from the job's interval, doubling, at most five minutes.
DETAIL_BACKOFF_CAP = 300.0


@dataclass(frozen=True)
class DetailDecision:
    """When to re-describe (None: no timer) and the header's note (``live 10s``, ``settled`` ...)."""

    timer: float | None
    note: str


@dataclass
class DetailScheduler:
    """The job detail's re-describe: on the due time :meth:`JobRepository.describe` returned, on
    the job's interval, with the shared backoff after failures; none once settled or offline."""

    live: bool
    offline: bool
    now: Callable[[], datetime]
    #: The interval errors are retried at when the job has none (a settled job's copy may be stale).
    error_interval: float = 10.0
    #: Never re-describe sooner than this, whatever the cache says is due (no hot loops).
    min_delay: float = MIN_REFRESH_DELAY
    jitter: float = 0.0
    rng: random.Random = field(default_factory=random.Random)
    failures: int = 0

    def reset(self) -> None:
        self.failures = 0

    def loaded(
        self,
        *,
        interval: float | None,
        due_at: datetime | None,
        error: AwsError | None = None,
        preliminary: bool = False,
    ) -> DetailDecision | None:
        """A describe (or the cached copy it fell back to, with ``error``) arrived; ``interval``:
        the job's refresh interval (None: settled). None for a preliminary copy: a describe follows."""
        if error is not None:
            self.failures += 1
        elif not preliminary:
            self.failures = 0
        if preliminary:
            return None
        return self._schedule(interval, due_at, error)

    def failed(self, error: AwsError, *, interval: float | None) -> DetailDecision:
        """The describe failed and nothing was cached. Denied, gone or offline: wait for ``r``."""
        if isinstance(error, NotFoundError | AccessDeniedError | OfflineError):
            # No note: the screen's message says what happened and what the user can do.
            return DetailDecision(None, "")
        self.failures += 1
        return self._schedule(interval, None, error)

    def _schedule(
        self, interval: float | None, due_at: datetime | None, error: AwsError | None
    ) -> DetailDecision:
        if self.offline:
            return DetailDecision(None, "offline")  # nothing changes without the service: r re-reads
        delay: float | None
        if error is not None:
            # Errors are retried even on a settled job (the data shown may be a stale copy).
            interval = interval or self.error_interval
            rule = Backoff(first=interval, cap=DETAIL_BACKOFF_CAP, jitter=self.jitter)
            delay = rule.delay(self.failures + 1, self.rng)
        elif interval is not None and due_at is not None:
            # A copy served from the cache is due sooner than a whole interval from now.
            delay = max(self.min_delay, (due_at - self.now()).total_seconds())
        else:
            delay = interval
        if delay is None or interval is None:
            return DetailDecision(None, "settled")
        if not self.live:
            return DetailDecision(None, "live refresh off")
        if isinstance(error, ThrottledError):
            note = f"throttled, retry in {_duration(delay)}"
        elif error is not None:
            note = f"retry in {_duration(delay)}"
        else:
            note = f"live {_duration(interval)}"
        return DetailDecision(delay, note)


def _duration(seconds: float) -> str:
    return format_duration(seconds)


__all__ = [
    "Backoff",
    "Call",
    "Decision",
    "DetailDecision",
    "DetailScheduler",
    "ListScheduler",
    "Problem",
    "RefreshPolicy",
    "RefreshState",
    "classify",
    "label",
]
