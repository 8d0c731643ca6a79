"""Switching profile and region in place (``C``, the picker, ``:ctx``) against the moto server:
the new scope's jobs, nothing of the old one, the cache drawn at once, failures kept apart."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import boto3
import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.aws.helpers import create_job
from tests.screens.fakes import ListTestApp, async_test, settle
from tui.aws.client import ConnectionOptions, build_client
from tui.cache.store import CacheStore
from tui.config import AppConfig
from tui.repository import JobRepository
from tui.screens.context_picker import ContextPicker
from tui.screens.job_list import JobListScreen
from tui.screens.list_commands import list_screen_commands, parse_context_args, typed_context_commands
from tui.settings import RunSettings
from tui.widgets.list_header import ListHeader

pytestmark = pytest.mark.moto_server

ACCOUNT = "123456789012"
CONFIG = """\
[profile east]
region = us-east-1

[profile west]
region = us-west-2

[profile broken]
region = us-east-1
"""
CREDENTIALS = """\
[east]
aws_access_key_id = testing
aws_secret_access_key = testing

[west]
aws_access_key_id = testing
aws_secret_access_key = testing
"""


def raw_client(url: str, region: str) -> Any:
    return boto3.client("sagemaker", region_name=region, endpoint_url=url,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


@pytest.fixture
def two_regions(moto_url: str) -> str:
    Path(os.environ["AWS_CONFIG_FILE"]).write_text(CONFIG, encoding="utf-8")
    Path(os.environ["AWS_SHARED_CREDENTIALS_FILE"]).write_text(CREDENTIALS, encoding="utf-8")
    for name in ("east-a", "east-b"):
        create_job(raw_client(moto_url, "us-east-1"), name)
    create_job(raw_client(moto_url, "us-west-2"), "west-a")
    return moto_url


def east_app(url: str, cache: CacheStore | None) -> ListTestApp:
    options = ConnectionOptions(profile="east", endpoint_url=url, max_attempts=1, list_min_interval=0.0)
    repository = JobRepository(client=build_client(options), cache=cache, options=options)
    settings = RunSettings(profile_label="east", location_label=f"us-east-1 @ {url}", live=False)
    return ListTestApp(repository, settings=settings, config=AppConfig())


async def until(pilot: Pilot[None], done: Any, what: str) -> None:
    """Settle until ``done()``: a switch is a worker, a message, a new screen and its worker."""
    for _ in range(50):
        await settle(pilot)
        if done():
            return
    raise AssertionError(f"never: {what}")


def shown(app: ListTestApp) -> set[str]:
    screen = app.screen
    assert isinstance(screen, JobListScreen)
    return set(screen.model.rows)


def header(app: ListTestApp) -> Any:
    return app.screen.query_one(ListHeader).info


@async_test
async def test_picker_switches_profile_and_region_and_back_from_the_cache(
    two_regions: str, tmp_path: Path
) -> None:
    app = east_app(two_regions, CacheStore(tmp_path / "cache.sqlite3"))
    first = app.repository
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: shown(app) == {"east-a", "east-b"}, "the east jobs")
        # The account came from the jobs' ARNs: no STS call at start.
        await until(pilot, lambda: header(app).account == ACCOUNT, "the account in the header")
        assert first.counter.count("GetCallerIdentity") == 0

        await pilot.press("C")
        await until(pilot, lambda: isinstance(app.screen, ContextPicker) and app.screen.choices is not None,
                    "the picker's choices")
        picker = app.screen
        assert isinstance(picker, ContextPicker)
        profiles = picker.query_one("#context-profiles", OptionList)
        regions = picker.query_one("#context-regions", OptionList)
        names = [profiles.get_option_at_index(i).id for i in range(profiles.option_count)]
        assert names == ["broken", "east", "west"]
        assert picker.highlighted("#context-profiles") == "east"
        assert picker.highlighted("#context-regions") == "us-east-1"
        profiles.highlighted = names.index("west")
        regions.highlighted = regions.get_option_index("us-west-2")
        await pilot.press("enter")
        await until(pilot, lambda: app.repository is not first and isinstance(app.screen, JobListScreen)
                    and shown(app) == {"west-a"}, "the west jobs")
        west = app.repository
        info = header(app)
        assert (info.profile, info.account, info.location) == ("west", ACCOUNT, f"us-west-2 @ {two_regions}")
        assert west.client is not None and west.client.region == "us-west-2"
        assert west.counter.count("GetCallerIdentity") == 1  # the switch checks the credentials
        scope = west.current_scope()
        assert scope is not None and scope.region == "us-west-2"

        # `:ctx east us-east-1`: back, and the list is the east scope's cache (no full re-list).
        screen = app.screen
        assert isinstance(screen, JobListScreen)
        [command] = typed_context_commands(screen, "east us-east-1")
        command.run()
        await until(pilot, lambda: app.repository not in (first, west)
                    and isinstance(app.screen, JobListScreen) and shown(app) == {"east-a", "east-b"},
                    "the east jobs again")
        await settle(pilot)
        east = app.repository
        assert east.counter.count("ListTrainingJobs") == 0
        assert east.counter.count("Search") == 1  # only what changed since the cached list
        assert header(app).profile == "east" and header(app).location.startswith("us-east-1")


@async_test
async def test_a_failing_profile_leaves_the_previous_context_running(two_regions: str) -> None:
    app = east_app(two_regions, None)
    notes: list[str] = []
    app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
    first = app.repository
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: shown(app) == {"east-a", "east-b"}, "the east jobs")
        screen = app.screen
        [command] = typed_context_commands(screen, "broken")  # type: ignore[arg-type]
        command.run()
        await until(pilot, lambda: any("Could not switch" in n for n in notes), "the failure")
        [failure] = [n for n in notes if "Could not switch" in n]
        assert failure.startswith("Could not switch to broken / us-east-1: No AWS credentials found")
        assert "still on east / us-east-1" in failure and "\n" not in failure
        assert app.repository is first and app.screen is screen
        assert shown(app) == {"east-a", "east-b"}
        assert header(app).profile == "east"

        # The picker (from the palette's entry), then Escape: nothing changes.
        [entry] = [c for c in list_screen_commands(screen) if c.title.startswith("Context (ctx)")]  # type: ignore[arg-type]
        entry.run()
        await until(pilot, lambda: isinstance(app.screen, ContextPicker), "the picker")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and app.repository is first


@async_test
async def test_account_from_sts_when_no_job_says_it(moto_url: str) -> None:
    """An empty region: no ARN to read the account from, so STS is asked, once."""
    Path(os.environ["AWS_CONFIG_FILE"]).write_text(CONFIG, encoding="utf-8")
    Path(os.environ["AWS_SHARED_CREDENTIALS_FILE"]).write_text(CREDENTIALS, encoding="utf-8")
    app = east_app(moto_url, None)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: header(app).account == ACCOUNT, "the account from STS")
        assert app.repository.counter.count("GetCallerIdentity") == 1


def test_ctx_arguments() -> None:
    regions = frozenset({"us-east-1", "us-west-2"})
    assert parse_context_args("west", regions) == ("west", None)
    assert parse_context_args("us-west-2", regions) == (None, "us-west-2")
    assert parse_context_args("us-east-1,us-west-2", regions) == (None, "us-east-1,us-west-2")
    assert parse_context_args("us-east-1,mars-1", regions) == ("us-east-1,mars-1", None)
    assert parse_context_args("west us-east-1", regions) == ("west", "us-east-1")
    assert parse_context_args("a b c", regions) is None


@async_test
async def test_picker_marks_several_regions_for_one_list(two_regions: str) -> None:
    """Space marks regions; Enter opens the marked ones in one list with a REGION column."""
    app = east_app(two_regions, None)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: shown(app) == {"east-a", "east-b"}, "the east jobs")
        assert "region" not in app.config.columns
        await pilot.press("C")
        await until(pilot, lambda: isinstance(app.screen, ContextPicker) and app.screen.choices is not None,
                    "the picker's choices")
        picker = app.screen
        assert isinstance(picker, ContextPicker)
        regions = picker.query_one("#context-regions", OptionList)
        await pilot.press("tab")  # to the regions
        assert regions.has_focus
        await pilot.press("space")  # us-east-1, highlighted as the current one
        regions.highlighted = regions.get_option_index("us-west-2")
        await pilot.press("space")
        assert picker.marked == ["us-east-1", "us-west-2"]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, JobListScreen)
                    and shown(app) == {"east-a", "east-b", "west-a"}, "both regions' jobs")
        from tui.multi_region import MultiRegionRepository

        assert isinstance(app.repository, MultiRegionRepository)
        assert list(app.repository.regions) == ["us-east-1", "us-west-2"]
        assert header(app).location == f"us-east-1, us-west-2 @ {two_regions}"
        assert app.config.columns[:2] == ("name", "region")

        # Back to one region: the column the switch added goes again.
        screen = app.screen
        assert isinstance(screen, JobListScreen)
        [command] = typed_context_commands(screen, "us-west-2")
        command.run()
        await until(pilot, lambda: isinstance(app.screen, JobListScreen) and shown(app) == {"west-a"},
                    "the west jobs alone")
        assert "region" not in app.config.columns


@async_test
async def test_a_superseded_switch_is_ignored_when_it_answers_late() -> None:
    """Two switches asked in a row: the first's answer, arriving last, changes nothing."""
    from tests.screens.fakes import FakeRepository, fleet, list_app
    from tui.context_repository import Switched
    from tui.screens.context_switcher import ContextFailed, ContextOpened

    app = list_app(FakeRepository([[fleet()]]))
    first = app.repository
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        app.switching = "west / us-west-2"  # the second switch, still in flight
        late = Switched(JobRepository(client=None), "east", "us-east-1", ACCOUNT)
        app.post_message(ContextOpened("east / us-east-1", late))
        app.post_message(ContextFailed("broken / us-east-1", "No AWS credentials found"))
        await settle(pilot)
        assert app.repository is first and app.settings.profile_label == "dev"
        assert app.switching == "west / us-west-2"
