"""The detail screen's `c`: compare the job with the previous run of its series (same name prefix)."""

from __future__ import annotations

from typing import Any

from tests.screens.compare_fakes import job_describe
from tests.screens.detail_fakes import detail_app, run
from tests.screens.fakes import settle
from tui.screens.compare import CompareScreen
from tui.screens.job_detail import JobDetailScreen

RESPONSES = {
    "vision-resnet-0001": job_describe("vision-resnet-0001", 0),
    "nlp-bert-0001": job_describe("nlp-bert-0001", 1),
    "vision-resnet-0002": job_describe("vision-resnet-0002", 2),
}


async def until_screen(pilot: Any, kind: type) -> None:
    for _ in range(100):
        await settle(pilot)
        if isinstance(pilot.app.screen, kind):
            return
        await pilot.pause(0.02)


def test_c_compares_with_the_previous_run_of_the_series() -> None:
    app = detail_app("vision-resnet-0002", responses=RESPONSES)

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await until_screen(pilot, JobDetailScreen)
            # The list beneath must have listed the jobs (it finds the previous run).
            for _ in range(100):
                await settle(pilot)
                lists: list[Any] = [s for s in app.screen_stack if hasattr(s, "previous_run")]
                if lists and lists[0].model.rows:
                    break
            await pilot.press("c")
            await until_screen(pilot, CompareScreen)
            screen = app.screen
            assert isinstance(screen, CompareScreen)
            assert screen.names == ("vision-resnet-0001", "vision-resnet-0002")
            for _ in range(100):
                await settle(pilot)
                if screen.comparison is not None:
                    break
            assert screen.comparison is not None
            assert screen.comparison.names == ("vision-resnet-0001", "vision-resnet-0002")

    run(main)


def test_c_without_an_earlier_run_says_so() -> None:
    app = detail_app("nlp-bert-0001", responses=RESPONSES)

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await until_screen(pilot, JobDetailScreen)
            for _ in range(100):
                await settle(pilot)
                lists: list[Any] = [s for s in app.screen_stack if hasattr(s, "previous_run")]
                if lists and lists[0].model.rows:
                    break
            await pilot.press("c")
            await pilot.pause()
            assert isinstance(app.screen, JobDetailScreen)
            assert any("No earlier job of the same name prefix as nlp-bert-0001" in str(n.message)
                       for n in app._notifications)

    run(main)
