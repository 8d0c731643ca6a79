"""SageMaker's Search (Resource ``TrainingJob``) as AWS documents it, for the local SageMaker.

moto 5.2 answers Search for training jobs with Equals/NotEquals/Contains only, and reads neither
SortBy, SortOrder, MaxResults nor NextToken. :func:`search` implements what the API reference says
for the members this app and its users send; :func:`install` puts it behind moto's Search handler
(the one place that adapts moto is ``tui/demo``), leaving other resources to moto.

Documented rules implemented here (AWS ``Search``, ``SearchExpression`` and ``Filter``):

* Filters in one expression are joined by its ``Operator`` (``And`` by default, or ``Or``), with
  ``SubExpressions`` evaluated the same way; ``NestedFilters`` are refused (not implemented here).
* Operators: ``Equals`` (the default), ``NotEquals``, ``GreaterThan``, ``GreaterThanOrEqualTo``,
  ``LessThan``, ``LessThanOrEqualTo`` (on numbers, numerically; on timestamps, values written
  ``yyyy-mm-ddThh:mm:ss`` with an optional zone, compared in time), ``Contains`` (text),
  ``Exists``/``NotExists`` (no value), ``In`` (a comma-separated list of values).
* Names are top-level properties of the ``TrainingJob`` record or paths into them:
  ``ResourceConfig.InstanceType``, ``HyperParameters.<name>``, ``Tags.<key>``, and
  ``Metrics.<name>`` (the job's final value of that metric, FinalMetricDataList). An unknown
  top-level name is a ValidationException. A record without the property matches only NotExists
  (and NotEquals is not "anything missing", as a missing value equals nothing).
* ``SortBy`` any property (default ``LastModifiedTime``), ``SortOrder`` ``Ascending`` or
  ``Descending`` (default); records lacking the property sort last.
* ``MaxResults`` 1-100 (default 10), validated; ``NextToken`` pages the sorted results.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

OPERATORS = (
    "Equals",
    "NotEquals",
    "GreaterThan",
    "GreaterThanOrEqualTo",
    "LessThan",
    "LessThanOrEqualTo",
    "Contains",
    "Exists",
    "NotExists",
    "In",
)
DEFAULT_MAX_RESULTS = 10
MAX_RESULTS = 100
DEFAULT_SORT_BY = "LastModifiedTime"
#: Properties whose sub-names are keys of a map (the rest of the name is one key, dots and all).
MAP_PROPERTIES = frozenset({"HyperParameters", "Tags", "Environment"})


class SearchValidationError(Exception):
    """A request AWS would answer with a ValidationException (the message says why)."""


@lru_cache(maxsize=1)
def training_job_members() -> frozenset[str]:
    """The members of botocore's ``TrainingJob`` shape: what a Search record may hold."""
    from tui.aws.service_model import sagemaker_model

    return frozenset(sagemaker_model().shape_for("TrainingJob").members)


def search(
    records: Iterable[Mapping[str, Any]], request: Mapping[str, Any], members: frozenset[str] | None = None
) -> dict[str, Any]:
    """Answer a Search request (its parsed members) over TrainingJob-shaped ``records``."""
    members = training_job_members() if members is None else members
    size = _max_results(request.get("MaxResults"))
    order = request.get("SortOrder") or "Descending"
    if order not in ("Ascending", "Descending"):
        raise SearchValidationError(
            f"Value '{order}' at 'sortOrder' failed to satisfy constraint: Member must satisfy enum "
            "value set: [Ascending, Descending]"
        )
    sort_by = request.get("SortBy") or DEFAULT_SORT_BY
    _check_name(sort_by, members)
    expression = request.get("SearchExpression")
    test = _expression(expression, members) if expression else (lambda _r: True)
    found = [record for record in records if test(record)]
    found = _sorted(found, sort_by, descending=order == "Descending")
    start = _offset(request.get("NextToken"))
    page = found[start : start + size]
    result: dict[str, Any] = {"Results": [{"TrainingJob": dict(record)} for record in page]}
    if start + size < len(found):
        result["NextToken"] = _token(start + size)
    return result


