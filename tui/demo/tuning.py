"""Hyperparameter tuning jobs as AWS documents them, for the local SageMaker.

moto 5.2 creates, describes, lists and deletes tuning jobs, but every one is ``Completed`` with
fixed fake counters and a fake best training job; ListHyperParameterTuningJobs sorts by creation
time by default, pages 100 at a time and accepts any MaxResults; and
ListTrainingJobsForHyperParameterTuningJob does not exist (HTTP 500). This module implements what
the API reference says, deriving a tuning job's counters and best training job from the training
jobs that carry its ARN in ``TuningJobArn`` (as SageMaker does), and :func:`install` puts it behind
moto's handlers (the one place that adapts moto is ``tui/demo``).

Documented rules implemented here:

* DescribeHyperParameterTuningJob: ``TrainingJobStatusCounters`` (Completed, InProgress,
  RetryableError, NonRetryableError, Stopped) and ``ObjectiveStatusCounters`` (Succeeded, Pending,
  Failed) count the tuning job's training jobs; ``BestTrainingJob`` is the training job whose final
  objective metric is best in the objective's direction (absent while none has one); an unknown
  name is ResourceNotFound.
* ListHyperParameterTuningJobs: ``MaxResults`` 1-100 (default 10), ``SortBy`` Name (default),
  Status or CreationTime, ``SortOrder`` Ascending (default) or Descending, filters NameContains,
  StatusEquals, CreationTimeAfter/Before, LastModifiedTimeAfter/Before (strict comparisons), applied
  before paging; ``NextToken`` pages the sorted results. Summaries carry the counters above.
* ListTrainingJobsForHyperParameterTuningJob: the same paging, ``SortBy`` Name (default),
  CreationTime, Status or FinalObjectiveMetricValue (training jobs without an objective value are
  then not listed), ``StatusEquals``; ``TunedHyperParameters`` are the training job's values of the
  tuned (ranged) hyperparameters; ``FinalHyperParameterTuningJobObjectiveMetric`` is the last value
  of the objective metric in the job's ``FinalMetricDataList``; an unknown tuning job is
  ResourceNotFound.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from tui.demo.search import SearchValidationError, _max_results, _offset, _token

TUNING_STATUSES = ("Completed", "InProgress", "Failed", "Stopped", "Stopping", "Deleting", "DeleteFailed")
TRIAL_STATUSES = ("InProgress", "Completed", "Failed", "Stopping", "Stopped", "Deleting")
TUNING_SORT_KEYS = ("Name", "Status", "CreationTime")
TRIAL_SORT_KEYS = ("Name", "CreationTime", "Status", "FinalObjectiveMetricValue")
RANGE_KINDS = ("IntegerParameterRanges", "ContinuousParameterRanges", "CategoricalParameterRanges")


class TuningNotFound(Exception):
    """The tuning job named does not exist (AWS answers ResourceNotFound)."""


# -- one tuning job -------------------------------------------------------------------------------
def objective(config: Mapping[str, Any]) -> tuple[str, str]:
    """(metric name, "Maximize" | "Minimize") of a HyperParameterTuningJobConfig."""
    spec = config.get("HyperParameterTuningJobObjective") or {}
    return str(spec.get("MetricName", "")), str(spec.get("Type", "Maximize"))


def tuned_names(config: Mapping[str, Any]) -> list[str]:
    """The hyperparameters the tuning job searches (its ranges), in the order they are declared."""
    ranges = config.get("ParameterRanges") or {}
    return [str(r["Name"]) for kind in RANGE_KINDS for r in ranges.get(kind) or () if "Name" in r]


def trial_summary(job: Mapping[str, Any], tuning: Mapping[str, Any]) -> dict[str, Any]:
    """A training job (its describe) as a ``HyperParameterTrainingJobSummary`` of ``tuning``."""
    config = tuning.get("HyperParameterTuningJobConfig") or {}
    metric, kind = objective(config)
    hyper = job.get("HyperParameters") or {}
    status = job.get("TrainingJobStatus")
    value = objective_value(job, metric)
    summary: dict[str, Any] = {
        "TrainingJobName": job.get("TrainingJobName"),
        "TrainingJobArn": job.get("TrainingJobArn"),
        "TuningJobName": tuning.get("HyperParameterTuningJobName"),
        "CreationTime": job.get("CreationTime"),
        "TrainingStartTime": job.get("TrainingStartTime"),
        "TrainingEndTime": job.get("TrainingEndTime"),
        "TrainingJobStatus": status,
        "TunedHyperParameters": {n: str(hyper[n]) for n in tuned_names(config) if n in hyper},
        "FailureReason": job.get("FailureReason"),
    }
    if value is not None:
        summary["FinalHyperParameterTuningJobObjectiveMetric"] = {
            "Type": kind, "MetricName": metric, "Value": value,
        }
        summary["ObjectiveStatus"] = "Succeeded"
    else:
        summary["ObjectiveStatus"] = "Pending" if status in ("InProgress", "Stopping") else "Failed"
    return {k: v for k, v in summary.items() if v is not None}


def objective_value(job: Mapping[str, Any], metric: str) -> float | None:
    """The last value of ``metric`` in the job's FinalMetricDataList, None when it has none."""
    found = None
    for entry in job.get("FinalMetricDataList") or ():
        if not isinstance(entry, Mapping) or entry.get("Value") is None:
            continue
        if entry.get("MetricName") == metric:
            found = float(entry["Value"])
    return found


