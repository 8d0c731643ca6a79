"""Marks (space), compare (c) and the where query in the job list, driven through Pilot."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from tests.screens.compare_fakes import CompareRepository, job_describe, series
from tests.screens.fakes import async_test, fleet, list_app, settle, summary
from tests.screens.screen_text import screen_lines
from tui.screens.compare import CompareScreen
from tui.screens.job_list import JobListScreen
from tui.screens.list_commands import list_screen_commands, typed_commands
from tui.widgets.job_table import JobTable
from tui.widgets.list_header import ListHeader

NAMES = [s["TrainingJobName"] for s in fleet()]


def parts(app: Any) -> tuple[JobListScreen, JobTable]:
    screen = app.screen
    assert isinstance(screen, JobListScreen)
    return screen, screen.query_one(JobTable)


def row_line(app: Any, name: str) -> str:
    # Long names are elided in the middle: the row shows the name's start and its end.
    return next(line for line in screen_lines(app) if name[:6] in line and name[-6:] in line)


async def until(pilot: Any, done: Callable[[], bool]) -> None:
    """Settle until ``done()`` (a worker started by a command may start after one settle)."""
    for _ in range(100):
        await settle(pilot)
        if done():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition never met")


def notes(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


@async_test
async def test_space_marks_with_a_glyph_and_the_header_counts() -> None:
    app = list_app(CompareRepository([[fleet()]]))
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        screen, _ = parts(app)
        await pilot.press("space")
        assert screen.model.marks.names == (NAMES[0],)
        await pilot.press("j", "space", "j")
        assert screen.model.marks.names == (NAMES[0], NAMES[1])
        await pilot.pause()
        assert row_line(app, NAMES[0]).startswith("*")  # the glyph: marked without colour too
        assert row_line(app, NAMES[2]).startswith(" ")
        assert "2 marked" in screen.query_one(ListHeader).info.count
        await pilot.press("k", "space")  # again: unmarks
        assert screen.model.marks.names == (NAMES[0],)
        assert "1 marked" in screen.query_one(ListHeader).info.count


@async_test
async def test_marks_survive_filter_sort_and_refresh_and_ctrl_space_clears() -> None:
    repo = CompareRepository([[fleet()], [fleet()[1:]]])
    app = list_app(repo)
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        screen, table = parts(app)
        await pilot.press("space", "j", "space")
        marked = (NAMES[0], NAMES[1])
        await pilot.press("slash", *"llama", "enter")
        assert [r.name for r in table.rows] == [NAMES[1]]
        assert screen.model.marks.names == marked  # the filtered-out mark stays
        assert "2 marked" in screen.query_one(ListHeader).info.count
        await pilot.press("escape")
        await pilot.press("s", "s")  # another sort order
        assert screen.model.marks.names == marked
        await pilot.press("r")  # a full list without the first job
        await settle(pilot)
        assert NAMES[0] not in screen.model.rows
        assert screen.model.marks.names == marked  # kept by name, not row index
        await pilot.press("ctrl+space")
        assert screen.model.marks.names == ()
        assert "marked" not in screen.query_one(ListHeader).info.count
        assert any("Cleared 2 marks" in n for n in notes(app))


@async_test
async def test_c_needs_two_to_eight_marks_then_opens_the_compare_screen() -> None:
    describes = {name: job_describe(name, i) for i, name in enumerate(NAMES)}
    app = list_app(CompareRepository([[fleet()]], describes=describes, tags={}))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen, _ = parts(app)
        await pilot.press("c")
        assert any("Mark 2 to 8 jobs" in n and "(0 marked)" in n for n in notes(app))
        assert app.screen is screen
        for _ in range(9):
            await pilot.press("space", "j")
        await pilot.press("c")
        assert any("(9 marked)" in n for n in notes(app))
        assert app.screen is screen
        await pilot.press("ctrl+space", "g", "space", "j", "j", "space", "c")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert app.screen.names == (NAMES[0], NAMES[2])
        await pilot.press("escape")
        assert app.screen is screen
        assert screen.model.marks.names == (NAMES[0], NAMES[2])  # marks kept after comparing
        compare = cast(CompareScreen, app.get_screen("compare"))
        assert isinstance(compare, CompareScreen)
        await pilot.press("j", "space", "c")  # a third job: the same (reused) screen, new columns
        await until(pilot, lambda: app.screen is compare and compare.comparison is not None)
        assert compare.names == (NAMES[0], NAMES[2], NAMES[3])
        assert compare.comparison is not None and compare.comparison.names == compare.names


@async_test
async def test_palette_commands_compare_and_clear_marks() -> None:
    describes = {name: job_describe(name, i) for i, name in enumerate(NAMES)}
    app = list_app(CompareRepository([[fleet()]], describes=describes))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen, _ = parts(app)
        await pilot.press("space", "j", "space")
        commands = {c.title: c for c in list_screen_commands(screen)}
        commands["Clear marks"].run()
        assert screen.model.marks.names == ()
        await pilot.press("space", "k", "space")
        {c.title: c for c in list_screen_commands(screen)}["Compare the marked jobs"].run()
        await until(pilot, lambda: isinstance(app.screen, CompareScreen))


@async_test
async def test_where_runs_search_shows_the_query_and_survives_refresh() -> None:
    first = [summary("vision-a", age=100), summary("vision-b", age=200)]
    repo = CompareRepository([[fleet()]], where_results=[first, first[:1]])
    app = list_app(repo)
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        screen, table = parts(app)
        [command] = typed_commands(screen, "where Tags.team = vision")
        assert command.title == "Query: where Tags.team = vision"
        command.run()
        await until(pilot, lambda: [r.name for r in table.rows] == ["vision-a", "vision-b"])
        expression = {"Filters": [{"Name": "Tags.team", "Operator": "Equals", "Value": "vision"}]}
        assert ("search_where", expression) in repo.calls
        assert "where Tags.team = vision" in screen.query_one(ListHeader).info.filters
        await pilot.press("r")  # the refresh runs the query again: vision-b left it
        await until(pilot, lambda: [r.name for r in table.rows] == ["vision-a"])
        assert repo.count("search_where") == 2
        assert "where Tags.team = vision" in screen.query_one(ListHeader).info.filters
        # The timer's incremental refresh re-runs it too (changes mode), dropping what left.
        screen.refresh_now()
        await until(pilot, lambda: repo.count("search_where") == 3)
        assert [r.name for r in table.rows] == ["vision-a"]
        {c.title: c for c in list_screen_commands(screen)}["Query: clear"].run()
        await until(pilot, lambda: len(table.rows) == len(NAMES))
        assert screen.where is None


@async_test
async def test_a_bad_where_is_one_line_naming_the_column_and_changes_nothing() -> None:
    repo = CompareRepository([[fleet()]])
    app = list_app(repo)
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        screen, table = parts(app)
        [command] = typed_commands(screen, "where TrainingJobStatus ~ Failed")
        assert command.title == "where: column 19: unknown operator '~' (use =, !=, >, >=, <, <=, contains)"
        screen.apply_where("TrainingJobStatus ~ Failed")
        await settle(pilot)
        assert screen.where is None
        assert repo.count("search_where") == 0
        assert len(table.rows) == len(NAMES)
        assert any(n.startswith("where: column 19:") and "\n" not in n for n in notes(app))


@async_test
async def test_previous_run_of_the_same_prefix() -> None:
    app = list_app(CompareRepository([[series()]]))
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        screen, _ = parts(app)
        assert screen.previous_run("vision-resnet-0003") == "vision-resnet-0002"
        assert screen.previous_run("vision-resnet-0001") is None
        assert screen.previous_run("nlp-bert-0001") is None


@async_test
async def test_tags_and_objective_columns_fill_from_memory_and_the_cache(tmp_path: Any) -> None:
    from tests.conftest import FIXED_NOW
    from tui.cache.metrics import put_metrics
    from tui.cache.scope import Scope
    from tui.cache.store import CacheStore
    from tui.config import AppConfig

    scope = Scope("http://127.0.0.1", "us-east-1", "123456789012")

    class Scoped(CompareRepository):
        def current_scope(self) -> Scope | None:
            return scope

    store = CacheStore(tmp_path / "cache.sqlite3")
    describe = {"TrainingJobName": NAMES[1], "TrainingJobStatus": "InProgress",
                "AlgorithmSpecification": {"MetricDefinitions": [{"Name": "loss", "Regex": "x"}]}}
    store.put_describe(scope, NAMES[1], describe, FIXED_NOW)
    put_metrics(store, scope, NAMES[1], {("loss", ""): [(float(t), 10.0 - t) for t in range(10)]}, FIXED_NOW)
    repo = Scoped([[fleet()]])
    repo.cache = repo._store = store
    repo.known_tags = {NAMES[0]: [{"Key": "team", "Value": "nlp"}, {"Key": "owner", "Value": "ana"}]}
    config = AppConfig(columns=("name", "status", "tags", "objective"))
    app = list_app(repo, config=config)
    async with app.run_test(size=(120, 20)) as pilot:
        screen, table = parts(app)
        await until(pilot, lambda: bool(table.cells.get("objective")))
        await pilot.pause()
        assert "TAGS" in screen_lines(app)[1] and "OBJECTIVE" in screen_lines(app)[1]
        assert "owner=ana,team=nlp" in row_line(app, NAMES[0])
        assert "█" in row_line(app, NAMES[1]) and "▁" in row_line(app, NAMES[1])
        # Nothing known: a dash in TAGS and OBJECTIVE (CREATED follows: the sort column is never dropped).
        assert row_line(app, NAMES[2]).split()[2:4] == ["-", "-"]
        seen = []
        for _ in range(4):  # sorting cycles over the sortable columns only (not stuck on TAGS)
            await pilot.press("s")
            seen.append(screen.model.sort.column)
        assert seen == ["name", "status", "name", "status"]
    store.close()


@async_test
async def test_where_results_are_narrowed_by_server_filters_and_refused_offline() -> None:
    from tui.aws.jobs import ListFilters

    results = [summary("vision-a", age=100), summary("vision-b", "Failed", age=200, ran=None)]
    repo = CompareRepository([[fleet()]], where_results=[results])
    app = list_app(repo, filters=ListFilters(status_equals="Failed"))
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        screen, table = parts(app)
        screen.apply_where("Tags.team = vision")
        await until(pilot, lambda: [r.name for r in table.rows] == ["vision-b"])
    offline = CompareRepository([[fleet()]], offline=True, cached=fleet())
    app = list_app(offline)
    async with app.run_test(size=(120, 20)) as pilot:
        await settle(pilot)
        screen, table = parts(app)
        screen.apply_where("Tags.team = vision")
        await settle(pilot)
        assert screen.where is None and offline.count("search_where") == 0
        assert len(table.rows) == len(NAMES)
        assert any("Offline: a query needs SageMaker Search" in n for n in notes(app))
