"""StopTrainingJob for the local SageMaker, as SageMaker does it (moto 5.2 answers it with a 500).

Documented behaviour implemented here (API reference ``StopTrainingJob``, ``DescribeTrainingJob``):

* Only an ``InProgress`` job can be stopped; any other status is a ValidationException
  ("The request was rejected because the training job is in status Stopped."), an unknown job
  is a ValidationException "Requested resource not found." (what SageMaker answers for a missing
  job, which the app reads as not found).
* The call returns at once with an empty body; the job is then ``Stopping`` (primary and secondary
  status, StatusMessage "Stopping the training job") and, :data:`STOP_SECONDS` later,
  ``Stopped`` (secondary ``Stopped``, "Training job stopped"), with TrainingEndTime, training and
  billable seconds when it had started training. Rule evaluations still in progress go to
  ``Stopping``, then ``Stopped``.
* A warm pool is kept: a job with ``ResourceConfig.KeepAlivePeriodInSeconds`` ends with
  ``WarmPoolStatus`` ``Available``, ``Terminated`` once the keep-alive period has passed unused.

The job's later states are events (:mod:`tui.demo.events`), replayed onto moto's job object by
:class:`Stopper` whenever a SageMaker request reaches the server, on the stopper's clock (a test's
fixed clock, or real time), so no thread is needed and a test decides when "later" is. The fleet's
simulator is told to forget a stopped job's own future (it would otherwise complete it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

from tui.clock import Clock, SystemClock
from tui.demo import messages as msg
from tui.demo.events import Event, advance, changed_fields, pending_events

#: Seconds from StopTrainingJob to Stopped (SageMaker takes from seconds to a few minutes).
STOP_SECONDS = 20
#: The describe members a stop reads or changes.
MEMBERS = (
    "TrainingJobStatus", "SecondaryStatus", "SecondaryStatusTransitions", "LastModifiedTime",
    "TrainingStartTime", "TrainingEndTime", "ResourceConfig", "WarmPoolStatus",
    "DebugRuleEvaluationStatuses", "ProfilerRuleEvaluationStatuses",
)


class StopRejected(Exception):
    """What SageMaker answers with a ValidationException (``str()`` is its message)."""


def not_in_progress_message(status: str) -> str:
    return f"The request was rejected because the training job is in status {status}."


def stop_events(state: Mapping[str, Any], at: datetime, *, stop_seconds: int = STOP_SECONDS) -> list[Event]:
    """The rest of a job's life once StopTrainingJob is called at ``at`` (pure).

    ``state`` holds the job's describe fields with aware UTC times. Raises :class:`StopRejected`
    when the job is not InProgress.
    """
    status = state.get("TrainingJobStatus")
    if status != "InProgress":
        raise StopRejected(not_in_progress_message(str(status)))
    last = state.get("LastModifiedTime")
    if isinstance(last, datetime) and at <= last:
        at = last + timedelta(seconds=1)  # events of one job move strictly forward
    stopping: dict[str, Any] = {}
    stopped: dict[str, Any] = {}
    for member in ("DebugRuleEvaluationStatuses", "ProfilerRuleEvaluationStatuses"):
        rules = state.get(member)
        if rules:
            stopping[member] = _rules(rules, "Stopping", at)
    ended = at + timedelta(seconds=stop_seconds)
    for member in ("DebugRuleEvaluationStatuses", "ProfilerRuleEvaluationStatuses"):
        rules = state.get(member)
        if rules:
            stopped[member] = _rules(rules, "Stopped", ended)
    started = state.get("TrainingStartTime")
    if isinstance(started, datetime):
        seconds = max(1, int((ended - started).total_seconds()))
        stopped.update(TrainingEndTime=ended, TrainingTimeInSeconds=seconds, BillableTimeInSeconds=seconds)
    keep_alive = (state.get("ResourceConfig") or {}).get("KeepAlivePeriodInSeconds")
    events = [Event(at, "Stopping", msg.STOPPING, stopping)]
    if keep_alive:
        stopped["WarmPoolStatus"] = {"Status": "Available"}
        events.append(Event(ended, "Stopped", msg.STOPPED, stopped))
        expiry = {"Status": "Terminated", "ResourceRetainedBillableTimeInSeconds": int(keep_alive)}
        expires = ended + timedelta(seconds=int(keep_alive))
        events.append(Event(expires, None, None, {"WarmPoolStatus": expiry}))
    else:
        events.append(Event(ended, "Stopped", msg.STOPPED, stopped))
    return events


def _rules(rules: list[dict[str, Any]], status: str, at: datetime) -> list[dict[str, Any]]:
    """Rule evaluations still running follow the job; those with a verdict keep it."""
    moved = []
    for rule in rules:
        entry = dict(rule)
        if entry.get("RuleEvaluationStatus") in ("InProgress", "Stopping"):
            entry["RuleEvaluationStatus"] = status
            entry["LastModifiedTime"] = at
        moved.append(entry)
    return moved


def _aware(value: Any) -> Any:
    """moto's naive UTC times (anywhere inside ``value``) as aware UTC, as the events use them."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value
    if isinstance(value, Mapping):
        return {k: _aware(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_aware(v) for v in value]
    return value


class Stopper:
    """The stops of one moto SageMaker backend: their future events, replayed on each request."""

    def __init__(self, backend: Any, clock: Clock | None = None, *, stop_seconds: int = STOP_SECONDS) -> None:
        self.backend = backend
        self.clock: Clock = clock or SystemClock()
        self.stop_seconds = stop_seconds
        #: Called with a job's name when it is stopped (the simulator drops its own plan).
        self.on_stop: list[Callable[[str], None]] = []
        self._plans: dict[str, list[Event]] = {}
        self._lock = threading.Lock()

    def _state(self, job: Any) -> dict[str, Any]:
        from tui.demo.server import attribute_name

        values = {m: _aware(getattr(job, attribute_name(m), None)) for m in MEMBERS}
        return {k: v for k, v in values.items() if v is not None}

    def stop(self, name: str) -> None:
        """StopTrainingJob ``name`` now; :class:`StopRejected` as SageMaker would refuse it."""
        with self._lock:
            self._catch_up()
            job = self.backend.training_jobs.get(name)
            if job is None:
                raise StopRejected("Requested resource not found.")
            for forget in self.on_stop:
                forget(name)  # before reading the state: the simulator must not move it on after
            state = self._state(job)
            events = stop_events(state, self.clock.now(), stop_seconds=self.stop_seconds)
            self._plans[name] = events
            self._apply(name, job, state)

    def catch_up(self) -> None:
        """Apply every stop event whose time has come (called before each SageMaker request)."""
        with self._lock:
            self._catch_up()

    def _catch_up(self) -> None:
        for name in list(self._plans):
            job = self.backend.training_jobs.get(name)
            if job is None:
                del self._plans[name]
                continue
            self._apply(name, job, self._state(job))

    def _apply(self, name: str, job: Any, state: dict[str, Any]) -> None:
        from tui.demo.server import update_job

        plan = self._plans[name]
        new = advance(state, plan, self.clock.now())
        if new != state:
            update_job(job, changed_fields(state, new))
        if not pending_events(new, plan):
            del self._plans[name]


def stopper_for(backend: Any, clock: Clock | None = None) -> Stopper:
    """The backend's stopper, made on first use (on this backend instance: a moto reset, which
    rebuilds backends, forgets every stop). ``clock`` replaces the clock of an existing one."""
    found: Stopper | None = getattr(backend, "_demo_stopper", None)
    if found is None:
        found = Stopper(backend, clock)
        backend._demo_stopper = found
    elif clock is not None:
        found.clock = clock
    return found


def install() -> None:
    """Answer StopTrainingJob in every moto server of this process (idempotent), and bring stops up
    to date before every other SageMaker request, so a describe, list or Search sees them."""
    from moto.sagemaker.exceptions import ValidationError
    from moto.sagemaker.responses import SageMakerResponse

    if getattr(SageMakerResponse, "_demo_stop", False):
        return

    def stop_training_job(self: Any) -> str:
        try:
            stopper_for(self.sagemaker_backend).stop(self._get_param("TrainingJobName"))
        except StopRejected as exc:
            raise ValidationError(message=str(exc)) from None
        return "{}"

    original = SageMakerResponse.call_action

    def call_action(self: Any) -> Any:
        try:
            stopper: Stopper | None = getattr(self.sagemaker_backend, "_demo_stopper", None)
        except Exception:  # no backend for this request (a malformed one): moto answers it
            stopper = None
        if stopper is not None:
            stopper.catch_up()
        return original(self)

    SageMakerResponse.stop_training_job = stop_training_job  # type: ignore[attr-defined]
    SageMakerResponse.call_action = call_action  # type: ignore[method-assign]
    SageMakerResponse._demo_stop = True  # type: ignore[attr-defined]
