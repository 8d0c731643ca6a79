"""Opening a job from the list: the cached copy under the cursor is read ahead, screens are freed."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import FIXED_NOW
from tests.screens.detail_fakes import DetailRepository, load_job, run
from tui.app import SageMakerTUI
from tui.clock import FixedClock
from tui.config import AppConfig
from tui.idle_gc import NEVER, HeapTuner
from tui.screens.job_detail import JobDetailScreen
from tui.screens.job_list import JobListScreen
from tui.settings import RunSettings

SIZE = (120, 40)


def jobs_named(*fixtures: str) -> dict[str, dict[str, Any]]:
    """The fixtures' responses by job name, in the order given."""
    jobs = [load_job(fixture) for fixture in fixtures]
    return {job["TrainingJobName"]: job for job in jobs}


def two_jobs() -> dict[str, dict[str, Any]]:
    return jobs_named("maximal", "failed")


def list_app(repository: DetailRepository) -> SageMakerTUI:
    settings = RunSettings(profile_label="test", location_label="us-east-1", live=False)
    return SageMakerTUI(repository, settings=settings, config=AppConfig(), clock=repository.clock)


def blocked_describes(gate: list[threading.Event]) -> Any:
    """A describe that does not answer until ``gate[0]`` is set (5 s at most): only the cache can
    paint. Swapping ``gate[0]`` for a new event holds the describes that start after."""

    def script(name: str, n: int) -> None:
        gate[0].wait(5)

    return script


async def open_from_list(
    app: SageMakerTUI, pilot: Any, name: str, before_enter: Callable[[], None] = lambda: None
) -> JobDetailScreen:
    await app.workers.wait_for_complete()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, JobListScreen)
    assert screen.table.select_name(name)
    await app.workers.wait_for_complete()  # the read-ahead of the cached copy
    await pilot.pause()
    before_enter()
    await pilot.press("enter")
    await pilot.pause()
    detail = app.screen
    assert isinstance(detail, JobDetailScreen) and detail.job_name == name
    return detail


def test_a_cached_job_under_the_cursor_opens_with_its_details_at_once() -> None:
    async def body() -> None:
        responses = two_jobs()
        cached_name, plain_name = list(responses)
        gate = [threading.Event()]
        repository = DetailRepository(
            responses, clock=FixedClock(FIXED_NOW), cached={cached_name: responses[cached_name]}
        )
        app = list_app(repository)
        try:
            async with app.run_test(size=SIZE) as pilot:
                await app.workers.wait_for_complete()
                repository.script = blocked_describes(gate)  # describes hold from here on
                detail = await open_from_list(app, pilot, cached_name)
                # The describe is still held: what is on screen came from the read-ahead copy.
                assert detail.view is not None and detail.view.name == cached_name
                assert not detail.query_one("#detail-placeholder").display
                assert detail.query_one("#detail-tabs").display
                assert "Loading" not in str(detail.query_one("#detail-placeholder").render())

                await pilot.press("escape")
                gate[0].set()  # that describe may answer now; the next one holds again
                gate[0] = threading.Event()
                detail = await open_from_list(app, pilot, plain_name)
                # Not cached: the placeholder shows until the describe answers.
                assert detail.view is None
                assert detail.query_one("#detail-placeholder").display
                gate[0].set()
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert detail.view is not None and detail.view.name == plain_name
        finally:
            gate[0].set()

    run(body)


def test_a_reused_screen_shows_nothing_of_the_previous_job_while_the_next_loads() -> None:
    async def body() -> None:
        responses = jobs_named("failed", "maximal")
        failed, done = responses.values()
        gate = [threading.Event()]
        repository = DetailRepository(responses, clock=FixedClock(FIXED_NOW))
        app = list_app(repository)
        try:
            async with app.run_test(size=SIZE) as pilot:
                detail = await open_from_list(app, pilot, failed["TrainingJobName"])
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert "Failed" in str(detail.query_one("#header-status").render())
                await pilot.press("escape")
                await pilot.pause()
                repository.script = blocked_describes(gate)  # the next describe holds
                detail = await open_from_list(app, pilot, done["TrainingJobName"])
                header = detail.query_one("#detail-header")
                assert str(header.query_one("#header-status").render()).strip() == ""
                assert not header.query_one("#header-failure").display
                assert detail.query_one("#detail-placeholder").display
        finally:
            gate[0].set()

    run(body)


