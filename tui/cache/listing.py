"""Pure helpers for cached listings: which filters a listing answers, and its high-water mark."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import fields, replace
from datetime import datetime, timezone
from typing import Any

from tui.aws.jobs import ListFilters

#: Fields that change the order of a listing but not what it contains.
ORDER_ONLY = frozenset({"sort_by", "sort_order"})


def filter_key(filters: ListFilters | None) -> str:
    """A stable key for a set of server-side filters; ``""`` for none (the whole scope)."""
    if filters is None:
        return ""
    chosen: dict[str, Any] = {}
    for f in fields(filters):
        value = getattr(filters, f.name)
        if value is None or f.name in ORDER_ONLY:
            continue
        chosen[f.name] = _utc(value).isoformat() if isinstance(value, datetime) else value
    return json.dumps(chosen, sort_keys=True, separators=(",", ":")) if chosen else ""


def without_order(filters: ListFilters | None) -> ListFilters | None:
    if filters is None:
        return None
    return replace(filters, sort_by=None, sort_order=None)


def matches(summary: Mapping[str, Any], filters: ListFilters | None) -> bool:
    """Whether a cached summary passes the server-side filters (applied locally, offline or at start).

    NameContains is matched case-insensitively: at worst the cached view shows a job the service
    would not, until the next list call replaces it.
    """
    if filters is None:
        return True
    name = str(summary.get("TrainingJobName", ""))
    if filters.name_contains and filters.name_contains.lower() not in name.lower():
        return False
    if filters.status_equals and summary.get("TrainingJobStatus") != filters.status_equals:
        return False
    if filters.warm_pool_status_equals:
        warm = summary.get("WarmPoolStatus") or {}
        if not isinstance(warm, Mapping) or warm.get("Status") != filters.warm_pool_status_equals:
            return False
    plan = getattr(filters, "training_plan_arn_equals", None)
    if plan and summary.get("TrainingPlanArn") != plan:
        return False
    checks = (
        ("CreationTime", filters.creation_time_after, True),
        ("CreationTime", filters.creation_time_before, False),
        ("LastModifiedTime", filters.last_modified_time_after, True),
        ("LastModifiedTime", filters.last_modified_time_before, False),
    )
    for field_name, bound, after in checks:
        if bound is None:
            continue
        value = summary.get(field_name)
        if not isinstance(value, datetime):
            return False
        if after and not _utc(value) > _utc(bound):
            return False
        if not after and not _utc(value) < _utc(bound):
            return False
    return True


def newest_modified(summaries: Iterable[Mapping[str, Any]]) -> datetime | None:
    """The latest LastModifiedTime among the summaries (None when there are none)."""
    best: datetime | None = None
    for summary in summaries:
        value = summary.get("LastModifiedTime")
        if isinstance(value, datetime):
            value = _utc(value)
            if best is None or value > best:
                best = value
    return best


def high_water(seen: datetime | None, started: datetime) -> datetime | None:
    """The mark a listing that began at ``started`` (our clock) may claim.

    The newest LastModifiedTime seen is the service's own clock, so deltas do not depend on ours;
    but a change made while a long listing was paging may sit on a page already read, so the mark
    never passes the moment the listing began (the repository's overlap window covers skew).
    """
    if seen is None:
        return None
    return min(seen, _utc(started))


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)
