"""The one door screens and commands use for job data: the cache first, then the data layer.

Blocking: call it from a Textual worker (thread) or from a headless command, never on the event loop.
Screens never learn whether data came from AWS or the cache, only how fresh it is (``fetched_at``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from tui.aws.client import SageMakerClient
from tui.aws.counter import CallCounter
from tui.aws.errors import AwsError
from tui.aws.jobs import ListFilters, describe_training_job, list_training_jobs
from tui.clock import Clock, SystemClock

T = TypeVar("T")

#: Incremental list calls look back this far before the high-water mark, for clock skew and for
#: LastModifiedTime values written while our previous call was in flight.
OVERLAP = timedelta(seconds=60)


class OfflineError(AwsError):
    """Asked for something the cache does not have while offline."""


@dataclass(frozen=True)
class Fetched(Generic[T]):
    """A value with when it was fetched from the service and whether it came from the cache."""

    value: T
    fetched_at: datetime
    from_cache: bool = False


@dataclass(frozen=True)
class RefreshIntervals:
    """Seconds between automatic refreshes (configurable)."""

    list: float = 15.0
    running_job: float = 10.0
    settling_job: float = 60.0


@dataclass
class JobRepository:
    """Cache + data layer. ``client`` is None when offline (``--offline``)."""

    client: SageMakerClient | None
    cache: Any = None  # tui.cache.store.CacheStore once the cache lands; None = --no-cache
    clock: Clock = field(default_factory=SystemClock)
    intervals: RefreshIntervals = field(default_factory=RefreshIntervals)

    @property
    def offline(self) -> bool:
        return self.client is None

    @property
    def counter(self) -> CallCounter:
        return self.client.counter if self.client else CallCounter()

    # -- list ---------------------------------------------------------------------------------
    def cached_summaries(self) -> Fetched[list[dict[str, Any]]] | None:
        """The last known list, instantly (None when nothing is cached)."""
        return None

    def list_all(self, filters: ListFilters | None = None) -> Iterator[list[dict[str, Any]]]:
        """Every summary, one page at a time as each arrives (pages may be empty)."""
        client = self._require_client("list training jobs")
        yield from list_training_jobs(client, filters)

    def list_changes(
        self, since: datetime, filters: ListFilters | None = None
    ) -> list[dict[str, Any]]:
        """Summaries modified after ``since - OVERLAP``: one incremental call (more if paged)."""
        client = self._require_client("list training jobs")
        base = filters or ListFilters()
        delta = ListFilters(
            **{**base.__dict__, "last_modified_time_after": since - OVERLAP}
        )
        return [s for page in list_training_jobs(client, delta) for s in page]

    # -- describe -----------------------------------------------------------------------------
    def cached_describe(self, name: str) -> Fetched[dict[str, Any]] | None:
        return None

    def describe(self, name: str, *, force: bool = False) -> Fetched[dict[str, Any]]:
        """The job's DescribeTrainingJob response, from the cache when the policy allows."""
        client = self._require_client(f"describe {name}")
        response = describe_training_job(client, name)
        return Fetched(response, self.clock.now())

    def refresh_interval(self, response: dict[str, Any]) -> float | None:
        """Seconds until this job should be re-described automatically; None once settled."""
        status = response.get("TrainingJobStatus")
        if status in ("InProgress", "Stopping"):
            return self.intervals.running_job
        warm = (response.get("WarmPoolStatus") or {}).get("Status")
        rules = [
            *response.get("DebugRuleEvaluationStatuses", []),
            *response.get("ProfilerRuleEvaluationStatuses", []),
        ]
        if warm in ("InUse", "Available") or any(
            r.get("RuleEvaluationStatus") == "InProgress" for r in rules
        ):
            return self.intervals.settling_job
        return None

    def _require_client(self, what: str) -> SageMakerClient:
        if self.client is None:
            raise OfflineError(f"Offline: cannot {what} without the cache.")
        return self.client
