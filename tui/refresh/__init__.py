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

The parts: :mod:`.policy` (problems, backoff, policy, state, header words), :mod:`.list_scheduler`
and :mod:`.detail_scheduler`. Import from ``tui.refresh``.
"""

from __future__ import annotations

from tui.refresh.detail_scheduler import (
    DETAIL_BACKOFF_CAP,
    MIN_REFRESH_DELAY,
    DetailDecision,
    DetailScheduler,
)
from tui.refresh.list_scheduler import Call, Decision, ListScheduler
from tui.refresh.policy import (
    MIN_TIMER,
    SEARCH_RETRY,
    Backoff,
    Problem,
    RefreshPolicy,
    RefreshState,
    classify,
    label,
    seconds_label,
)

__all__ = [
    "DETAIL_BACKOFF_CAP",
    "MIN_REFRESH_DELAY",
    "MIN_TIMER",
    "SEARCH_RETRY",
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
    "seconds_label",
]
