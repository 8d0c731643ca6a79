"""``--output table``: a readable boxed table with Rich.

Sections follow the AWS CLI's table layout (a dict's scalars, then each nested value as its own
titled section, indented by depth), but a dict is shown as key/value rows rather than one very wide
row, so a DescribeTrainingJob fits an 80-column terminal. Not byte-compatible with the AWS CLI: no
script parses tables.
"""

from __future__ import annotations

from typing import IO, Any

from rich import box
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from tui.safe_text import visible

INDENT = 2


def _scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def _cell(value: Any) -> Text:
    # Values, keys and paths come from the service: never raw escapes or controls on the terminal.
    return Text(visible(str(value)))


def _title(path: str) -> Text:
    return Text(visible(path), style="bold", no_wrap=True, overflow="ellipsis")


def build(path: str, value: Any, depth: int = 0, *, ascii_only: bool = False) -> list[RenderableType]:
    """The renderables for ``value`` titled ``path`` (empty values give nothing, like the AWS CLI)."""
    if value in ({}, [], None, ""):
        return []
    style = box.ASCII if ascii_only else box.SQUARE
    out: list[RenderableType] = []

    def add(renderable: RenderableType, title: str | None = None) -> None:
        # Titles go above the box (a Rich table title would wrap at the table's width).
        for item in ([_title(title)] if title else []) + [renderable]:
            out.append(Padding(item, (0, 0, 0, INDENT * depth), expand=False) if depth else item)

    if isinstance(value, dict):
        scalars = [(k, v) for k, v in value.items() if _scalar(v)]
        table = Table(show_header=False, box=style)
        table.add_column(style="bold")
        table.add_column(overflow="fold")
        for key, item in scalars:
            table.add_row(_cell(key), _cell(item))
        if scalars:
            add(table, path)
        elif path:
            out.append(Padding(_title(path), (0, 0, 0, INDENT * depth), expand=False))
        for key, item in value.items():
            if not _scalar(item):
                out.extend(build(_join(path, key, depth), item, depth + 1, ascii_only=ascii_only))
        return out
    if isinstance(value, list):
        dicts = [v for v in value if isinstance(v, dict)]
        if dicts and len(dicts) == len(value):
            columns: list[str] = []
            for element in dicts:
                columns.extend(k for k, v in element.items() if _scalar(v) and k not in columns)
            if columns:
                table = Table(box=style)
                for column in columns:
                    table.add_column(visible(column), overflow="fold")
                for element in dicts:
                    table.add_row(*(_cell(element.get(c, "")) for c in columns))
                add(table, path)
            for index, element in enumerate(dicts):
                for key, item in element.items():
                    if not _scalar(item):
                        out.extend(build(f"{path}[{index}].{key}", item, depth + 1, ascii_only=ascii_only))
            return out
        table = Table(show_header=False, box=style)
        table.add_column(overflow="fold")
        nested: list[tuple[int, Any]] = []
        for index, item in enumerate(value):
            if _scalar(item):
                table.add_row(_cell(item))
            else:
                nested.append((index, item))
        if table.row_count:
            add(table, path)
        for index, item in nested:
            out.extend(build(f"{path}[{index}]", item, depth + 1, ascii_only=ascii_only))
        return out
    table = Table(show_header=False, box=style)
    table.add_column(overflow="fold")
    table.add_row(_cell(value))
    add(table, path)
    return out


def _join(path: str, key: str, depth: int) -> str:
    # The top-level title is the operation name: nested sections are named from the response root.
    return key if depth == 0 else f"{path}.{key}"


def render_table(value: Any, title: str, stream: IO[str], *, colour: bool, width: int | None = None) -> None:
    console = Console(
        file=stream,
        width=width,
        force_terminal=colour,
        no_color=not colour,
        color_system="standard" if colour else None,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )
    ascii_only = not console.encoding.lower().startswith("utf")
    for renderable in build(title, value, ascii_only=ascii_only):
        console.print(renderable)
