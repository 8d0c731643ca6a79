"""Issue 17.8: every `--demo` run served its fleet on a new port, so the cache gained a new scope
each run and never started from it. The demo now has one scope (``cache_endpoint``); a second
run paints the first's list at once, and its first listing drops the jobs the new fleet lacks."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FIXED_NOW, reset_moto
from tui.aws.client import ConnectionOptions, build_client
from tui.cache.scope import DEMO_ENDPOINT, context_for
from tui.cache.store import CacheStore
from tui.demo import start_demo_fleet
from tui.demo.server import DemoFleet
from tui.launch import demo_connection
from tui.repository import JobRepository


def demo_options(fleet: DemoFleet) -> ConnectionOptions:
    """What ``launch_tui`` gives the app under ``--demo``."""
    return demo_connection(ConnectionOptions(), fleet.endpoint_url, fleet.region, fleet.credentials)


def reset(fleet: DemoFleet) -> None:
    reset_moto(fleet.endpoint_url)  # moto's backends are process-wide


def test_the_demo_context_does_not_depend_on_the_port() -> None:
    a, b = (
        ConnectionOptions(region="us-east-1", endpoint_url=url, cache_endpoint=DEMO_ENDPOINT)
        for url in ("http://127.0.0.1:9", "http://127.0.0.1:10")
    )
    context = context_for(None, a)
    assert context is not None and context.endpoint == "demo"
    assert context_for(None, b) == context


def test_a_second_demo_run_starts_from_the_cache_and_drops_the_old_fleet(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    with start_demo_fleet(1, jobs=12, simulate=False, now=FIXED_NOW) as first:
        try:
            with CacheStore(path) as store:
                options = demo_options(first)
                repo = JobRepository(client=build_client(options, lazy=True), cache=store, options=options)
                listed_first = {s["TrainingJobName"] for page in repo.list_all() for s in page}
                described = sorted(listed_first)[0]
                repo.describe(described)
                assert repo.cached_describe(described) is not None
                first_scope = repo.current_scope()
        finally:
            reset(first)
    with start_demo_fleet(2, jobs=12, simulate=False, now=FIXED_NOW) as second:
        try:
            assert second.endpoint_url != first.endpoint_url
            with CacheStore(path) as store:
                options = demo_options(second)
                repo = JobRepository(client=build_client(options, lazy=True), cache=store, options=options)
                assert repo.current_scope() == first_scope  # the same scope, before any call
                cached = repo.cached_summaries()
                assert cached is not None  # the instant start
                assert {s["TrainingJobName"] for s in cached.value} == listed_first
                repo.renew_cache()
                assert repo.cached_describe(described) is None  # another fleet's describe
                assert not repo.increments_from_cache()  # so the first listing is a complete one
                listed_second = {s["TrainingJobName"] for page in repo.list_all() for s in page}
                again = repo.cached_summaries()
                assert again is not None
                assert {s["TrainingJobName"] for s in again.value} == listed_second
                assert repo.increments_from_cache()
                assert len(store.info().scopes) == 1
        finally:
            reset(second)
