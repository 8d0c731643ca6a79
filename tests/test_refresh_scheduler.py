"""The refresh schedulers, without a UI: every transition of the list's and the detail's, the
shared backoff and its jitter bounds, suspend/resume, the ListTrainingJobs fallback in and out."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from tui.aws.errors import AccessDeniedError, EndpointError, NotFoundError, ServiceError, ThrottledError
from tui.refresh import (
    SEARCH_RETRY,
    Backoff,
    Call,
    DetailScheduler,
    ListScheduler,
    RefreshPolicy,
    RefreshState,
)

T0 = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)


class Clocks:
    """Monotonic seconds and the wall clock, moving together when told to."""

    def __init__(self) -> None:
        self.mono = 1000.0
        self.wall = T0

    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.wall += timedelta(seconds=seconds)


def scheduler(
    clocks: Clocks, *, jitter: float = 0.0, live: bool = True, offline: bool = False, **policy: float
) -> ListScheduler:
    rules = RefreshPolicy(jitter=jitter, **policy)
    return ListScheduler(
        rules,
        RefreshState(interval=rules.interval, live=live, offline_mode=offline),
        monotonic=lambda: clocks.mono,
        now=lambda: clocks.wall,
        zone=timezone.utc,
        rng=random.Random(3),
    )


def started(clocks: Clocks, **kw: Any) -> ListScheduler:
    """Past the start (``kw``: :func:`scheduler`'s): the cache shown, one incremental call made by Search."""
    s = scheduler(clocks, **kw)
    assert s.start().call is Call.INITIAL
    s.cache_loaded(complete=True, at=T0)
    assert s.running is Call.CHANGES
    clocks.advance(0.2)
    s.done(Call.CHANGES, feed="search", calls=1)
    return s


# -- the shared backoff ------------------------------------------------------------------------
def test_backoff_doubles_from_first_up_to_the_cap() -> None:
    rule = Backoff(first=4, cap=120, jitter=0)
    rng = random.Random(0)
    assert [rule.delay(n, rng) for n in range(1, 8)] == [4, 8, 16, 32, 64, 120, 120]


def test_backoff_jitter_stays_within_bounds_and_varies() -> None:
    rule = Backoff(first=10, cap=300, jitter=0.1)
    rng = random.Random(1)
    for failures in range(1, 9):
        base = min(300, 10 * 2 ** (failures - 1))
        delays = [rule.delay(failures, rng) for _ in range(200)]
        assert all(base * 0.9 <= d <= base * 1.1 for d in delays)
        assert max(delays) - min(delays) > base * 0.1  # spread, not one value


# -- the list: the ordinary path ---------------------------------------------------------------
def test_start_then_live_refreshes_on_the_interval() -> None:
    clocks = Clocks()
    s = started(clocks, jitter=0.1)
    decision = s._decide()
    assert decision.call is None and decision.words == "live 15s"
    assert decision.timer is not None and 15 * 0.9 <= decision.timer <= 15 * 1.1
    clocks.advance(decision.timer)
    fired = s.timer_fired()
    assert fired.call is Call.CHANGES and fired.timer is None and s.running is Call.CHANGES


def test_nothing_held_means_a_full_list() -> None:
    clocks = Clocks()
    s = started(clocks)
    clocks.advance(15)
    assert s.timer_fired(held=False).call is Call.FULL


def test_requests_while_a_call_runs_are_queued_and_a_full_one_wins() -> None:
    clocks = Clocks()
    s = started(clocks)
    clocks.advance(15)
    assert s.timer_fired().call is Call.CHANGES
    assert s.request().call is None
    assert s.request(full=True).call is None
    assert s.request().call is None
    assert s.queued is Call.FULL
    clocks.advance(2)
    assert s.done(Call.CHANGES, feed="search", calls=1).call is Call.FULL
    assert s.queued is None


def test_calls_are_spaced_by_the_floor_and_a_held_request_keeps_its_kind() -> None:
    clocks = Clocks()
    s = started(clocks)
    clocks.advance(15)
    s.timer_fired()
    clocks.advance(0.3)
    s.done(Call.CHANGES, feed="search", calls=1)
    held = s.request(full=True)  # 0.3 s after the last call started
    assert held.call is None and held.timer == pytest.approx(0.7)
    clocks.advance(0.7)
    assert s.timer_fired().call is Call.FULL


def test_offline_refuses_requests_and_never_calls() -> None:
    clocks = Clocks()
    s = scheduler(clocks, offline=True)
    assert s.start().call is Call.INITIAL  # the cache is read, no call is made
    s.cache_loaded(complete=True, at=T0 - timedelta(hours=2))
    assert s.done(Call.FULL).timer is None
    refused = s.request(full=True)
    assert refused.call is None and "Offline" in refused.refused
    assert s.words() == "offline: cached data from 10:00"


def test_not_live_never_arms_a_timer() -> None:
    clocks = Clocks()
    s = started(clocks, live=False)
    assert s._decide().timer is None and s.words() == "auto-refresh off"


def test_new_filters_supersede_the_call_in_flight_with_a_full_list() -> None:
    clocks = Clocks()
    s = started(clocks)
    clocks.advance(15)
    s.timer_fired()
    clocks.advance(3)
    assert s.filters_changed().call is Call.FULL


# -- failures ------------------------------------------------------------------------------------
def test_failures_back_off_doubling_and_a_success_resets() -> None:
    clocks = Clocks()
    s = started(clocks, backoff_first=8.0)
    for n, expected in enumerate((8, 16, 32), start=1):
        clocks.advance(20)
        assert s.timer_fired().call is Call.CHANGES
        failed = s.failed(ThrottledError("slow down"))
        assert failed.timer == pytest.approx(expected) and s.state.failures == n
        assert failed.words == f"throttled, retry in {expected}s"
    clocks.advance(32)
    s.timer_fired()
    ok = s.done(Call.CHANGES, feed="search", calls=1)
    assert ok.words == "live 15s" and s.state.failures == 0 and ok.timer == pytest.approx(15)


def test_a_failed_full_list_makes_the_next_call_full() -> None:
    clocks = Clocks()
    s = started(clocks)
    clocks.advance(15)
    assert s.request(full=True).call is Call.FULL
    s.failed(EndpointError("gone"))
    assert s.words() == "offline: cached data from 12:00, retry in 4s"
    clocks.advance(4)
    assert s.timer_fired().call is Call.FULL


def test_a_failure_drops_queued_requests() -> None:
    clocks = Clocks()
    s = started(clocks)
    clocks.advance(15)
    s.timer_fired()
    s.request(full=True)
    s.failed(ServiceError("boom"))
    assert s.queued is None and s.words() == "error, retry in 4s"


# -- pause, suspend, resume --------------------------------------------------------------------
def test_pause_stops_the_timer_and_resume_restarts_it() -> None:
    clocks = Clocks()
    s = started(clocks)
    paused = s.pause()
    assert paused.timer is None and paused.words == "paused"
    unpaused = s.pause()
    assert unpaused.timer == pytest.approx(15) and unpaused.words == "live 15s"


def test_unpausing_after_a_failure_retries_at_once() -> None:
    clocks = Clocks()
    s = started(clocks)
    clocks.advance(15)
    s.timer_fired()
    s.failed(ThrottledError("x"))
    s.pause()
    assert s.words() == "throttled, paused"
    clocks.advance(2)
    assert s.pause().call is Call.CHANGES


def test_suspended_no_timer_and_the_due_refresh_runs_on_resume() -> None:
    clocks = Clocks()
    s = started(clocks)
    hidden = s.suspend()
    assert hidden.timer is None and s.due is not None
    clocks.advance(5)
    back = s.resume()
    assert back.timer == pytest.approx(10)  # what was left of the interval
    s.suspend()
    clocks.advance(60)  # overdue while hidden: fires at once on return
    assert s.resume().timer == pytest.approx(0.05)


# -- the ListTrainingJobs fallback ---------------------------------------------------------------
def test_search_denied_enters_the_fallback_stretched_to_the_walk_and_says_so() -> None:
    clocks = Clocks()
    s = started(clocks)
    clocks.advance(15)
    assert s.timer_fired().call is Call.CHANGES and s.use_search
    clocks.advance(100)  # a walk of 100 pages at one a second
    denied = s.done(Call.CHANGES, feed="list", calls=101, search_error=AccessDeniedError("no"))
    assert denied.timer == pytest.approx(101)  # at least what the walk costs, not 15 s
    assert denied.words == "list fallback: 101 pages, every 3m"
    assert not s.use_search
    # On the fallback for SEARCH_RETRY seconds, then Search is asked again.
    clocks.advance(SEARCH_RETRY - 1)
    assert not s.use_search
    clocks.advance(1)
    assert s.use_search
    clocks.advance(1)
    s.timer_fired()
    back = s.done(Call.CHANGES, feed="search", calls=1)
    assert back.words == "live 15s" and back.timer == pytest.approx(15)


def test_search_failing_otherwise_is_asked_again_on_the_next_tick() -> None:
    clocks = Clocks()
    s = started(clocks)
    clocks.advance(15)
    s.timer_fired()
    clocks.advance(2)
    s.done(Call.CHANGES, feed="list", calls=2, search_error=ServiceError("500"))
    assert s.words() == "list fallback: 2 pages, every 17s"
    assert s.use_search


def test_the_header_never_says_the_interval_when_a_refresh_takes_longer() -> None:
    clocks = Clocks()
    s = started(clocks)
    clocks.advance(15)
    s.timer_fired()
    clocks.advance(40)  # a slow endpoint
    assert s.done(Call.CHANGES, feed="search", calls=1).words == "live 55s"
    clocks.advance(15)
    s.timer_fired()
    clocks.advance(0.3)
    assert s.done(Call.CHANGES, feed="search", calls=1).words == "live 15s"


# -- the detail ----------------------------------------------------------------------------------
def detail(clocks: Clocks, *, live: bool = True, offline: bool = False) -> DetailScheduler:
    return DetailScheduler(live=live, offline=offline, now=lambda: clocks.wall, error_interval=10.0)


def test_detail_refreshes_when_the_describe_is_due() -> None:
    clocks = Clocks()
    d = detail(clocks)
    fresh = d.loaded(interval=10.0, due_at=T0 + timedelta(seconds=10))
    assert fresh is not None and fresh.timer == pytest.approx(10) and fresh.note == "live 10s"
    clocks.advance(7)  # a cached copy 7 s old: due in 3 s
    cached = d.loaded(interval=10.0, due_at=T0 + timedelta(seconds=10))
    assert cached is not None and cached.timer == pytest.approx(3)
    clocks.advance(10)  # overdue: not sooner than the floor
    overdue = d.loaded(interval=10.0, due_at=T0 + timedelta(seconds=10))
    assert overdue is not None and overdue.timer == pytest.approx(1.0)


def test_detail_settled_preliminary_offline_and_off() -> None:
    clocks = Clocks()
    settled = detail(clocks).loaded(interval=None, due_at=None)
    assert settled is not None and settled.note == "settled"
    assert detail(clocks).loaded(interval=10, due_at=T0, preliminary=True) is None
    offline = detail(clocks, offline=True).loaded(interval=10, due_at=T0)
    assert offline is not None and offline.note == "offline"
    off = detail(clocks, live=False).loaded(interval=10, due_at=T0 + timedelta(seconds=10))
    assert off is not None and off.timer is None and off.note == "live refresh off"


def test_detail_errors_back_off_with_the_shared_rule_and_a_success_resets() -> None:
    clocks = Clocks()
    d = detail(clocks)
    first = d.failed(ThrottledError("slow"), interval=10.0)
    assert first.timer == pytest.approx(20) and first.note == "throttled, retry in 20s"
    second = d.loaded(interval=10.0, due_at=T0, error=EndpointError("gone"))  # a stale cached copy
    assert second is not None and second.timer == pytest.approx(40) and second.note == "retry in 40s"
    assert d.failures == 2
    for _ in range(6):
        capped = d.failed(ServiceError("x"), interval=10.0)
    assert capped.timer == pytest.approx(300)
    d.loaded(interval=10.0, due_at=T0 + timedelta(seconds=10))
    assert d.failures == 0
    # A settled job's failed refresh is retried on the error interval (its copy may be stale).
    assert d.failed(ServiceError("x"), interval=None).timer == pytest.approx(20)


@pytest.mark.parametrize("error", [NotFoundError("gone"), AccessDeniedError("no")])
def test_detail_denied_or_gone_waits_for_r(error: Exception) -> None:
    decision = detail(Clocks()).failed(error, interval=10.0)  # type: ignore[arg-type]
    assert decision.timer is None and decision.note == ""  # the screen's message says it, once


def test_seconds_labels() -> None:
    from tui.refresh import seconds_label

    assert [seconds_label(v) for v in (1, 1.5, 15, 16.6, 59, 60, 115, 201, 3600, 5400)] == [
        "1s", "1.5s", "15s", "17s", "59s", "1m", "2m", "3m", "1h", "1.5h"
    ]
