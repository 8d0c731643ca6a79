"""Issue 17, the job detail on screen (items 13-15, 5, 18): Pilot-driven, each failed before its fix."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, TabbedContent

from tests.conftest import FIXED_NOW
from tests.screens.detail_fakes import DetailRepository, detail_app, load_job
from tests.screens.fakes import FakeRepository, async_test, list_app, settle, summary
from tests.screens.screen_text import screen_lines
from tests.screens.test_job_detail import drive, live_app, static_text
from tui.app import SageMakerTUI
from tui.aws.errors import OfflineError
from tui.clock import FixedClock
from tui.repository import RefreshIntervals
from tui.screens import job_detail
from tui.screens.job_detail import JobDetailScreen
from tui.settings import RunSettings
from tui.widgets.detail.hyperparameters import HyperparametersPane


def notices(app: SageMakerTUI) -> list[str]:
    return [str(n.message) for n in app._notifications]


# -- 13: the not-found / offline header ----------------------------------------------------------


def test_not_found_says_it_once_with_no_stray_note() -> None:
    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        shown = "\n".join(screen_lines(app))
        assert shown.count("was not found") == 1  # was twice: header line and placeholder
        assert "r retries" not in shown
        assert "Press r to retry" in shown

    drive(detail_app("ghost-job", responses={}), body, size=(80, 24))


def test_offline_offers_no_retry() -> None:
    missing = OfflineError("Offline: training job 'gone' is not in the cache.")
    repository = DetailRepository({}, script=lambda job, n: missing, offline=True)
    repository.intervals = RefreshIntervals(running_job=0.05, settling_job=0.05)
    app = SageMakerTUI(
        repository, settings=RunSettings(initial_job="gone", live=True), clock=FixedClock(FIXED_NOW)
    )

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        shown = "\n".join(screen_lines(app))
        assert shown.count("is not in the cache") == 1
        assert "retry" not in shown and "r retries" not in shown
        assert "Escape goes back to the list." in shown

    drive(app, body, size=(80, 24))


# -- 14: labels, zone, tab titles, live state -----------------------------------------------------


def test_refreshed_time_carries_its_zone() -> None:
    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        assert "refreshed 12:00:00 UTC (just now)" in static_text(screen, "#header-timing")

    drive(detail_app("maximal"), body)


def test_tab_titles_do_not_change_with_width() -> None:
    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        tabs = screen.query_one(TabbedContent)

        def titles() -> list[str]:
            return [str(tabs.get_tab(tab_id).label) for tab_id in job_detail.TAB_IDS]

        narrow = titles()
        strip = next(line for line in screen_lines(app) if line.startswith(" 1 "))
        assert all(title in strip for title in narrow)  # every title fits 80 columns
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert titles() == narrow
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert titles() == narrow

    drive(detail_app("maximal"), body, size=(80, 24))


def test_live_state_stays_visible_at_80_columns() -> None:
    raw = load_job("running")
    name = raw["TrainingJobName"]

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        timing = screen_lines(app)[1]
        assert "live " in timing  # was cut off at 80 columns behind the created time
        assert "refreshed 12:00:00 UTC" in timing
        assert "created" not in timing  # the least needed part gives way (the Overview has it)

    drive(live_app({name: raw}, None, running_job=10.0), body, size=(80, 24))


# -- 15: Tab switches tabs; j with a value expanded ------------------------------------------------


def test_tab_and_shift_tab_switch_tabs() -> None:
    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        tabs = screen.query_one(TabbedContent)
        await pilot.press("tab")
        assert tabs.active == "timeline"  # was: focus moved to the tab strip
        await pilot.press("tab", "tab")
        assert tabs.active == "channels"
        await pilot.press("shift+tab")
        assert tabs.active == "hyperparameters"
        await pilot.press("slash")  # in the filter box, Tab is the box's
        assert isinstance(app.focused, Input)
        await pilot.press("tab")
        assert tabs.active == "hyperparameters"

    drive(detail_app("maximal"), body)


def test_j_with_a_value_expanded_shows_the_next_value_and_its_row() -> None:
    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        pane = screen.query_one(HyperparametersPane)
        await pilot.press(*["j"] * 14, "enter")
        await pilot.pause()
        await pilot.pause()
        assert pane.query_one("#hp-value-box").display
        await pilot.press("j")
        await pilot.pause()
        await pilot.pause()
        current = pane.current_row()
        assert current is not None and current[0] == "scheduler"
        assert pane.query_one("#hp-value-box").display  # still open, showing the new row's value
        assert '"warmup_ratio": 0.06' in static_text(screen, "#hp-value")
        # The cursor's row is in sight above the value box (it was hidden under it).
        lines = screen_lines(app)
        box_top = next(i for i, line in enumerate(lines) if line.startswith(" ───"))
        assert any(line.startswith("  scheduler ") for line in lines[:box_top])

    drive(detail_app("maximal", tab="hyperparameters"), body, size=(80, 24))


# -- 5: nothing cut without an ellipsis --------------------------------------------------------------


def test_hyperparameter_values_end_in_an_ellipsis_when_cut() -> None:
    raw = load_job("maximal")
    values: dict[str, str] = raw["HyperParameters"]

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        lines = screen_lines(app)
        line = next(line for line in lines if line.startswith("  sagemaker_submit_directory "))
        shown = line.split("sagemaker_submit_directory", 1)[1].strip()
        assert shown.endswith("…")  # was cut at the table's edge: "…/bert/so"
        assert values["sagemaker_submit_directory"].startswith(shown[:-1])

    drive(detail_app("maximal", tab="hyperparameters"), body, size=(80, 24))


def test_a_long_failure_reason_ends_in_an_ellipsis() -> None:
    raw = load_job("failed")
    raw["FailureReason"] = "ClientError: " + " ".join(f"word{i}" for i in range(80))
    name = raw["TrainingJobName"]

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        lines = screen_lines(app)
        failure = [line.rstrip() for line in lines[2:5]]
        assert failure[0].startswith(" Failure: ClientError: word0")
        assert failure[2].endswith("…")  # three lines at most, and it says there is more

    drive(detail_app(name, responses={name: raw}), body, size=(80, 24))


# -- 18: the copy toasts show what was copied --------------------------------------------------------


def test_detail_copy_arn_toast_shows_the_arn() -> None:
    raw = load_job("maximal")

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        await pilot.press("Y")
        await pilot.pause()
        assert app.clipboard == raw["TrainingJobArn"]
        assert f"Copied the ARN: {raw['TrainingJobArn']}" in notices(app)  # was "Copied the ARN."

    drive(detail_app("maximal"), body)


@async_test
async def test_list_copy_arn_toast_shows_the_arn_made_safe() -> None:
    hostile: dict[str, Any] = summary("job-a")
    hostile["TrainingJobArn"] = "arn:aws:sagemaker:us-east-1:1:training-job/job-a\x1b]52;c;x\x07"
    app = list_app(FakeRepository([[[hostile]]]))
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        await pilot.press("Y")
        await pilot.pause()
        shown = [m for m in notices(app) if "training-job/job-a" in m]
        assert shown and shown[0].startswith("Copied the ARN: arn:aws:sagemaker:")
        assert "\x1b" not in shown[0] and "\x07" not in shown[0]


def test_all_fields_labels_end_in_an_ellipsis_at_the_edge() -> None:
    raw = load_job("maximal")

    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        lines = screen_lines(app)
        arn = next(line for line in lines if line.startswith(" TrainingJobArn = "))
        shown = arn.split(" = ", 1)[1].rstrip(" ▁▂▃▄▅▆▇█")
        assert shown.endswith("…")  # was cut mid-word at the edge, with a horizontal scrollbar
        assert f'"{raw["TrainingJobArn"]}"'.startswith(shown[:-1])

    drive(detail_app("maximal", tab="fields"), body, size=(80, 24))


def test_hyperparameters_fit_a_narrow_terminal() -> None:
    async def body(app: SageMakerTUI, pilot: Pilot, screen: JobDetailScreen) -> None:
        lines = screen_lines(app)
        assert any(line.startswith("  Name ") and "Value" in line for line in lines)  # was off-screen
        row = next(line for line in lines if line.startswith("  gradient_accu"))
        assert "…" in row and row.rstrip(" ▁▂▃▄▅▆▇█").endswith("4")  # name cut with "…", value shown

    drive(detail_app("maximal", tab="hyperparameters"), body, size=(40, 14))
