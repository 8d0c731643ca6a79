"""Write one job's life as events: enter a status, say a message, finish, settle rules and pools.

:class:`Life` keeps a time cursor from the job's creation; each call moves it on. ``split(now)``
turns the whole story into the state at "now" plus the plan for the simulator. The finishing rules
are SageMaker's: TrainingStartTime is when instances start working (Downloading, or Training when
there is nothing to download), TrainingTimeInSeconds runs from there to TrainingEndTime, billable
time equals it unless managed spot saved some, and a job that never got instances has none of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from tui.demo import messages as msg
from tui.demo.events import FINAL_SECONDARY, Event, advance
from tui.demo.spec import DEMO_ACCOUNT, DEMO_REGION

#: (rule configuration name, final RuleEvaluationStatus, StatusDetails or None)
RuleOutcome = tuple[str, str, "str | None"]


class Life:
    """One job's story, told in order from its creation."""

    def __init__(
        self,
        name: str,
        created: datetime,
        *,
        status: str = "Starting",
        message: str = msg.STARTING_LAUNCH,
        debug_rules: Sequence[RuleOutcome] = (),
        profiler_rules: Sequence[RuleOutcome] = (),
    ) -> None:
        self.name = name
        self.created = created
        self.cursor = created
        self.started: datetime | None = None
        self.ended: datetime | None = None
        self.debug_rules = tuple(debug_rules)
        self.profiler_rules = tuple(profiler_rules)
        self.initial: dict[str, Any] = {
            "TrainingJobStatus": "InProgress",
            "SecondaryStatus": status,
            "CreationTime": created,
            "LastModifiedTime": created,
            "SecondaryStatusTransitions": [
                {"Status": status, "StartTime": created, "StatusMessage": message}
            ],
        }
        # Rule evaluations are scheduled with the job and report InProgress from its creation.
        if self.debug_rules:
            self.initial["DebugRuleEvaluationStatuses"] = self.rule_statuses(
                self.debug_rules, created, final=False
            )
        if self.profiler_rules:
            self.initial["ProfilerRuleEvaluationStatuses"] = self.rule_statuses(
                self.profiler_rules, created, final=False
            )
        self.events: list[Event] = []
        #: (secondary status, when entered) in order: where an in-progress job can be cut.
        self.marks: list[tuple[str, datetime]] = [(status, created)]

    def shift(self, delta: timedelta) -> None:
        """Move the whole story in time (to put "now" where an in-progress job should be)."""
        self.created += delta
        self.cursor += delta
        self.started = self.started + delta if self.started else None
        self.ended = self.ended + delta if self.ended else None
        self.initial = _shifted(self.initial, delta)
        self.events = [
            Event(e.at + delta, e.status, e.message, _shifted(dict(e.updates), delta)) for e in self.events
        ]
        self.marks = [(s, at + delta) for s, at in self.marks]

    # -- telling the story -------------------------------------------------------------------
    def _step(self, seconds: float) -> datetime:
        self.cursor += timedelta(seconds=max(1, round(seconds)))
        return self.cursor

    def enter(self, seconds: float, status: str, message: str | None = None, **updates: Any) -> datetime:
        """``seconds`` after the cursor, the job enters secondary ``status``."""
        at = self._step(seconds)
        if self.started is None and status in ("Downloading", "Training"):
            self.started = at
            updates.setdefault("TrainingStartTime", at)
        self.events.append(Event(at, status, message, updates))
        self.marks.append((status, at))
        return at

    def say(self, seconds: float, message: str) -> datetime:
        """``seconds`` after the cursor, the current status's message changes."""
        at = self._step(seconds)
        self.events.append(Event(at, None, message))
        return at

    def update(self, at: datetime, **updates: Any) -> None:
        """Set fields at an absolute time (warm pool reuse, late rule verdicts ...)."""
        self.events.append(Event(at, None, None, updates))

    def finish(
        self,
        seconds: float,
        status: str,
        message: str,
        *,
        billable_fraction: float = 1.0,
        metrics: Iterable[tuple[str, float]] = (),
        failure_reason: str | None = None,
        **updates: Any,
    ) -> datetime:
        """End the job in ``status`` (Completed, Failed, Stopped, MaxRuntimeExceeded ...)."""
        assert status in FINAL_SECONDARY, status
        at = self._step(seconds)
        self.ended = at
        if failure_reason is not None:
            updates["FailureReason"] = failure_reason
        if self.started is not None:
            training = max(1, int((at - self.started).total_seconds()))
            updates["TrainingEndTime"] = at
            updates["TrainingTimeInSeconds"] = training
            updates["BillableTimeInSeconds"] = max(1, round(training * billable_fraction))
        final_metrics = [
            {"MetricName": name, "Value": value, "Timestamp": at - timedelta(seconds=5 + i)}
            for i, (name, value) in enumerate(metrics)
        ]
        if final_metrics:
            updates["FinalMetricDataList"] = final_metrics
        self.events.append(Event(at, status, message, updates))
        self.marks.append((status, at))
        return at

    def reuse_pool(self, at: datetime, by: str) -> None:
        """Another job (``by``) takes over this job's warm pool at ``at``: Reused, and the expiry
        written for it no longer happens."""
        self.events = [
            e
            for e in self.events
            if not (e.at > at and e.status is None and set(e.updates) == {"WarmPoolStatus"})
        ]
        retained = int((at - (self.ended or at)).total_seconds())
        self.update(at, WarmPoolStatus=warm_pool("Reused", retained=retained, reused_by=by))

    def settle_rules(self, seconds: float, *, stopped: bool = False) -> None:
        """``seconds`` after the cursor (the job's end), the rule evaluations reach their verdicts."""
        at = self._step(seconds)
        updates: dict[str, Any] = {}
        if self.debug_rules:
            updates["DebugRuleEvaluationStatuses"] = self.rule_statuses(
                self.debug_rules, at, final=True, stopped=stopped
            )
        if self.profiler_rules:
            updates["ProfilerRuleEvaluationStatuses"] = self.rule_statuses(
                self.profiler_rules, at, final=True, stopped=stopped
            )
        if updates:
            self.events.append(Event(at, None, None, updates))

    def stop(self, seconds: float, **updates: Any) -> datetime:
        """``seconds`` after the cursor, someone calls StopTrainingJob: Stopping, rules stopping too."""
        at = self.enter(seconds, "Stopping", msg.STOPPING, **updates)
        stopping: dict[str, Any] = {}
        if self.debug_rules:
            stopping["DebugRuleEvaluationStatuses"] = self.rule_statuses(
                [(n, "Stopping", None) for n, _s, _d in self.debug_rules], at, final=True
            )
        if self.profiler_rules:
            stopping["ProfilerRuleEvaluationStatuses"] = self.rule_statuses(
                [(n, "Stopping", None) for n, _s, _d in self.profiler_rules], at, final=True
            )
        if stopping:
            self.update(at, **stopping)
        return at

    def rule_statuses(
        self, rules: Iterable[RuleOutcome], at: datetime, *, final: bool, stopped: bool = False
    ) -> list[dict[str, Any]]:
        statuses = []
        for name, outcome, details in rules:
            status = outcome if final else "InProgress"
            if stopped and status != "Error":
                status = "Stopped"
            entry: dict[str, Any] = {
                "RuleConfigurationName": name,
                "RuleEvaluationJobArn": rule_job_arn(self.name, name),
                "RuleEvaluationStatus": status,
                "LastModifiedTime": at,
            }
            if final and details and not stopped:
                entry["StatusDetails"] = details
            statuses.append(entry)
        return statuses

    # -- reading it back -----------------------------------------------------------------------
    def ordered_events(self) -> list[Event]:
        """The events in time order; two at the same second merge (or the later moves on a second)."""
        ordered: list[Event] = []
        for event in sorted(self.events, key=lambda e: e.at):
            if ordered and event.at <= ordered[-1].at:
                last = ordered[-1]
                if event.status is None and event.message is None:
                    ordered[-1] = Event(last.at, last.status, last.message, {**last.updates, **event.updates})
                    continue
                event = Event(last.at + timedelta(seconds=1), event.status, event.message, event.updates)
            ordered.append(event)
        return ordered

    def split(self, now: datetime) -> tuple[dict[str, Any], tuple[Event, ...]]:
        """(state at ``now``, the events still to come)."""
        events = self.ordered_events()
        state = advance(self.initial, events, now)
        return state, tuple(e for e in events if e.at > now)


