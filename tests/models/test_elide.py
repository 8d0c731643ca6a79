"""Fitting text into cells without a silent cut (issue 17.4/17.5): tui.models.elide."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tui.models.elide import elide_end, elide_middle, fit_cells

SAMPLES = [
    "deepar-demand-forecast-2026-12-04-22-10-31",
    "学習ジョブ-2026-12-04-22-10-31",
    "ジョブ名前がとても長い学習ジョブ",
    "s3://bucket/prefix/sourcedir.tar.gz",
    "a",
    "",
]


def test_middle_elision_keeps_the_unique_end() -> None:
    name = "deepar-demand-forecast-2026-12-04-22-10-31"
    assert elide_middle(name, 30) == "deepar-dem…2026-12-04-22-10-31"
    assert elide_middle(name, len(name)) == name
    assert elide_middle(name, 4) == "dee…"  # too narrow for two halves: cut at the end


def test_end_elision_always_says_it_cut() -> None:
    assert elide_end("s3://bucket/prefix/sourcedir.tar.gz", 20) == "s3://bucket/prefix/…"
    assert elide_end("short", 20) == "short"
    assert elide_end("abc", 1) == "…"
    assert elide_end("abc", 0) == ""


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("width", range(0, 45))
def test_every_cut_has_an_ellipsis_and_the_exact_width(text: str, width: int) -> None:
    for elided in (elide_end(text, width), elide_middle(text, width)):
        assert cell_len(elided) <= width
        if cell_len(text) > width > 0:
            assert "…" in elided
            assert cell_len(elided) == width  # a half wide character is a space, not lost width
        elif width > 0:
            assert elided == text
    for middle in (False, True):
        for right in (False, True):
            assert cell_len(fit_cells(text, width, right=right, middle=middle)) == width


def test_wide_characters_are_never_split() -> None:
    assert elide_end("学習ジョブ", 6) == "学習… "
    assert elide_middle("学習ジョブ-2026-12-04", 12) == "学習…6-12-04"
    assert elide_middle("-学習ジョブ", 6) == "-…ョブ"
    assert elide_middle("学習ジョブ学習", 8) == "学…学習 "  # the half a character needs is a space
    cut = elide_middle("ジョブ名前がとても長い学習ジョブ", 11)
    assert cut == "ジ…習ジョブ"  # 2 + 1 + 8 cells
