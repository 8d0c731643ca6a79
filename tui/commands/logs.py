"""``sagemaker-tui logs``: every host's log of a training job, interleaved by time, like ``aws logs tail``.

``--format detailed`` prints ``<timestamp> <host> <message>``, ``short`` ``<host> <message>``, ``json``
one object per event. ``--follow`` polls (the log view's scheduler: 2 s while lines arrive, up to 10 s
while quiet, at most one request per second) until the job reaches a terminal status and its last
lines are read, then exits 0 (Completed), 1 (Failed) or 2 (Stopped); Ctrl+C exits 130. A finished
job's log is cached: printing it again costs no call, nor boto3
(:func:`tui.commands.cache_hit.cached_finished_log`), and works ``--offline``. When stdout is a
terminal, control characters and escape sequences in messages are shown visibly, never sent.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import IO, Any

from tui.aws.client import check_endpoint_url
from tui.aws.errors import AwsError, ConfigError
from tui.aws.jobs import check_job_name
from tui.aws.logs import LogEvent, LogGroupNotFoundError, LogsThrottledError, build_logs_client, host_order
from tui.commands.common import APP_NAME, OneLineParser, UsageError, add_global_options
from tui.commands.runner import guarded, open_repository, stdout_guard, warn
from tui.models.log_text import iso_ms, visible
from tui.models.since import parse_since
from tui.output.colour import use_colour

FORMATS = ("detailed", "short", "json")
EXIT_BY_STATUS = {"Completed": 0, "Failed": 1, "Stopped": 2}
TERMINAL = frozenset(EXIT_BY_STATUS)
#: ANSI colours for hosts, in turn (the host name is printed too, so colour is never the only cue).
HOST_COLOURS = ("36", "33", "35", "32", "34", "91", "96", "93")
#: Tests replace it to follow without waiting.
sleep: Callable[[float], None] = time.sleep


def build_parser() -> OneLineParser:
    parser = OneLineParser(
        prog=f"{APP_NAME} logs",
        description="Print a training job's CloudWatch logs, every host interleaved by time (cached).",
    )
    parser.add_argument("--training-job-name", metavar="NAME", help="the training job (required)")
    parser.add_argument("--follow", action="store_true", help="keep printing until the job ends")
    parser.add_argument(
        "--since", metavar="AGE|DATE", help="only events since: 90m, 12h, 7d, 2026-01-01T08:00"
    )
    parser.add_argument("--host", metavar="HOST", help="only this host's lines (algo-1, algo-2 …)")
    parser.add_argument("--filter-pattern", metavar="P", help="a CloudWatch Logs filter pattern")
    parser.add_argument(
        "--format", choices=FORMATS, default="detailed", help="output format (default detailed)"
    )
    parser.add_argument("--no-color", action="store_true", help="no colour (same as --color off)")
    parser.add_argument(
        "--logs-endpoint-url", metavar="URL",
        help="CloudWatch Logs endpoint (default: botocore's configuration; --endpoint-url is SageMaker's)",
    )
    add_global_options(parser)
    return parser


def run(argv: list[str]) -> int:
    return guarded(_run, argv)


def _run(argv: list[str]) -> int:
    ns = build_parser().parse_args(argv)
    name = ns.training_job_name
    if not name:
        raise UsageError(f"{APP_NAME} logs: error: the following arguments are required: --training-job-name")
    problem = check_job_name(name)
    if problem:
        raise UsageError(f"{APP_NAME} logs: error: {problem}")
    since_ms: int | None = None
    if ns.since is not None:
        try:
            since_ms = int(parse_since(ns.since, datetime.now(timezone.utc)).timestamp() * 1000)
        except ValueError as exc:
            raise UsageError(f"{APP_NAME} logs: error: {exc}") from None
    if ns.logs_endpoint_url:
        try:
            check_endpoint_url(ns.logs_endpoint_url)
        except ConfigError as exc:
            raise UsageError(f"{APP_NAME} logs: error: {exc}") from None
    if ns.filter_pattern is not None and not ns.filter_pattern.strip():
        raise UsageError(f"{APP_NAME} logs: error: --filter-pattern is empty")
    if ns.offline and ns.no_cache:
        raise UsageError(f"{APP_NAME} logs: error: --offline needs the cache; drop --no-cache")
    out = sys.stdout
    printer = Printer(
        out,
        fmt=ns.format,
        colour=not ns.no_color and use_colour(ns.color, out),
        safe=_isatty(out),
        host=ns.host,
        since_ms=since_ms,
        pattern=ns.filter_pattern,
    )
    if not ns.offline and not ns.no_cache:
        from tui.commands.cache_hit import cached_finished_log

        found = cached_finished_log(ns, name)  # a finished job's whole log, without boto3
        if found is not None:
            status, update = found
            printer.write(update.events)
            return EXIT_BY_STATUS[status] if ns.follow else 0
    with open_repository(ns) as repository:
        return Tail(ns, name, repository, printer, since_ms).run()


def _isatty(stream: IO[str]) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Printer:
    """Formats and writes events; filters by host, time and (locally) the pattern."""

    def __init__(
        self, out: IO[str], *, fmt: str, colour: bool, safe: bool, host: str | None,
        since_ms: int | None, pattern: str | None,
    ) -> None:
        from tui.log_repository import local_matcher

        self.out = out
        self.fmt = fmt
        self.colour = colour
        self.safe = safe
        self.host = host
        self.since_ms = since_ms
        self.match = local_matcher(pattern) if pattern else None
        self.printed = 0
        self._colours: dict[str, str] = {}

    def keep(self, event: LogEvent, *, matched: bool = False) -> bool:
        if self.host is not None and event.host != self.host:
            return False
        if self.since_ms is not None and event.timestamp < self.since_ms:
            return False
        return matched or self.match is None or self.match(event.message)

    def write(self, events: Iterable[LogEvent], *, matched: bool = False) -> None:
        lines = [self.line(e) for e in events if self.keep(e, matched=matched)]
        if lines:
            with stdout_guard() as out:
                out.write("".join(lines))
                out.flush()
            self.printed += len(lines)

    def line(self, event: LogEvent) -> str:
        if self.fmt == "json":
            text = json.dumps(
                {"timestamp": iso_ms(event.timestamp), "host": event.host, "stream": event.stream,
                 "message": event.message},
                ensure_ascii=False,
            )
            return (visible(text) if self.safe else text) + "\n"
        message = visible(event.message) if self.safe else event.message.rstrip("\n")
        host = event.host
        if self.colour:
            code = self._colours.setdefault(host, HOST_COLOURS[len(self._colours) % len(HOST_COLOURS)])
            host = f"\x1b[{code}m{host}\x1b[0m"
        if self.fmt == "short":
            return f"{host} {message}\n"
        stamp = iso_ms(event.timestamp)
        if self.colour:
            stamp = f"\x1b[2m{stamp}\x1b[0m"
        return f"{stamp} {host} {message}\n"


class Tail:
    """One run of the command: print what there is, then (``--follow``) what comes."""

    def __init__(self, ns: Any, job: str, repository: Any, printer: Printer, since_ms: int | None) -> None:
        from tui.log_repository import LogRepository

        self.ns = ns
        self.job = job
        self.jobs = repository
        self.printer = printer
        client = None
        if not ns.offline:
            client = build_logs_client(repository.options, counter=repository.counter)
        self.logs = LogRepository(client, repository.cache, scope=repository.current_scope)
        self.since_ms = since_ms

    def status(self) -> str:
        fetched = self.jobs.describe(self.job)
        return str(fetched.value.get("TrainingJobStatus", ""))

    def run(self) -> int:
        status = "" if self.ns.offline and not self.ns.follow else self.status()
        cached = self.logs.cached(self.job)
        for message in self.logs.cache_warnings:
            warn(message)
        if self.ns.offline:
            if not cached.streams:
                raise _offline(f"No cached log for {self.job!r}: run once without --offline to fetch it.")
            self.printer.write(cached.events)
            if not cached.complete:
                warn(f"offline: {self.job}'s log as far as it was cached; more may have been written since.")
            return EXIT_BY_STATUS.get(status, 0) if self.ns.follow else 0
        if self.ns.filter_pattern and not cached.complete and not self.ns.follow:
            return self._filtered()
        if self.since_ms is not None and not cached.complete:
            # The cache holds streams from their head: a late start is read from the service alone.
            from tui.log_repository import LogRepository

            self.logs = LogRepository(self.logs.client, None, start_time=self.since_ms)
            cached = self.logs.cached(self.job)
        self.printer.write(cached.events)
        return self._follow(status) if self.ns.follow else self._once(status)

    def _filtered(self) -> int:
        events: list[LogEvent] = []
        try:
            for page in self.logs.filter(self.job, self.ns.filter_pattern):
                events.extend(page)
        except LogGroupNotFoundError:
            return 0
        events.sort(key=lambda e: (e.timestamp, host_order(e.host)))
        self.printer.write(events, matched=True)
        return 0

    def _once(self, status: str) -> int:
        update = self.logs.poll(self.job, finished=status in TERMINAL)
        self._check(update.error)
        self.printer.write(update.events)
        return 0

    def _follow(self, status: str) -> int:
        from tui.models.log_poll import LogPollScheduler, PollOutcome  # only here: a cached log needs none

        scheduler = LogPollScheduler(time.monotonic)
        while True:
            finished = status in TERMINAL
            discover = scheduler.should_discover(streams_known=len(self.logs.streams(self.job)))
            scheduler.started(discovered=discover)
            update = self.logs.poll(self.job, finished=finished, discover=discover)
            throttled = isinstance(update.error, LogsThrottledError)
            self._check(update.error)
            self.printer.write(update.events)
            scheduler.record(
                PollOutcome(len(update.events), update.requests, update.at_end, throttled=throttled,
                            failed=update.error is not None and not throttled)
            )
            if finished and update.at_end and update.error is None:
                return EXIT_BY_STATUS[status]
            delay = scheduler.delay(visible=True, finished=False, read_to_end=update.at_end)
            sleep(delay or 0.0)
            status = self.status()

    def _check(self, error: AwsError | None) -> None:
        if error is None or isinstance(error, LogsThrottledError):
            return
        if isinstance(error, LogGroupNotFoundError) and not self.logs.streams(self.job):
            return  # nothing has logged yet: the same as no stream yet
        raise error


def _offline(sentence: str) -> AwsError:
    from tui.aws.errors import OfflineError

    return OfflineError(sentence)


__all__ = ["FORMATS", "Printer", "Tail", "build_parser", "run"]
