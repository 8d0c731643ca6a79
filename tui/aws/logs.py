"""CloudWatch Logs for training jobs: the log streams of a job and their events, read lazily.

SageMaker writes every host's output to the log group ``/aws/sagemaker/TrainingJobs``, one stream
per host and (re)start: ``<job>/algo-<n>-<epoch seconds>``; a spot restart starts a new stream for
the same host. This module lists a job's streams (DescribeLogStreams with the prefix ``<job>/``),
reads one stream a page at a time in either direction (GetLogEvents with forward/backward tokens),
searches with a filter pattern (FilterLogEvents) and merges streams by timestamp.

The client uses the same profile, region, credentials, SSL, timeouts and retries as SageMaker's
(:class:`~tui.aws.client.ConnectionOptions`). ``--endpoint-url`` is SageMaker's alone, as in the AWS
CLI: the CloudWatch Logs endpoint is ``options.logs_endpoint_url`` (``--logs-endpoint-url``) or, when
unset, whatever botocore's own configuration says (``AWS_ENDPOINT_URL_CLOUDWATCH_LOGS``,
``AWS_ENDPOINT_URL``, a profile's ``services`` section). The boto3 client is made on first use.

Errors come out typed: :class:`LogGroupNotFoundError`, :class:`LogsAccessDeniedError`,
:class:`LogsThrottledError`, or any other :class:`~tui.aws.errors.AwsError`.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tui.aws.client import ConnectionOptions, build_session, check_endpoint_url, client_settings
from tui.aws.counter import CallCounter
from tui.aws.errors import (
    ACCESS_DENIED_CODES,
    THROTTLING_CODES,
    AccessDeniedError,
    AwsError,
    ConfigError,
    NotFoundError,
    ThrottledError,
    map_error,
)
from tui.aws.lazy_client import LazyClient

LOG_GROUP = "/aws/sagemaker/TrainingJobs"
#: GetLogEvents returns at most this many events (or 1 MB) per call.
MAX_EVENTS_PER_CALL = 10_000
_STREAM = re.compile(r"^(?P<host>.+?)-(?P<epoch>\d+)$")


class LogGroupNotFoundError(NotFoundError):
    """The log group or stream does not exist (no job has logged in this region yet, or it was deleted)."""


class LogsAccessDeniedError(AccessDeniedError):
    """The credentials may not read CloudWatch Logs (logs:DescribeLogStreams / GetLogEvents)."""


class LogsThrottledError(ThrottledError):
    """CloudWatch Logs refused the call for its (account-wide) rate limit, after botocore's retries."""


@dataclass(frozen=True)
class LogStream:
    """One stream of a job: ``host`` is ``algo-<n>``, ``started`` the epoch seconds in its name."""

    name: str
    host: str
    started: int
    first_event: int | None = None
    last_event: int | None = None
    stored_bytes: int = 0


@dataclass(frozen=True, slots=True)
class LogEvent:
    """One log line: ``timestamp`` in epoch milliseconds, as CloudWatch gives it."""

    timestamp: int
    host: str
    message: str
    stream: str = ""


@dataclass(frozen=True)
class EventsPage:
    """One GetLogEvents answer: events oldest first, and the tokens to read on in either direction.

    ``at_end`` is CloudWatch's end-of-stream signal for the direction read: the token returned is
    the token sent (for now: new events may still arrive at the forward end of a running job).
    """

    events: list[LogEvent]
    forward_token: str | None
    backward_token: str | None
    at_end: bool


def parse_stream_name(job: str, name: str) -> tuple[str, int]:
    """(host, epoch seconds) of ``<job>/algo-1-1700000000``; an unexpected name keeps its whole tail."""
    tail = name[len(job) + 1 :] if name.startswith(job + "/") else name.rsplit("/", 1)[-1]
    match = _STREAM.match(tail)
    if match is None:
        return tail, 0
    return match.group("host"), int(match.group("epoch"))


def host_order(host: str) -> tuple[int, str]:
    """Sort key: algo-2 before algo-10."""
    match = re.search(r"(\d+)$", host)
    return (int(match.group(1)) if match else 1 << 30, host)


def merge_events(streams: Iterable[Sequence[LogEvent]]) -> list[LogEvent]:
    """Events of several streams (each oldest first) interleaved by timestamp; ties keep host order,
    then each stream's own order (a stable k-way merge)."""
    keyed = (
        ((event.timestamp, host_order(event.host), index, position, event)
         for position, event in enumerate(s))
        for index, s in enumerate(streams)
    )
    return [item[-1] for item in heapq.merge(*keyed)]


