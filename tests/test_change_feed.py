"""The Search change feed under eventual consistency: whatever the interleaving of changes and
refreshes, and however long (under the overlap window) the index lags each write, the list ends
up with every job at its latest version, once.

The service is a fake behind a real boto3 client (a ``before-call`` hook answers Search and
ListTrainingJobs from an in-memory history), so the repository, its SQLite cache and the list's
:class:`JobListModel` run unchanged; only the index's lag is made up.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import boto3
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tui.aws.client import ConnectionOptions, SageMakerClient
from tui.aws.counter import CallCounter
from tui.cache.store import CacheStore
from tui.clock import FixedClock
from tui.demo.search import parse_time
from tui.models.list_view import JobListModel
from tui.models.summary import row_from_summary
from tui.repository import OVERLAP, JobRepository

START = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
ARN = "arn:aws:sagemaker:us-east-1:123456789012:training-job/{}"
STATUSES = ("InProgress", "Completed", "Failed", "Stopping", "Stopped")
#: The index lags each write by up to this (under the repository's overlap window).
MAX_LAG = int(OVERLAP.total_seconds()) - 5


@dataclass
class Version:
    modified: datetime
    status: str
    visible_at: datetime  # when Search's index shows it


@dataclass
class Service:
    """Every job's history; ListTrainingJobs sees the latest version, Search what its index has."""

    clock: FixedClock
    history: dict[str, list[Version]] = field(default_factory=dict)
    search_calls: int = 0

    def write(self, name: str, status: str, lag: float) -> None:
        now = self.clock.now()
        self.history.setdefault(name, []).append(Version(now, status, now + timedelta(seconds=lag)))

    def record(self, name: str, version: Version) -> dict[str, Any]:
        first = self.history[name][0].modified
        return {
            "TrainingJobName": name,
            "TrainingJobArn": ARN.format(name),
            "CreationTime": first,
            "LastModifiedTime": version.modified,
            "TrainingJobStatus": version.status,
            "SecondaryStatus": "Training",
            "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 5},
        }

    def latest(self) -> dict[str, Version]:
        return {name: versions[-1] for name, versions in self.history.items()}

    def indexed(self) -> dict[str, Version]:
        now = self.clock.now()
        shown = {}
        for name, versions in self.history.items():
            visible = [v for v in versions if v.visible_at <= now]
            if visible:
                shown[name] = max(visible, key=lambda v: v.modified)
        return shown

    def search(self, params: dict[str, Any]) -> dict[str, Any]:
        self.search_calls += 1
        after = parse_time(params["SearchExpression"]["Filters"][0]["Value"])
        found = sorted(
            ((n, v) for n, v in self.indexed().items() if v.modified > after),
            key=lambda item: item[1].modified,
            reverse=True,
        )
        start = int(params.get("NextToken") or 0)
        size = params["MaxResults"]
        page = found[start : start + size]
        result: dict[str, Any] = {"Results": [{"TrainingJob": self.record(n, v)} for n, v in page]}
        if start + size < len(found):
            result["NextToken"] = str(start + size)
        return result

    def list_jobs(self, params: dict[str, Any]) -> dict[str, Any]:
        after = params.get("LastModifiedTimeAfter")
        if after is not None:
            after = datetime.fromtimestamp(float(after), timezone.utc)
        summaries = [
            {k: v for k, v in self.record(n, ver).items() if k != "ResourceConfig"}
            for n, ver in self.latest().items()
            if after is None or ver.modified > after
        ]
        return {"TrainingJobSummaries": summaries}

    def answer(self, model: Any, params: dict[str, Any], **_: Any) -> Any:
        """botocore's ``before-call`` hook: answer with a parsed response (the request's members
        are read back from its serialised JSON body)."""
        handlers = {"Search": self.search, "ListTrainingJobs": self.list_jobs}
        handler = handlers.get(model.name)
        if handler is None:
            return None
        return (_Http(), handler(json.loads(params["body"] or b"{}")))


class _Http:
    status_code = 200
    headers: dict[str, str] = {}


_RAW: Any = None


def raw_client() -> Any:
    """One boto3 client for every example (making one costs ~0.1 s); its answering hook is swapped."""
    global _RAW
    if _RAW is None:
        _RAW = boto3.client(
            "sagemaker", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
        )
    return _RAW


#: Mostly the extremes: a slow write overtaken by a fast one is the case the overlap exists for.
lags = st.one_of(st.sampled_from([0, MAX_LAG]), st.integers(0, MAX_LAG))
steps = st.lists(
    st.one_of(
        st.tuples(st.just("change"), st.integers(0, 7), st.sampled_from(STATUSES), lags),
        st.tuples(st.just("refresh"), st.integers(1, 40), st.just(""), st.just(0)),
        st.tuples(st.just("wait"), st.integers(1, 40), st.just(""), st.just(0)),
    ),
    max_size=25,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=steps, initial=st.integers(0, 5))
@example(  # a slow write overtaken by a fast one, a refresh between: found only by the overlap
    steps=[("change", 0, "Failed", MAX_LAG), ("change", 1, "Failed", 0), ("refresh", 5, "", 0)], initial=2
)
def test_every_change_reaches_the_list_once_whatever_the_interleaving(
    steps: list[tuple[str, int, str, int]], initial: int
) -> None:
    clock = FixedClock(START)
    service = Service(clock)
    raw = raw_client()
    events = raw.meta.events
    events.register("before-call.sagemaker", service.answer, unique_id="change-feed-fake")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            store = CacheStore(Path(tmp) / "cache.sqlite3")
            options = ConnectionOptions(region="us-east-1")
            client = SageMakerClient(options, lambda: raw, CallCounter(), "us-east-1")
            repo = JobRepository(client, store, clock, options=options)
            view = JobListModel()
            for i in range(initial):
                service.write(f"job-{i}", "InProgress", lag=MAX_LAG)
            clock.advance(1)
            for page in repo.list_all():
                view.merge(row_from_summary(s) for s in page)

            def refresh() -> None:
                held = max((r.modified for r in view.rows.values()), default=None)
                since = datetime.fromtimestamp(held, timezone.utc) if held is not None else None
                found = repo.changes(since)
                names = [s["TrainingJobName"] for s in found.summaries]
                assert len(names) == len(set(names)), "a change delivered twice in one refresh"
                assert found.feed == "search"
                view.merge(row_from_summary(s) for s in found.summaries)

            for kind, number, status, lag in steps:
                if kind == "change":
                    clock.advance(1)
                    service.write(f"job-{number}", status, lag)
                elif kind == "refresh":
                    clock.advance(number)
                    refresh()
                else:
                    clock.advance(number)
            # Once the index has caught up, one refresh brings the list level with the service.
            clock.advance(MAX_LAG + 1)
            refresh()
            store.close()
    finally:
        events.unregister("before-call.sagemaker", unique_id="change-feed-fake")
    truth = {name: (v.status, v.modified.timestamp()) for name, v in service.latest().items()}
    shown = {name: (row.status, row.modified) for name, row in view.rows.items()}
    assert shown == truth
