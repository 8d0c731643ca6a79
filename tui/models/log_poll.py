"""When a log view polls CloudWatch Logs next: a pure decision, events in, seconds out.

CloudWatch Logs' limits are low and account-wide (FilterLogEvents: 5 requests/s per account and
region), so one view must stay under one request per second on average, whatever it shows:

* every :data:`FAST` seconds while lines arrive, backing off (x2 per quiet poll) to :data:`QUIET`
  while nothing does;
* never sooner than one second per request the previous poll made (a 4-host job's poll costs one
  GetLogEvents per stream, plus a DescribeLogStreams when streams are rediscovered);
* streams are rediscovered (DescribeLogStreams) at most every :data:`DISCOVER_EVERY` seconds, and
  at every poll while the job has no stream yet;
* throttling doubles the wait each time, up to :data:`THROTTLED_MAX`, and says so;
* nothing at all while the view is hidden, or for a finished job whose log was read to the end.

The clock is injected (seconds, monotonic), so tests drive it without sleeping.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

FAST = 2.0
QUIET = 10.0
#: Seconds per request: the budget of one view.
PER_REQUEST = 1.0
DISCOVER_EVERY = 30.0
THROTTLED_MAX = 120.0


@dataclass(frozen=True)
class PollOutcome:
    """What one poll did."""

    lines: int
    requests: int
    #: Every stream read to its end (for now).
    at_end: bool = True
    throttled: bool = False
    failed: bool = False


@dataclass
class LogPollScheduler:
    """Decides the delay before the next poll of one log view; ``clock`` gives monotonic seconds."""

    clock: Callable[[], float]
    interval: float = FAST
    throttled_for: float = 0.0
    last_poll: float | None = None
    last_discovery: float | None = None
    #: Requests made by the polls so far (for the header and the benchmark).
    requests: int = 0
    polls: int = 0
    #: Requests the last poll made: the next one waits at least that many seconds.
    last_requests: int = 0
    _quiet: int = field(default=0, repr=False)

    def record(self, outcome: PollOutcome) -> None:
        """Note a finished poll (started at :meth:`started`)."""
        self.polls += 1
        self.requests += outcome.requests
        self.last_requests = outcome.requests
        if outcome.throttled:
            self.throttled_for = min(THROTTLED_MAX, max(2 * QUIET, self.throttled_for * 2))
            return
        self.throttled_for = 0.0
        if outcome.failed:
            self.interval = QUIET
        elif outcome.lines:
            self._quiet = 0
            self.interval = FAST
        else:
            self._quiet += 1
            self.interval = min(QUIET, FAST * 2**self._quiet)

    def started(self, *, discovered: bool) -> None:
        """Note that a poll starts now (``discovered``: it lists the streams again)."""
        now = self.clock()
        self.last_poll = now
        if discovered:
            self.last_discovery = now

    def should_discover(self, *, streams_known: int) -> bool:
        """Whether the coming poll should rediscover the job's streams."""
        if streams_known == 0 or self.last_discovery is None:
            return True
        return self.clock() - self.last_discovery >= DISCOVER_EVERY

    def delay(self, *, visible: bool, finished: bool, read_to_end: bool) -> float | None:
        """Seconds until the next poll (0 = now); None = no poll until something changes."""
        if not visible or (finished and read_to_end):
            return None
        if self.last_poll is None:
            return 0.0
        wait = self.throttled_for or self.interval
        wait = max(wait, PER_REQUEST * self.last_requests)
        return max(0.0, self.last_poll + wait - self.clock())

    @property
    def status(self) -> str:
        """The header's words about polling ("" when there is nothing to say)."""
        if self.throttled_for:
            return f"throttled, retrying in {self.throttled_for:.0f} s"
        return ""
