"""Hostile data from the API, files and the user never reaches the terminal raw and never as markup.

Each screen, tab, notification, the message line, the list cells and the command palette are
walked with hostile values (tests/hostile.py); after each step the test renders what Textual would
write to the terminal and asserts that no ESC/OSC/BEL, C1 control, bidi override or zero-width
mark from the data is in it, and that nothing crashed.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._toast import Toast

from tests.hostile import PAYLOADS, hostile, hostile_describe, leaked, terminal_stream
from tests.screens.detail_fakes import detail_app, load_job, run
from tests.screens.fakes import FakeRepository, list_app, settle, summary
from tests.test_themes import theme_text
from tui.app import SageMakerTUI
from tui.aws.errors import ServiceError
from tui.output.table import render_table
from tui.refresh import RefreshPolicy
from tui.safe_text import escape_markup, visible
from tui.screens.job_detail import JobDetailScreen
from tui.screens.job_list import JobListScreen
from tui.settings import RunSettings
from tui.widgets.terminal_guard import ControlGuard

# -- the sanitising path itself ----------------------------------------------------------------


def test_visible_shows_controls_bidi_and_invisible_marks() -> None:
    assert visible("a\x1b[2Jb") == "a␛[2Jb"
    assert visible("\x07\x00\x7f") == "␇␀␡"
    assert visible("x\u202ey\u200bz\x9b") == "x‹U+202E›y‹U+200B›z‹U+009B›"
    assert visible("one\ntwo\tthree") == "one␊two␉three"
    assert visible("one\ntwo\tthree", lines=True) == "one\ntwo\tthree"
    clean = "bert-large-2026-01-01"
    assert visible(clean) is clean  # the fast path: no copy


def test_the_printable_fast_path_misses_nothing() -> None:
    """visible() and the terminal guard skip a string Python calls printable: sound only if no
    character they replace or drop is printable. Checked over all of Unicode."""
    from tui.safe_text import _UNSAFE

    missed = [hex(c) for c in range(0x110000) if chr(c).isprintable() and _UNSAFE.match(chr(c))]
    assert missed == []


def test_escape_markup_keeps_the_text_literal() -> None:
    from textual.content import Content

    for payload in PAYLOADS:
        assert Content.from_markup(escape_markup(payload)).plain == visible(payload)


def test_the_terminal_guard_drops_what_got_through_without_changing_widths() -> None:
    from rich.segment import Segment
    from textual.color import Color

    segments = [Segment("ok "), Segment("a\x1b]0;t\x07b\u202e")]
    out = ControlGuard().apply(segments, Color(0, 0, 0))
    assert "".join(s.text for s in out) == "ok a]0;tb"
    clean = [Segment("nothing to drop")]
    assert ControlGuard().apply(clean, Color(0, 0, 0)) is clean


# -- the job list --------------------------------------------------------------------------------


def hostile_rows() -> list[dict[str, Any]]:
    rows = []
    for n in range(len(PAYLOADS)):
        item = summary(hostile(f"job-{n}-", n), warm_pool="Available")
        item["SecondaryStatus"] = hostile("Training", n + 1)
        item["TrainingJobStatus"] = hostile("Completed", n + 2) if n % 3 == 0 else "Completed"
        item["WarmPoolStatus"] = {"Status": hostile("Available", n + 3)}
        rows.append(item)
    return rows


def assert_clean(app: SageMakerTUI, where: str) -> None:
    stream = terminal_stream(app)
    assert not leaked(stream), f"{where}: {leaked(stream)!r} reached the terminal"


def test_list_cells_message_line_notifications_and_palette_with_hostile_data() -> None:
    """Cells, the service's error message on the message line (a background refresh, no key
    pressed), copy notifications and the palette's typed commands."""
    message = "1 validation error detected: Value 'a[/]b\x1b[2J\x1b]0;PWNED-TITLE\x07' at 'nameContains'"
    error = ServiceError(message, code="ValidationException", message=message, operation="ListTrainingJobs")
    repository = FakeRepository([[hostile_rows()], error], changes=[error])

    async def scenario() -> None:
        app = list_app(repository, live=True)
        async with app.run_test(size=(160, 30), notifications=True) as pilot:
            await settle(pilot)
            assert_clean(app, "list")
            screen = app.screen
            assert isinstance(screen, JobListScreen)
            screen.policy = RefreshPolicy(jitter=0.0, min_spacing=0.0, backoff_first=4.0)
            app.clock.advance(120)  # type: ignore[attr-defined]
            screen.refresh_now()  # a background refresh: it fails with the hostile message
            await settle(pilot)
            shown = str(screen.query_one("#list-message", Static).visual)
            assert "a[/]b" in shown and "␛[2J" in shown
            assert_clean(app, "message line")
            for _ in range(len(PAYLOADS)):
                await pilot.press("y")  # copy the name: a notification carrying it
                await pilot.press("down")
            await pilot.pause()
            toasts = list(app.screen.query(Toast))
            assert toasts, "no notification shown"
            texts = [str(t.render()) for t in toasts]
            assert any("[@click=app.quit]QUIT[/]" in t for t in texts)
            assert_clean(app, "notifications")
            await pilot.press("ctrl+p", *"name a[/]b")
            await pilot.pause(0.3)
            assert_clean(app, "palette")
            await pilot.press("escape")
            await pilot.press("ctrl+p", *"since 99999999d")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause()
            assert any("before year 1" in str(t.render()) for t in app.screen.query(Toast))
            assert app.is_running
        assert app.return_code in (None, 0)

    run(scenario)