def _shifted(value: Any, delta: timedelta) -> Any:
    if isinstance(value, datetime):
        return value + delta
    if isinstance(value, dict):
        return {k: _shifted(v, delta) for k, v in value.items()}
    if isinstance(value, list):
        return [_shifted(v, delta) for v in value]
    return value


def rule_job_arn(job: str, rule: str) -> str:
    """The processing job SageMaker names for a rule evaluation: job prefix, rule, hash; <= 63 chars."""
    import hashlib

    digest = hashlib.sha1(f"{job}/{rule}".encode()).hexdigest()[:8]
    stem = f"{job[:26].rstrip('-')}-{rule[:24].rstrip('-')}"
    return f"arn:aws:sagemaker:{DEMO_REGION}:{DEMO_ACCOUNT}:processing-job/{stem}-{digest}".lower()


def warm_pool(status: str, retained: int | None = None, reused_by: str | None = None) -> dict[str, Any]:
    pool: dict[str, Any] = {"Status": status}
    if retained is not None:
        pool["ResourceRetainedBillableTimeInSeconds"] = retained
    if reused_by is not None:
        pool["ReusedByJob"] = reused_by
    return pool


def issues(rule: str, step: int) -> str:
    return msg.ISSUES_FOUND.format(rule=rule, step=step)