def classify(exc: BaseException, *, operation: str = "") -> AwsError:
    """A botocore failure of a CloudWatch Logs call as a typed error whose sentence names CloudWatch."""
    import botocore.exceptions as bexc  # here, not at the top: a cached log is printed without botocore

    if isinstance(exc, bexc.ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        message = str(error.get("Message", ""))
        op = exc.operation_name or operation
        kw = {"code": code, "message": message, "operation": op}
        if code == "ResourceNotFoundException":
            sentence = f"No CloudWatch log group {LOG_GROUP} here: {message}".rstrip(": ")
            return LogGroupNotFoundError(sentence, **kw)
        if code in THROTTLING_CODES:
            return LogsThrottledError(f"CloudWatch Logs is throttling {op} calls; backing off.", **kw)
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code in ACCESS_DENIED_CODES or status == 403:
            return LogsAccessDeniedError(f"Access denied to CloudWatch Logs ({op}): {message}", **kw)
    error = map_error(exc, operation=operation)
    if not error.code:
        # map_error words connection failures for SageMaker: name the right service.
        error.args = (error.sentence.replace("SageMaker", "CloudWatch Logs"),)
        error.sentence = str(error.args[0])
    return error


@dataclass
class LogsClient(LazyClient):
    """A lazily made boto3 ``logs`` client and the few calls the app makes with it (blocking)."""

    options: ConnectionOptions
    factory: Callable[[], Any] = field(repr=False)
    counter: CallCounter = field(default_factory=CallCounter)

    def _call(self, operation: str, method: str, **params: Any) -> dict[str, Any]:
        try:
            response: dict[str, Any] = getattr(self.raw, method)(**params)
        except AwsError:
            raise
        except Exception as exc:  # botocore, urllib3: typed below (anything else re-raised)
            raise classify(exc, operation=operation) from None
        return response

    def streams(self, job: str) -> list[LogStream]:
        """Every stream of ``job``, hosts in order, a host's restarts oldest first."""
        found: list[LogStream] = []
        token: str | None = None
        while True:
            params: dict[str, Any] = {"logGroupName": LOG_GROUP, "logStreamNamePrefix": f"{job}/"}
            if token:
                params["nextToken"] = token
            page = self._call("DescribeLogStreams", "describe_log_streams", **params)
            for raw in page.get("logStreams", []):
                name = str(raw.get("logStreamName", ""))
                host, started = parse_stream_name(job, name)
                found.append(
                    LogStream(
                        name=name,
                        host=host,
                        started=started,
                        first_event=raw.get("firstEventTimestamp"),
                        last_event=raw.get("lastEventTimestamp"),
                        stored_bytes=int(raw.get("storedBytes") or 0),
                    )
                )
            next_token = page.get("nextToken")
            if not next_token or next_token == token:
                break
            token = next_token
        found.sort(key=lambda s: (host_order(s.host), s.started, s.name))
        return found

    def events(
        self,
        stream: LogStream | str,
        *,
        token: str | None = None,
        from_head: bool = True,
        start_time: int | None = None,
        limit: int | None = None,
        host: str | None = None,
    ) -> EventsPage:
        """One page of a stream. ``from_head`` True reads forward (oldest first, then ``token`` =
        a forward token); False reads the newest events first (then ``token`` = a backward token)."""
        name = stream.name if isinstance(stream, LogStream) else stream
        tag = host if host is not None else (stream.host if isinstance(stream, LogStream) else name)
        params: dict[str, Any] = {
            "logGroupName": LOG_GROUP, "logStreamName": name, "startFromHead": from_head
        }
        if token:
            params["nextToken"] = token
        if start_time is not None:
            params["startTime"] = start_time
        if limit is not None:
            params["limit"] = limit
        page = self._call("GetLogEvents", "get_log_events", **params)
        events = [
            LogEvent(int(raw.get("timestamp", 0)), tag, str(raw.get("message", "")), name)
            for raw in page.get("events", [])
        ]
        forward, backward = page.get("nextForwardToken"), page.get("nextBackwardToken")
        returned = forward if from_head else backward
        at_end = returned == token if token else not events
        return EventsPage(events, forward, backward, at_end)

    def read_forward(
        self, stream: LogStream, *, token: str | None = None, start_time: int | None = None
    ) -> Iterator[EventsPage]:
        """Pages from ``token`` (or the head, or ``start_time``) to what is the end for now."""
        while True:
            page = self.events(stream, token=token, from_head=True, start_time=start_time)
            yield page
            if page.forward_token is None or page.forward_token == token or not page.events:
                return
            token = page.forward_token

    def filter(
        self,
        job: str,
        pattern: str,
        *,
        streams: Sequence[LogStream],
        start_time: int | None = None,
        token: str | None = None,
    ) -> tuple[list[LogEvent], str | None]:
        """One FilterLogEvents page over ``streams`` (events in time order) and the next token."""
        hosts = {s.name: s.host for s in streams}
        params: dict[str, Any] = {
            "logGroupName": LOG_GROUP,
            "logStreamNames": list(hosts)[:100],
            "filterPattern": pattern,
        }
        if start_time is not None:
            params["startTime"] = start_time
        if token:
            params["nextToken"] = token
        page = self._call("FilterLogEvents", "filter_log_events", **params)
        events = []
        for raw in page.get("events", []):
            name = str(raw.get("logStreamName", ""))
            host = hosts.get(name) or parse_stream_name(job, name)[0]
            events.append(LogEvent(int(raw.get("timestamp", 0)), host, str(raw.get("message", "")), name))
        # moto (and AWS across streams) returns them grouped by stream: interleave by time.
        events.sort(key=lambda e: (e.timestamp, host_order(e.host)))
        return events, page.get("nextToken")


def build_logs_client(options: ConnectionOptions, *, counter: CallCounter | None = None) -> LogsClient:
    """The CloudWatch Logs client for these options, made on first use; options checked now."""
    if options.logs_endpoint_url is not None:
        check_endpoint_url(options.logs_endpoint_url)
    options.validate()
    config, verify = client_settings(options)

    def make() -> Any:
        import botocore.exceptions as bexc

        session = build_session(options)
        if session.region_name is None:
            raise ConfigError(
                "No AWS region set: pass --region, set AWS_REGION, or add region to your profile."
            )
        try:
            return session.client(
                "logs", endpoint_url=options.logs_endpoint_url, verify=verify, config=config
            )
        except bexc.InvalidRegionError:
            raise ConfigError(f"Invalid region name {session.region_name!r}.") from None
        except (bexc.BotoCoreError, ValueError) as exc:
            raise classify(exc) from None

    return LogsClient(options=options, factory=make, counter=counter or CallCounter())
