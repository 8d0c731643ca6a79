"""The compare screen: keys through Pilot, and pictures (2 and 8 jobs, only differences, NO_COLOR)
at 80x24 and 120x40. Fixed clock (FIXED_NOW) and data (tests.screens.compare_fakes), workers awaited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.screens.compare_fakes import CompareRepository, job_describe
from tests.screens.fakes import async_test, list_app, settle
from tests.screens.screen_text import screen_lines
from tui.aws.errors import OfflineError
from tui.screens.compare import CompareScreen, ValueScreen
from tui.widgets.compare_grid import CompareGrid

NAMES = [f"vision-resnet-{i:04d}" for i in range(1, 9)]
TAGS = {
    name: [{"Key": "team", "Value": "vision"}, {"Key": "owner", "Value": ("ana", "bo")[i % 2]}]
    for i, name in enumerate(NAMES)
}


def compare_app(count: int, *, hyperparameters: int = 6, tags: dict[str, Any] | None = TAGS) -> Any:
    describes = {n: job_describe(n, i, hyperparameters=hyperparameters) for i, n in enumerate(NAMES)}
    app: Any = list_app(CompareRepository([[]], describes=describes, tags=tags))
    app.compare_names = tuple(NAMES[:count])
    return app


async def opened(pilot: Pilot[None]) -> None:
    await settle(pilot)
    pilot.app.push_screen(CompareScreen(pilot.app.compare_names))  # type: ignore[attr-defined]
    for _ in range(50):
        await settle(pilot)
        screen = pilot.app.screen
        if isinstance(screen, CompareScreen) and screen.comparison is not None:
            break
    await pilot.pause()


def run_keys(*keys: str) -> Callable[[Pilot[None]], Any]:
    async def run(pilot: Pilot[None]) -> None:
        await opened(pilot)
        await pilot.press(*keys)
        await pilot.pause()

    return run


SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@SIZES
def test_two_jobs(snap_compare: Any, size: tuple[int, int]) -> None:
    """Two jobs, every row (few rows are equal... but more than 20 are, so `d` was pressed to show
    all): `≠` and the warning colour on the differing rows (status, failure reason, times, billable,
    instance count, learning_rate, train URI, accuracy, owner tag); values elided in the middle."""
    assert snap_compare(compare_app(2), terminal_size=size, run_before=run_keys("d"))


@SIZES
def test_eight_jobs_only_differences(snap_compare: Any, size: tuple[int, int]) -> None:
    """Eight jobs with 300 hyperparameters each, opened on only the differences (the default:
    more than 20 rows are equal); header `Compare 8 jobs · N of M rows differ ≠ · showing only
    differences`; eight narrow columns of elided values."""
    assert snap_compare(compare_app(8, hyperparameters=300), terminal_size=size, run_before=opened)


@SIZES
def test_two_jobs_no_color(snap_compare: Any, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]) -> None:
    """NO_COLOR=1, every row: the differing rows still stand out by their `≠` (and bold)."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(compare_app(2), terminal_size=size, run_before=run_keys("d"))


@SIZES
def test_two_jobs_only_differences(snap_compare: Any, size: tuple[int, int]) -> None:
    """Two jobs as the screen opens them: only the 14 differing rows (more than 20 are equal),
    header `Compare 2 jobs · 14/36 rows differ ≠ · only differences (d)`."""
    assert snap_compare(compare_app(2), terminal_size=size, run_before=opened)


def test_full_value(snap_compare: Any) -> None:
    """Enter on the train URI row: a box with each job's full URI (not elided)."""
    async def run(pilot: Pilot[None]) -> None:
        await opened(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, CompareScreen)
        index = next(i for i, r in enumerate(screen._shown) if r.label == "train URI")
        screen.query_one(CompareGrid).move_cursor(index)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(compare_app(2), terminal_size=(120, 40), run_before=run)


@async_test
async def test_keys_d_enter_escape() -> None:
    app = compare_app(3)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen) and screen.comparison is not None
        assert screen.only_differences  # > 20 equal rows: the differences first
        grid = screen.query_one(CompareGrid)
        assert len(grid.rows) == len(screen.comparison.differing)
        await pilot.press("d")
        assert not screen.only_differences
        assert len(grid.rows) == len(screen.comparison.rows)
        assert "all rows" in "\n".join(screen_lines(app))
        await pilot.press("d")
        assert len(grid.rows) == len(screen.comparison.differing)
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ValueScreen)
        assert app.screen.row == screen._shown[1]
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("escape")
        assert not isinstance(app.screen, CompareScreen)


@async_test
async def test_differing_rows_have_the_marker_and_tags_come_from_search() -> None:
    app = compare_app(2)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        await pilot.press("d")
        lines = screen_lines(app)
        owner = next(line for line in lines if "owner" in line)
        team = next(line for line in lines if "vision" in line and "s3://" not in line)
        assert "≠" in owner and "ana" in owner and "bo" in owner
        assert "≠" not in team


