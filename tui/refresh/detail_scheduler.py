"""The job detail's refresh: re-describe on the due time, on the job's interval, backing off."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from tui.aws.errors import (
    AccessDeniedError,
    AwsError,
    NotFoundError,
    OfflineError,
    ThrottledError,
)
from tui.models.timefmt import format_duration
from tui.refresh.policy import Backoff

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
