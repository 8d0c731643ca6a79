"""``sagemaker-tui wait``: a drop-in for ``aws sagemaker wait training-job-completed-or-stopped``.

It waits for the same thing (the job reaching Completed, Failed or Stopped) and says what happens
meanwhile: one line per status and secondary-status transition, with the time SageMaker recorded
for it (UTC), as it is seen. ``--quiet`` prints nothing but errors.

Exit codes (a script can tell the outcomes apart, which the AWS CLI's 0/255 cannot):
0 Completed, 1 Failed, 2 Stopped, 255 timed out or an error (the job does not exist, access
denied, offline with nothing to wait for), 130 Ctrl+C; 252 for a bad command line.

The job is read through the TUI's repository, so the cache applies (a finished job costs no call,
and ``--offline`` answers from it), and it is re-described when :class:`tui.refresh.DetailScheduler`
says, as the detail screen does: on the running-job interval (``running_job_interval``, 10 s by
default; the AWS CLI's waiter asks every 120 s), with the shared backoff after errors. Unlike the
AWS CLI's waiter (which gives up after 6 hours), it waits until ``--timeout`` (default: no limit).
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import IO, Any

from tui.aws.errors import AccessDeniedError, AwsError, ConfigError, CredentialsError, NotFoundError
from tui.aws.jobs import check_job_name
from tui.aws.statuses import TERMINAL_STATUSES
from tui.clock import Clock, SystemClock
from tui.commands.common import APP_NAME, USAGE_EXIT, OneLineParser, UsageError, add_global_options
from tui.commands.runner import OTHER_EXIT, guarded, open_repository
from tui.refresh import MIN_REFRESH_DELAY, DetailScheduler
from tui.safe_text import visible

#: Exit code per final status.
EXIT_CODES = {"Completed": 0, "Failed": 1, "Stopped": 2}
#: Secondary statuses that belong to another primary status than InProgress.
PRIMARY_OF_SECONDARY = {
    "Completed": "Completed",
    "Failed": "Failed",
    "Stopping": "Stopping",
    "Stopped": "Stopped",
    "MaxRuntimeExceeded": "Stopped",
    "MaxWaitTimeExceeded": "Stopped",
}
#: Errors no retry can cure: waiting goes no further.
FATAL = (NotFoundError, AccessDeniedError, CredentialsError, ConfigError)
_NUMBER = r"(\d+(?:\.\d+)?)"
_DURATION = re.compile(f"(?:{_NUMBER}d)?(?:{_NUMBER}h)?(?:{_NUMBER}m)?(?:{_NUMBER}s?)?")


def parse_timeout(text: str) -> float:
    """``8h``, ``90m``, ``1h30m``, ``45s`` or plain seconds; more than 0."""
    match = _DURATION.fullmatch(text.strip())
    if not text.strip() or match is None or not any(match.groups()):
        raise UsageError(
            f"{APP_NAME} wait: error: --timeout: {text!r} is not a duration like 8h, 90m, 1h30m or 45s",
            USAGE_EXIT,
        )
    days, hours, minutes, secs = (float(g) if g else 0.0 for g in match.groups())
    total = ((days * 24 + hours) * 60 + minutes) * 60 + secs
    if total <= 0:
        raise UsageError(f"{APP_NAME} wait: error: --timeout must be more than 0", USAGE_EXIT)
    return total


def build_parser() -> OneLineParser:
    parser = OneLineParser(
        prog=f"{APP_NAME} wait",
        description=(
            "Wait until a training job is Completed, Failed or Stopped (as `aws sagemaker wait "
            "training-job-completed-or-stopped`), printing each status transition. Exit codes: "
            "0 Completed, 1 Failed, 2 Stopped, 255 timeout or error, 130 Ctrl+C."
        ),
    )
    parser.add_argument("--training-job-name", metavar="NAME", help="the training job (required)")
    parser.add_argument("--timeout", metavar="DURATION", help="give up after this long: 8h, 90m, 45s")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    add_global_options(parser)
    return parser


class TransitionPrinter:
    """One line per transition not printed yet: ``TIME  STATUS  SECONDARY  message``."""

    def __init__(self, out: IO[str], *, quiet: bool) -> None:
        self.out = out
        self.quiet = quiet
        self._printed: set[tuple[str, str]] = set()
        #: The last primary status seen (None before the first describe).
        self.status: str | None = None
        self._first = True

    def show(self, raw: dict[str, Any]) -> None:
        status = str(raw.get("TrainingJobStatus", ""))
        transitions = [t for t in raw.get("SecondaryStatusTransitions") or [] if isinstance(t, dict)]
        new = [t for t in transitions if _key(t) not in self._printed]
        if self._first and new:
            # What happened before the wait began is history: the current state is enough.
            for old in new[:-1]:
                self._printed.add(_key(old))
            new = new[-1:]
        self._first = False
        lines: list[str] = []
        for index, transition in enumerate(new):
            self._printed.add(_key(transition))
            secondary = str(transition.get("Status", ""))
            last = index == len(new) - 1
            primary = status if last else PRIMARY_OF_SECONDARY.get(secondary, "InProgress")
            message = str(transition.get("StatusMessage", ""))
            lines.append(_line(transition.get("StartTime"), primary, secondary, message))
        if status != self.status and not new:
            # The primary status moved without a new secondary transition (or there are none).
            lines.append(_line(raw.get("LastModifiedTime"), status, str(raw.get("SecondaryStatus", "")), ""))
        self.status = status
        if status == "Failed" and raw.get("FailureReason"):
            lines.append(f"FailureReason: {visible(str(raw['FailureReason']))}")
        if not self.quiet:
            for line in lines:
                self.out.write(line + "\n")
            self.out.flush()


def _key(transition: dict[str, Any]) -> tuple[str, str]:
    start = transition.get("StartTime")
    return str(transition.get("Status", "")), start.isoformat() if isinstance(start, datetime) else ""


def _line(when: Any, primary: str, secondary: str, message: str) -> str:
    stamp = (
        when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if isinstance(when, datetime) else "-"
    )
    text = f"{stamp}  {visible(primary):<10}  {visible(secondary):<20}  {visible(message)}"
    return text.rstrip()


def run(
    argv: list[str],
    *,
    clock: Clock | None = None,
    sleep: Callable[[float], None] | None = None,
) -> int:
    """``clock`` and ``sleep`` are injected by tests (a fixed clock moved on by the sleep)."""
    return guarded(lambda args: _run(args, clock or SystemClock(), sleep or time.sleep), argv)


def _run(argv: list[str], clock: Clock, sleep: Callable[[float], None]) -> int:
    ns = build_parser().parse_args(argv)
    name = ns.training_job_name
    if not name:
        raise UsageError(f"{APP_NAME} wait: error: the following arguments are required: --training-job-name")
    problem = check_job_name(name)
    if problem:
        raise UsageError(f"{APP_NAME} wait: error: {problem}", USAGE_EXIT)
    timeout = parse_timeout(ns.timeout) if ns.timeout else None
    deadline = clock.now() + timedelta(seconds=timeout) if timeout is not None else None
    printer = TransitionPrinter(sys.stdout, quiet=ns.quiet)
    with open_repository(ns, clock=clock) as repository:
        scheduler = DetailScheduler(
            live=True,
            offline=repository.offline,
            now=clock.now,
            error_interval=repository.intervals.running_job,
            min_delay=MIN_REFRESH_DELAY,
        )
        interval: float | None = None
        while True:
            try:
                fetched = repository.describe(name)
            except FATAL as exc:
                return _fail(name, str(exc))
            except AwsError as exc:
                retry = scheduler.failed(exc, interval=interval).timer
                if retry is None:
                    return _fail(name, str(exc))
                _warn(f"{exc} Retrying in {retry:.0f}s.")
                delay = retry
            else:
                raw = fetched.value
                printer.show(raw)
                status = raw.get("TrainingJobStatus")
                if status in TERMINAL_STATUSES:
                    return EXIT_CODES[str(status)]
                interval = repository.refresh_interval(raw)
                if fetched.error is not None:
                    _warn(f"{fetched.error} Waiting with the copy cached earlier.")
                loaded = scheduler.loaded(interval=interval, due_at=fetched.due_at, error=fetched.error)
                if loaded is None or loaded.timer is None:
                    if repository.offline:
                        return _fail(name, f"offline: the cached copy ({status}) cannot change.")
                    return _fail(name, f"cannot wait ({loaded.note if loaded else 'settled'}).")
                delay = loaded.timer
            if deadline is not None:
                left = (deadline - clock.now()).total_seconds()
                if left <= 0:
                    return _fail(name, f"timed out after {ns.timeout} (still {printer.status}).")
                delay = min(delay, left)
            sleep(delay)


def _warn(message: str) -> None:
    sys.stderr.write(f"{APP_NAME} wait: {visible(message)}\n")


def _fail(name: str, reason: str) -> int:
    sys.stderr.write(f"{APP_NAME} wait: {visible(name)}: {visible(reason)}\n")
    return OTHER_EXIT