def counters(trials: Sequence[Mapping[str, Any]]) -> tuple[dict[str, int], dict[str, int]]:
    """TrainingJobStatusCounters and ObjectiveStatusCounters of the trial summaries."""
    status = {"Completed": 0, "InProgress": 0, "RetryableError": 0, "NonRetryableError": 0, "Stopped": 0}
    objectives = {"Succeeded": 0, "Pending": 0, "Failed": 0}
    for trial in trials:
        state = trial.get("TrainingJobStatus")
        if state in ("InProgress", "Stopping"):
            status["InProgress"] += 1
        elif state == "Failed":
            status["NonRetryableError"] += 1
        elif state in status:
            status[str(state)] += 1
        objectives[str(trial.get("ObjectiveStatus", "Failed"))] += 1
    return status, objectives


def best_trial(trials: Sequence[Mapping[str, Any]], kind: str) -> Mapping[str, Any] | None:
    """The trial with the best objective value in the objective's direction (ties: the earliest)."""
    scored = [t for t in trials if "FinalHyperParameterTuningJobObjectiveMetric" in t]
    if not scored:
        return None
    sign = -1.0 if kind == "Maximize" else 1.0
    return min(
        scored,
        key=lambda t: (sign * float(t["FinalHyperParameterTuningJobObjectiveMetric"]["Value"]),
                       _utc_key(t.get("CreationTime"))),
    )


