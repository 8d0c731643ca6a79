"""The braille line-chart rasteriser: shapes, glyphs per series, gaps, log scale, bounds."""

from __future__ import annotations

from tui.models.chart import (
    BRAILLE,
    as_text,
    glyphs_for,
    of_points,
    render,
    sparkline,
)


def line(n: int, f: object) -> list[tuple[float, float]]:
    return [(60.0 * i, f(i)) for i in range(n)]  # type: ignore[operator]


def test_a_falling_line_goes_from_top_left_to_bottom_right() -> None:
    raster = render([of_points("loss", line(100, lambda i: 100.0 - i))], 30, 6)
    assert raster is not None
    text = as_text(raster).splitlines()
    assert len(text) == 6
    assert text[0].startswith("100│") and text[-1].startswith("  1└")
    assert text[0][4] != " "  # top left drawn
    assert len(text[-1]) == 30 and text[-1][-1] != " "  # bottom right drawn
    assert len(text[0]) < 15  # the top row only holds the start of the diagonal
    assert all("\u2800" <= ch <= "\u28ff" for row in text for ch in row[4:] if ch != " ")


def test_second_series_uses_its_marker_and_is_on_top() -> None:
    a = of_points("train", line(50, lambda i: 1.0), BRAILLE)
    b = of_points("validation", line(50, lambda i: 2.0), "×")
    raster = render([a, b], 40, 5)
    assert raster is not None
    text = as_text(raster)
    assert "×" in text.splitlines()[0] and "×" not in text.splitlines()[-1]
    assert any(cell.series == 1 for row in raster.rows for cell in row if cell.char == "×")
    assert any(cell.series == 0 for row in raster.rows for cell in row if "\u2800" < cell.char <= "\u28ff")


def test_gaps_are_not_bridged() -> None:
    points = [(60.0 * i, 5.0) for i in range(10)] + [(60.0 * i, 5.0) for i in range(60, 70)]
    raster = render([of_points("cpu", points, "+")], 44, 3)
    assert raster is not None
    middle = as_text(raster).splitlines()[1]  # flat line in the middle row
    drawn = middle[middle.index("│") + 1 :]
    assert "+ " in drawn and " +" in drawn and drawn.strip().count(" ") > 10


def test_log_scale_drops_non_positive_values_and_labels_in_real_units() -> None:
    raster = render([of_points("loss", [(0.0, 1000.0), (60.0, 1.0), (120.0, 0.0)])], 30, 4, log=True)
    assert raster is not None
    text = as_text(raster).splitlines()
    assert text[0].strip().startswith("1000") and text[-1].strip().startswith("1└")


def test_nothing_to_draw_or_no_room() -> None:
    assert render([of_points("x", [])], 30, 5) is None
    assert render([of_points("x", [(0.0, 1.0)])], 6, 5) is None
    flat = render([of_points("x", [(0.0, 3.0), (60.0, 3.0)])], 30, 3)
    assert flat is not None and flat.y_low < 3.0 < flat.y_high


def test_a_long_series_is_reduced_per_column_not_per_point() -> None:
    points = line(4320, lambda i: (i % 7) * 1.0)
    raster = render([of_points("noisy", points)], 80, 8)
    assert raster is not None and len(raster.rows[0]) == 80


def test_glyphs() -> None:
    assert glyphs_for(3) == [BRAILLE, "×", "+"]
    assert glyphs_for(3, digits=True) == [BRAILLE, "2", "3"]


def test_sparkline() -> None:
    assert sparkline(line(8, lambda i: float(i)), 8) == "▁▂▃▄▅▆▇█"
    assert sparkline([], 5) == ""
    assert len(sparkline(line(100, lambda i: float(i)), 10)) == 10
