"""The list columns that only a describe knows (instance type x count, billable time).

ListTrainingJobs summaries lack them, and describing every job to fill a column would cost one
call per job; so the list shows them only for jobs whose describe is already cached. They are
extracted when a describe is stored, so the list reads a few small columns, not whole responses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Enrichment:
    """What the cached describe of one job adds to its list row (None = not in the response)."""

    #: ``ml.p4d.24xlarge``; heterogeneous clusters join their distinct types with ``+``.
    instance_type: str | None
    #: Instances in total (all instance groups of a heterogeneous cluster).
    instance_count: int | None
    billable_seconds: int | None
    #: When the describe these come from was fetched.
    fetched_at: datetime


def resources(response: Mapping[str, Any]) -> tuple[str | None, int | None]:
    """(instance type, instance count) from a DescribeTrainingJob response."""
    config = response.get("ResourceConfig")
    if not isinstance(config, Mapping):
        return None, None
    groups = config.get("InstanceGroups")
    if isinstance(groups, list) and groups:
        types: list[str] = []
        count = 0
        for group in groups:
            if not isinstance(group, Mapping):
                continue
            kind = group.get("InstanceType")
            if isinstance(kind, str) and kind not in types:
                types.append(kind)
            number = group.get("InstanceCount")
            if isinstance(number, int) and not isinstance(number, bool):
                count += number
        return ("+".join(types) or None), (count or None)
    kind = config.get("InstanceType")
    number = config.get("InstanceCount")
    return (
        kind if isinstance(kind, str) else None,
        number if isinstance(number, int) and not isinstance(number, bool) else None,
    )


def billable_seconds(response: Mapping[str, Any]) -> int | None:
    value = response.get("BillableTimeInSeconds")
    return value if isinstance(value, int) and not isinstance(value, bool) else None
