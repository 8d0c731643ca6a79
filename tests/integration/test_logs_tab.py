"""The Logs tab of the real app against the local moto server (SageMaker and CloudWatch Logs over
HTTP, the real repositories and a real cache file): follow mode, new streams, the offline cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tests.aws.helpers import backend_job, create_job
from tests.conftest import TEST_REGION
from tests.integration.harness import VirtualTime, client_for, make_app, settle, vt  # noqa: F401
from tests.screens.fakes import async_test
from tests.screens.screen_text import screen_lines
from tui.app import SageMakerTUI
from tui.aws.logs import LOG_GROUP
from tui.cache.store import CacheStore
from tui.config import AppConfig
from tui.repository import JobRepository
from tui.settings import RunSettings
from tui.widgets.log_pane import LogPane

JOB = "logs-integration"
T0 = 1_795_694_400_000


def put(stream: str, lines: list[tuple[int, str]]) -> None:
    from moto.logs.models import logs_backends

    backend = logs_backends["123456789012"][TEST_REGION]
    if LOG_GROUP not in backend.groups:
        backend.create_log_group(LOG_GROUP, {})
    group = backend.groups[LOG_GROUP]
    if stream not in group.streams:
        group.create_log_stream(stream)
    group.put_log_events(stream, [{"timestamp": t, "message": m} for t, m in lines])


async def open_logs(app: SageMakerTUI, pilot: object) -> LogPane:
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("8")  # type: ignore[attr-defined]
    for _ in range(3):
        await settle(pilot)  # type: ignore[arg-type]
    return app.screen.query_one(LogPane)


@async_test
async def test_a_finished_log_is_read_once_then_shown_offline_from_the_cache(
    moto_url: str, tmp_path: Path, vt: VirtualTime  # noqa: F811
) -> None:
    client = client_for(moto_url, logs_endpoint_url=moto_url)
    create_job(client.raw, JOB)
    put(f"{JOB}/algo-1-1795694400", [(T0 + i * 2, f"algo-1 line {i}") for i in range(50)])
    put(f"{JOB}/algo-2-1795694400", [(T0 + i * 2 + 1, f"algo-2 line {i}") for i in range(50)])
    cache = CacheStore(tmp_path / "cache.sqlite3")
    run = make_app(client, cache, vt, initial_job=JOB)
    async with run.app.run_test(size=(100, 30)) as pilot:
        pane = await open_logs(run.app, pilot)
        assert len(pane.view.rows) == 100
        assert "completed, complete" in str(pane.query_one("#log-header", Static).content)
        assert "algo-2 line 49" in "\n".join(screen_lines(run.app))
    reads = client.counter.count("GetLogEvents")
    assert reads >= 2

    # Offline: no client at all; the describe and the log come from the cache file.
    repository = JobRepository(client=None, cache=cache, clock=vt.clock, options=client.options)
    settings = RunSettings(profile_label="test", location_label=TEST_REGION, initial_job=JOB, live=False)
    app = SageMakerTUI(repository, settings=settings, config=AppConfig(), clock=vt.clock)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_logs(app, pilot)
        assert len(pane.view.rows) == 100
        assert "algo-1 line 0" in [pane.buffer.messages[n] for n in pane.view.rows]
    assert client.counter.count("GetLogEvents") == reads
    cache.close()


@async_test
async def test_follow_mode_and_a_new_stream(
    moto_url: str, tmp_path: Path, vt: VirtualTime, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    monkeypatch.setattr("tui.models.log_poll.DISCOVER_EVERY", 0.0)
    client = client_for(moto_url, logs_endpoint_url=moto_url)
    create_job(client.raw, JOB)
    job = backend_job(JOB)
    job.training_job_status = "InProgress"
    job.secondary_status = "Training"
    put(f"{JOB}/algo-1-1795694400", [(T0 + i, f"step {i}") for i in range(40)])
    cache = CacheStore(tmp_path / "cache.sqlite3")
    run = make_app(client, cache, vt, initial_job=JOB)
    async with run.app.run_test(size=(100, 30)) as pilot:
        pane = await open_logs(run.app, pilot)
        assert len(pane.view.rows) == 40 and pane.view.following
        await pilot.press("k", "k")
        top = pane.view.scroll_y
        put(f"{JOB}/algo-1-1795694400", [(T0 + 100, "step 100")])
        put(f"{JOB}/algo-1-1795697000", [(T0 + 101, "restarted after a spot interruption")])
        pane._poll()
        for _ in range(3):
            await settle(pilot)
        assert len(pane.view.rows) == 42 and pane.view.scroll_y == top and not pane.view.following
        assert "2 streams" in str(pane.query_one("#log-header").content)
        await pilot.press("F")
        await settle(pilot)
        assert "restarted after a spot interruption" in "\n".join(screen_lines(run.app))
    from tui.cache.log_store import LogStore

    scope = run.app.repository.current_scope()
    assert scope is not None
    cached = {row.stream: row.events for row in LogStore(cache).streams(scope, JOB)}
    assert cached == {f"{JOB}/algo-1-1795694400": 41, f"{JOB}/algo-1-1795697000": 1}
    # The running job's part is cached with its token: a new app shows it at once and resumes from
    # the token (had it read the streams from their heads again, every line would be there twice).
    client2 = client_for(moto_url, logs_endpoint_url=moto_url)
    run2 = make_app(client2, cache, vt, initial_job=JOB)
    async with run2.app.run_test(size=(100, 30)) as pilot:
        pane = await open_logs(run2.app, pilot)
        pane._poll()
        for _ in range(3):
            await settle(pilot)
        assert client2.counter.count("GetLogEvents") >= 2  # it did poll both streams
        assert len(pane.view.rows) == 42
    cache.close()
