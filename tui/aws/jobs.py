"""ListTrainingJobs and DescribeTrainingJob, with paging and typed errors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from tui.aws.client import SageMakerClient
from tui.aws.errors import EndpointError, map_error

# Re-exported: callers filter by status through this module.
from tui.aws.statuses import RUNNING_STATUSES, STATUSES, TERMINAL_STATUSES, WARM_POOL_STATUSES  # noqa: F401

PAGE_SIZE = 100  # ListTrainingJobs' maximum MaxResults



@dataclass(frozen=True)
class ListFilters:
    """Server-side filters of ListTrainingJobs (None means not set)."""

    name_contains: str | None = None
    status_equals: str | None = None
    creation_time_after: datetime | None = None
    creation_time_before: datetime | None = None
    last_modified_time_after: datetime | None = None
    last_modified_time_before: datetime | None = None
    warm_pool_status_equals: str | None = None
    sort_by: str | None = None
    sort_order: str | None = None
    training_plan_arn_equals: str | None = None

    def to_params(self) -> dict[str, Any]:
        names = {
            "name_contains": "NameContains",
            "status_equals": "StatusEquals",
            "creation_time_after": "CreationTimeAfter",
            "creation_time_before": "CreationTimeBefore",
            "last_modified_time_after": "LastModifiedTimeAfter",
            "last_modified_time_before": "LastModifiedTimeBefore",
            "warm_pool_status_equals": "WarmPoolStatusEquals",
            "sort_by": "SortBy",
            "sort_order": "SortOrder",
            "training_plan_arn_equals": "TrainingPlanArnEquals",
        }
        params: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is not None:
                params[names[f.name]] = value
        return params

    def describe(self) -> str:
        """A short human summary for the header, e.g. ``status=Failed name~bert``."""
        parts = []
        if self.name_contains:
            parts.append(f"name~{self.name_contains}")
        if self.status_equals:
            parts.append(f"status={self.status_equals}")
        if self.creation_time_after:
            parts.append(f"since {self.creation_time_after:%Y-%m-%d %H:%M}")
        if self.warm_pool_status_equals:
            parts.append(f"warm-pool={self.warm_pool_status_equals}")
        return " ".join(parts)


def list_training_job_pages(
    client: SageMakerClient,
    filters: ListFilters | None = None,
    *,
    page_size: int | None = PAGE_SIZE,
    starting_token: str | None = None,
) -> Iterator[tuple[list[dict[str, Any]], str | None]]:
    """Yield ``(summaries, next_token)`` per page as each arrives, until the last page.

    ``page_size=None`` sends no MaxResults (the service's default page size, as the AWS CLI does
    without ``--page-size``).

    Empty pages with a NextToken are followed; a repeated token ends the loop (a service bug would
    otherwise spin forever).
    """
    params = (filters or ListFilters()).to_params()
    if page_size is not None:
        params["MaxResults"] = page_size
    token = starting_token
    seen: set[str] = set()
    while True:
        call = dict(params)
        if token:
            call["NextToken"] = token
        try:  # every request waits for the client's list limiter (a before-send hook)
            response = client.raw.list_training_jobs(**call)
        except Exception as exc:
            raise map_error(exc, operation="ListTrainingJobs") from None
        require(response, "TrainingJobSummaries", "ListTrainingJobs")
        token = response.get("NextToken")
        yield response.get("TrainingJobSummaries", []), token
        if not token or token in seen:
            return
        seen.add(token)


def list_training_jobs(
    client: SageMakerClient, filters: ListFilters | None = None
) -> Iterator[list[dict[str, Any]]]:
    """Yield every page of summaries (possibly empty ones), for callers that do not need tokens."""
    for page, _token in list_training_job_pages(client, filters):
        yield page


#: SageMaker's TrainingJobName pattern and length limit (from the service model).
JOB_NAME_PATTERN = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$")


def check_job_name(name: str) -> str | None:
    """None when ``name`` is a valid training job name, else the sentence saying why not."""
    if not name:
        return "The training job name is empty."
    if len(name) > 63:
        return f"Training job names are at most 63 characters; this one has {len(name)}."
    if not JOB_NAME_PATTERN.match(name):
        return (
            f"Invalid training job name {name!r}: use letters, digits and hyphens, starting with a "
            "letter or digit."
        )
    return None


def describe_training_job(client: SageMakerClient, name: str) -> dict[str, Any]:
    """The raw DescribeTrainingJob response, without ResponseMetadata."""
    try:
        response = dict(client.raw.describe_training_job(TrainingJobName=name))
    except Exception as exc:
        raise map_error(exc, operation="DescribeTrainingJob", subject=name) from None
    response.pop("ResponseMetadata", None)
    require(response, "TrainingJobName", "DescribeTrainingJob")
    return response


def stop_training_job(client: SageMakerClient, name: str) -> None:
    """StopTrainingJob: SageMaker moves the job to Stopping, then Stopped (seen by describing it).
    A job that is not InProgress is a ValidationException ("... is in status Stopped.")."""
    try:
        client.raw.stop_training_job(TrainingJobName=name)
    except Exception as exc:
        raise map_error(exc, operation="StopTrainingJob", subject=name) from None


def require(response: dict[str, Any], member: str, operation: str) -> None:
    """Raise :class:`EndpointError` when a required member of the response is missing.

    botocore does not check Content-Length, and parses a body it cannot read as JSON (cut off
    mid-way, or not JSON at all) into an empty response: without this, a truncated
    ListTrainingJobs answer would pass for a complete, empty job list.
    """
    if member not in response:
        raise EndpointError(
            f"The SageMaker endpoint sent an incomplete {operation} response "
            "(the connection may have dropped mid-answer)."
        )
