"""A training job's life as a list of timed events, and the pure function that replays them.

The generator writes each job's whole life (past and future) as events; the state served at start-up
is the events up to "now" replayed onto the job's creation state, and the simulator replays the rest
as the clock passes them. One function, :func:`advance`, does both, so what the simulator shows
later is exactly what a job generated later would have shown.

A state is a plain dict of DescribeTrainingJob fields (the ones that change over a job's life), with
aware UTC datetimes. States are never mutated: every step returns a new dict, and the values it
changes are new objects, so a server thread serialising the old state never sees a half-made one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

#: The primary status each secondary status belongs to (SageMaker's documented grouping; the
#: deprecated LaunchingMLInstances/PreparingTrainingStack/DownloadingTrainingImage were InProgress).
PRIMARY_OF_SECONDARY = {
    "Pending": "InProgress",
    "Starting": "InProgress",
    "LaunchingMLInstances": "InProgress",
    "PreparingTrainingStack": "InProgress",
    "Downloading": "InProgress",
    "DownloadingTrainingImage": "InProgress",
    "Training": "InProgress",
    "Interrupted": "InProgress",
    "Restarting": "InProgress",
    "Updating": "InProgress",
    "Uploading": "InProgress",
    "Completed": "Completed",
    "Failed": "Failed",
    "Stopping": "Stopping",
    "Stopped": "Stopped",
    "MaxRuntimeExceeded": "Stopped",
    "MaxWaitTimeExceeded": "Stopped",
}

#: Secondary statuses that end a job: SageMaker records them with EndTime == StartTime.
FINAL_SECONDARY = frozenset({"Completed", "Failed", "Stopped", "MaxRuntimeExceeded", "MaxWaitTimeExceeded"})


@dataclass(frozen=True)
class Event:
    """One change in a job's life at ``at``.

    ``status`` opens a new secondary status (closing the open transition at ``at``) with
    ``message`` as its StatusMessage; a ``message`` without a ``status`` replaces the open
    transition's StatusMessage (SageMaker rewrites it within a status: "Downloading the training
    image" becomes "Training image download completed. Training in progress."). ``updates`` sets
    describe fields (a None value removes the field). Every event moves LastModifiedTime to ``at``.
    """

    at: datetime
    status: str | None = None
    message: str | None = None
    updates: Mapping[str, Any] = field(default_factory=dict)


def apply_event(state: Mapping[str, Any], event: Event) -> dict[str, Any]:
    """The state after ``event`` (a new dict; ``state`` is left alone)."""
    new = dict(state)
    if event.status is not None:
        transitions = [dict(t) for t in state.get("SecondaryStatusTransitions", ())]
        if transitions and "EndTime" not in transitions[-1]:
            transitions[-1]["EndTime"] = event.at
        opened: dict[str, Any] = {"Status": event.status, "StartTime": event.at}
        if event.status in FINAL_SECONDARY:
            opened["EndTime"] = event.at
        if event.message is not None:
            opened["StatusMessage"] = event.message
        transitions.append(opened)
        new["SecondaryStatusTransitions"] = transitions
        new["SecondaryStatus"] = event.status
        new["TrainingJobStatus"] = PRIMARY_OF_SECONDARY[event.status]
    elif event.message is not None and state.get("SecondaryStatusTransitions"):
        transitions = [dict(t) for t in state["SecondaryStatusTransitions"]]
        transitions[-1]["StatusMessage"] = event.message
        new["SecondaryStatusTransitions"] = transitions
    for key, value in event.updates.items():
        if value is None:
            new.pop(key, None)
        else:
            new[key] = value
    new["LastModifiedTime"] = event.at
    return new


def advance(state: Mapping[str, Any], events: Iterable[Event], now: datetime) -> dict[str, Any]:
    """The state at ``now``: every event after the state's LastModifiedTime and not after ``now``.

    Idempotent (advancing twice to the same ``now`` changes nothing) because an event is applied
    only when it is newer than LastModifiedTime, which applying it sets; events of one job therefore
    have strictly increasing times (the generator guarantees it).
    """
    current = dict(state)
    last = current.get("LastModifiedTime")
    for event in events:
        if event.at > now:
            break
        if last is not None and event.at <= last:
            continue
        current = apply_event(current, event)
        last = event.at
    return current


def pending_events(state: Mapping[str, Any], events: Iterable[Event]) -> list[Event]:
    """The events ``state`` has not seen yet (those after its LastModifiedTime)."""
    last = state.get("LastModifiedTime")
    return [e for e in events if last is None or e.at > last]


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """The fields that differ between two states; a field gone from ``new`` maps to None."""
    changes = {k: v for k, v in new.items() if old.get(k) != v}
    changes.update({k: None for k in old if k not in new})
    return changes