def test_a_settled_cached_job_opens_without_a_describe_and_a_running_one_is_confirmed() -> None:
    async def body() -> None:
        responses = jobs_named("failed", "running")
        done, running = responses.values()
        clock = FixedClock(FIXED_NOW)
        repository = DetailRepository(responses, clock=clock, cached=dict(responses))
        app = list_app(repository)
        async with app.run_test(size=SIZE) as pilot:
            detail = await open_from_list(app, pilot, done["TrainingJobName"])
            await app.workers.wait_for_complete()
            await pilot.pause()
            # The cache policy would serve this copy: it is shown as the answer, nothing confirms it.
            assert repository.describes == []
            assert detail.view is not None and detail.note == "settled"
            await pilot.press("escape")
            # The running job's copy is read ahead, then an hour passes: it is due for a refresh.
            detail = await open_from_list(
                app, pilot, running["TrainingJobName"], before_enter=lambda: clock.advance(3600)
            )
            await app.workers.wait_for_complete()
            await pilot.pause()
            # Shown at once, then described.
            assert repository.describes == [(running["TrainingJobName"], False)]
            assert detail.view is not None and detail.view.name == running["TrainingJobName"]

    run(body)


def test_one_detail_screen_serves_every_job_opened_and_others_are_freed() -> None:
    """Opening from the list reuses one installed screen; a screen of its own (the next job,
    opened with ``]``) is freed once closed. Each job opened used to stay in memory for good."""

    async def body() -> None:
        responses = two_jobs()
        repository = DetailRepository(responses, clock=FixedClock(FIXED_NOW))
        app = list_app(repository)
        opened: set[int] = set()
        stepped: list[weakref.ref[JobDetailScreen]] = []
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(3):
                for name in responses:
                    detail = await open_from_list(app, pilot, name)
                    await app.workers.wait_for_complete()
                    opened.add(id(detail))
                    for key in ("right_square_bracket", "left_square_bracket"):  # the other job
                        if app.screen is detail:
                            await pilot.press(key)
                            await app.workers.wait_for_complete()
                            await pilot.pause()
                    app.clear_notifications()
                    assert app.screen is not detail and isinstance(app.screen, JobDetailScreen)
                    stepped.append(weakref.ref(app.screen))
                    del detail
                    await pilot.press("escape")
                    await pilot.pause()
            for _ in range(20):  # the last screen closed is removed by a task of its own
                gc.collect()
                if all(ref() is None for ref in stepped):
                    break
                await pilot.pause(0.1)
            assert len(opened) == 1
            assert [ref() for ref in stepped] == [None] * len(stepped)

    run(body)


async def every_tab(app: SageMakerTUI, pilot: Any) -> list[str]:
    """The screen as drawn on each tab, 1 to 7."""
    shots = []
    for number in "1234567":
        await pilot.press(number)
        await app.workers.wait_for_complete()
        await pilot.pause()
        shots.append(app.export_screenshot())
    return shots


def test_a_reused_detail_screen_draws_what_a_new_one_draws() -> None:
    """Whatever was done with the previous job (tabs, scroll, filter, expansion, environment
    shown), the next job opened on the reused screen looks exactly as on a new screen."""

    async def body() -> None:
        first, second = two_jobs()
        repository = DetailRepository(two_jobs(), clock=FixedClock(FIXED_NOW))
        app = list_app(repository)
        async with app.run_test(size=SIZE) as pilot:
            await open_from_list(app, pilot, second)
            expected = await every_tab(app, pilot)

        repository = DetailRepository(two_jobs(), clock=FixedClock(FIXED_NOW))
        app = list_app(repository)
        async with app.run_test(size=SIZE) as pilot:
            used = await open_from_list(app, pilot, first)
            await app.workers.wait_for_complete()
            for keys in (("j", "j", "j"), ("3", "slash", "l", "r", "enter"), ("7", "down", "enter", "j")):
                for key in keys:
                    await pilot.press(key)
                await app.workers.wait_for_complete()
                await pilot.pause()
            used.action_toggle_environment()
            app.clear_notifications()
            await pilot.press("escape")
            await pilot.pause()
            reused = await open_from_list(app, pilot, second)
            assert reused is used and not reused.reveal_environment
            assert await every_tab(app, pilot) == expected

    run(body)


