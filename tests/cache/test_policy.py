"""Every branch of the refresh policy."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from tui.cache.policy import (
    Action,
    JobKind,
    RefreshIntervals,
    decide,
    due_in,
    is_settled,
    job_kind,
    refresh_interval,
)

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
IV = RefreshIntervals(running_job=10, settling_job=60)


def job(status: str = "Completed", warm: str | None = None, **rules: list[str]) -> dict[str, Any]:
    response: dict[str, Any] = {"TrainingJobName": "j", "TrainingJobStatus": status}
    if warm is not None:
        response["WarmPoolStatus"] = {"Status": warm}
    for key, statuses in rules.items():
        response[key] = [
            {"RuleConfigurationName": f"r{i}", "RuleEvaluationStatus": s} for i, s in enumerate(statuses)
        ]
    return response


def ago(seconds: float) -> datetime:
    return NOW - timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("response", "kind"),
    [
        (job("InProgress"), JobKind.RUNNING),
        (job("Stopping"), JobKind.RUNNING),
        (job("SomethingNew"), JobKind.RUNNING),
        ({"TrainingJobName": "no status"}, JobKind.RUNNING),
        (job("InProgress", warm="Terminated"), JobKind.RUNNING),
        (job("Completed"), JobKind.SETTLED),
        (job("Failed"), JobKind.SETTLED),
        (job("Stopped"), JobKind.SETTLED),
        (job("Completed", warm="Available"), JobKind.SETTLING),
        (job("Completed", warm="InUse"), JobKind.SETTLING),
        (job("Completed", warm="Reused"), JobKind.SETTLED),
        (job("Completed", warm="Terminated"), JobKind.SETTLED),
        (job("Failed", DebugRuleEvaluationStatuses=["NoIssuesFound", "InProgress"]), JobKind.SETTLING),
        (job("Stopped", ProfilerRuleEvaluationStatuses=["InProgress"]), JobKind.SETTLING),
        (job("Completed", ProfilerRuleEvaluationStatuses=["Stopping"]), JobKind.SETTLING),
        (
            job("Completed", DebugRuleEvaluationStatuses=["IssuesFound", "Error", "NoIssuesFound"]),
            JobKind.SETTLED,
        ),
        ({"TrainingJobStatus": "Completed", "WarmPoolStatus": None, "DebugRuleEvaluationStatuses": None},
         JobKind.SETTLED),
    ],
)
def test_job_kind(response: dict[str, Any], kind: JobKind) -> None:
    assert job_kind(response) is kind
    assert is_settled(response) is (kind is JobKind.SETTLED)


def test_refresh_interval_per_kind() -> None:
    assert refresh_interval(job("InProgress"), IV) == 10
    assert refresh_interval(job("Completed", warm="Available"), IV) == 60
    assert refresh_interval(job("Completed"), IV) is None


def test_due_in() -> None:
    assert due_in(job("InProgress"), ago(4), NOW, IV) == 6
    assert due_in(job("InProgress"), ago(40), NOW, IV) == 0
    assert due_in(job("Completed", warm="InUse"), ago(15), NOW, IV) == 45
    assert due_in(job("Completed"), ago(10**8), NOW, IV) is None
    # fetched "in the future" (a clock went back): due now rather than trusted for hours
    assert due_in(job("InProgress"), NOW + timedelta(hours=3), NOW, IV) == 0


def test_nothing_cached_must_fetch() -> None:
    assert decide(None, None, NOW, IV) is Action.FETCH
    assert decide(job(), None, NOW, IV) is Action.FETCH


def test_settled_job_is_served_for_ever_unless_forced() -> None:
    assert decide(job("Completed"), ago(10**9), NOW, IV) is Action.SERVE
    assert decide(job("Failed"), ago(1), NOW, IV, force=True) is Action.FETCH


def test_running_job_is_served_until_its_interval_then_refreshed() -> None:
    assert decide(job("InProgress"), ago(9.9), NOW, IV) is Action.SERVE
    assert decide(job("InProgress"), ago(10), NOW, IV) is Action.REFRESH
    assert decide(job("InProgress"), ago(1), NOW, IV, force=True) is Action.FETCH


def test_settling_job_uses_the_slow_interval() -> None:
    response = job("Completed", warm="Available")
    assert decide(response, ago(59), NOW, IV) is Action.SERVE
    assert decide(response, ago(60), NOW, IV) is Action.REFRESH


def test_a_listing_is_fresh_only_when_complete_and_younger_than_the_list_interval() -> None:
    from tui.cache.policy import listing_is_fresh

    done = datetime(2026, 12, 5, 8, 0, 0, tzinfo=timezone.utc)
    assert listing_is_fresh(done, done + timedelta(seconds=14.9), 15.0)
    assert not listing_is_fresh(done, done + timedelta(seconds=15), 15.0)
    assert not listing_is_fresh(None, done, 15.0)  # never read to its last page
    assert not listing_is_fresh(done, done - timedelta(seconds=1), 15.0)  # the clock went backwards
