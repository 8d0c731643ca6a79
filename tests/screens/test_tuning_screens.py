"""The tuning-jobs list and a tuning job: every key through Pilot, and their pictures (fixed clock,
fixed data from tests.screens.tuning_fakes, workers awaited)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.command import CommandPalette
from textual.pilot import Pilot

from tests.screens.fakes import StubDetail, async_test, settle
from tests.screens.screen_text import screen_lines
from tests.screens.tuning_fakes import DESCRIBES, HOSTILE, TRIALS, FakeTuningRepository, tuning_app
from tui.aws.errors import ThrottledError
from tui.screens.job_list import JobListScreen
from tui.screens.tuning_job import TuningJobScreen
from tui.screens.tuning_list import TuningListScreen
from tui.widgets.tuning_table import TuningTable

SnapCompare = Callable[..., bool]
BAYES = DESCRIBES[0]["HyperParameterTuningJobName"]


def rows(screen: Any) -> list[str]:
    """Names in table order (the table's keys: the cells may be cut to fit)."""
    return screen.query_one(TuningTable).keys


async def open_list(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("H")
    await settle(pilot)


async def open_job(pilot: Pilot[None]) -> None:
    await open_list(pilot)
    await pilot.press("enter")
    await settle(pilot)


@async_test
async def test_h_opens_the_tuning_list_newest_first_and_escape_goes_back() -> None:
    tuning = FakeTuningRepository()
    app = tuning_app(tuning)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_list(pilot)
        assert isinstance(app.screen, TuningListScreen)
        assert rows(app.screen)[0] == BAYES and len(rows(app.screen)) == len(DESCRIBES)
        assert tuning.asked == ["list"]
        await pilot.press("escape")
        assert isinstance(app.screen, JobListScreen)


@async_test
async def test_palette_tuning_command_opens_the_list_and_tuning_name_opens_a_job() -> None:
    app = tuning_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"tuning")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TuningListScreen)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*f"tuning {BAYES}")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TuningJobScreen) and app.screen.tuning_name == BAYES


@async_test
async def test_sort_and_filter_keys() -> None:
    app = tuning_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await open_list(pilot)
        screen = app.screen
        await pilot.press("s")  # created -> name, ascending
        await settle(pilot)
        assert rows(screen)[:2] == ["bert-ner-random-261124-2210", "deepar-demand-bayes-261122-0048"]
        await pilot.press("S")
        assert rows(screen)[0] == "yolo-shelf-hyperband-261123-0915"
        await pilot.press("s", "s", "s")  # status, strategy, best (ascending)
        assert rows(screen)[0] == "bert-ner-random-261124-2210"
        await pilot.press("slash", *"bayes")
        await pilot.press("enter")
        await settle(pilot)
        assert set(rows(screen)) == {BAYES, "deepar-demand-bayes-261122-0048"}
        assert "2 of 5 tuning jobs" in screen_lines(app)[0]
        await pilot.press("slash")
        for _ in "bayes":
            await pilot.press("backspace")
        await pilot.press("enter", "escape")  # enter hides the empty filter; escape goes back
        assert isinstance(app.screen, JobListScreen)


@async_test
async def test_enter_opens_the_tuning_job_then_a_training_job_and_b_the_best() -> None:
    tuning = FakeTuningRepository()
    app = tuning_app(tuning)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_job(pilot)
        screen = app.screen
        assert isinstance(screen, TuningJobScreen)
        assert tuning.asked == ["list", f"job {BAYES}"]
        # best first (Maximize), then those without a value
        assert screen.trial_names[:4] == [TRIALS[1]["TrainingJobName"], TRIALS[4]["TrainingJobName"],
                                          TRIALS[0]["TrainingJobName"], TRIALS[2]["TrainingJobName"]]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, StubDetail) and app.opened == [TRIALS[4]["TrainingJobName"]]
        await pilot.press("escape")
        await pilot.press("b")
        await settle(pilot)
        assert app.opened[-1] == TRIALS[1]["TrainingJobName"]
        await pilot.press("escape", "r")
        await settle(pilot)
        assert tuning.asked[-1] == f"job {BAYES}" and len(tuning.asked) == 3
        await pilot.press("escape")
        assert isinstance(app.screen, TuningListScreen)


@async_test
async def test_failures_are_one_sanitised_line() -> None:
    app = tuning_app(FakeTuningRepository(error=ThrottledError("Rate exceeded \x1b[2J")))
    async with app.run_test(size=(100, 20)) as pilot:
        await open_list(pilot)
        text = "\n".join(screen_lines(app))
        assert "Rate exceeded ␛[2J" in text and "\x1b" not in text
        assert "tuning jobs" not in screen_lines(app)[0]  # nothing listed: no count


@async_test
async def test_hostile_names_are_shown_visibly() -> None:
    app = tuning_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await open_job(pilot)
        text = "\n".join(screen_lines(app))
        assert "\x1b" not in text and "\u202e" not in text
        await pilot.press("escape")
        listing = "\n".join(screen_lines(app))
        assert "evil-␛[31mred[/]‹U+202E›" in listing and HOSTILE not in listing


