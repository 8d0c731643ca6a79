"""A minimum spacing between calls, shared by every thread of the process.

ListTrainingJobs is limited to about 2 calls/s per account, shared with every other tool there;
we allow ourselves at most one per second whatever the UI asks for.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class MinInterval:
    """Blocks in :meth:`wait` until ``interval`` seconds have passed since the previous call."""

    def __init__(
        self,
        interval: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._last: float | None = None

    def wait(self) -> float:
        """Wait for our turn; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            waited = 0.0
            if self._last is not None:
                waited = max(0.0, self._last + self.interval - now)
                if waited:
                    self._sleep(waited)
            self._last = self._clock()
            return waited
