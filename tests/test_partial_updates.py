"""tui.partial_updates: a partial update leaves the terminal exactly as Textual's own would, in fewer bytes.

A tiny terminal (cursor moves, SGR, text) replays what each version writes over a screen whose
dirty spans hold stale text; both must leave the new content everywhere.
"""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual import __version__ as textual_version
from textual._compositor import ChopsUpdate
from textual.strip import Strip

from tui import partial_updates

WIDTH = 40
STYLES = [Style(color="red"), Style(bold=True, bgcolor="blue"), Style(), Style(color="color(75)")]
CONSOLE = Console(color_system="256", width=WIDTH, force_terminal=True, legacy_windows=False)
TOKEN = re.compile(r"\x1b\[(\d+);(\d+)H|\x1b\[([\d;]*)m|(\n)|(.)", re.DOTALL)
Screen = list[list[tuple[str, str]]]


def play(screen: Screen, data: str) -> Screen:
    """Apply terminal output to a copy of ``screen`` (cells are (char, SGR in effect))."""
    cells = [list(row) for row in screen]
    y = x = 0
    sgr = ""
    for move_y, move_x, params, newline, char in TOKEN.findall(data):
        if move_y:
            y, x = int(move_y) - 1, int(move_x) - 1
        elif newline:
            y, x = y + 1, 0
        elif char:
            cells[y][x] = (char, sgr)
            x += 1
        else:
            sgr = "" if params in ("", "0") else sgr + ";" + params
    return cells


def render(strips: list[Strip]) -> Screen:
    blank: Screen = [[(" ", "")] * WIDTH for _ in strips]
    return play(blank, "".join(Strip.render(s, CONSOLE) + "\n" for s in strips))


def line(texts: list[str], styles: list[int]) -> Strip:
    segments = [Segment(t, STYLES[s % len(STYLES)]) for t, s in zip(texts, styles, strict=False)]
    return Strip(segments).extend_cell_length(WIDTH).crop(0, WIDTH)


@st.composite
def updates(draw: st.DrawFn) -> tuple[list[Strip], list[list[int]], list[tuple[int, int, int]]]:
    rows = draw(st.integers(1, 4))
    strips, cuts, spans = [], [], []
    for y in range(rows):
        texts = draw(st.lists(st.text("abcxyz 0123-", min_size=1, max_size=12), min_size=1, max_size=6))
        styles = draw(st.lists(st.integers(0, 3), min_size=len(texts), max_size=len(texts)))
        strips.append(line(texts, styles))
        inner = sorted(draw(st.sets(st.integers(1, WIDTH - 1), max_size=3)))
        cuts.append([0, *inner, WIDTH])
        if draw(st.booleans()) or y == rows - 1:
            x1 = draw(st.integers(0, WIDTH - 1))
            spans.append((y, x1, draw(st.integers(x1 + 1, WIDTH))))
    return strips, cuts, spans


def chops_update(
    strips: list[Strip], cuts: list[list[int]], spans: list[tuple[int, int, int]]
) -> ChopsUpdate:
    """One chop per cut, as Textual's compositor makes them for widgets side by side."""
    chops = [
        {start: strip.crop(start, end) for start, end in itertools.pairwise(cut)}
        for strip, cut in zip(strips, cuts, strict=True)
    ]
    return ChopsUpdate(chops, spans, [cut[1:] for cut in cuts])


def stale(screen: Screen, spans: list[tuple[int, int, int]]) -> Screen:
    cells = [list(row) for row in screen]
    for y, x1, x2 in spans:
        for x in range(x1, x2):
            cells[y][x] = ("#", "")
    return cells


@pytest.fixture
def stock():
    """Textual's own method during the test, whatever was installed before it afterwards."""
    before = ChopsUpdate.render_segments
    partial_updates.uninstall()
    yield
    ChopsUpdate.render_segments = before  # type: ignore[method-assign]


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(updates())
def test_same_screen_as_textual_in_no_more_bytes(update) -> None:
    strips, cuts, spans = update
    new = render(strips)
    before = stale(new, spans)
    chops = chops_update(strips, cuts, spans)
    ours = partial_updates.render_segments(chops, CONSOLE)
    theirs = partial_updates._stock_render_segments(chops, CONSOLE)
    assert play(before, theirs) == new  # the harness itself: Textual's update mends the spans
    assert play(before, ours) == new
    assert len(ours) <= len(theirs)


def test_a_cell_at_the_right_of_a_line_is_written_alone() -> None:
    strip = line([" my-training-job      ", "Completed ", "  5h38m ago "], [0, 1, 2])
    spans = [(3, 32, 42)]
    chops = chops_update([Strip.blank(WIDTH)] * 3 + [strip], [[0, WIDTH]] * 4, spans)
    ours = partial_updates.render_segments(chops, CONSOLE)
    assert ours.startswith("\x1b[4;33H")
    assert "my-training-job" not in ours and "Completed" not in ours
    assert "5h38m" in ours
    assert "my-training-job" in partial_updates._stock_render_segments(chops, CONSOLE)


def test_lines_with_wide_characters_are_left_to_textual() -> None:
    strip = Strip([Segment("训练作业 abc", STYLES[0])]).extend_cell_length(WIDTH)
    chops = chops_update([strip], [[0, WIDTH]], [(0, 5, 12)])
    assert partial_updates.render_segments(chops, CONSOLE) == partial_updates._stock_render_segments(
        chops, CONSOLE
    )


def test_installed_only_on_the_textual_it_was_checked_against(stock) -> None:
    assert not partial_updates.install("9.0.0")
    assert ChopsUpdate.render_segments is partial_updates._stock_render_segments
    assert partial_updates.install(partial_updates.CHECKED_TEXTUAL)
    assert ChopsUpdate.render_segments is partial_updates.render_segments


def test_the_app_runs_with_it(stock) -> None:
    """The launcher installs it before the app starts (importing the app alone does not)."""
    import tui.app  # noqa: F401

    assert ChopsUpdate.render_segments is partial_updates._stock_render_segments
    from tui.launch import install_runtime_tuning

    install_runtime_tuning()
    assert textual_version == partial_updates.CHECKED_TEXTUAL, "re-check tui/partial_updates.py"
    assert ChopsUpdate.render_segments is partial_updates.render_segments
