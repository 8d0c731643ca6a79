"""What the repositories return: a value, when it was fetched, and whether from the cache."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from tui.aws.errors import AwsError

T = TypeVar("T")


@dataclass(frozen=True)
class Fetched(Generic[T]):
    """A value with when it was fetched from the service and whether it came from the cache."""

    value: T
    fetched_at: datetime
    from_cache: bool = False
    #: True when the policy wanted a fresh copy but could not get one (offline, or ``error``).
    stale: bool = False
    #: Why a fresh copy could not be fetched (the cached copy was returned instead).
    error: AwsError | None = None
    #: Only part of what is cached (the newest of a long list): more can be read.
    partial: bool = False
    #: A Search record (a describe minus :func:`search_lacks`): a first paint, never the describe.
    search_record: bool = False
    #: When this describe is due for a refresh (None: never, the job has settled), so a screen
    #: need not ask the repository again.
    due_at: datetime | None = None