# -- pictures ---------------------------------------------------------------------------------------
def test_tuning_list_80x24(snap_compare: SnapCompare) -> None:
    """Five tuning jobs at 80x24, newest first: NAME (full, up to 32 cells), STATUS coloured,
    OBJECTIVE with ↑/↓, BEST, DONE (the other columns left out to fit); the hostile name shown with
    visible markers (␛, ‹U+202E›), never as escape codes; footer Back / Filter / Sort / Refresh."""
    assert snap_compare(tuning_app(), terminal_size=(80, 24), run_before=open_list)


def test_tuning_list_120x40(snap_compare: SnapCompare) -> None:
    """The same list at 120x40: STRATEGY, RUN, FAIL, STOP and CREATED ↓ fit too (DURATION from
    about 132 columns)."""
    assert snap_compare(tuning_app(), terminal_size=(120, 40), run_before=open_list)


def test_tuning_job_80x24(snap_compare: SnapCompare) -> None:
    """The Bayesian tuning job at 80x24: header `tuning job │ xgb-churn-bayes-… │ InProgress`;
    configuration (strategy, objective, limits, early stopping, warm start), ranges, counters, the
    best job (bold in the table); training jobs best first by validation:auc ↑ with max_depth,
    eta, booster as columns; the running and failed ones last with `–`."""
    assert snap_compare(tuning_app(), terminal_size=(80, 24), run_before=open_job)


def test_tuning_job_120x40(snap_compare: SnapCompare) -> None:
    """The same tuning job at 120x40: the configuration in four lines, DURATION column visible."""
    assert snap_compare(tuning_app(), terminal_size=(120, 40), run_before=open_job)


# -- the overview's link to the parent tuning job ---------------------------------------------------
def test_a_training_job_of_a_tuning_job_opens_its_parent_with_enter() -> None:
    """The maximal fixture carries TuningJobArn …/bert-hpo-1126: the overview shows the link, and
    Enter (on the focused overview) opens that tuning job's screen; a job without one has no link."""
    from tests.screens.detail_fakes import detail_app, run
    from tui.screens.job_detail import JobDetailScreen
    from tui.widgets.detail.tuning_link import TuningLink

    async def body() -> None:
        app = detail_app("maximal")
        tuning = FakeTuningRepository()
        app.repository.companions["tuning"] = tuning
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, JobDetailScreen)
            link = app.screen.query_one(TuningLink)
            assert link.display and link.tuning_name == "bert-hpo-1126"
            assert "Part of tuning job  bert-hpo-1126  (Enter opens it)" in "\n".join(screen_lines(app))
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, TuningJobScreen) and app.screen.tuning_name == "bert-hpo-1126"

    run(body)

    async def without() -> None:
        app = detail_app("failed")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert not app.screen.query_one(TuningLink).display
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, JobDetailScreen)

    run(without)


@async_test
async def test_trials_are_marked_with_space_and_c_compares_them(monkeypatch: Any) -> None:
    """Marking and compare work on a tuning job's training jobs as in the job list."""
    import tui.screens.compare

    compared: list[tuple[str, ...]] = []
    monkeypatch.setattr(
        tui.screens.compare, "open_compare", lambda _app, names: compared.append(tuple(names))
    )
    app = tuning_app(FakeTuningRepository())
    async with app.run_test(size=(120, 30)) as pilot:
        await open_job(pilot)
        screen = app.screen
        assert isinstance(screen, TuningJobScreen)
        await pilot.press("c")  # nothing marked: one line, no comparison
        await settle(pilot)
        assert compared == [] and any("Mark 2 to 8" in str(n.message) for n in app._notifications)
        await pilot.press("space", "down", "space")
        first, second = screen.trial_names[:2]
        assert screen.marks.names == (first, second)
        table = screen.query_one(TuningTable)
        marked = [line for line in screen_lines(app) if line.startswith("*")]
        assert len(marked) == 2 and table.marks == {first, second}  # the glyph: marked without colour
        assert "2 marked" in screen.query_one("#tuning-header").info.count  # type: ignore[attr-defined]
        await pilot.press("c")
        await settle(pilot)
        assert compared == [(first, second)]
        await pilot.press("ctrl+@")
        assert screen.marks.names == () and table.marks == frozenset()


@async_test
async def test_the_command_line_runs_tuning_and_ctx_by_their_verbs() -> None:
    """``:tuning`` and ``:ctx`` (k9s habits) run the palette's own entries, found by their verbs."""
    from tui.screens.context_picker import ContextPicker

    app = tuning_app(FakeTuningRepository())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("colon", *"tuning", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TuningListScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("colon", *"ctx", "enter")
        await settle(pilot)
        # The picker's own answer here (the scripted repository has no client: offline).
        notes = [str(n.message) for n in app._notifications]
        assert "Offline: switching profile or region needs the service." in notes
        assert not isinstance(app.screen, ContextPicker)
