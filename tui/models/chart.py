"""A small line-chart rasteriser for the terminal (pure, textual-free, tested).

The first series is drawn in braille (2 x 4 dots per cell); every other series with its own marker
glyph at cell resolution (``×``, ``+``, ``o``, digits for hosts …), so lines stay distinguishable
without colour (16 colours, NO_COLOR, a monochrome screenshot); colour only adds to the glyph.
Points are reduced per dot column first (min, max and last of each column), so a 72-hour series of
4,320 points costs about as much as one of 140.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass

from tui.models.metrics import PERIOD, Point, format_value

BRAILLE_BASE = 0x2800
# Dot bit for (column 0-1, row 0-3) inside a braille cell.
_DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
#: Marker glyphs for the series after the first (which is drawn in braille).
MARKERS = ("×", "+", "o", "*", "#", "%", "@", "=", "~")
BRAILLE = "braille"


@dataclass(frozen=True)
class ChartSeries:
    """One line: its points as (times, values) columns (see :func:`of_points` for point lists)."""

    label: str
    times: Sequence[float]
    values: Sequence[float]
    #: ``braille`` or one character.
    glyph: str = BRAILLE


def of_points(label: str, points: Sequence[Point], glyph: str = BRAILLE) -> ChartSeries:
    return ChartSeries(label, [t for t, _ in points], [v for _, v in points], glyph)


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


def _column(values: Sequence[float], log: bool) -> tuple[float, float, float] | None:
    """(min, max, last) of a slice of values (C-speed min/max), log-transformed when asked."""
    if not values:
        return None
    low, high, last = min(values), max(values), values[-1]
    if not log:
        return low, high, last
    if high <= 0:
        return None
    if low <= 0:
        low = min(v for v in values if v > 0)
    return math.log10(low), math.log10(high), math.log10(last if last > 0 else low)


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
    nothing to draw or no room. Each dot column takes the min, max and last value of the points in
    its time slice (found by bisection), so the cost grows with the width, not with the points."""
    firsts = [s.times[0] for s in series if s.times]
    lasts = [s.times[-1] for s in series if s.times]
    if not firsts:
        return None
    x_low, x_high = x_range or (min(firsts), max(lasts))
    if x_high <= x_low:
        x_high = x_low + period
    spans = [(bisect.bisect_left(s.times, x_low), bisect.bisect_right(s.times, x_high)) for s in series]
    bounds = _value_bounds(series, spans, log)
    if bounds is None:
        return None
    y_low, y_high = bounds
    top_label, bottom_label = _label(y_high, log), _label(y_low, log)
    label_width = max(len(top_label), len(bottom_label))
    plot_w = width - label_width - 1
    if plot_w < 4 or height < 2:
        return None
    dots = _Dots(plot_w * 2, height * 4, y_low, y_high)
    braille = [[0] * plot_w for _ in range(height)]
    marks: list[list[Cell | None]] = [[None] * plot_w for _ in range(height)]
    step = (x_high - x_low) / dots.width
    for index, (s, (lo, hi)) in enumerate(zip(series, spans, strict=True)):
        if hi <= lo:
            continue
        edges = [lo] + [bisect.bisect_left(s.times, x_low + step * c, lo, hi) for c in range(1, dots.width)]
        for x, y_top, y_bottom in _series_dots(s, [*edges, hi], dots, period, log):
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


def _value_bounds(
    series: Sequence[ChartSeries], spans: Sequence[tuple[int, int]], log: bool
) -> tuple[float, float] | None:
    """The y axis's (low, high) over the points in the time range (padded when flat); None: none."""
    whole = [_column(s.values[lo:hi], log) for s, (lo, hi) in zip(series, spans, strict=True)]
    known = [c for c in whole if c is not None]
    if not known:
        return None
    y_low, y_high = min(c[0] for c in known), max(c[1] for c in known)
    if y_high - y_low < 1e-12:
        pad = abs(y_high) * 0.05 or 1.0
        y_low, y_high = y_low - pad, y_high + pad
    return y_low, y_high


@dataclass(frozen=True)
class _Dots:
    """The plot in braille dots: ``width`` x ``height``, values from ``low`` to ``high``."""

    width: int
    height: int
    low: float
    high: float

    def y(self, value: float) -> int:
        """The dot row of ``value`` (0 = the top row)."""
        row = int((self.high - value) / (self.high - self.low) * (self.height - 1) + 0.5)
        return min(self.height - 1, max(0, row))


def _series_dots(
    s: ChartSeries, edges: Sequence[int], dots: _Dots, period: int, log: bool
) -> list[tuple[int, int, int]]:
    """One series' dots, as (x, top y, bottom y) runs: each dot column spans the min and max of
    the points in its time slice (``edges``: where each slice starts, and the end); empty columns
    between two points are bridged by interpolation, unless the silence is a gap."""
    times, values = s.times, s.values
    lo, hi = edges[0], edges[-1]
    # Longer silences than this are gaps, not drawn across (the series' own cadence counts:
    # a validation metric every 5 minutes is not a series of gaps).
    mean_step = (times[hi - 1] - times[lo]) / max(1, hi - lo - 1)
    gap = max(2 * period, 3 * mean_step)
    cells: list[tuple[int, int, int]] = []
    previous: tuple[int, int, float] | None = None  # x, y of the last point, its time
    for x in range(dots.width):
        i0, i1 = edges[x], edges[x + 1]
        column = _column(values[i0:i1], log)
        if column is None:
            continue
        low, high, last = column
        y_top, y_bottom = dots.y(high), dots.y(low)
        if previous is not None and times[i0] - previous[2] <= gap:
            px, py, _ = previous
            y_last = dots.y(last)
            for gx in range(px + 1, x):  # across empty columns: interpolate
                gy = py + (y_last - py) * (gx - px) // (x - px)
                cells.append((gx, gy, gy))
            if x - px == 1:
                y_top, y_bottom = min(y_top, py), max(y_bottom, py)
        previous = (x, dots.y(last), times[i1 - 1])
        cells.append((x, y_top, y_bottom))
    return cells


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