@async_test
async def test_a_failure_is_one_line_in_the_header() -> None:
    app = compare_app(2)
    app.repository.describes = {}
    app.repository._offline = True

    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        pilot.app.push_screen(CompareScreen(("a-1", "a-2")))
        for _ in range(50):
            await settle(pilot)
            if isinstance(app.screen, CompareScreen) and app.screen.error:
                break
        assert isinstance(app.screen, CompareScreen)
        assert app.screen.error == str(OfflineError("Offline: not cached."))
        assert "Compare 2 jobs: Offline: not cached." in screen_lines(app)[0]


@async_test
async def test_m_overlays_the_objective_of_every_job_from_the_metric_cache(tmp_path: Any) -> None:
    from tests.conftest import FIXED_NOW
    from tui.cache.metrics import put_metrics
    from tui.cache.scope import Scope
    from tui.cache.store import CacheStore

    scope = Scope("http://127.0.0.1", "us-east-1", "123456789012")

    class Scoped(CompareRepository):
        def current_scope(self) -> Scope | None:
            return scope

    store = CacheStore(tmp_path / "cache.sqlite3")
    definitions = {"TrainingImage": "img", "MetricDefinitions": [{"Name": "train:loss", "Regex": "x"}]}
    describes = {n: job_describe(n, i, AlgorithmSpecification=definitions) for i, n in enumerate(NAMES[:3])}
    for i, name in enumerate(NAMES[:2]):  # the third job's series are not cached (and it is offline)
        start = describes[name]["TrainingStartTime"].timestamp()
        points = [(start + 60 * k, 2.0 - k / (20 + 10 * i)) for k in range(30)]
        put_metrics(store, scope, name, {("train:loss", ""): points}, FIXED_NOW)
    repo = Scoped([[]], describes=describes, tags=None, offline=True)
    repo.cache = repo._store = store
    app: Any = list_app(repo)
    app.compare_names = tuple(NAMES[:3])
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await pilot.press("m")
        for _ in range(100):
            await settle(pilot)
            if screen._chart is not None:
                break
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "train:loss, by time since each job's start" in text
        assert f"⣿ {NAMES[0]}" in text and f"× {NAMES[1]}" in text
        assert f"{NAMES[2]}: Offline" in text  # left out, with the reason
        assert any(ch in text for ch in "⠁⠂⠄⡀⠈⠐⠠⢀")  # braille dots were drawn
        await pilot.press("m")
        assert "train:loss, by time" not in "\n".join(screen_lines(app))
    store.close()


@async_test
async def test_hostile_values_are_shown_visibly_never_as_escapes_or_markup() -> None:
    from rich.cells import cell_len

    hostile = "\x1b[31mred[/]\u202ex"
    describes = {
        n: job_describe(n, i, HyperParameters={"evil": hostile if i else "ok", "wide": "全角全角"})
        for i, n in enumerate(NAMES[:2])
    }
    app: Any = list_app(CompareRepository([[]], describes=describes, tags=None))
    app.compare_names = tuple(NAMES[:2])
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert not app.screen.only_differences  # 15 equal rows: every row is the default
        lines = screen_lines(app)
        evil = next(line for line in lines if "hp evil" in line)
        assert "\x1b" not in evil and "\u202e" not in evil
        assert "␛[31mred[/]‹U+202E›x" in evil  # shown as text: no colour change, no markup, no bidi
        wide = next(line for line in lines if "hp wide" in line)
        header = lines[1]
        # Wide characters take two cells each: the second job's value still starts under its title.
        title_at = cell_len(header[: header.index(NAMES[1])])
        second = wide.index("全角全角", wide.index("全角全角") + 1)
        assert cell_len(wide[:second]) == title_at


@async_test
async def test_grid_cursor_keys() -> None:
    app = compare_app(2)
    async with app.run_test(size=(120, 20)) as pilot:
        await opened(pilot)
        await pilot.press("d")  # every row: more than a page
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        grid = screen.query_one(CompareGrid)
        last = len(grid.rows) - 1
        await pilot.press("G")
        assert grid.cursor == last and grid.scroll_y > 0
        await pilot.press("g")
        assert grid.cursor == 0 and grid.scroll_y == 0
        await pilot.press("j", "j", "down", "k", "up")
        assert grid.cursor == 1
        await pilot.press("pagedown")
        page = grid.cursor
        assert page > 5
        await pilot.press("pageup")
        assert grid.cursor == 1  # one page back
        await pilot.press("end")
        assert grid.cursor == last
        await pilot.press("home")
        assert grid.cursor == 0
