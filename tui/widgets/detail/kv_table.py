"""Titled key/value sections and small tables, as Rich renderables, for the detail panes.

Absent values render as a dash (or a given "not configured" note), never as ``None``; long values
(ARNs, S3 URIs) fold at the pane edge instead of being cut; a value whose response path changed in
the last refresh gets the $changed-highlight background.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tui.models.derived import Path
from tui.models.numbers import integer_text
from tui.models.timefmt import DASH, format_relative, format_timestamp
from tui.safe_text import visible
from tui.widgets.detail.context import RenderContext

NOT_CONFIGURED = "not configured"


def safe(text: str) -> str:
    """Text fit for the terminal (see :mod:`tui.safe_text`): control characters, bidi controls and
    invisible marks shown as visible markers (ESC as ␛), tabs as spaces, newlines kept."""
    return visible(text.replace("\t", " "), lines=True)


def one_line(text: str) -> str:
    """``safe`` for single-line places (labels, cells): newlines shown as ⏎."""
    return safe(text.replace("\r\n", "\n").replace("\n", "⏎"))


def plain(value: Any, path: Path | None = None) -> str:
    """One value as text: a dash for None, yes/no for booleans, thousands separators for ints
    that count (not for identifiers such as a seed: ``path`` says which it is)."""
    if value is None:
        return DASH
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return integer_text(value, path)
    if isinstance(value, float):
        return f"{value:,.6g}"
    if isinstance(value, datetime):
        return format_timestamp(value)
    text = safe(str(value))
    return text if text else '""'


def when(value: datetime | None, ctx: RenderContext) -> Text:
    """``2026-11-26 10:58:07 UTC (1h01m ago)``; a dash when absent."""
    if value is None:
        return Text(DASH, style=ctx.palette.muted)
    text = Text(format_timestamp(value, ctx.zone))
    text.append(f"  ({format_relative(value, ctx.now)})", style=ctx.palette.muted)
    return text


def value_text(value: Any, ctx: RenderContext, *, missing: str = DASH, path: Path | None = None) -> Text:
    if isinstance(value, Text):
        return value
    if value is None or value == ():
        return Text(missing, style=ctx.palette.muted)
    if isinstance(value, tuple | list):
        return Text("\n".join(plain(v) for v in value))
    return Text(plain(value, path))


class Section:
    """A bold title, an optional note, then label/value rows (and any extra renderables)."""

    def __init__(self, title: str, ctx: RenderContext, *, note: str | None = None) -> None:
        self.title = title
        self.ctx = ctx
        self.note = note
        self.grid = LabelGrid.grid(padding=(0, 2))
        # A label longer than the column folds onto a second line: never cut (a parameter name
        # or an ID in a label is as much a value as the value beside it).
        self.grid.add_column(overflow="fold", max_width=LABEL_MAX, style=ctx.palette.label)
        self.grid.add_column(overflow="fold")
        self.rows = 0
        self.after: list[RenderableType] = []

    def row(
        self,
        label: str,
        value: Any,
        *,
        path: Path | None = None,
        explain: str | None = None,
        missing: str = DASH,
        style: Any = None,
    ) -> Section:
        """Add a row; ``explain`` is appended dimmed (what the value means)."""
        text = value_text(value, self.ctx, missing=missing, path=path).copy()
        if style is not None and value is not None:
            text.stylize(style)
        if explain and value is not None:
            text.append(f"  {explain}", style=self.ctx.palette.muted)
        if self.ctx.is_changed(path):
            text.stylize(self.ctx.palette.changed)
        self.grid.add_row(Text(one_line(label)), text)
        self.rows += 1
        return self

    def mapping(
        self,
        values: Mapping[str, Any],
        *,
        path: Path | None = None,
        empty: str = DASH,
        label: Callable[[str], str] | None = None,
    ) -> Section:
        """Rows for a string map, sorted by key; ``label`` turns a key into its label (API member
        names into words: :func:`tui.models.labels.human_label`)."""
        if not values:
            self.row("", None, missing=empty)
        for key in sorted(values, key=str.casefold):
            self.row(label(key) if label else key, values[key], path=(*path, key) if path else None)
        return self

    def add(self, renderable: RenderableType) -> Section:
        self.after.append(renderable)
        return self

    def render(self, *, gap: bool = True) -> RenderableType:
        """The section; ``gap`` adds the blank line that separates it from the next."""
        parts: list[RenderableType] = [Text(one_line(self.title), style=self.ctx.palette.title)]
        if self.note:
            parts.append(Text(self.note, style=self.ctx.palette.muted))
        if self.rows:
            parts.append(self.grid)
        parts.extend(self.after)
        if gap:
            parts.append(Text(""))
        return Group(*parts)


class LabelGrid(Table):
    """A section's label/value grid (told apart from other tables by :func:`align_labels`)."""


#: The widest a label column gets; longer labels fold.
LABEL_MAX = 26


def label_grids(renderable: Any) -> Iterator[LabelGrid]:
    """Every section grid in ``renderable`` (groups and grids nested in tables included)."""
    if isinstance(renderable, LabelGrid):
        yield renderable
    if isinstance(renderable, Group):
        for child in renderable.renderables:
            yield from label_grids(child)
    elif isinstance(renderable, Table):
        for column in renderable.columns:
            for cell in column.cells:
                yield from label_grids(cell)


def align_labels(*renderables: Any) -> int:
    """Give every section of a pane one label column: as wide as its widest label (at most
    :data:`LABEL_MAX`), so values line up down the whole pane. Returns that width."""
    grids = [grid for r in renderables for grid in label_grids(r)]
    width = 0
    for grid in grids:
        for cell in grid.columns[0].cells:
            width = max(width, Text(cell).cell_len if isinstance(cell, str) else _cell_len(cell))
    width = min(width, LABEL_MAX)
    for grid in grids:
        column = grid.columns[0]
        column.min_width = column.max_width = column.width = width or None
    return width


def aligned(group: Group) -> Group:
    """``group`` with its sections' label columns aligned (:func:`align_labels`)."""
    align_labels(group)
    return group


def _cell_len(cell: Any) -> int:
    return cell.cell_len if isinstance(cell, Text) else 0


def table(
    ctx: RenderContext,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    fold: Sequence[int] = (),
) -> Table:
    """A simple column table; ``fold`` names the columns whose long values wrap."""
    t = Table(box=None, padding=(0, 2, 0, 0), show_edge=False, header_style=ctx.palette.label)
    for i, header in enumerate(headers):
        t.add_column(header, overflow="fold" if i in fold else "ellipsis", no_wrap=i not in fold)
    for row in rows:
        t.add_row(*(v if isinstance(v, Text) else value_text(v, ctx) for v in row))
    return t


def not_configured(title: str, ctx: RenderContext, note: str = NOT_CONFIGURED) -> RenderableType:
    return Group(Text.assemble((title, ctx.palette.title), ("  ", ""), (note, ctx.palette.muted)), Text(""))
