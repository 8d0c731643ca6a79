"""Hyperparameter tuning jobs: ListHyperParameterTuningJobs, DescribeHyperParameterTuningJob and
ListTrainingJobsForHyperParameterTuningJob, paged, with typed errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tui.aws.client import SageMakerClient
from tui.aws.errors import NotFoundError, map_error
from tui.aws.jobs import require

#: The maximum MaxResults of both list calls (the service's default is 10).
PAGE_SIZE = 100


def _pages(
    client: SageMakerClient, operation: str, member: str, params: dict[str, Any], subject: str = ""
) -> Iterator[list[dict[str, Any]]]:
    """Every page of ``operation`` (a repeated NextToken ends the loop, as in :mod:`tui.aws.jobs`)."""
    method = getattr(client.raw, _snake(operation))
    token: str | None = None
    seen: set[str] = set()
    while True:
        call = dict(params, MaxResults=PAGE_SIZE)
        if token:
            call["NextToken"] = token
        try:
            response = method(**call)
        except Exception as exc:
            raise map_error(exc, operation=operation, subject=subject) from None
        require(response, member, operation)
        yield list(response.get(member) or [])
        token = response.get("NextToken")
        if not token or token in seen:
            return
        seen.add(token)


def _snake(operation: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in operation).lstrip("_")


def list_tuning_job_pages(client: SageMakerClient, **filters: Any) -> Iterator[list[dict[str, Any]]]:
    """Pages of HyperParameterTuningJobSummaries, newest first (``filters``: NameContains,
    StatusEquals, CreationTimeAfter ... as the API names them)."""
    params = {"SortBy": "CreationTime", "SortOrder": "Descending", **filters}
    yield from _pages(client, "ListHyperParameterTuningJobs", "HyperParameterTuningJobSummaries", params)


def describe_tuning_job(client: SageMakerClient, name: str) -> dict[str, Any]:
    """The raw DescribeHyperParameterTuningJob response, without ResponseMetadata."""
    try:
        response = dict(client.raw.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName=name))
    except Exception as exc:
        error = map_error(exc, operation="DescribeHyperParameterTuningJob")
        if isinstance(error, NotFoundError):  # its words name a training job
            error = NotFoundError(f"Tuning job {name!r} was not found.")
        raise error from None
    response.pop("ResponseMetadata", None)
    require(response, "HyperParameterTuningJobName", "DescribeHyperParameterTuningJob")
    return response


def list_trial_pages(client: SageMakerClient, name: str) -> Iterator[list[dict[str, Any]]]:
    """Pages of the tuning job's TrainingJobSummaries (HyperParameterTrainingJobSummary), by name:
    every training job, those without an objective value included (sorting by
    FinalObjectiveMetricValue would leave them out, so the caller sorts)."""
    params = {"HyperParameterTuningJobName": name, "SortBy": "Name", "SortOrder": "Ascending"}
    yield from _pages(client, "ListTrainingJobsForHyperParameterTuningJob", "TrainingJobSummaries", params)
