"""Pilot-driven tests of the job detail screen: keys, navigation, live refresh, errors, panes."""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console, RenderableType
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static, TabbedContent

import tui.app
from tests.conftest import FIXED_NOW
from tests.screens.detail_fakes import DetailRepository, detail_app, fixture_name, load_job, run
from tui.app import SageMakerTUI
from tui.aws.errors import AccessDeniedError, EndpointError, ThrottledError
from tui.clock import FixedClock
from tui.config import AppConfig
from tui.models.derived import MASK
from tui.repository import Fetched, RefreshIntervals
from tui.screens import job_detail, job_detail_feed
from tui.screens.job_detail import JobDetailScreen
from tui.screens.job_list import JobListScreen
from tui.settings import RunSettings
from tui.widgets.detail.field_tree import FieldsPane, FieldTree
from tui.widgets.detail.header import DetailHeader, data_age
from tui.widgets.detail.hyperparameters import HyperparametersPane
from tui.widgets.log_view import LogView

Body = Callable[[SageMakerTUI, Pilot, JobDetailScreen], Awaitable[None]]


def text_of(renderable: Any, width: int = 120) -> str:
    if isinstance(renderable, str):
        return renderable
    console = Console(width=width, file=io.StringIO(), color_system=None, record=True)
    console.print(renderable)
    return console.export_text()


def static_text(screen: JobDetailScreen, selector: str) -> str:
    return text_of(screen.query_one(selector, Static).content).rstrip("\n")


