"""When a cached answer is good enough: pure decisions, no I/O, no clock of their own.

A DescribeTrainingJob response is one of three kinds:

* **running** (InProgress, Stopping, or a status this version does not know): anything can change;
  served from the cache at once and re-described when older than ``intervals.running_job``.
* **settling**: terminal (Completed, Failed, Stopped) but with parts that can still change: a warm
  pool that is InUse or Available (it becomes Reused or Terminated), or a debugger/profiler rule
  evaluation still InProgress (or Stopping). Re-described on the slow ``intervals.settling_job``.
* **settled**: terminal and nothing left to change: never re-described unless forced (``r``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui.aws.statuses import TERMINAL_STATUSES

#: Warm pool statuses that will still change by themselves (to Reused or Terminated).
UNSETTLED_WARM_POOL = frozenset({"InUse", "Available"})
#: Rule evaluation statuses that will still change by themselves.
UNSETTLED_RULE = frozenset({"InProgress", "Stopping"})
RULE_STATUS_LISTS = ("DebugRuleEvaluationStatuses", "ProfilerRuleEvaluationStatuses")


@dataclass(frozen=True)
class RefreshIntervals:
    """Seconds between automatic re-describes (configurable). The list's interval is the refresh
    scheduler's (:class:`tui.refresh.RefreshPolicy`)."""

    #: Re-describe of a job that is InProgress or Stopping.
    running_job: float = 10.0
    #: Re-describe of a finished job whose warm pool or rule evaluations can still change.
    settling_job: float = 60.0


class Action(enum.Enum):
    """What to do with a request for data that may be cached."""

    #: The cached copy is current enough: use it, make no call.
    SERVE = "serve"
    #: Show the cached copy now, and fetch a fresh one (in the background) because it is due.
    REFRESH = "refresh"
    #: Nothing usable is cached (or the user forced it): a call is needed before anything shows.
    FETCH = "fetch"


class JobKind(enum.Enum):
    RUNNING = "running"
    SETTLING = "settling"
    SETTLED = "settled"


def job_kind(response: Mapping[str, Any]) -> JobKind:
    """Classify a DescribeTrainingJob response (see the module docstring)."""
    if response.get("TrainingJobStatus") not in TERMINAL_STATUSES:
        # Unknown or missing statuses count as running: refreshing too often is the safe mistake.
        return JobKind.RUNNING
    warm = response.get("WarmPoolStatus") or {}
    if isinstance(warm, Mapping) and warm.get("Status") in UNSETTLED_WARM_POOL:
        return JobKind.SETTLING
    for key in RULE_STATUS_LISTS:
        for rule in response.get(key) or ():
            if isinstance(rule, Mapping) and rule.get("RuleEvaluationStatus") in UNSETTLED_RULE:
                return JobKind.SETTLING
    return JobKind.SETTLED


def is_settled(response: Mapping[str, Any]) -> bool:
    return job_kind(response) is JobKind.SETTLED


def refresh_interval(response: Mapping[str, Any], intervals: RefreshIntervals) -> float | None:
    """Seconds between automatic re-describes of this job; None once it is settled."""
    kind = job_kind(response)
    if kind is JobKind.RUNNING:
        return intervals.running_job
    if kind is JobKind.SETTLING:
        return intervals.settling_job
    return None


def due_in(
    response: Mapping[str, Any], fetched_at: datetime, now: datetime, intervals: RefreshIntervals
) -> float | None:
    """Seconds until this cached response is due for a refresh (0 = due now); None = never."""
    interval = refresh_interval(response, intervals)
    if interval is None:
        return None
    age = (now - fetched_at).total_seconds()
    if age < 0:
        # Fetched "in the future": a clock went backwards. Refresh rather than trust it for hours.
        return 0.0
    return max(0.0, interval - age)


def decide(
    response: Mapping[str, Any] | None,
    fetched_at: datetime | None,
    now: datetime,
    intervals: RefreshIntervals,
    *,
    force: bool = False,
) -> Action:
    """Serve a cached describe, serve it and refresh, or fetch (see :class:`Action`)."""
    if response is None or fetched_at is None:
        return Action.FETCH
    if force:
        return Action.FETCH
    wait = due_in(response, fetched_at, now, intervals)
    if wait is None or wait > 0:
        return Action.SERVE
    return Action.REFRESH


def listing_is_fresh(complete_at: datetime | None, now: datetime, max_age: float) -> bool:
    """Whether a cached listing can stand for a ListTrainingJobs call made now.

    Fresh means: a *complete* listing (every page read, so jobs deleted since were dropped too, which
    the incremental refreshes cannot see) finished less than ``max_age`` seconds ago, ``max_age``
    being the job list's refresh interval (``list_interval``): no older than what the TUI shows
    between two refreshes. A listing "finished" in the future (a clock gone backwards) is not fresh.
    """
    if complete_at is None:
        return False
    age = (now - complete_at).total_seconds()
    return 0 <= age < max_age
