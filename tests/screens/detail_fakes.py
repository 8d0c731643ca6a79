"""Fixtures for the detail screen: recorded describe responses and a scripted repository.

``load_job(name)`` reads ``tests/data/jobs/<name>.json`` and turns the ISO strings back into aware
datetimes wherever botocore's output shape says "timestamp", as boto3 would hand them over.
``DetailRepository`` serves such responses (or scripted errors) with no network and no cache.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Coroutine, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import tui.app
from tests.conftest import FIXED_NOW
from tui.app import SageMakerTUI
from tui.aws.jobs import ListFilters
from tui.clock import FixedClock
from tui.config import AppConfig
from tui.models.docs import output_shape
from tui.repository import Fetched, JobRepository
from tui.settings import RunSettings

JOBS_DIR = Path(__file__).resolve().parent.parent / "data" / "jobs"
JOB_FIXTURES = ("maximal", "failed", "running", "minimal")


def revive(value: Any, shape: Any) -> Any:
    """JSON back to what boto3 returns: ISO strings at timestamp members become datetimes."""
    if shape is None:
        return value
    kind = shape.type_name
    if kind == "timestamp" and isinstance(value, str):
        return datetime.fromisoformat(value)
    if kind == "structure" and isinstance(value, dict):
        return {k: revive(v, shape.members.get(k)) for k, v in value.items()}
    if kind == "list" and isinstance(value, list):
        return [revive(v, shape.member) for v in value]
    if kind == "map" and isinstance(value, dict):
        return {k: revive(v, shape.value) for k, v in value.items()}
    return value


def load_job(fixture: str) -> dict[str, Any]:
    with open(JOBS_DIR / f"{fixture}.json", encoding="utf-8") as f:
        return revive(json.load(f), output_shape())


Script = Callable[[str, int], Any]


class DetailRepository(JobRepository):
    """Serves ``responses[name]``; ``script(name, n)`` may replace the n-th describe's answer
    (a dict to return, or an exception to raise). Thread-safe call log in ``describes``."""

    def __init__(
        self,
        responses: dict[str, dict[str, Any]],
        *,
        clock: FixedClock | None = None,
        script: Script | None = None,
        cached: dict[str, dict[str, Any]] | None = None,
        offline: bool = False,
    ) -> None:
        super().__init__(client=None, clock=clock or FixedClock(FIXED_NOW))
        self._offline = offline
        self.responses = responses
        self.script = script
        self.cached = cached or {}
        self.describes: list[tuple[str, bool]] = []
        self._log_lock = threading.Lock()

    @property
    def offline(self) -> bool:
        """Online unless told otherwise (there is no client: nothing here talks to a network)."""
        return self._offline

    def describe(self, name: str, *, force: bool = False) -> Fetched[dict[str, Any]]:
        with self._log_lock:
            self.describes.append((name, force))
            n = sum(1 for d in self.describes if d[0] == name)
        answer: Any = self.script(name, n) if self.script else None
        if answer is None:
            answer = self.responses.get(name)
        if isinstance(answer, BaseException):
            raise answer
        if answer is None:
            from tui.aws.errors import NotFoundError

            raise NotFoundError(f"Training job {name!r} was not found.")
        if isinstance(answer, Fetched):
            return answer
        return self._with_due(Fetched(answer, self.clock.now()))  # as the real one: with its due time

    def cached_describe(self, name: str) -> Fetched[dict[str, Any]] | None:
        if name in self.cached:
            return self._with_due(Fetched(self.cached[name], self.clock.now(), from_cache=True))
        return None

    # The list screen sits under the detail screen: give it the same jobs, never the network.
    def cached_summaries(self, filters: ListFilters | None = None, *, newest: int | None = None) -> None:
        return None

    def list_all(self, filters: ListFilters | None = None) -> Iterator[list[dict[str, Any]]]:
        keys = (
            "TrainingJobName",
            "TrainingJobArn",
            "CreationTime",
            "TrainingEndTime",
            "LastModifiedTime",
            "TrainingJobStatus",
            "SecondaryStatus",
            "WarmPoolStatus",
        )
        yield [{k: r[k] for k in keys if k in r} for r in self.responses.values()]

    def list_changes(
        self, since: datetime | None = None, filters: ListFilters | None = None
    ) -> list[dict[str, Any]]:
        return []


class DetailTestApp(SageMakerTUI):
    """The real app, except that the detail screen it opens starts on a chosen tab."""

    CSS_PATH = str(Path(tui.app.__file__).parent / SageMakerTUI.CSS_PATH)

    def __init__(self, *args: Any, initial_tab: str = "overview", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial_tab = initial_tab

    def open_job(self, name: str, tab: str | None = None) -> None:
        from tui.screens.job_detail import JobDetailScreen

        self.push_screen(JobDetailScreen(name, initial_tab=tab or self.initial_tab))


def detail_app(
    fixture_or_name: str,
    *,
    responses: dict[str, dict[str, Any]] | None = None,
    config: AppConfig | None = None,
    live: bool = False,
    script: Script | None = None,
    clock: FixedClock | None = None,
    tab: str | None = None,
) -> SageMakerTUI:
    """The app opened on one job, as with ``--training-job-name`` (the list is beneath it);
    ``tab`` opens the detail screen on that tab (as ``]``/``[`` do) instead of Overview."""
    if responses is None:
        raw = load_job(fixture_or_name)
        name = raw["TrainingJobName"]
        responses = {name: raw}
    else:
        name = fixture_or_name
    clock = clock or FixedClock(FIXED_NOW)
    repository = DetailRepository(responses, clock=clock, script=script)
    settings = RunSettings(profile_label="test", location_label="us-east-1", initial_job=name, live=live)
    if tab is not None:
        return DetailTestApp(
            repository, settings=settings, config=config or AppConfig(), clock=clock, initial_tab=tab
        )
    return SageMakerTUI(repository, settings=settings, config=config or AppConfig(), clock=clock)


def fixture_name(fixture: str) -> str:
    return str(load_job(fixture)["TrainingJobName"])


def run(coro: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run an async test body (the suite has no asyncio plugin)."""
    asyncio.run(coro())