async def settle(app: SageMakerTUI, pilot: Pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def drive(app: SageMakerTUI, body: Body, size: tuple[int, int] = (100, 30)) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(app, pilot)
            screen = app.screen
            assert isinstance(screen, JobDetailScreen)
            await body(app, pilot, screen)

    run(main)


async def until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait (in real time: timers and workers run) until ``condition`` holds."""
    waited = 0.0
    while not condition():
        if waited > timeout:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.02)
        waited += 0.02


def live_app(responses: dict[str, Any], script: Any, *, running_job: float = 0.05) -> SageMakerTUI:
    """An app with live refresh on and a tiny refresh interval (the timers are real)."""
    clock = FixedClock(FIXED_NOW)
    repository = DetailRepository(responses, clock=clock, script=script)
    repository.intervals = RefreshIntervals(running_job=running_job, settling_job=running_job)
    name = next(iter(responses))
    settings = RunSettings(initial_job=name, live=True)
    return SageMakerTUI(repository, settings=settings, config=AppConfig(), clock=clock)


# -- tabs and navigation -----------------------------------------------------------------------


def test_number_keys_and_arrows_select_tabs_and_focus_the_pane() -> None:
    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        tabs = screen.query_one(TabbedContent)
        assert len(screen.query(".detail-pane")) == 1  # the other panes are built when first shown
        for position, tab in enumerate(job_detail.TAB_IDS, start=1):
            await pilot.press(str(job_detail.tab_number(position)))
            assert tabs.active == tab
        assert tabs.active == "metrics"  # key 9, the last
        await pilot.press("8")
        assert isinstance(app.focused, LogView)
        await pilot.press("7")
        assert isinstance(app.focused, FieldTree)
        await pilot.press("right", "right", "right")
        assert tabs.active == "overview"
        await pilot.press("left", "left", "left")
        assert tabs.active == "fields"
        await pilot.press("3")
        assert isinstance(app.focused, DataTable)

    drive(detail_app("maximal"), body)


def test_arrows_stay_in_the_filter_box() -> None:
    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        await pilot.press("3", "slash", "l", "r", "left")
        box = screen.query_one("#hp-filter", Input)
        assert app.focused is box
        assert box.value == "lr" and box.cursor_position == 1
        assert screen.active_tab == "hyperparameters"

    drive(detail_app("maximal"), body)


@pytest.mark.parametrize("key", ["escape", "backspace"])
def test_escape_and_backspace_return_to_the_list(key: str) -> None:
    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        await pilot.press(key)
        assert isinstance(app.screen, JobListScreen)

    drive(detail_app("failed"), body)


def test_copy_name_and_arn() -> None:
    raw = load_job("maximal")

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        await pilot.press("y")
        assert app.clipboard == raw["TrainingJobName"]
        await pilot.press("Y")
        assert app.clipboard == raw["TrainingJobArn"]

    drive(detail_app("maximal"), body)


def test_brackets_open_the_neighbours_of_the_list(monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = load_job("maximal"), load_job("failed")
    responses = {first["TrainingJobName"]: first, second["TrainingJobName"]: second}
    order = list(responses)

    def neighbour(self: JobListScreen, name: str, step: int) -> str | None:
        i = order.index(name) + step
        return order[i] if 0 <= i < len(order) else None

    monkeypatch.setattr(JobListScreen, "neighbour", neighbour)

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        await pilot.press("2", "right_square_bracket")
        await settle(app, pilot)
        other = app.screen
        assert isinstance(other, JobDetailScreen) and other is not screen
        assert other.job_name == order[1]
        assert other.active_tab == "timeline"  # the tab carries over
        assert len([s for s in app.screen_stack if isinstance(s, JobDetailScreen)]) == 1
        await pilot.press("right_square_bracket")  # past the end: stays, says so
        assert app.screen is other
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert app.screen.job_name == order[0]
        await pilot.press("escape")
        assert isinstance(app.screen, JobListScreen)

    drive(detail_app(order[0], responses=responses), body)


def test_brackets_without_a_list_say_so() -> None:
    class DetailOnly(SageMakerTUI):
        CSS_PATH = str(Path(tui.app.__file__).parent / SageMakerTUI.CSS_PATH)

        def on_mount(self, event: events.Mount | None = None) -> None:
            # Textual passes the event (the handler takes a parameter); the default keeps the override
            # compatible with the app's on_mount(self).
            assert event is not None
            event.prevent_default()  # no list beneath: as if the list were not there
            self.push_screen(JobDetailScreen(fixture_name("minimal")))

    raw = load_job("minimal")
    app = DetailOnly(DetailRepository({raw["TrainingJobName"]: raw}), clock=FixedClock(FIXED_NOW))

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        await pilot.press("right_square_bracket", "escape")
        assert app.screen is screen
        messages = [n.message for n in app._notifications]
        assert any("No job list" in m for m in messages)
        assert any("first screen" in m for m in messages)

    drive(app, body)


# -- environment masking -----------------------------------------------------------------------


def test_environment_masked_until_revealed_on_this_screen_only() -> None:
    secret = load_job("maximal")["Environment"]["WANDB_API_KEY"]

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        overview = static_text(screen, "#overview-content")
        assert secret not in overview and MASK in overview
        await pilot.press("v")
        assert secret in static_text(screen, "#overview-content")
        await pilot.press("7")
        await settle(app, pilot)
        tree = screen.query_one(FieldTree)
        env = next(n for n in tree.root.children if n.data == ("Environment",))
        env.expand()
        await pilot.pause()
        assert any(secret in str(child.label) for child in env.children)
        await pilot.press("v")
        await pilot.pause()
        assert not any(secret in str(child.label) for child in env.children)
        # A new screen starts masked again.
        app.push_screen(JobDetailScreen(screen.job_name))
        await settle(app, pilot)
        assert secret not in static_text(app.screen, "#overview-content")  # type: ignore[arg-type]

    drive(detail_app("maximal"), body)


def test_config_can_show_environment_values_by_default() -> None:
    secret = load_job("maximal")["Environment"]["HF_TOKEN"]

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        assert secret in static_text(screen, "#overview-content")

    drive(detail_app("maximal", config=AppConfig(mask_environment=False)), body)


# -- header ------------------------------------------------------------------------------------


def test_header_ticks_while_the_job_runs() -> None:
    clock = FixedClock(FIXED_NOW)

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        assert "elapsed 1h00m" in static_text(screen, "#header-timing")
        clock.advance(61)
        await pilot.pause(1.2)  # the one-second tick
        assert "elapsed 1h01m" in static_text(screen, "#header-timing")
        assert "(1m ago)" in static_text(screen, "#header-timing")  # minutes only after a minute

    drive(detail_app("running", clock=clock), body)


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0, "just now"), (59, "59s ago"), (61, "1m ago"), (3725, "1h02m ago")]
)
def test_data_age_counts_seconds_for_a_minute_then_minutes(seconds: int, shown: str) -> None:
    assert data_age(FIXED_NOW - timedelta(seconds=seconds), FIXED_NOW) == shown


def test_failed_job_header_shows_the_failure_reason() -> None:
    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        failure = static_text(screen, "#header-failure")
        assert failure.startswith("Failure: ClientError: Unable to pull the training image")
        # No TrainingEndTime: measured to LastModifiedTime, as the list's DURATION is, and marked so.
        assert "took ≈9m05s until last update" in static_text(screen, "#header-timing")

    drive(detail_app("failed"), body)


# -- live refresh ------------------------------------------------------------------------------


def test_live_refresh_highlights_changes_and_keeps_tab_and_scroll(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(job_detail_feed, "CHANGE_HIGHLIGHT_SECONDS", 1.0)
    monkeypatch.setattr(job_detail, "MIN_REFRESH_DELAY", 0.0)
    first = load_job("running")
    second = dict(first)
    second["SecondaryStatus"] = "Uploading"
    second["SecondaryStatusTransitions"] = [
        *first["SecondaryStatusTransitions"][:-1],
        {**first["SecondaryStatusTransitions"][-1], "EndTime": FIXED_NOW},
        {
            "Status": "Uploading",
            "StartTime": FIXED_NOW,
            "StatusMessage": "Uploading generated training model",
        },
    ]
    name = first["TrainingJobName"]
    ready: list[bool] = []  # the change is answered once the test has scrolled the pane

    def script(job: str, n: int) -> Any:
        # Not on a fixed refresh: under load the setup took longer than the interval plus the
        # 1 s highlight, and the highlight had expired before it was looked for.
        return second if ready else first

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        await pilot.press("2")
        pane = screen.pane("timeline")
        # Scrolled once laid out: Textual ignores a scroll of a pane whose scrollbar the next layout
        # has still to show (the pane was just built), which made this test flaky under load.
        await until(pilot, lambda: pane.show_vertical_scrollbar and pane.max_scroll_y >= 3)
        pane.scroll_to(y=3, animate=False, immediate=True)
        assert pane.scroll_y == 3
        ready.append(True)
        await until(pilot, lambda: screen.view is not None and screen.view.secondary_status == "Uploading")
        assert ("SecondaryStatus",) in screen.changed
        assert screen.query_one("#header-secondary").has_class("-changed")
        assert screen.active_tab == "timeline"
        assert pane.scroll_y == 3
        assert "Uploading" in static_text(screen, "#timeline-content")
        await until(pilot, lambda: not screen.changed)
        assert not screen.query_one("#header-secondary").has_class("-changed")

    drive(live_app({name: first}, script, running_job=0.6), body, size=(100, 16))


def test_settled_job_is_not_polled() -> None:
    raw = load_job("minimal")
    name = raw["TrainingJobName"]

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        await pilot.pause(0.4)
        assert app.repository.describes == [(name, False)]  # type: ignore[attr-defined]
        assert "settled" in static_text(screen, "#header-timing")
        await pilot.press("r")
        await settle(app, pilot)
        assert app.repository.describes[-1] == (name, True)  # type: ignore[attr-defined]

    drive(live_app({name: raw}, None), body)


def test_throttling_backs_off_keeps_the_data_and_recovers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(job_detail, "MIN_REFRESH_DELAY", 0.0)
    raw = load_job("running")
    name = raw["TrainingJobName"]
    throttled = ThrottledError("SageMaker is throttling DescribeTrainingJob calls; retrying later.")

    armed = threading.Event()
    thrown: list[int] = []

    def script(job: str, n: int) -> Any:
        # The first describe after the body starts is throttled: one that came before (while
        # the app settled, under load) would leave nothing for the body to watch.
        if armed.is_set() and not thrown:
            thrown.append(n)
            return throttled
        return None

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        header = screen.query_one(DetailHeader)
        armed.set()
        await until(pilot, lambda: screen.failures == 1)
        message = static_text(screen, "#header-message")
        assert message.startswith("SageMaker is throttling DescribeTrainingJob calls")
        assert "Retrying in" in message
        assert "throttled, retry in" in static_text(screen, "#header-timing")
        assert screen.view is not None and screen.view.name == name  # the data stays
        assert name in static_text(screen, "#overview-content")
        await until(pilot, lambda: screen.failures == 0)
        assert not header.query_one("#header-message").display

    drive(live_app({name: raw}, script, running_job=0.1), body)


def test_not_found_says_so_and_the_app_stays_up() -> None:
    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        placeholder = static_text(screen, "#detail-placeholder")
        assert "Training job 'ghost-job' was not found." in placeholder
        assert not screen.query_one(TabbedContent).display
        await pilot.press("r", "3", "7")
        await settle(app, pilot)
        assert app.repository.describes == [("ghost-job", False), ("ghost-job", True)]  # type: ignore[attr-defined]
        await pilot.press("escape")
        assert isinstance(app.screen, JobListScreen)

    drive(detail_app("ghost-job", responses={}), body)


def test_access_denied_on_refresh_keeps_the_last_good_data() -> None:
    raw = load_job("maximal")
    name = raw["TrainingJobName"]
    denied = AccessDeniedError("Access denied for DescribeTrainingJob: not authorized.")

    def script(job: str, n: int) -> Any:
        return denied if n >= 2 else None

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        await pilot.press("r")
        await settle(app, pilot)
        message = static_text(screen, "#header-message")
        assert message == (
            "Access denied for DescribeTrainingJob: not authorized. Press r to retry, Escape to go back."
        )
        assert screen.query_one("#header-message").has_class("-error")
        assert screen.view is not None and name in static_text(screen, "#overview-content")
        assert screen.query_one(TabbedContent).display

    drive(detail_app(name, responses={name: raw}, script=script), body)


def test_stale_cached_copy_shows_why() -> None:
    raw = load_job("running")
    name = raw["TrainingJobName"]
    stale = Fetched(
        raw, FIXED_NOW, from_cache=True, stale=True, error=EndpointError("Could not reach the endpoint.")
    )

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        assert (
            static_text(screen, "#header-message")
            == "Could not reach the endpoint. Showing the copy cached at 12:00."
        )
        assert screen.view is not None

    drive(detail_app(name, responses={name: raw}, script=lambda job, n: stale), body)


def test_offline_shows_the_cached_copy_and_does_not_poll() -> None:
    raw = load_job("running")
    name = raw["TrainingJobName"]
    copy = Fetched(raw, FIXED_NOW.replace(hour=11, minute=40), from_cache=True, stale=True)
    repository = DetailRepository({name: raw}, script=lambda job, n: copy, offline=True)
    repository.intervals = RefreshIntervals(running_job=0.05, settling_job=0.05)
    app = SageMakerTUI(
        repository, settings=RunSettings(initial_job=name, live=True), clock=FixedClock(FIXED_NOW)
    )

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        await pilot.pause(0.3)
        assert static_text(screen, "#header-message") == "Offline: showing the copy cached at 11:40."
        assert "refreshed 11:40:00 UTC (20m ago)  offline" in static_text(screen, "#header-timing")
        assert repository.describes == [(name, False)]

    drive(app, body)


def test_offline_without_a_cached_copy_says_so_once() -> None:
    from tui.repository import OfflineError

    missing = OfflineError("Offline: training job 'gone' is not in the cache.")
    repository = DetailRepository({}, script=lambda job, n: missing, offline=True)
    repository.intervals = RefreshIntervals(running_job=0.05, settling_job=0.05)
    app = SageMakerTUI(
        repository, settings=RunSettings(initial_job="gone", live=True), clock=FixedClock(FIXED_NOW)
    )

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        await pilot.pause(0.3)
        assert static_text(screen, "#detail-placeholder").startswith(
            "Offline: training job 'gone' is not in the cache."
        )
        assert repository.describes == [("gone", False)]

    drive(app, body)


def test_cached_copy_is_shown_first_then_replaced() -> None:
    fresh = load_job("running")
    old = dict(fresh, SecondaryStatus="Downloading")
    name = fresh["TrainingJobName"]
    repository = DetailRepository({name: fresh}, cached={name: old})
    app = SageMakerTUI(
        repository, settings=RunSettings(initial_job=name, live=False), clock=FixedClock(FIXED_NOW)
    )

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        assert screen.view is not None and screen.view.secondary_status == "Training"
        assert ("SecondaryStatus",) in screen.changed

    drive(app, body)


# -- panes -------------------------------------------------------------------------------------


def test_hyperparameter_filter_expand_and_copy() -> None:
    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        await pilot.press("3")
        pane = screen.query_one(HyperparametersPane)  # built when first shown
        assert pane.table.row_count == 18
        await pilot.press("slash", *"optim", "enter")
        assert pane.table.row_count == 1 and app.focused is pane.table
        await pilot.press("enter")
        value = static_text(screen, "#hp-value")
        assert value.startswith('optimizer\n{\n  "name": "adamw",\n  "betas": [\n    0.9,')
        await pilot.press("c")
        assert app.clipboard == load_job("maximal")["HyperParameters"]["optimizer"]
        await pilot.press("slash", "escape")
        assert pane.table.row_count == 18 and pane.query_text == ""
        assert screen.active_tab == "hyperparameters"  # escape cleared the filter, did not leave

    drive(detail_app("maximal"), body)


def test_thousands_of_hyperparameters() -> None:
    raw = load_job("minimal")
    raw["HyperParameters"] = {f"param_{i:04d}": str(i) for i in range(5000)}
    name = raw["TrainingJobName"]

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        await pilot.press("3", "G")
        pane = screen.query_one(HyperparametersPane)
        assert pane.table.row_count == 5000
        assert pane.current_row() == ("param_4999", "4999")
        assert "5,000 hyperparameters" in static_text(screen, "#hp-summary")
        await pilot.press("slash", *"param_49", "enter")
        assert pane.table.row_count == 100

    drive(detail_app(name, responses={name: raw}), body)


def test_enter_on_the_resources_tab_opens_the_reusing_job() -> None:
    first = load_job("maximal")
    reuser = dict(load_job("minimal"), TrainingJobName=first["WarmPoolStatus"]["ReusedByJob"])
    responses = {first["TrainingJobName"]: first, reuser["TrainingJobName"]: reuser}

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        await pilot.press("5", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, JobDetailScreen)
        assert app.screen.job_name == reuser["TrainingJobName"]
        await pilot.press("escape")
        assert app.screen is screen

    drive(detail_app(first["TrainingJobName"], responses=responses), body)


def test_all_fields_tree_expands_lazily_and_documents_the_highlighted_field() -> None:
    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        await pilot.press("7")
        await settle(app, pilot)
        pane = screen.query_one(FieldsPane)
        tree = pane.field_tree
        assert "Name of the model training job." in static_text(screen, "#fields-doc")
        resource = next(n for n in tree.root.children if n.data == ("ResourceConfig",))
        assert len(resource.children) == 0  # not built until opened
        tree.move_cursor(resource)
        await pilot.press("space")
        await pilot.pause()
        assert [c.data for c in resource.children][:2] == [
            ("ResourceConfig", "InstanceType"),
            ("ResourceConfig", "InstanceCount"),
        ]
        await pilot.press("down")
        await pilot.pause()
        doc = static_text(screen, "#fields-doc")
        assert doc.startswith("ResourceConfig.InstanceType  string (TrainingInstanceType)\nml.p4d.24xlarge")
        assert "Valid values: ml.m4.xlarge" in doc
        await pilot.press("c")
        assert app.clipboard == "ml.p4d.24xlarge"

    drive(detail_app("maximal"), body)


def test_tree_refresh_keeps_expansion_and_cursor() -> None:
    first = load_job("running")
    # "aaa" sorts first: the HyperParameters level is rebuilt under the cursor.
    second = dict(
        first, SecondaryStatus="Uploading", HyperParameters={**first["HyperParameters"], "aaa": "1"}
    )
    name = first["TrainingJobName"]
    answers = iter([first, second])

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        await pilot.press("7")
        await settle(app, pilot)
        tree = screen.query_one(FieldTree)
        params = next(n for n in tree.root.children if n.data == ("HyperParameters",))
        params.expand()
        await pilot.pause()
        tree.move_cursor(params.children[2])
        await pilot.press("r")
        await settle(app, pilot)
        assert params.is_expanded and len(params.children) == 8
        assert tree.cursor_node is not None and tree.cursor_node.data == ("HyperParameters", "learning_rate")
        status = next(n for n in tree.root.children if n.data == ("SecondaryStatus",))
        assert '"Uploading"' in str(status.label)

    drive(detail_app(name, responses={name: first}, script=lambda job, n: next(answers, second)), body)


def test_theme_change_repaints_the_panes() -> None:
    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        before = screen._palette
        app.theme = "sagemaker-light"
        await pilot.pause()
        await asyncio.sleep(0)
        await pilot.pause()
        assert screen._palette != before

    drive(detail_app("minimal"), body)


def test_widgets_hold_no_none_text() -> None:
    """Absent fields render as dashes or notes: the literal None never appears in any pane."""

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        texts: list[RenderableType] = []
        for number in range(1, 8):
            await pilot.press(str(number))
            await settle(app, pilot)
        for static in screen.query(Static):
            texts.append(text_of(static.content))
        joined = "\n".join(str(t) for t in texts)
        assert "None" not in joined

    drive(detail_app("minimal"), body)
