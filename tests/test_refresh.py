"""Refresh decisions of the job list: jitter, backoff, the one-call-per-second floor, the label."""

from __future__ import annotations

import random
from datetime import timedelta, timezone

import pytest

from tests.conftest import FIXED_NOW
from tui.aws.errors import (
    AccessDeniedError,
    CredentialsError,
    EndpointError,
    ServiceError,
    ThrottledError,
)
from tui.refresh import Problem, RefreshPolicy, RefreshState, classify, label
from tui.repository import OfflineError

UTC = timezone.utc


def test_interval_is_jittered_within_bounds_and_varies() -> None:
    policy = RefreshPolicy(interval=15.0, jitter=0.1)
    rng = random.Random(7)
    delays = [policy.next_delay(rng) for _ in range(200)]
    assert all(13.5 <= d <= 16.5 for d in delays)
    assert len({round(d, 3) for d in delays}) > 100


def test_no_jitter_gives_the_interval_exactly() -> None:
    assert RefreshPolicy(interval=15.0, jitter=0.0).next_delay(random.Random()) == 15.0


def test_interval_never_below_the_one_second_floor() -> None:
    assert RefreshPolicy(interval=0.1, jitter=0.0).next_delay(random.Random()) == 1.0


def test_backoff_doubles_up_to_the_cap() -> None:
    policy = RefreshPolicy(jitter=0.0, backoff_first=4.0, backoff_max=120.0)
    rng = random.Random()
    assert [policy.backoff(n, rng) for n in range(1, 8)] == [4, 8, 16, 32, 64, 120, 120]


def test_backoff_is_jittered_too() -> None:
    policy = RefreshPolicy(jitter=0.1, backoff_first=4.0)
    rng = random.Random(1)
    assert all(7.2 <= policy.backoff(2, rng) <= 8.8 for _ in range(50))


def test_wait_before_call_keeps_calls_a_second_apart() -> None:
    policy = RefreshPolicy(min_spacing=1.0)
    assert policy.wait_before_call(None, 100.0) == 0.0
    assert policy.wait_before_call(100.0, 100.25) == pytest.approx(0.75)
    assert policy.wait_before_call(100.0, 101.5) == 0.0


@pytest.mark.parametrize(
    ("error", "problem"),
    [
        (ThrottledError("slow down"), Problem.THROTTLED),
        (EndpointError("unreachable"), Problem.OFFLINE),
        (CredentialsError("expired"), Problem.OFFLINE),
        (OfflineError("offline"), Problem.OFFLINE),
        (AccessDeniedError("denied"), Problem.ERROR),
        (ServiceError("boom"), Problem.ERROR),
    ],
)
def test_classify(error: Exception, problem: Problem) -> None:
    assert classify(error) is problem


def state(**kw: object) -> RefreshState:
    result = RefreshState(interval=15.0)
    for key, value in kw.items():
        setattr(result, key, value)
    return result


def test_labels_of_every_state() -> None:
    assert label(state(), FIXED_NOW, UTC) == "live 15s"
    assert label(state(interval=120.0), FIXED_NOW, UTC) == "live 2m"
    assert label(state(paused=True), FIXED_NOW, UTC) == "paused"
    assert label(state(live=False), FIXED_NOW, UTC) == "auto-refresh off"
    cached = FIXED_NOW.replace(hour=14, minute=2)
    assert label(state(offline_mode=True, data_from=cached), FIXED_NOW, UTC) == (
        "offline: cached data from 14:02"
    )
    assert label(state(offline_mode=True), FIXED_NOW, UTC) == "offline: no cached data"


def test_failure_labels_count_down_to_the_retry() -> None:
    s = state()
    s.failed(ThrottledError("slow"), FIXED_NOW, 8.0)
    assert label(s, FIXED_NOW, UTC) == "throttled, retry in 8s"
    assert label(s, FIXED_NOW + timedelta(seconds=2.5), UTC) == "throttled, retry in 6s"
    assert label(s, FIXED_NOW + timedelta(seconds=30), UTC) == "throttled, retry in 0s"
    s.data_from = FIXED_NOW.replace(hour=11, minute=58)
    s.failed(EndpointError("gone"), FIXED_NOW, 16.0)
    assert s.failures == 2
    assert label(s, FIXED_NOW, UTC) == "offline: cached data from 11:58, retry in 16s"
    s.failed(AccessDeniedError("no"), FIXED_NOW, None)
    assert label(s, FIXED_NOW, UTC) == "error, press r to retry"
    assert s.error == "no"


def test_success_clears_the_problem() -> None:
    s = state()
    s.failed(ThrottledError("slow"), FIXED_NOW, 4.0)
    s.succeeded(FIXED_NOW)
    assert (s.problem, s.failures, s.retry_at, s.error) == (None, 0, None, "")
    assert label(s, FIXED_NOW, UTC) == "live 15s"


def test_offline_time_in_the_configured_zone() -> None:
    s = state(offline_mode=True, data_from=FIXED_NOW)
    assert label(s, FIXED_NOW, timezone(timedelta(hours=2))) == "offline: cached data from 14:00"
