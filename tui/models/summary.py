"""List rows: a compact, typed view of ListTrainingJobs summaries (textual-free).

A row is a NamedTuple of plain values (epoch seconds, interned status strings) because the list must
hold 100,000 of them in well under 300 MB, sort them in milliseconds and compare them cheaply to
find what changed between two refreshes (tuple equality does that for free).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import datetime, timezone, tzinfo
from typing import Any, NamedTuple

from tui.aws.statuses import RUNNING_STATUSES
from tui.models.duration import JobDuration, job_duration, short_text
from tui.models.timefmt import DASH, format_coarse, format_duration
from tui.safe_text import visible


class DescribeExtras(NamedTuple):
    """What the describe cache adds to a row: summaries carry neither field."""

    instance: str  # "ml.p4d.24xlarge x4", "" when unknown
    billable: float | None  # BillableTimeInSeconds


NO_EXTRAS = DescribeExtras("", None)


class JobRow(NamedTuple):
    """One training job as the list shows it."""

    name: str
    arn: str
    status: str
    secondary: str
    #: CreationTime, epoch seconds (UTC).
    created: float
    #: TrainingEndTime, epoch seconds; None while running and for jobs that never trained.
    end: float | None
    #: LastModifiedTime, epoch seconds (CreationTime when the summary lacks it).
    modified: float
    #: WarmPoolStatus.Status, "" when the job has no warm pool.
    warm_pool: str
    instance: str
    billable: float | None
    #: Case-folded name, for the case-insensitive filter and the name sort.
    name_key: str


# Summaries repeat a handful of status strings 100,000 times; one shared copy each saves megabytes.
_interned: dict[str, str] = {}


def _intern(value: Any) -> str:
    if not value:
        return ""
    text = str(value)
    found = _interned.get(text)
    if found is None:
        found = _interned[text] = sys.intern(text)
    return found


def epoch(value: Any) -> float | None:
    """Epoch seconds from what summaries carry: aware/naive datetimes (naive = UTC), numbers or ISO text."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.timestamp()
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return epoch(parsed)
    return None


def _ts(value: Any) -> float | None:
    # Fast path for what botocore returns (aware datetimes); everything else through epoch().
    if value.__class__ is datetime and value.tzinfo is not None:
        return float(value.timestamp())
    return epoch(value)


_new_row = tuple.__new__


def row_from_summary(summary: Mapping[str, Any], extras: DescribeExtras = NO_EXTRAS) -> JobRow:
    """The row for one TrainingJobSummary (missing fields become empty values, never an error)."""
    # Local lookups and tuple.__new__ (skipping NamedTuple's Python-level __new__): this runs
    # 100,000 times on a large account, and these cut the cost by a third.
    get = summary.get
    name = str(get("TrainingJobName") or "")
    created = _ts(get("CreationTime")) or 0.0
    modified = _ts(get("LastModifiedTime"))
    warm = get("WarmPoolStatus")
    warm_status = warm.get("Status") if isinstance(warm, Mapping) else None
    values = (
        name,
        str(get("TrainingJobArn") or ""),
        _intern(get("TrainingJobStatus")),
        _intern(get("SecondaryStatus")),
        created,
        _ts(get("TrainingEndTime")),
        modified if modified is not None else created,
        _intern(warm_status),
        extras.instance,
        extras.billable,
        name.casefold(),
    )
    return _new_row(JobRow, values)


def with_extras(row: JobRow, extras: DescribeExtras) -> JobRow:
    return row._replace(instance=extras.instance, billable=extras.billable)


def make_extras(
    instance_type: str | None, instance_count: int | None, billable_seconds: float | None
) -> DescribeExtras:
    """``ml.p4d.24xlarge x4`` and billable seconds, from what the describe cache extracted."""
    instance = ""
    if instance_type:
        instance = f"{instance_type} x{instance_count}" if instance_count else instance_type
    billable = float(billable_seconds) if billable_seconds is not None else None
    return DescribeExtras(_intern(instance), billable)


def duration_seconds(row: JobRow, now: float) -> float | None:
    """The job's duration (:func:`tui.models.duration.job_duration`, shared with the detail screen)."""
    return row_duration(row, now).seconds


def row_duration(row: JobRow, now: float) -> JobDuration:
    return job_duration(row.status, row.created, row.end, row.modified, now)


def format_age(ts: float, now: float) -> str:
    """``45s ago``, ``12m ago``, ``3h12m ago``, ``17h ago``, ``2d04h ago``; ``in 5s`` for clock skew.

    Minutes, not seconds, from one minute on, then kubectl's precision (see
    :func:`format_coarse`): an age is on every row and changes with time alone.
    """
    delta = now - ts
    if delta < 0:
        return f"in {format_duration(-delta)}"
    if delta < 1:
        return "just now"
    return f"{format_coarse(delta)} ago"


def format_clock(ts: float, zone: tzinfo | None) -> str:
    """``2026-11-26 14:02`` in ``zone`` (None = the machine's local zone)."""
    moment = datetime.fromtimestamp(ts, timezone.utc)
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M}"


def cell_text(
    row: JobRow, column: str, now: float, *, absolute: bool, zone: tzinfo | None = timezone.utc
) -> str:
    """The text of one cell (never None: absent values are a dash), control characters and bidi
    marks from the service shown as visible markers (:mod:`tui.safe_text`)."""
    if column == "name":
        return visible(row.name)
    if column == "status":
        return visible(row.status) if row.status else DASH
    if column == "secondary":
        return visible(row.secondary) if row.secondary else DASH
    if column in ("created", "modified"):
        ts = row.created if column == "created" else row.modified
        if not ts:
            return DASH
        return format_clock(ts, zone) if absolute else format_age(ts, now)
    if column == "duration":
        return short_text(row_duration(row, now))
    if column == "warm_pool":
        return visible(row.warm_pool) if row.warm_pool else DASH
    if column == "instance":
        return visible(row.instance) if row.instance else DASH
    if column == "billable":
        return format_duration(row.billable)
    raise KeyError(column)


def ticks(row: JobRow, column: str, *, absolute: bool) -> bool:
    """Whether this cell's text can change with time alone (so the table re-checks it each second)."""
    if column == "duration":
        return row.status in RUNNING_STATUSES
    return column in ("created", "modified") and not absolute
