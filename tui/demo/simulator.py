"""Move the demo's running jobs on as time passes, the way SageMaker would.

The logic is pure: :func:`step` takes a job's state, its planned events and a time, and returns the
state at that time (Starting -> Downloading -> Training -> Uploading -> Completed, spot
interruptions, failures, Stopping -> Stopped, warm pools InUse -> Available -> Terminated, rule
evaluations InProgress -> verdict), closing each transition's EndTime and moving LastModifiedTime as
SageMaker does. :class:`Simulator` only applies it on a daemon thread, with an injectable clock, and
hands the changed fields to whoever serves them (the moto backend).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from tui.clock import Clock, SystemClock
from tui.demo.events import Event, advance, changed_fields, pending_events
from tui.demo.spec import JobSpec
from tui.log import logger

log = logger(__name__)

#: Receives (job name, changed describe fields; None = field removed); False = the job is gone.
Apply = Callable[[str, dict[str, Any]], bool]


def step(state: Mapping[str, Any], plan: Sequence[Event], now: datetime) -> dict[str, Any]:
    """The job's state at ``now`` (pure; the same inputs always give the same state)."""
    return advance(state, plan, now)


def step_fleet(
    states: Mapping[str, Mapping[str, Any]], plans: Mapping[str, Sequence[Event]], now: datetime
) -> dict[str, dict[str, Any]]:
    """Every job's state at ``now``; jobs without a plan are returned unchanged."""
    return {name: step(state, plans.get(name, ()), now) for name, state in states.items()}


def is_settled(state: Mapping[str, Any], plan: Iterable[Event]) -> bool:
    """True when nothing is left to happen to the job."""
    return not pending_events(state, plan)


class Simulator:
    """Applies :func:`step` to the fleet's unfinished jobs every ``interval`` seconds."""

    def __init__(
        self,
        jobs: Iterable[JobSpec],
        apply: Apply,
        *,
        clock: Clock | None = None,
        interval: float = 1.0,
    ) -> None:
        self.clock: Clock = clock or SystemClock()
        self.interval = interval
        self._apply = apply
        self._plans = {job.name: job.plan for job in jobs if job.plan}
        self._states: dict[str, dict[str, Any]] = {}
        for job in jobs:
            if job.name in self._plans:
                self._states[job.name] = dict(job.state)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.steps = 0

    @property
    def active(self) -> list[str]:
        """Jobs with something still to happen."""
        with self._lock:
            return sorted(self._plans)

    def state(self, name: str) -> dict[str, Any] | None:
        """The simulator's view of an unfinished (or just finished) job."""
        with self._lock:
            return self._states.get(name)

    def forget(self, name: str) -> None:
        """Nothing more of ``name``'s own plan happens (it was stopped: see :mod:`tui.demo.stop`)."""
        with self._lock:
            self._plans.pop(name, None)

    def tick(self, now: datetime | None = None) -> list[str]:
        """Apply everything due by ``now`` (default: the clock's now); the names of changed jobs."""
        now = now or self.clock.now()
        changed: list[str] = []
        with self._lock:
            self.steps += 1
            for name in list(self._plans):
                plan = self._plans[name]
                old = self._states[name]
                new = step(old, plan, now)
                if new.get("LastModifiedTime") != old.get("LastModifiedTime"):
                    if not self._apply(name, changed_fields(old, new)):
                        # The job is gone from the server (state reset): nothing left to move.
                        del self._plans[name]
                        continue
                    self._states[name] = new
                    changed.append(name)
                if is_settled(new, plan):
                    del self._plans[name]
        return changed

    # -- the thread ---------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="demo-simulator", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.tick()
            except Exception:  # a bad step must not kill the demo; it is logged for --debug
                log.exception("demo simulator step failed")
            if not self._plans:
                return

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()
