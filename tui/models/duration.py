"""A training job's duration: the one definition the list's DURATION column and the detail screen
share (pure, textual-free; times as epoch seconds so the list's 100,000 rows need no datetimes).

- A running job (InProgress, Stopping): creation to now; it grows.
- A finished job with a TrainingEndTime: creation to TrainingEndTime.
- A finished job without one (it failed or was stopped before training ended): creation to
  LastModifiedTime, the last time the job changed. That is when it stopped, give or take: it is
  shown marked (:data:`APPROXIMATE`, "until last update") rather than passed off as exact.
"""

from __future__ import annotations

from typing import NamedTuple

from tui.aws.statuses import RUNNING_STATUSES
from tui.models.timefmt import DASH, format_coarse, format_duration

#: How the duration was measured.
RUNNING = "running"
ENDED = "ended"
LAST_UPDATE = "last update"

#: Marks a duration measured to LastModifiedTime (no TrainingEndTime).
APPROXIMATE = "≈"


class JobDuration(NamedTuple):
    seconds: float | None
    #: :data:`RUNNING`, :data:`ENDED`, :data:`LAST_UPDATE`, or None when unknown.
    basis: str | None

    @property
    def live(self) -> bool:
        return self.basis == RUNNING

    @property
    def approximate(self) -> bool:
        return self.basis == LAST_UPDATE


UNKNOWN = JobDuration(None, None)


def job_duration(
    status: str | None, created: float | None, end: float | None, modified: float | None, now: float
) -> JobDuration:
    """The duration of a job from its status and epoch-second times (see the module docstring)."""
    if not created:
        return UNKNOWN
    if status in RUNNING_STATUSES:
        return JobDuration(max(0.0, now - created), RUNNING)
    if end is not None:
        return JobDuration(max(0.0, end - created), ENDED)
    if modified is not None:
        return JobDuration(max(0.0, modified - created), LAST_UPDATE)
    return UNKNOWN


def short_text(duration: JobDuration) -> str:
    """The list's cell: ``42m`` while running (kubectl's precision: it ticks), ``3h05m`` once
    ended, ``≈42m00s`` measured to the last update, a dash when unknown."""
    if duration.seconds is None:
        return DASH
    if duration.live:
        return format_coarse(duration.seconds)
    text = format_duration(duration.seconds)
    return APPROXIMATE + text if duration.approximate else text
