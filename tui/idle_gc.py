"""Full garbage collections moved out of key presses, into the first idle second.

CPython runs a full collection after every ten collections of its middle generation. In this
app that means every third job opened or so, and the collection lands inside the key press: 15
to 75 ms (measured with ``gc.callbacks`` while opening cached jobs) on top of a 25 ms open.
:class:`IdleCollector` turns the automatic full pass off and makes the same pass itself, as
often as CPython would, once no key has been pressed for a second. If keys never stop coming, it
runs the pass anyway once it is five times overdue, so memory stays bounded. The young
generations are left to CPython as they are (cheap: a few ms per open in all).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from types import ModuleType

#: A full-pass threshold that is never reached: the collector makes those passes itself.
NEVER = 1 << 30


class IdleCollector:
    def __init__(
        self,
        *,
        idle_after: float = 1.0,
        overdue: int = 5,
        collector: ModuleType = gc,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.idle_after = idle_after
        self.overdue = overdue
        self._gc = collector
        self._monotonic = monotonic
        self._last_input = monotonic()
        self.every = 10  # middle-generation collections per full pass (CPython's third threshold)
        self.passes = 0

    def start(self) -> None:
        """Take the full passes over from CPython (call once, with the heap frozen or not)."""
        young, middle, every = self._gc.get_threshold()
        if every != NEVER:
            self.every = max(1, every)
        self._gc.set_threshold(young, middle, NEVER)

    def input_seen(self) -> None:
        """A key was pressed: no full pass for ``idle_after`` seconds (unless overdue)."""
        self._last_input = self._monotonic()

    def tick(self) -> bool:
        """Call about once a second: make the full pass if one is due and the app is idle (or it
        is long overdue). True when it ran."""
        pending = self._gc.get_count()[2]  # middle-generation collections since the last full pass
        if pending < self.every:
            return False
        idle = self._monotonic() - self._last_input >= self.idle_after
        if not idle and pending < self.every * self.overdue:
            return False
        self._gc.collect()
        self.passes += 1
        return True


class HeapTuner:
    """What the launcher hands the app so that key presses stay free of collector stalls.

    Once, after the first list operation ended and was painted (:meth:`settle`), everything alive
    (modules, the list's rows: a large heap with 10,000 jobs) is moved out of the garbage
    collector's way with ``gc.freeze()``. Full collections then walk only what was made since,
    instead of landing in a job's opening as a 200-400 ms stall. Frozen objects are still freed
    when no longer referenced; only reference cycles alive right now are kept for the rest of the
    run. The full collections CPython would make inside key presses are made by
    :class:`IdleCollector` in the first idle second instead (the app calls :meth:`tick` each
    second and :meth:`input_seen` on each key).

    Tests build apps without one: a test process runs hundreds of apps and must not freeze them.
    """

    def __init__(
        self, collector: IdleCollector | None = None, *, freeze: Callable[[], None] = gc.freeze
    ) -> None:
        self.collector = collector or IdleCollector()
        self._freeze = freeze
        self.settled = False

    def settle(self) -> bool:
        """Freeze the heap and take full passes over (once); True the first time."""
        if self.settled:
            return False
        self.settled = True
        self._freeze()
        self.collector.start()
        return True

    def tick(self) -> None:
        self.collector.tick()

    def input_seen(self) -> None:
        self.collector.input_seen()