# -- the detail screen ---------------------------------------------------------------------------


async def walk_detail(app: SageMakerTUI, pilot: Pilot[None]) -> None:
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, JobDetailScreen)
    assert screen.view is not None
    assert_clean(app, "overview")
    for key in ("y", "2", "3", "down", "enter", "c", "4", "5", "6", "7", "down", "down", "c", "v", "1"):
        await pilot.press(key)
        await pilot.pause()
        assert_clean(app, f"after {key!r}")
    assert app.screen is screen
    assert app.is_running


@pytest.mark.parametrize("fixture", ["maximal", "failed"])
def test_every_detail_tab_and_notification_with_hostile_strings(fixture: str) -> None:
    raw = hostile_describe(load_job(fixture), keep=frozenset({"TrainingJobName"}))
    raw["TrainingJobStatus"] = "Failed[/]\x1b[2J"  # an enum is any text too (the header's badge)
    name = raw["TrainingJobName"]

    async def scenario() -> None:
        app = detail_app(name, responses={name: raw})
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await walk_detail(app, pilot)

    run(scenario)


def test_hostile_job_name_and_error_on_the_detail_screen() -> None:
    """``Loading {name}…`` and the service's error message in the placeholder are not markup."""
    name = "job[/]b\x1b]0;PWNED-TITLE\x07"
    error = ServiceError("[@click=app.quit]x[/] \x1b[2J", code="ValidationException",
                         message="[@click=app.quit]x[/] \x1b[2J", operation="DescribeTrainingJob")

    async def scenario() -> None:
        app = detail_app(name, responses={}, script=lambda _name, _n: error)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(pilot)
            placeholder = str(app.screen.query_one("#detail-placeholder", Static).visual)
            assert "[@click=app.quit]x[/]" in placeholder and "␛[2J" in placeholder
            assert_clean(app, "placeholder")
            await pilot.press("y")
            await pilot.pause()
            assert_clean(app, "copy name")
            assert app.is_running

    run(scenario)


# -- themes --------------------------------------------------------------------------------------


def test_theme_file_with_markup_in_a_value_is_reported_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.config as config_module

    directory = tmp_path / "user-config"
    monkeypatch.setattr(config_module, "user_config_dir", lambda: directory)
    (directory / "themes").mkdir(parents=True)
    (directory / "themes" / "evil.toml").write_text(
        theme_text(name='name = "evil"', primary='primary = "[/]"')
    )
    (directory / "themes" / "novars.toml").write_text(
        theme_text(name='name = "novars"', **{"status-inprogress": ""})
    )

    async def scenario() -> None:
        from tui.repository import JobRepository

        app = SageMakerTUI(JobRepository(client=None), settings=RunSettings(live=False), theme="evil")
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await pilot.pause()
            texts = [str(t.render()) for t in app.screen.query(Toast)]
            assert any("'[/]' is not a colour" in t for t in texts), texts
            assert any("[variables]" in t for t in texts), texts

    run(scenario)


# -- headless output -----------------------------------------------------------------------------


def test_describe_table_output_shows_escapes_visibly() -> None:
    raw = hostile_describe(load_job("maximal"))
    out = io.StringIO()
    render_table(raw, "DescribeTrainingJob", out, colour=True, width=120, terminal=True)
    text = out.getvalue()
    assert not leaked(text)
    assert "␛]52;c;" in text and "‹U+202E›" in text


def test_text_and_json_output_on_a_terminal_show_escapes_visibly() -> None:
    from tui.output.formatters import OutputOptions, write_response

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    raw = {"TrainingJobName": "a\x1b]0;PWNED-TITLE\x07\u202e", "HyperParameters": {"k\x9b": "v\x1b[2J"}}
    for output in ("text", "json", "yaml", "table"):
        out = Terminal()
        write_response(raw, OutputOptions(output=output, color="off"), out)
        assert not leaked(out.getvalue()), (output, out.getvalue())
    piped = io.StringIO()  # not a terminal: the AWS CLI's bytes, for scripts
    write_response(raw, OutputOptions(output="text"), piped)
    assert "\x1b]0;PWNED-TITLE\x07" in piped.getvalue()


def test_a_rich_console_never_sees_markup_from_a_safe_text() -> None:
    from tui.safe_text import safe_text

    console = Console(file=io.StringIO(), force_terminal=True)
    console.print(safe_text("[@click=app.quit]x[/] a[/]b \x1b[2J"))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "[@click=app.quit]x[/] a[/]b ␛[2J" in out


def test_list_header_shows_the_user_s_text_visibly() -> None:
    from tui.widgets.list_header import HeaderInfo, ListHeader

    async def scenario() -> None:
        app = list_app(FakeRepository([[hostile_rows()]]))
        async with app.run_test(size=(160, 30)) as pilot:
            await settle(pilot)
            header = app.screen.query_one(ListHeader)
            header.show(HeaderInfo(profile="p\x1b]0;PWNED-TITLE\x07", location="l\u202e", filters="a\x1b[2J"))
            await pilot.pause()
            shown = header.render().plain
            assert "p␛]0;PWNED-TITLE␇" in shown and "a␛[2J" in shown and "‹U+202E›" in shown
            assert_clean(app, "header")

    run(scenario)
