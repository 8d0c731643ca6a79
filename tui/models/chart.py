"""A small line-chart rasteriser for the terminal (pure, textual-free, tested).

The first series is drawn in braille (2 x 4 dots per cell); every other series with its own marker
glyph at cell resolution (``×``, ``+``, ``o``, digits for hosts …), so lines stay distinguishable
without colour (16 colours, NO_COLOR, a monochrome screenshot); colour only adds to the glyph.
Points are reduced per dot column first (min, max and last of each column), so a 72-hour series of
4,320 points costs about as much as one of 140.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tui.models.metrics import PERIOD, Point, format_value, segments

BRAILLE_BASE = 0x2800
# Dot bit for (column 0-1, row 0-3) inside a braille cell.
_DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
#: Marker glyphs for the series after the first (which is drawn in braille).
MARKERS = ("×", "+", "o", "*", "#", "%", "@", "=", "~")
BRAILLE = "braille"


@dataclass(frozen=True)
class ChartSeries:
    label: str
    points: Sequence[Point]
    #: ``braille`` or one character.
    glyph: str = BRAILLE


@dataclass(frozen=True)
class Cell:
    char: str
    #: Index of the series drawn here (-1 = axis or blank).
    series: int = -1


@dataclass(frozen=True)
class Raster:
    """The chart as rows of cells (y-axis labels included), ready to style."""

    rows: list[list[Cell]]
    y_low: float
    y_high: float
    x_low: float
    x_high: float


def glyphs_for(count: int, *, digits: bool = False) -> list[str]:
    """The first series in braille, the others with markers (or host digits 2, 3, … with ``digits``)."""
    out = [BRAILLE]
    for i in range(1, count):
        out.append(str(i + 1) if digits and i < 9 else MARKERS[(i - 1) % len(MARKERS)])
    return out


def y_bounds(series: Sequence[ChartSeries], *, log: bool) -> tuple[float, float] | None:
    values = [_y(v, log) for s in series for _, v in s.points]
    finite = [v for v in values if v is not None]
    if not finite:
        return None
    low, high = min(finite), max(finite)
    if high - low < 1e-12:
        pad = abs(high) * 0.05 or 1.0
        low, high = low - pad, high + pad
    return low, high


def _y(value: float, log: bool) -> float | None:
    if not math.isfinite(value):
        return None
    if log:
        return math.log10(value) if value > 0 else None
    return value


def render(
    series: Sequence[ChartSeries],
    width: int,
    height: int,
    *,
    log: bool = False,
    x_range: tuple[float, float] | None = None,
    period: int = PERIOD,
) -> Raster | None:
    """Rasterise the series into ``width`` x ``height`` cells (labels included); None when there is
    nothing to draw or no room."""
    bounds = y_bounds(series, log=log)
    stamps = [t for s in series for t, _ in s.points]
    if bounds is None or not stamps:
        return None
    y_low, y_high = bounds
    top_label = _label(y_high, log)
    bottom_label = _label(y_low, log)
    label_width = max(len(top_label), len(bottom_label))
    plot_w = width - label_width - 1
    if plot_w < 4 or height < 2:
        return None
    x_low, x_high = x_range or (min(stamps), max(stamps))
    if x_high <= x_low:
        x_high = x_low + period
    dots_w, dots_h = plot_w * 2, height * 4
    braille = [[0] * plot_w for _ in range(height)]
    marks: list[list[Cell | None]] = [[None] * plot_w for _ in range(height)]

    def dot_x(t: float) -> int:
        return min(dots_w - 1, max(0, int((t - x_low) / (x_high - x_low) * (dots_w - 1) + 0.5)))

    def dot_y(v: float) -> int:
        # 0 = top row of dots
        return min(dots_h - 1, max(0, int((y_high - v) / (y_high - y_low) * (dots_h - 1) + 0.5)))

    for index, s in enumerate(series):
        in_range = [(t, v) for t, v in s.points if x_low <= t <= x_high]
        for segment in segments(in_range, max(period, cadence(in_range))):
            columns = _reduce(segment, dot_x, log)
            spans: list[tuple[int, int, int]] = []
            previous: tuple[int, int] | None = None  # (x, y) of the previous column's last point
            for x, (low, high, last) in columns:
                y_top, y_bottom = dot_y(high), dot_y(low)
                if previous is not None:
                    px, py = previous
                    # Sparse points (a validation metric every 5 minutes): interpolate the columns
                    # between; next to each other, join to the previous column's last point.
                    for gx in range(px + 1, x):
                        gy = py + (dot_y(last) - py) * (gx - px) // (x - px)
                        spans.append((gx, gy, gy))
                    if x - px == 1:
                        y_top, y_bottom = min(y_top, py), max(y_bottom, py)
                previous = (x, dot_y(last))
                spans.append((x, y_top, y_bottom))
            for x, y_top, y_bottom in spans:
                for y in range(y_top, y_bottom + 1):
                    if s.glyph == BRAILLE:
                        braille[y // 4][x // 2] |= _DOTS[y % 4][x % 2]
                    else:
                        marks[y // 4][x // 2] = Cell(s.glyph, index)
    rows: list[list[Cell]] = []
    for r in range(height):
        label = top_label if r == 0 else bottom_label if r == height - 1 else ""
        row = [Cell(c) for c in label.rjust(label_width)] + [Cell("│" if r < height - 1 else "└")]
        for c in range(plot_w):
            mark = marks[r][c]
            if mark is not None:
                row.append(mark)
            elif braille[r][c]:
                row.append(Cell(chr(BRAILLE_BASE + braille[r][c]), 0))
            else:
                row.append(Cell(" "))
        rows.append(row)
    return Raster(rows, y_low, y_high, x_low, x_high)


def cadence(points: Sequence[Point]) -> int:
    """The usual spacing of a series' points in seconds (the median step; a validation metric
    reported every epoch is not a series full of gaps)."""
    steps = sorted(b[0] - a[0] for a, b in itertools.pairwise(points))
    return int(steps[len(steps) // 2]) if steps else 0


def _reduce(
    points: Sequence[Point], to_x: Callable[[float], int], log: bool
) -> list[tuple[int, tuple[float, float, float]]]:
    """Per dot column: (min, max, last) of the (transformed) values that fall in it."""
    columns: dict[int, list[float]] = {}
    for t, v in points:
        y = _y(v, log)
        if y is None:
            continue
        x = to_x(t)
        column = columns.get(x)
        if column is None:
            columns[x] = [y, y, y]
        else:
            if y < column[0]:
                column[0] = y
            if y > column[1]:
                column[1] = y
            column[2] = y
    return [(x, (c[0], c[1], c[2])) for x, c in sorted(columns.items())]


def _label(value: float, log: bool) -> str:
    return format_value(10**value if log else value)


def as_text(raster: Raster) -> str:
    """The raster as plain lines (tests and the golden pictures)."""
    return "\n".join("".join(cell.char for cell in row).rstrip() for row in raster.rows)


SPARK = "▁▂▃▄▅▆▇█"


def sparkline(points: Sequence[Point], width: int) -> str:
    """A one-line summary of a series in block characters (the list's optional column)."""
    if not points or width <= 0:
        return ""
    values = [v for _, v in points if math.isfinite(v)]
    if not values:
        return ""
    step = len(values) / width
    buckets = [values[int(i * step) : max(int(i * step) + 1, int((i + 1) * step))] for i in range(width)]
    means = [sum(b) / len(b) for b in buckets if b]
    low, high = min(means), max(means)
    span = high - low or 1.0
    return "".join(SPARK[min(7, int((m - low) / span * 7 + 0.5))] for m in means)
