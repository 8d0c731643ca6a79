"""SageMaker Search (Resource ``TrainingJob``) as a change feed: every job modified after a time.

ListTrainingJobs filters a page after cutting it to MaxResults, so "what changed since T" walks
every page of the account. Search filters before paging and sorts by any property, so the same
question costs ceil(changes / 100) calls, at least one, whatever the size of the account.

A Search record is botocore's ``TrainingJob`` shape: the DescribeTrainingJob response minus a few
members (:func:`search_lacks`, computed from the service model) plus ``Tags``. From it come the
job's ListTrainingJobs summary (:func:`summary_from_record`) and a partial describe.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from tui.aws.client import SageMakerClient
from tui.aws.errors import map_error
from tui.aws.jobs import require
from tui.aws.service_model import sagemaker_model

#: Search's largest page.
SEARCH_PAGE_SIZE = 100


@lru_cache(maxsize=1)
def search_lacks() -> frozenset[str]:
    """DescribeTrainingJob members a Search record never has (profiler rule statuses,
    ProfilingStatus, ProgressInfo, MLflow, remote debug, ...): what only a describe can tell."""
    model = sagemaker_model()
    described = model.operation_model("DescribeTrainingJob").output_shape.members
    return frozenset(described) - frozenset(model.shape_for("TrainingJob").members)


@lru_cache(maxsize=1)
def _summary_members() -> tuple[str, ...]:
    return tuple(sagemaker_model().shape_for("TrainingJobSummary").members)


def summary_from_record(record: dict[str, Any]) -> dict[str, Any]:
    """The ListTrainingJobs summary of a Search record (what the list's rows are built from)."""
    summary = {k: record[k] for k in _summary_members() if record.get(k) is not None}
    plan = (record.get("ResourceConfig") or {}).get("TrainingPlanArn")
    if plan and "TrainingPlanArn" not in summary:
        summary["TrainingPlanArn"] = plan
    return summary


def describe_from_record(record: dict[str, Any]) -> dict[str, Any]:
    """The partial DescribeTrainingJob response a Search record holds (``Tags`` set aside: the
    describe has none)."""
    return {k: v for k, v in record.items() if k != "Tags"}


def time_value(when: datetime) -> str:
    """A Search filter value for a time: ``yyyy-mm-ddThh:mm:ss`` in UTC, rounded down to the second
    (the caller's overlap window covers the fraction)."""
    if when.tzinfo is not None:
        when = when.astimezone(timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%S")


def search_modified_after(
    client: SageMakerClient, after: datetime, *, page_size: int = SEARCH_PAGE_SIZE
) -> Iterator[list[dict[str, Any]]]:
    """Every training job whose LastModifiedTime is after ``after``, newest first, one page (of
    Search ``TrainingJob`` records) at a time. A repeated token ends the loop."""
    expression = {
        "Filters": [{"Name": "LastModifiedTime", "Operator": "GreaterThan", "Value": time_value(after)}]
    }
    return search_records(client, expression, page_size=page_size)


def search_records(
    client: SageMakerClient,
    expression: dict[str, Any],
    *,
    sort_by: str = "LastModifiedTime",
    sort_order: str = "Descending",
    page_size: int = SEARCH_PAGE_SIZE,
) -> Iterator[list[dict[str, Any]]]:
    """Every training job ``expression`` (a Search ``SearchExpression``) matches, one page of
    records at a time: ceil(matches / page_size) calls, at least one. A repeated token ends it."""
    params: dict[str, Any] = {
        "Resource": "TrainingJob",
        "SearchExpression": expression,
        "SortBy": sort_by,
        "SortOrder": sort_order,
        "MaxResults": page_size,
    }
    token: str | None = None
    seen: set[str] = set()
    while True:
        call = dict(params)
        if token:
            call["NextToken"] = token
        try:
            response = client.raw.search(**call)
        except Exception as exc:
            raise map_error(exc, operation="Search") from None
        require(response, "Results", "Search")
        results = response.get("Results") or ()
        records = [r["TrainingJob"] for r in results if isinstance(r.get("TrainingJob"), dict)]
        yield records
        token = response.get("NextToken")
        if not token or token in seen:
            return
        seen.add(token)


@lru_cache(maxsize=1)
def training_job_members() -> frozenset[str]:
    """The top-level properties Search knows for a training job (botocore's ``TrainingJob``)."""
    return frozenset(sagemaker_model().shape_for("TrainingJob").members)