# -- request members ----------------------------------------------------------------------------
def _max_results(value: Any) -> int:
    if value is None:
        return DEFAULT_MAX_RESULTS
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SearchValidationError(f"Value '{value}' at 'maxResults' is not a number.") from None
    if not 1 <= number <= MAX_RESULTS:
        raise SearchValidationError(
            f"Value '{number}' at 'maxResults' failed to satisfy constraint: Member must have value "
            f"less than or equal to {MAX_RESULTS} and greater than or equal to 1"
        )
    return number


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


def _offset(token: Any) -> int:
    if not token:
        return 0
    try:
        offset = json.loads(base64.urlsafe_b64decode(str(token).encode()))["offset"]
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise SearchValidationError("Invalid pagination token.") from None
    if not isinstance(offset, int) or offset < 0:
        raise SearchValidationError("Invalid pagination token.")
    return offset


def _check_name(name: Any, members: frozenset[str]) -> None:
    if isinstance(name, str) and name.startswith("Metrics.") and len(name) > len("Metrics."):
        return
    if not isinstance(name, str) or name.split(".", 1)[0] not in members:
        raise SearchValidationError(f"Unknown property name: {name}")


# -- expressions --------------------------------------------------------------------------------
Test = Callable[[Mapping[str, Any]], bool]


def _expression(expression: Mapping[str, Any], members: frozenset[str]) -> Test:
    if expression.get("NestedFilters"):
        raise SearchValidationError("NestedFilters are not supported by the local SageMaker.")
    joiner = expression.get("Operator") or "And"
    if joiner not in ("And", "Or"):
        raise SearchValidationError(f"Value '{joiner}' at 'searchExpression.operator' must be And or Or.")
    tests = [_filter(f, members) for f in expression.get("Filters") or ()]
    tests += [_expression(sub, members) for sub in expression.get("SubExpressions") or ()]
    if joiner == "Or":
        return lambda record: any(test(record) for test in tests) if tests else True
    return lambda record: all(test(record) for test in tests)


def _filter(spec: Mapping[str, Any], members: frozenset[str]) -> Test:
    name = spec.get("Name")
    _check_name(name, members)
    operator = spec.get("Operator") or "Equals"
    if operator not in OPERATORS:
        raise SearchValidationError(f"Unknown operator: {operator}")
    value = spec.get("Value")
    if operator not in ("Exists", "NotExists") and value is None:
        raise SearchValidationError(f"Filter on {name} with operator {operator} needs a Value.")
    path = str(name)

    def test(record: Mapping[str, Any]) -> bool:
        actual = resolve(record, path)
        if operator == "Exists":
            return actual is not None
        if operator == "NotExists":
            return actual is None
        if actual is None:
            return False
        return _compare(actual, operator, str(value), path)

    return test


def resolve(record: Mapping[str, Any], name: str) -> Any:
    """The value ``name`` (``A``, ``A.B.C``, ``HyperParameters.x``, ``Tags.k``) names in ``record``."""
    head, _, rest = name.partition(".")
    if head == "Metrics" and rest:
        for metric in record.get("FinalMetricDataList") or ():
            if isinstance(metric, Mapping) and metric.get("MetricName") == rest:
                return metric.get("Value")
        return None
    value: Any = record.get(head)
    if not rest:
        return value
    if head in MAP_PROPERTIES:
        return _as_map(value).get(rest)
    for part in rest.split("."):
        if isinstance(value, Mapping):
            value = value.get(part)
        else:
            return None
    return value


def _as_map(value: Any) -> Mapping[str, Any]:
    """A map property as a dict; Tags come as a list of ``{"Key", "Value"}``."""
    if isinstance(value, Mapping):
        return value
    if isinstance(value, list):
        return {str(t.get("Key")): t.get("Value") for t in value if isinstance(t, Mapping)}
    return {}


def _compare(actual: Any, operator: str, value: str, name: str) -> bool:
    if operator == "In":
        return any(_equal(actual, part.strip(), name) for part in value.split(","))
    if operator == "Equals":
        return _equal(actual, value, name)
    if operator == "NotEquals":
        return not _equal(actual, value, name)
    if operator == "Contains":
        return value in str(actual)
    left, right = _ordered(actual, value, name)
    if operator == "GreaterThan":
        return left > right
    if operator == "GreaterThanOrEqualTo":
        return left >= right
    if operator == "LessThan":
        return left < right
    return left <= right  # LessThanOrEqualTo


