"""Serve the demo fleet's logs through moto's CloudWatch Logs, written as they are asked for.

Nothing is written at start-up: the first DescribeLogStreams, GetLogEvents or FilterLogEvents about
a job writes its log (:mod:`tui.demo.logs`) up to the clock's now, and each later one adds the lines
whose time has come since, so a running job's log grows as the simulator moves it on and the demo
starts as fast without logs as with them. Events go straight into moto's log group: its
PutLogEvents refuses events older than 14 days, as AWS does, and demo jobs are older than that.
The job's state is read from moto's SageMaker backend at each request (what the simulator wrote).
"""

from __future__ import annotations

import threading
from typing import Any

from tui.aws.logs import LOG_GROUP
from tui.clock import Clock, SystemClock
from tui.demo.logs import job_log, now_ms
from tui.demo.server import attribute_name, sagemaker_backend

#: The describe members a job's log depends on.
MEMBERS = (
    "TrainingJobName", "TrainingJobStatus", "TrainingStartTime", "TrainingEndTime", "LastModifiedTime",
    "SecondaryStatusTransitions", "AlgorithmSpecification", "ResourceConfig", "FailureReason",
)


def logs_backend(account: str, region: str) -> Any:
    from moto.logs.models import logs_backends

    return logs_backends[account][region]


class DemoLogs:
    """Writes each job's log into moto's backend when a request is about it (thread-safe)."""

    def __init__(self, account: str, region: str, clock: Clock | None = None) -> None:
        self.account = account
        self.region = region
        self.clock: Clock = clock or SystemClock()
        self._written: dict[str, int] = {}
        self._settled: set[str] = set()
        self._lock = threading.Lock()

    def install(self) -> None:
        """Create the log group and hook the backend's read calls (on this backend instance: a
        moto reset, which rebuilds backends, removes it)."""
        backend = logs_backend(self.account, self.region)
        if LOG_GROUP not in backend.groups:
            backend.create_log_group(LOG_GROUP, {})
        if getattr(backend, "_demo_logs", None) is not None:
            backend._demo_logs.clock = self.clock
            return
        backend._demo_logs = self
        for method, job_of in (
            ("describe_log_streams", lambda a, k: _job(k.get("log_stream_name_prefix"))),
            ("get_log_events", lambda a, k: _job(k.get("log_stream_name"))),
            ("filter_log_events", lambda a, k: _job((list(a[1:2]) or [k.get("log_stream_names")])[0])),
        ):
            setattr(backend, method, self._hooked(getattr(backend, method), job_of))

    def _hooked(self, original: Any, job_of: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            job = job_of(args, kwargs)
            if job:
                self.write(job)
            return original(*args, **kwargs)

        return call

    def write(self, job: str) -> int:
        """Bring ``job``'s log up to now; returns the number of events written."""
        with self._lock:
            if job in self._settled:
                return 0
            sm_job = sagemaker_backend(self.account, self.region).training_jobs.get(job)
            if sm_job is None:
                return 0
            describe = {m: getattr(sm_job, attribute_name(m), None) for m in MEMBERS}
            describe["TrainingJobName"] = job
            log = job_log(describe)
            if log is None:
                return 0
            group = logs_backend(self.account, self.region).groups.get(LOG_GROUP)
            if group is None:
                return 0
            now = now_ms(self.clock.now())
            written = 0
            for stream in log.streams:
                lines = log.lines(stream, now)
                done = self._written.get(stream.name, 0)
                if len(lines) <= done:
                    continue
                if stream.name not in group.streams:
                    group.create_log_stream(stream.name)
                group.put_log_events(stream.name, [{"timestamp": t, "message": m} for t, m in lines[done:]])
                self._written[stream.name] = len(lines)
                written += len(lines) - done
            if describe.get("TrainingJobStatus") != "InProgress" and all(
                s.ending is None or s.ended_at <= now for s in log.streams
            ):
                self._settled.add(job)
            return written


def _job(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str) or "/" not in value:
        return None
    return value.split("/", 1)[0]
