"""CloudWatch metrics of training jobs: a lazy client and GetMetricData, one call for all series.

The client uses the SageMaker client's profile, region, credentials, SSL and timeout options; its
endpoint is ``--cloudwatch-endpoint-url`` or botocore's own configuration
(``AWS_ENDPOINT_URL_CLOUDWATCH``, ``AWS_ENDPOINT_URL``, a profile's ``services`` section), never
SageMaker's ``--endpoint-url`` (as in the AWS CLI). It is made on first use: a session that never
opens the Metrics tab never loads CloudWatch's service model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from tui.aws.counter import CallCounter
from tui.aws.errors import AccessDeniedError, AwsError, EndpointError, ThrottledError, map_error
from tui.aws.lazy_client import LazyClient

OPERATION = "GetMetricData"


class MetricsAccessDenied(AccessDeniedError):
    """The credentials may not read CloudWatch metrics (cloudwatch:GetMetricData)."""


class MetricsThrottled(ThrottledError):
    """CloudWatch refused GetMetricData for its rate limit, after botocore's retries."""


def metrics_error(exc: BaseException) -> AwsError:
    """A typed error whose sentence names CloudWatch (the generic mapping speaks of SageMaker)."""
    error = map_error(exc, operation=OPERATION)
    kw = {"code": error.code, "message": error.message, "operation": error.operation or OPERATION}
    if isinstance(error, ThrottledError):
        return MetricsThrottled("CloudWatch is throttling GetMetricData calls; retrying later.", **kw)
    if isinstance(error, AccessDeniedError):
        return MetricsAccessDenied(
            "Access denied for CloudWatch GetMetricData: the credentials need cloudwatch:GetMetricData"
            " to show metrics.",
            **kw,
        )
    if isinstance(error, EndpointError):
        return EndpointError(str(error).replace("SageMaker", "CloudWatch"), **kw)
    return error


@dataclass
class CloudWatchClient(LazyClient):
    """A boto3 CloudWatch client made by ``factory`` on first use (thread-safe), counted."""

    factory: Callable[[], Any] = field(repr=False)
    counter: CallCounter = field(default_factory=CallCounter)

    def _make(self) -> Any:
        try:
            return self.factory()
        except AwsError:
            raise
        except Exception as exc:  # botocore's zoo, mapped to one sentence
            raise metrics_error(exc) from None


def build_cloudwatch_client(options: Any, *, counter: CallCounter | None = None) -> CloudWatchClient:
    """The CloudWatch client for ``options`` (a :class:`~tui.aws.client.ConnectionOptions`), lazy."""
    from tui.aws.client import build_session, client_settings

    options.validate()

    def make() -> Any:
        session = build_session(options)
        config, verify = client_settings(options)
        return session.client(
            "cloudwatch", endpoint_url=options.cloudwatch_endpoint_url, verify=verify, config=config
        )

    return CloudWatchClient(factory=make, counter=counter or CallCounter())


# -- the call ------------------------------------------------------------------------------------
def get_metric_data(
    client: CloudWatchClient, queries: list[dict[str, Any]], start: datetime, end: datetime
) -> dict[str, list[tuple[float, float]]]:
    """One GetMetricData request set (NextToken followed): ``{query Id: [(epoch seconds, value)]}``
    in time order. The caller keeps each set within the per-call limits (see
    :func:`tui.models.metrics.plan_calls`). Raises the typed errors of :func:`metrics_error`."""
    out: dict[str, list[tuple[float, float]]] = {}
    token: str | None = None
    while True:
        params: dict[str, Any] = {
            "MetricDataQueries": queries,
            "StartTime": start,
            "EndTime": end,
            "ScanBy": "TimestampAscending",
        }
        if token:
            params["NextToken"] = token
        try:
            page = client.raw.get_metric_data(**params)
        except AwsError:
            raise
        except Exception as exc:
            raise metrics_error(exc) from None
        for result in page.get("MetricDataResults", []):
            stamps = result.get("Timestamps") or []
            values = result.get("Values") or []
            points = out.setdefault(str(result.get("Id")), [])
            points.extend((_epoch(t), float(v)) for t, v in zip(stamps, values, strict=False))
        token = page.get("NextToken")
        if not token:
            return out


def _epoch(value: datetime) -> float:
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.timestamp()