def _equal(actual: Any, value: str, name: str) -> bool:
    if isinstance(actual, datetime | bool | int | float):
        left, right = _ordered(actual, value, name)
        return bool(left == right)
    return str(actual) == value


def _ordered(actual: Any, value: str, name: str) -> tuple[Any, Any]:
    """Both sides in one comparable type: times as UTC, numbers as floats, else text."""
    if isinstance(actual, datetime):
        return _utc(actual), parse_time(value, name)
    if isinstance(actual, bool):
        return str(actual).lower(), value.lower()
    if isinstance(actual, int | float):
        return float(actual), _number(value, name)
    try:  # text properties holding numbers (hyperparameters) compare as numbers
        return float(actual), float(value)
    except (TypeError, ValueError):
        return str(actual), value


def _number(value: str, name: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise SearchValidationError(f"Value '{value}' of filter {name} is not a number.") from None


def parse_time(value: str, name: str = "") -> datetime:
    """A filter value naming a time (``2026-01-02T03:04:05``, optionally with a zone) as UTC."""
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.fromtimestamp(float(text), timezone.utc)
        except ValueError:
            raise SearchValidationError(
                f"Value '{value}' of filter {name} is not a timestamp (yyyy-mm-ddThh:mm:ss)."
            ) from None
    return _utc(parsed)


def _utc(value: datetime) -> datetime:
    """Naive times are UTC (moto stores them so)."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def _sorted(records: list[Mapping[str, Any]], sort_by: str, *, descending: bool) -> list[Mapping[str, Any]]:
    present = [r for r in records if resolve(r, sort_by) is not None]
    missing = [r for r in records if resolve(r, sort_by) is None]

    def key(record: Mapping[str, Any]) -> tuple[Any, ...]:
        value = resolve(record, sort_by)
        if isinstance(value, datetime):
            return (0, _utc(value).timestamp(), "")
        if isinstance(value, int | float) and not isinstance(value, bool):
            return (0, float(value), "")
        return (1, 0.0, str(value))

    # Stable under equal keys: ties keep the name order either way.
    present.sort(key=lambda r: str(r.get("TrainingJobName", "")))
    present.sort(key=key, reverse=descending)
    return present + missing


# -- moto -----------------------------------------------------------------------------------------
def training_job_record(job: Any, members: Sequence[str] | frozenset[str]) -> dict[str, Any]:
    """A moto job object as a Search ``TrainingJob`` record: its describe plus its tags, limited to
    the shape's members (what AWS's Search returns, and what moto's serialiser keeps)."""
    described = dict(job.response_object)
    described["Tags"] = list(getattr(job, "tags", None) or [])
    return {k: v for k, v in described.items() if k in members and v is not None}


def install() -> None:
    """Answer Search for TrainingJob with :func:`search` in every moto server of this process
    (idempotent). Other resources keep moto's own Search."""
    from moto.core.responses import ActionResult
    from moto.sagemaker.exceptions import ValidationError
    from moto.sagemaker.responses import SageMakerResponse

    if getattr(SageMakerResponse, "_demo_search", False):
        return
    original = SageMakerResponse.search

    def handler(self: Any) -> Any:
        if self._get_param("Resource") != "TrainingJob":
            return original(self)
        members = training_job_members()
        jobs = list(self.sagemaker_backend.training_jobs.values())
        records = [training_job_record(job, members) for job in jobs]
        request = {
            key: self._get_param(key)
            for key in ("SearchExpression", "SortBy", "SortOrder", "MaxResults", "NextToken")
        }
        try:
            return ActionResult(search(records, request, members))
        except SearchValidationError as exc:
            raise ValidationError(message=str(exc)) from None

    SageMakerResponse.search = handler  # type: ignore[method-assign]
    SageMakerResponse._demo_search = True  # type: ignore[attr-defined]
