"""CloudWatch metrics of training jobs: a lazy client and GetMetricData, one call for all series.

The client uses the SageMaker client's profile, region, credentials, SSL and timeout options; its
endpoint is ``--cloudwatch-endpoint-url`` or botocore's own configuration
(``AWS_ENDPOINT_URL_CLOUDWATCH``, ``AWS_ENDPOINT_URL``, a profile's ``services`` section), never
SageMaker's ``--endpoint-url`` (as in the AWS CLI). It is made on first use: a session that never
opens the Metrics tab never loads CloudWatch's service model.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from tui.aws.counter import CallCounter
from tui.aws.errors import AccessDeniedError, AwsError, EndpointError, ThrottledError, map_error
from tui.models.metrics import (
    GPU_METRICS,
    INSTANCE_METRICS,
    MAX_POINTS_PER_CALL,
    MAX_QUERIES_PER_CALL,
    NAMESPACE,
    PERIOD,
    Point,
    SeriesKey,
    batches,
    merge,
    per_gpu,
    split_range,
)

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
class CloudWatchClient:
    """A boto3 CloudWatch client made by ``factory`` on first use (thread-safe), counted."""

    factory: Callable[[], Any] = field(repr=False)
    counter: CallCounter = field(default_factory=CallCounter)

    def __post_init__(self) -> None:
        self._raw: Any = None
        self._lock = threading.Lock()

    @property
    def raw(self) -> Any:
        with self._lock:
            if self._raw is None:
                try:
                    raw = self.factory()
                except AwsError:
                    raise
                except Exception as exc:  # botocore's zoo, mapped to one sentence
                    raise metrics_error(exc) from None
                self.counter.attach(raw)
                self._raw = raw
            return self._raw

    @property
    def made(self) -> bool:
        return self._raw is not None


def build_cloudwatch_client(options: Any, *, counter: CallCounter | None = None) -> CloudWatchClient:
    """The CloudWatch client for ``options`` (a :class:`~tui.aws.client.ConnectionOptions`), lazy."""
    from botocore import UNSIGNED
    from botocore.config import Config

    from tui.aws.client import build_session

    options.validate()

    def timeout(value: float) -> float | None:
        return None if value == 0 else value

    def make() -> Any:
        session = build_session(options)
        config = Config(
            retries={"mode": "adaptive", "total_max_attempts": options.max_attempts},
            read_timeout=timeout(options.read_timeout),
            connect_timeout=timeout(options.connect_timeout),
            signature_version=UNSIGNED if options.no_sign_request else None,
            user_agent_extra="sagemaker-tui",
        )
        verify: bool | str | None = None
        if not options.verify_ssl:
            verify = False
        elif options.ca_bundle:
            verify = options.ca_bundle
        return session.client(
            "cloudwatch", endpoint_url=options.cloudwatch_endpoint_url, verify=verify, config=config
        )

    return CloudWatchClient(factory=make, counter=counter or CallCounter())


# -- queries --------------------------------------------------------------------------------------
def metric_query(job: str, key: SeriesKey, period: int = PERIOD) -> dict[str, Any]:
    """The MetricStat for one series (without its Id)."""
    if key.host:
        dimensions = [{"Name": "Host", "Value": f"{job}/{key.host}"}]
    else:
        dimensions = [{"Name": "TrainingJobName", "Value": job}]
    return {
        "MetricStat": {
            "Metric": {"Namespace": NAMESPACE, "MetricName": key.metric, "Dimensions": dimensions},
            "Period": period,
            "Stat": "Average",
        },
        "ReturnData": True,
    }


def series_keys(metric_names: Sequence[str], hosts: Sequence[str], *, instance: bool) -> list[SeriesKey]:
    keys = [SeriesKey(name) for name in metric_names]
    if instance:
        keys += [SeriesKey(metric, host) for metric in INSTANCE_METRICS for host in hosts]
    return keys


def get_series(
    client: CloudWatchClient,
    job: str,
    keys: Sequence[SeriesKey],
    start: datetime,
    end: datetime,
    *,
    period: int = PERIOD,
    gpus_per_host: int = 0,
    max_points: int = MAX_POINTS_PER_CALL,
    max_queries: int = MAX_QUERIES_PER_CALL,
) -> dict[SeriesKey, list[Point]]:
    """Every series of ``keys`` between ``start`` and ``end``: one GetMetricData call per batch of
    up to 500 queries and per time window one call can answer whole (NextToken followed). GPU
    series come back per GPU. Raises the typed errors of :func:`metrics_error`."""
    result: dict[SeriesKey, list[Point]] = {key: [] for key in keys}
    for batch in batches(list(keys), max_queries):
        ids = {f"m{i}": key for i, key in enumerate(batch)}
        queries = [{"Id": qid, **metric_query(job, key, period)} for qid, key in ids.items()]
        for window_start, window_end in split_range(
            start, end, queries=len(queries), period=period, max_points=max_points
        ):
            for qid, points in _fetch_window(client, queries, window_start, window_end).items():
                key = ids[qid]
                result[key] = merge(result[key], points)
    for key, points in result.items():
        if key.metric in GPU_METRICS and key.host:
            result[key] = per_gpu(points, gpus_per_host)
    return result


def _fetch_window(
    client: CloudWatchClient, queries: list[dict[str, Any]], start: datetime, end: datetime
) -> dict[str, list[Point]]:
    out: dict[str, list[Point]] = {}
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
