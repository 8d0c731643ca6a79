"""TERM=linux / vt100: every glyph on screen is one the terminal's font has (issue 17, item 21)."""

from __future__ import annotations

import asyncio
import unicodedata

import pytest
from rich.cells import cell_len

from tests.screens.screen_text import screen_lines
from tui.clock import FixedClock
from tui.glyphs import ASCII_FONT, ASCII_TABLE, LINUX_FONT, LINUX_TABLE, glyph_table, terminal_font

FONTS = {"linux": LINUX_FONT, "vt100": ASCII_FONT}


def test_terminal_names_choose_the_table() -> None:
    assert terminal_font("linux") == terminal_font("linux-16color") == "linux"
    assert terminal_font("vt100") == terminal_font("vt220") == "ascii"
    for term in ("xterm-256color", "screen", "tmux-256color", "", None):
        assert terminal_font(term) == "unicode" and glyph_table(term) is None


@pytest.mark.parametrize(("table", "font"), [(LINUX_TABLE, LINUX_FONT), (ASCII_TABLE, ASCII_FONT)])
def test_every_replacement_is_one_cell_the_font_has(table: dict[int, str], font: frozenset[str]) -> None:
    for source, target in table.items():
        assert target in font, (chr(source), target)
        assert cell_len(chr(source)) == cell_len(target) == 1, chr(source)


def test_the_timeline_kinds_stay_distinct_in_ascii() -> None:
    kinds = "█▓▒"
    assert len({"".join(kinds).translate(ASCII_TABLE)[i] for i in range(3)}) == 3
    assert "█▓▒".translate(LINUX_TABLE) == "█▓▒"  # all three are CP437 glyphs


def test_every_glyph_the_app_draws_is_in_the_font_or_the_table() -> None:
    """Any non-ASCII symbol in the app's own code (box drawing, blocks, arrows, marks) is either in
    the console font or replaced: a new glyph added without a table entry fails here."""
    import pathlib

    import tui

    root = pathlib.Path(tui.__file__).parent
    missing: set[str] = set()
    for path in root.rglob("*.py"):
        if path.name == "glyphs.py":  # the table itself
            continue
        for char in path.read_text(encoding="utf-8"):
            if ord(char) < 0x80 or unicodedata.category(char)[0] in "LN":  # letters: data and examples
                continue
            if unicodedata.east_asian_width(char) in "WF":  # two cells: sample data, not a glyph choice
                continue
            if char not in LINUX_FONT and ord(char) not in LINUX_TABLE:
                missing.add(char)
            if ord(char) not in ASCII_TABLE:
                missing.add(char)
    assert sorted(missing) == []


@pytest.mark.parametrize("term", ["linux", "vt100"])
def test_every_screen_draws_only_glyphs_the_font_has(
    term: str, fixed_clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """List, every tab of the maximal job (timeline bars, tab underline, usage bars, chart), help
    (rounded border): the rendered lines hold only characters of the terminal's font."""
    from tests.screens.detail_fakes import JOB_FIXTURES, DetailRepository, load_job
    from tui.app import SageMakerTUI
    from tui.screens.help import HelpScreen
    from tui.screens.job_detail import JobDetailScreen
    from tui.settings import RunSettings

    monkeypatch.setenv("TERM", term)
    font = FONTS[term]

    class Repository(DetailRepository):
        @property
        def offline(self) -> bool:
            return False

    jobs = [load_job(fixture) for fixture in JOB_FIXTURES]
    repository = Repository({job["TrainingJobName"]: job for job in jobs}, clock=fixed_clock)
    seen: dict[str, set[str]] = {}

    def collect(where: str, app: SageMakerTUI) -> None:
        for line in screen_lines(app):
            # Letters are data (hyperparameters in Cyrillic, Chinese): not a glyph the app chose.
            bad = {c for c in line if c not in font and unicodedata.category(c)[0] != "L"}
            if bad:
                seen.setdefault(where, set()).update(bad)

    async def scenario() -> None:
        app = SageMakerTUI(repository, settings=RunSettings(live=False), clock=fixed_clock)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            collect("list", app)
            app.open_job(jobs[0]["TrainingJobName"])
            await pilot.pause()
            await app.workers.wait_for_complete()
            assert isinstance(app.screen, JobDetailScreen)
            for tab in "1234567":
                await pilot.press(tab)
                await pilot.pause()
                collect(f"tab {tab}", app)
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            collect("help", app)
            keys = {row.binding_id: row.keys for row in app.screen.rows}
            assert keys["detail.back"] == "esc, bksp"  # the key names, not ← for ⌫

    asyncio.run(scenario())
    assert seen == {}