def test_a_theme_changed_while_the_reused_screen_was_closed_reaches_it() -> None:
    async def body() -> None:
        first, second = two_jobs()
        app = list_app(DetailRepository(two_jobs(), clock=FixedClock(FIXED_NOW)))
        async with app.run_test(size=SIZE) as pilot:
            app.theme = "sagemaker-light"
            await open_from_list(app, pilot, second)
            expected = app.export_screenshot()

        app = list_app(DetailRepository(two_jobs(), clock=FixedClock(FIXED_NOW)))
        async with app.run_test(size=SIZE) as pilot:
            await open_from_list(app, pilot, first)
            await pilot.press("escape")
            await pilot.pause()
            app.theme = "sagemaker-light"
            await pilot.pause()
            await open_from_list(app, pilot, second)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.export_screenshot() == expected

    run(body)


def test_after_the_first_list_the_heap_is_settled_once(monkeypatch) -> None:
    async def body() -> None:
        frozen: list[int] = []
        thresholds: list[tuple[int, ...]] = []
        monkeypatch.setattr(gc, "set_threshold", lambda *values: thresholds.append(values))
        repository = DetailRepository(two_jobs(), clock=FixedClock(FIXED_NOW))
        app = list_app(repository)
        # The launcher's tuner, freezing nothing of the test process.
        app.heap = HeapTuner(freeze=lambda: frozen.append(1))
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("r")
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert frozen == [1]
        # Full collections are the idle collector's from then on (tui.idle_gc).
        assert len(thresholds) == 1 and thresholds[0][2] == NEVER

    run(body)


def test_clicking_a_key_on_the_detail_footer_presses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    async def body() -> None:
        from tui.widgets.key_hints import KeyHints

        app = list_app(DetailRepository(two_jobs(), clock=FixedClock(FIXED_NOW)))
        async with app.run_test(size=SIZE) as pilot:
            name = next(iter(two_jobs()))
            detail = await open_from_list(app, pilot, name)
            await app.workers.wait_for_complete()
            hints = detail.query_one(KeyHints)
            assert [hint.description for _, _, hint in hints._cells][:2] == ["Back", "Refresh"]
            assert hints._cells[-1][2].description == "Commands"  # at the right edge
            # No palette: every key on the left, the last too.
            monkeypatch.setattr(app, "ENABLE_COMMAND_PALETTE", False)
            assert str(hints.render()).rstrip().endswith("? Help")
            monkeypatch.setattr(app, "ENABLE_COMMAND_PALETTE", True)
            assert str(hints.render()).rstrip().endswith("^p Commands")
            await pilot.click(KeyHints, offset=(1, 0))  # on "esc Back"
            await pilot.pause()
            assert isinstance(app.screen, JobListScreen)

    run(body)


def test_a_running_job_served_from_a_fresh_cached_copy_stays_live() -> None:
    """The copy read ahead is not yet due, so it is the answer (no describe): the detail still
    knows when it falls due (the cached describe carries its due time), so it is not 'settled'."""

    async def body() -> None:
        responses = jobs_named("running")
        (running,) = responses.values()
        repository = DetailRepository(responses, clock=FixedClock(FIXED_NOW), cached=dict(responses))
        app = list_app(repository)  # live refresh off: the note says so instead of a countdown
        async with app.run_test(size=SIZE) as pilot:
            detail = await open_from_list(app, pilot, running["TrainingJobName"])
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert repository.describes == []
            assert detail.view is not None and detail.note == "live refresh off"

    run(body)
