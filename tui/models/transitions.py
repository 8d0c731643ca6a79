"""A training job's status history: its transitions as rows of the Status tab's timeline (what each
status means is :mod:`tui.models.meanings`). Pure functions (textual-free).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui.aws.statuses import RUNNING_STATUSES
from tui.models.detail import JobView


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, (end - start).total_seconds())


# -- transitions -------------------------------------------------------------------------------

INTERRUPTED_STATUSES = frozenset({"Interrupted"})
FAILED_STATUSES = frozenset({"Failed", "MaxRuntimeExceeded", "MaxWaitTimeExceeded"})


@dataclass(frozen=True)
class TransitionRow:
    status: str
    start: datetime | None
    end: datetime | None
    message: str | None
    seconds: float | None
    #: The last transition of a running job with no EndTime: its duration grows with "now".
    current: bool
    #: "current", "interrupted", "failed" or "normal": which timeline bar colour to use.
    kind: str
    #: This transition's share of the summed durations (0..1), None when its duration is unknown.
    share: float | None


def transition_rows(view: JobView, now: datetime) -> list[TransitionRow]:
    transitions = view.transitions
    running = view.status in RUNNING_STATUSES
    raw_rows: list[tuple[Any, datetime | None, bool]] = []
    for i, t in enumerate(transitions):
        current = running and t.end is None and i == len(transitions) - 1
        end = now if current else t.end
        raw_rows.append((t, end, current))
    seconds = [_seconds(t.start, end) for t, end, _ in raw_rows]
    total = sum(s for s in seconds if s is not None)
    rows = []
    for (t, end, current), secs in zip(raw_rows, seconds, strict=True):
        status = t.status or "-"
        if current:
            kind = "current"
        elif status in INTERRUPTED_STATUSES:
            kind = "interrupted"
        elif status in FAILED_STATUSES:
            kind = "failed"
        else:
            kind = "normal"
        share = (secs / total) if (secs is not None and total > 0) else None
        rows.append(TransitionRow(status, t.start, end, t.message, secs, current, kind, share))
    return rows


def timeline_span(rows: Sequence[TransitionRow]) -> tuple[datetime, datetime] | None:
    """Earliest start and latest end over the rows (for drawing bars on one time axis)."""
    starts = [r.start for r in rows if r.start is not None]
    ends = [r.end for r in rows if r.end is not None] + starts
    if not starts:
        return None
    return min(starts), max(ends)
