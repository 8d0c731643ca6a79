"""The Metrics tab (9): snapshots and behaviour, with series from the demo generator.

Clock fixed at tests.conftest.FIXED_NOW; the metrics repository is a fake (tests/screens/
metrics_fakes.py) so no CloudWatch is involved; workers awaited before each picture.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from tests.conftest import FIXED_NOW, reset_moto
from tests.screens.detail_fakes import detail_app
from tests.screens.metrics_fakes import FakeMetrics, install_metrics
from tests.screens.test_job_detail import drive
from tui.aws.metrics import MetricsAccessDenied, MetricsThrottled
from tui.clock import FixedClock
from tui.config import AppConfig
from tui.screens.job_detail import JobDetailScreen
from tui.widgets.detail.metrics import MetricsPane


def metrics_app(fixture: str, mode: Any = "demo", *, theme: str | None = None, role: str = "maximal") -> Any:
    clock = FixedClock(FIXED_NOW)
    config = AppConfig(theme=theme) if theme else None
    app = detail_app(fixture, tab="metrics", clock=clock, config=config)
    install_metrics(app.repository, FakeMetrics(clock, mode, role))
    return app


async def loaded(pilot: Pilot[Any]) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


DENIED = MetricsAccessDenied(
    "Access denied for CloudWatch GetMetricData: the credentials need cloudwatch:GetMetricData"
    " to show metrics.",
    code="AccessDenied",
)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_several_metrics(snap_compare: Any, size: tuple[int, int]) -> None:
    """The maximal job: the status line (whole job, keys t and L, cached/updated time), then the
    "loss" chart with train:loss in braille and validation:loss with × markers (it overfits: the ×
    line turns up again), the legend with latest/min/max per line, then validation:accuracy; at
    120x40 the instance charts begin below (a line per host, host digits as glyphs)."""
    assert snap_compare(metrics_app("maximal"), terminal_size=size, run_before=loaded)


@pytest.mark.parametrize("theme", ["sagemaker-light", "ansi"])
def test_several_metrics_in_other_themes(snap_compare: Any, theme: str) -> None:
    """The same tab in the light and ANSI (16-colour) themes: lines in the theme's primary, warning
    and success colours; legends and axis in the muted colour."""
    assert snap_compare(metrics_app("maximal", theme=theme), terminal_size=(80, 24), run_before=loaded)


def test_several_metrics_with_no_color(snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR=1: every line still told apart by its glyph (braille, ×, +, host digits)."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(metrics_app("maximal"), terminal_size=(80, 24), run_before=loaded)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_no_metric_definitions_shows_hosts(snap_compare: Any, size: tuple[int, int]) -> None:
    """The minimal job (no MetricDefinitions, one CPU host): the sentence saying the job defines no
    algorithm metrics, then CPU, memory and disk charts for algo-1 (no GPU charts on a CPU host)."""
    assert snap_compare(metrics_app("minimal"), terminal_size=size, run_before=loaded)


def test_no_metrics_yet(snap_compare: Any) -> None:
    """The running job before any point arrived: "No metrics yet" and the 60 s refresh note."""
    assert snap_compare(metrics_app("running", "empty"), terminal_size=(80, 24), run_before=loaded)


def test_access_denied(snap_compare: Any) -> None:
    """CloudWatch refused: the sentence naming cloudwatch:GetMetricData in the error colour, in this
    tab only (the header and the other tabs are untouched)."""
    assert snap_compare(metrics_app("maximal", DENIED), terminal_size=(80, 24), run_before=loaded)


def test_compact_table_at_40x12(snap_compare: Any) -> None:
    """40x12: no room for charts, so a latest/min/max table, one row per series."""
    assert snap_compare(metrics_app("maximal"), terminal_size=(40, 12), run_before=loaded)


# -- behaviour ------------------------------------------------------------------------------------
def test_m_opens_the_tab_and_keys_toggle_scale_and_range() -> None:
    async def body(app: Any, pilot: Pilot[Any], screen: JobDetailScreen) -> None:
        await pilot.press("m")
        await loaded(pilot)
        assert screen.query_one(TabbedContent).active == "metrics"
        pane = screen.query_one(MetricsPane)
        assert app.focused is pane
        await pilot.press("L", "t")
        assert pane.log_scale and pane.span.value == "last hour"

    clock = FixedClock(FIXED_NOW)
    app = detail_app("maximal", clock=clock)
    install_metrics(app.repository, FakeMetrics(clock))
    drive(app, body)


def test_a_running_job_is_polled_every_60_s_only_while_visible() -> None:
    async def body(app: Any, pilot: Pilot[Any], screen: JobDetailScreen) -> None:
        fake = app.repository.companions["metrics"]
        pane = screen.query_one(MetricsPane)
        await loaded(pilot)
        assert fake.loads == 1
        pane._poll()
        await loaded(pilot)
        assert fake.loads == 1  # not due yet
        fake.clock.advance(61)
        await pilot.press("1")  # another tab: hidden, no call
        pane._poll()
        await loaded(pilot)
        assert fake.loads == 1
        await pilot.press("9")
        pane._poll()
        await loaded(pilot)
        assert fake.loads == 2

    clock = FixedClock(FIXED_NOW)
    app = detail_app("running", tab="metrics", clock=clock)
    install_metrics(app.repository, FakeMetrics(clock, role=""))
    drive(app, body)


def test_throttling_stays_in_the_tab() -> None:
    async def body(app: Any, pilot: Pilot[Any], screen: JobDetailScreen) -> None:
        await loaded(pilot)
        pane = screen.query_one(MetricsPane)
        assert "throttling" in pane.error
        assert "throttling" not in str(screen.query_one("#detail-header").render())
        fake = app.repository.companions["metrics"]
        assert fake.loads == 1
        fake.clock.advance(30)
        pane._poll()  # not before a full period, though no series ever arrived
        await loaded(pilot)
        assert fake.loads == 1
        fake.clock.advance(31)
        pane._poll()
        await loaded(pilot)
        assert fake.loads == 2

    clock = FixedClock(FIXED_NOW)
    app = detail_app("maximal", tab="metrics", clock=clock)
    throttled = MetricsThrottled("CloudWatch is throttling GetMetricData calls; retrying later.")
    install_metrics(app.repository, FakeMetrics(clock, throttled))
    drive(app, body)


def test_m_in_the_list_opens_the_job_on_its_metrics_tab_and_reuses_the_screen() -> None:
    from tests.screens.detail_fakes import DetailRepository, run
    from tests.screens.test_job_open import jobs_named, list_app
    from tui.screens.job_list import JobListScreen

    async def body() -> None:
        clock = FixedClock(FIXED_NOW)
        responses = jobs_named("maximal", "failed")
        repository = DetailRepository(responses, clock=clock)
        install_metrics(repository, FakeMetrics(clock))
        app = list_app(repository)
        async with app.run_test(size=(100, 30)) as pilot:
            for name in responses:  # the second time, the reused detail screen
                await loaded(pilot)
                screen = app.screen
                assert isinstance(screen, JobListScreen)
                assert screen.table.select_name(name)
                await pilot.press("m")
                await loaded(pilot)
                detail = app.screen
                assert isinstance(detail, JobDetailScreen), (name, detail, app.screen_stack)
                assert detail.job_name == name
                assert detail.query_one(TabbedContent).active == "metrics"
                await pilot.press("escape")

    run(body)


def test_the_demo_fleet_end_to_end(moto_server: str) -> None:
    """The real wiring: the app's job repository and the metrics repository beside it (same
    options, the CloudWatch endpoint of the demo), moto's server publishing the demo's metrics."""
    from dataclasses import replace

    from tests.screens.detail_fakes import DetailTestApp, run
    from tui.aws.client import ConnectionOptions, build_client
    from tui.demo import MAXIMAL_JOB, attach_demo_fleet
    from tui.repository import JobRepository
    from tui.settings import RunSettings

    reset_moto(moto_server)
    with attach_demo_fleet(moto_server, seed=3, now=FIXED_NOW, jobs=12):
        options = ConnectionOptions(
            region="us-east-1",
            endpoint_url=moto_server,
            cloudwatch_endpoint_url=moto_server,
            max_attempts=1,
            list_min_interval=0.0,
            static_credentials=("demo", "demo"),
        )
        clock = FixedClock(FIXED_NOW)
        repository = JobRepository(client=build_client(options), options=replace(options), clock=clock)
        settings = RunSettings(initial_job=MAXIMAL_JOB, live=False)
        app = DetailTestApp(
            repository, settings=settings, config=AppConfig(), clock=clock, initial_tab="metrics"
        )

        async def body() -> None:
            async with app.run_test(size=(120, 40)) as pilot:
                for _ in range(20):
                    await loaded(pilot)
                    pane = app.screen.query_one(MetricsPane)
                    if pane.snapshot is not None or pane.error:
                        break
                    await pilot.pause(0.1)
                assert pane.error == "" and pane.snapshot is not None
                assert not pane.snapshot.empty
                assert repository.counter.count("GetMetricData") == 1
                assert len(pane.query("ChartBlock")) >= 4

        run(body)