def derived(tuning: Mapping[str, Any], trials: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The describe members that follow from the tuning job's training jobs (trial summaries)."""
    _metric, kind = objective(tuning.get("HyperParameterTuningJobConfig") or {})
    status, objectives = counters(trials)
    best = best_trial(trials, kind)
    return {
        "TrainingJobStatusCounters": status,
        "ObjectiveStatusCounters": objectives,
        "BestTrainingJob": dict(best) if best is not None else None,
    }


def settle(record: Mapping[str, Any], trials: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """An InProgress tuning job whose training jobs have all ended and reached its
    MaxNumberOfTrainingJobs is Completed, ended with its last training job (as the demo's simulator
    finishes the running trials, the tuning job follows)."""
    out = dict(record)
    limits = (record.get("HyperParameterTuningJobConfig") or {}).get("ResourceLimits") or {}
    wanted = limits.get("MaxNumberOfTrainingJobs")
    running = any(t.get("TrainingJobStatus") in ("InProgress", "Stopping") for t in trials)
    if record.get("HyperParameterTuningJobStatus") != "InProgress" or running or not wanted \
            or len(trials) < int(wanted):
        return out
    ends = [t["TrainingEndTime"] for t in trials if isinstance(t.get("TrainingEndTime"), datetime)]
    out["HyperParameterTuningJobStatus"] = "Completed"
    if ends:
        out["HyperParameterTuningEndTime"] = out["LastModifiedTime"] = max(ends, key=_utc)
    return out


# -- listing --------------------------------------------------------------------------------------
def list_tuning_jobs(records: Iterable[Mapping[str, Any]], request: Mapping[str, Any]) -> dict[str, Any]:
    """Answer ListHyperParameterTuningJobs over describe-shaped ``records`` (derived members in)."""
    size = _max_results(request.get("MaxResults"))
    sort_by = _enum(request.get("SortBy"), TUNING_SORT_KEYS, "Name", "sortBy")
    descending = _enum(request.get("SortOrder"), ("Ascending", "Descending"), "Ascending", "sortOrder") == (
        "Descending"
    )
    status = request.get("StatusEquals")
    if status is not None:
        _enum(status, TUNING_STATUSES, "", "statusEquals")
    tests = _time_tests(request)
    contains = request.get("NameContains")
    found = [
        r for r in records
        if (not contains or str(contains) in str(r.get("HyperParameterTuningJobName", "")))
        and (status is None or r.get("HyperParameterTuningJobStatus") == status)
        and all(test(r) for test in tests)
    ]
    field = {"Name": "HyperParameterTuningJobName", "Status": "HyperParameterTuningJobStatus"}.get(
        sort_by, "CreationTime"
    )
    found = _sorted(found, lambda r: r.get(field), "HyperParameterTuningJobName", descending)
    page, token = _page(found, request.get("NextToken"), size)
    summaries = [tuning_summary(r) for r in page]
    result: dict[str, Any] = {"HyperParameterTuningJobSummaries": summaries}
    if token:
        result["NextToken"] = token
    return result


SUMMARY_MEMBERS = (
    "HyperParameterTuningJobName", "HyperParameterTuningJobArn", "HyperParameterTuningJobStatus",
    "CreationTime", "HyperParameterTuningEndTime", "LastModifiedTime", "TrainingJobStatusCounters",
    "ObjectiveStatusCounters",
)


def tuning_summary(record: Mapping[str, Any]) -> dict[str, Any]:
    """A tuning job's describe as a ``HyperParameterTuningJobSummary``."""
    config = record.get("HyperParameterTuningJobConfig") or {}
    summary = {k: record[k] for k in SUMMARY_MEMBERS if record.get(k) is not None}
    summary["Strategy"] = config.get("Strategy")
    if config.get("ResourceLimits"):
        summary["ResourceLimits"] = config["ResourceLimits"]
    return summary


def list_trials(trials: Iterable[Mapping[str, Any]], request: Mapping[str, Any]) -> dict[str, Any]:
    """Answer ListTrainingJobsForHyperParameterTuningJob over the tuning job's trial summaries."""
    size = _max_results(request.get("MaxResults"))
    sort_by = _enum(request.get("SortBy"), TRIAL_SORT_KEYS, "Name", "sortBy")
    descending = _enum(request.get("SortOrder"), ("Ascending", "Descending"), "Ascending", "sortOrder") == (
        "Descending"
    )
    status = request.get("StatusEquals")
    if status is not None:
        _enum(status, TRIAL_STATUSES, "", "statusEquals")
    found = [t for t in trials if status is None or t.get("TrainingJobStatus") == status]
    key: Callable[[Mapping[str, Any]], Any]
    if sort_by == "FinalObjectiveMetricValue":
        # Documented: training jobs that did not return an objective metric are not listed.
        found = [t for t in found if "FinalHyperParameterTuningJobObjectiveMetric" in t]
        key = lambda t: float(t["FinalHyperParameterTuningJobObjectiveMetric"]["Value"])  # noqa: E731
    else:
        field = {"Name": "TrainingJobName", "Status": "TrainingJobStatus"}.get(sort_by, "CreationTime")
        key = lambda t: t.get(field)  # noqa: E731
    found = _sorted(found, key, "TrainingJobName", descending)
    page, token = _page(found, request.get("NextToken"), size)
    result: dict[str, Any] = {"TrainingJobSummaries": [dict(t) for t in page]}
    if token:
        result["NextToken"] = token
    return result


# -- request members -----------------------------------------------------------------------------
def _enum(value: Any, allowed: Sequence[str], default: str, member: str) -> str:
    if value is None:
        return default
    if value not in allowed:
        raise SearchValidationError(
            f"Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy enum "
            f"value set: [{', '.join(allowed)}]"
        )
    return str(value)


def as_time(value: Any) -> datetime | None:
    """A request timestamp (epoch seconds on the JSON wire, a datetime in tests) as aware UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _utc(value)
    try:
        return datetime.fromtimestamp(float(value), timezone.utc)
    except (TypeError, ValueError):
        text = str(value).replace("Z", "+00:00")
        try:
            return _utc(datetime.fromisoformat(text))
        except ValueError:
            raise SearchValidationError(f"Value '{value}' is not a timestamp.") from None


def _time_tests(request: Mapping[str, Any]) -> list[Callable[[Mapping[str, Any]], bool]]:
    tests: list[Callable[[Mapping[str, Any]], bool]] = []
    for member, field, after in (
        ("CreationTimeAfter", "CreationTime", True),
        ("CreationTimeBefore", "CreationTime", False),
        ("LastModifiedTimeAfter", "LastModifiedTime", True),
        ("LastModifiedTimeBefore", "LastModifiedTime", False),
    ):
        bound = as_time(request.get(member))
        if bound is None:
            continue

        def test(record: Mapping[str, Any], f: str = field, b: datetime = bound, a: bool = after) -> bool:
            value = record.get(f)
            if not isinstance(value, datetime):
                return False
            return _utc(value) > b if a else _utc(value) < b

        tests.append(test)
    return tests


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _utc_key(value: Any) -> float:
    return _utc(value).timestamp() if isinstance(value, datetime) else 0.0


def _sorted(
    records: list[Mapping[str, Any]], key: Callable[[Mapping[str, Any]], Any], name: str, descending: bool
) -> list[Mapping[str, Any]]:
    def comparable(record: Mapping[str, Any]) -> tuple[int, float, str]:
        value = key(record)
        if isinstance(value, datetime):
            return (0, _utc(value).timestamp(), "")
        if isinstance(value, int | float):
            return (0, float(value), "")
        return (1, 0.0, "" if value is None else str(value))

    ordered = sorted(records, key=lambda r: str(r.get(name, "")))  # ties: by name, either way
    return sorted(ordered, key=comparable, reverse=descending)


def _page(
    found: list[Mapping[str, Any]], token: Any, size: int
) -> tuple[list[Mapping[str, Any]], str | None]:
    start = _offset(token)
    return found[start : start + size], (_token(start + size) if start + size < len(found) else None)


# -- moto -----------------------------------------------------------------------------------------
def trials_of(backend: Any, tuning: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Trial summaries of ``tuning`` from the backend's training jobs that carry its ARN."""
    arn = tuning.get("HyperParameterTuningJobArn")
    summaries = []
    for job in list(backend.training_jobs.values()):
        if getattr(job, "tuning_job_arn", None) == arn:
            summaries.append(trial_summary(job.response_object, tuning))
    return summaries


def describe_record(backend: Any, job: Any) -> dict[str, Any]:
    """A moto tuning job's describe with what follows from its training jobs, and nothing fake."""
    record = dict(job.describe())
    trials = trials_of(backend, record)
    record = settle(record, trials)
    record.update(derived(record, trials))
    record["OverallBestTrainingJob"] = None  # only with warm start parents (not modelled here)
    record["TuningJobCompletionDetails"] = getattr(job, "demo_completion_details", None)
    record["ConsumedResources"] = getattr(job, "demo_consumed_resources", None)
    record["FailureReason"] = job.failure_reason or None
    return record


def install() -> None:
    """Answer DescribeHyperParameterTuningJob, ListHyperParameterTuningJobs and
    ListTrainingJobsForHyperParameterTuningJob with this module in every moto server of this
    process (idempotent)."""
    from moto.core.responses import ActionResult
    from moto.sagemaker.exceptions import ResourceNotFound, ValidationError
    from moto.sagemaker.responses import SageMakerResponse

    if getattr(SageMakerResponse, "_demo_tuning", False):
        return

    def find(self: Any) -> Any:
        name = self._get_param("HyperParameterTuningJobName")
        job = self.sagemaker_backend.hyper_parameter_tuning_jobs.get(name)
        if job is None:
            raise ResourceNotFound(message=f"Amazon SageMaker can't find a tuning job with name {name}")
        return job

    def describe(self: Any) -> Any:
        return ActionResult(describe_record(self.sagemaker_backend, find(self)))

    def list_jobs(self: Any) -> Any:
        backend = self.sagemaker_backend
        jobs = list(backend.hyper_parameter_tuning_jobs.values())
        records = [describe_record(backend, job) for job in jobs]
        request = {key: self._get_param(key) for key in LIST_MEMBERS}
        try:
            return ActionResult(list_tuning_jobs(records, request))
        except SearchValidationError as exc:
            raise ValidationError(message=str(exc)) from None

    def list_training_jobs_for(self: Any) -> Any:
        record = dict(find(self).describe())
        request = {key: self._get_param(key) for key in TRIAL_MEMBERS}
        try:
            return ActionResult(list_trials(trials_of(self.sagemaker_backend, record), request))
        except SearchValidationError as exc:
            raise ValidationError(message=str(exc)) from None

    SageMakerResponse.describe_hyper_parameter_tuning_job = describe  # type: ignore[method-assign]
    SageMakerResponse.list_hyper_parameter_tuning_jobs = list_jobs  # type: ignore[method-assign]
    SageMakerResponse.list_training_jobs_for_hyper_parameter_tuning_job = list_training_jobs_for  # type: ignore[attr-defined]
    SageMakerResponse._demo_tuning = True  # type: ignore[attr-defined]


LIST_MEMBERS = (
    "NextToken", "MaxResults", "SortBy", "SortOrder", "NameContains", "CreationTimeAfter",
    "CreationTimeBefore", "LastModifiedTimeAfter", "LastModifiedTimeBefore", "StatusEquals",
)
TRIAL_MEMBERS = ("NextToken", "MaxResults", "SortBy", "SortOrder", "StatusEquals")
