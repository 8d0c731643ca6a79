"""The job list's refresh: a full list, or the changes (Search, or the ListTrainingJobs fallback),
with one timer, decided from events."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from enum import Enum

from tui.aws.errors import AccessDeniedError
from tui.refresh.policy import (
    MIN_TIMER,
    SEARCH_RETRY,
    RefreshPolicy,
    RefreshState,
    label,
)


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
