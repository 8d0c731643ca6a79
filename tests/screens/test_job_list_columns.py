"""Which list columns fit a terminal width (pure layout, no app)."""

from __future__ import annotations

import itertools

import pytest
from rich.cells import cell_len

from tui.config import DEFAULT_COLUMNS
from tui.models.columns import GAP, MARGIN, column_at, layout_columns
from tui.widgets.job_table import fit


def keys(width: int, *, name_width: int = 40, absolute: bool = False) -> list[str]:
    return [c.key for c in layout_columns(DEFAULT_COLUMNS, width, name_width=name_width, absolute=absolute)]


def test_wide_terminal_shows_every_column_in_config_order() -> None:
    assert keys(200) == list(DEFAULT_COLUMNS)


def test_columns_drop_least_important_first() -> None:
    assert keys(120) == ["name", "status", "secondary", "created", "duration", "modified", "warm_pool"]
    assert keys(80) == ["name", "status", "created", "duration"]
    assert keys(40) == ["name", "status"]
    assert keys(20) == ["name"]


@pytest.mark.parametrize("width", [1, 5, 12, 20, 40, 57, 80, 99, 120, 133, 200])
def test_columns_never_overflow(width: int) -> None:
    columns = layout_columns(DEFAULT_COLUMNS, width, name_width=63, absolute=True)
    last = columns[-1]
    assert columns[0].key == "name"
    assert last.x + last.width <= max(width, MARGIN + 1)
    for left, right in itertools.pairwise(columns):
        assert right.x == left.x + left.width + GAP


def test_config_order_and_unknown_columns() -> None:
    columns = layout_columns(["created", "bogus", "status", "created"], 100, name_width=20, absolute=False)
    assert [c.key for c in columns] == ["name", "created", "status"]


def test_absolute_times_are_wider() -> None:
    relative = {c.key: c.width for c in layout_columns(DEFAULT_COLUMNS, 300, name_width=10, absolute=False)}
    absolute = {c.key: c.width for c in layout_columns(DEFAULT_COLUMNS, 300, name_width=10, absolute=True)}
    assert absolute["created"] == len("2026-11-26 14:02Z") > relative["created"]


def test_name_column_is_no_wider_than_the_longest_name() -> None:
    columns = layout_columns(["name", "status"], 200, name_width=12, absolute=False)
    assert columns[0].width == 12


def test_click_position_to_column() -> None:
    columns = layout_columns(["name", "status"], 100, name_width=20, absolute=False)
    assert column_at(columns, MARGIN) == "name"
    assert column_at(columns, columns[1].x + 2) == "status"
    assert column_at(columns, 99) is None


def test_fit_pads_and_cuts_by_cells() -> None:
    assert fit("abc", 5) == "abc  "
    assert fit("abc", 5, right=True) == "  abc"
    assert fit("abcdef", 4) == "abc…"
    # Wide characters count two cells; one that would be split is left out, the ellipsis right
    # after the text and a space after it.
    assert fit("学習ジョブ", 6) == "学習… "
    assert cell_len(fit("学習ジョブ", 6)) == 6
    assert fit("x", 0) == ""


def test_the_sort_column_is_never_dropped() -> None:
    """Issue 17.3: at 80 columns, sorted by MODIFIED, MODIFIED was dropped (the list looked unsorted)."""
    assert "modified" not in keys(80)
    sorted_by = [c.key for c in layout_columns(DEFAULT_COLUMNS, 79, name_width=40, absolute=False,
                                               keep="modified")]
    assert "modified" in sorted_by and sorted_by[0] == "name"
    for width in (20, 40, 60):
        kept = layout_columns(DEFAULT_COLUMNS, width, name_width=40, absolute=False, keep="billable")
        assert "billable" in [c.key for c in kept]
    # A sort column left out of the configured columns is shown anyway, at the end.
    extra = layout_columns(["name", "status"], 100, name_width=20, absolute=False, keep="modified")
    assert [c.key for c in extra] == ["name", "status", "modified"]


def test_warm_pool_stays_at_120_columns_with_absolute_times() -> None:
    """Issue 17.6: `t` at 120 columns (119 with the scrollbar) dropped WARM POOL."""
    for width in (80, 119, 120, 140):
        assert keys(width, absolute=True) == keys(width)  # the name pays for the wider times
    assert "warm_pool" in keys(119, absolute=True)


def test_spare_width_goes_to_values_that_would_be_cut() -> None:
    """Issue 17.4: SECONDARY `MaxWaitTimeExceed…` was cut with 20 columns free."""
    plain = layout_columns(["name", "secondary"], 80, name_width=20, absolute=False)
    assert {c.key: c.width for c in plain}["secondary"] == 18
    wide = layout_columns(["name", "secondary"], 80, name_width=20, absolute=False,
                          content={"secondary": len("MaxWaitTimeExceeded")})
    widths = {c.key: c.width for c in wide}
    assert widths == {"name": 20, "secondary": len("MaxWaitTimeExceeded")}
    # The name comes first: no spare width, no widening.
    tight = layout_columns(["name", "secondary"], 50, name_width=30, absolute=False,
                           content={"secondary": 24})
    assert {c.key: c.width for c in tight} == {"name": 50 - MARGIN - 18 - GAP, "secondary": 18}


def test_fit_elides_names_in_the_middle() -> None:
    """Issue 17.4: `deepar-demand-forecast-2026-12-04-22…` lost the part that tells runs apart."""
    name = "deepar-demand-forecast-2026-12-04-22-10-31"
    assert fit(name, 30, middle=True) == "deepar-dem…2026-12-04-22-10-31"
    assert fit(name, 60, middle=True) == name + " " * (60 - len(name))
    assert fit(name, 30) == "deepar-demand-forecast-2026-1…"
