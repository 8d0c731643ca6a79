"""``--output table`` byte for byte as the AWS CLI prints it.

The layout is the AWS CLI's (``awscli/formatter.py`` ``TableFormatter`` and ``awscli/table.py``,
Apache-2.0), reimplemented here because the AWS CLI is only a test dependency:

* a first line of ``-`` as wide as the widest section, then one section per dict or list of dicts:
  a centred title row, a ``+---+`` rule, column titles (sorted keys) or ``key | value`` rows, each
  nested value a section of its own, indented by one ``|`` per level on both sides;
* a dict with one scalar is one ``key | value`` row; a list of dicts one row per dict under the
  union of their scalar keys (each dict repeats the header when it has nested values); a list of
  scalars one row per item; a list of lists of scalars one row per list (``X[].[a, b]``);
* column widths are the widest cell plus 4, scaled to the section's width (rounded, then
  corrected one column at a time), cells left-aligned after two spaces, titles centred;
* when the widest section is wider than the terminal, every section with exactly one row and a
  header is turned into ``header | value`` rows (the vertical layout), and widths computed again;
* the width is the terminal's (``TIOCGWINSZ`` on stdout, not ``COLUMNS``), 80 when not a terminal;
* a result that does not fit the model (rows of different lengths) fails as the AWS CLI fails:
  :class:`TableError` with its message, nothing printed;
* colour (``--color on``, or auto on a terminal): values bright blue, the indent bars dim yellow,
  and the reset colorama's ``autoreset`` writes after every write the AWS CLI makes.

One deliberate difference, on a terminal only: control characters from the data are shown as
visible markers (:func:`tui.safe_text.visible`; newlines and tabs stay, as the AWS CLI prints them)
before widths are measured, so the borders still line up; piped output keeps the AWS CLI's bytes.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from typing import IO, Any

from tui.safe_text import visible

#: The width the AWS CLI assumes when stdout is not a terminal.
DEFAULT_WIDTH = 80
PADDING = 4
RESET = "\x1b[0m"
ROW_STYLE = "\x1b[1m\x1b[34m"  # colorama Style.BRIGHT + Fore.BLUE
INDENT_STYLE = "\x1b[2m\x1b[33m"  # colorama Style.DIM + Fore.YELLOW


class TableError(Exception):
    """The AWS CLI cannot lay this result out as a table (it exits 255 with this message)."""


def text_length(text: object) -> int:
    """Columns a string takes: East Asian wide, full-width and ambiguous characters count 2."""
    return sum(2 if unicodedata.east_asian_width(char) in "WFA" else 1 for char in str(text))


def terminal_width(stream: IO[str]) -> int:
    """The terminal's width as the AWS CLI reads it (the window size of the output), else 80."""
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return DEFAULT_WIDTH


@dataclass
class Section:
    """One titled block: column titles (maybe none) and rows of cell strings."""

    #: None for the sections a list of lists of dicts opens (measured as "None", never shown: the CLI's way).
    title: str | None = ""
    indent: int = 0
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    columns: int | None = None
    widths: list[int] = field(default_factory=list)

    def add_header(self, headers: list[str]) -> None:
        self._widen(headers)
        if self.columns is None:
            self.columns = len(headers)
        self.headers = headers

    def add_row(self, row: list[str]) -> None:
        if self.columns is None:
            self.columns = len(row)
        if len(row) != self.columns:
            raise TableError(f"Row should have {self.columns} elements, instead it has {len(row)}")
        self.rows.append(row)
        self._widen(row)

    def _widen(self, cells: list[str]) -> None:
        if not self.widths:
            self.widths = [text_length(cell) for cell in cells]
        else:
            for index, cell in enumerate(cells):
                self.widths[index] = max(text_length(cell), self.widths[index])

    def column_widths(self, max_width: int) -> list[int]:
        """Each column's width (padding included) scaled so that they add up to ``max_width``."""
        unscaled = [w + PADDING for w in self.widths]
        if not unscaled:
            return unscaled
        scale = max_width / float(sum(unscaled))
        scaled = [round(scale * w) for w in unscaled]
        off_by = sum(scaled) - max_width
        while off_by != 0:
            order = range(len(scaled)) if off_by > 0 else reversed(range(len(scaled)))
            for index in order:
                if off_by > 0:
                    scaled[index] -= 1
                    off_by -= 1
                else:
                    scaled[index] += 1
                    off_by += 1
                if off_by == 0:
                    break
        return scaled

    def total_width(self) -> int:
        """The width this section needs: its columns with padding and borders, or its title."""
        outer = 2 + 2 * self.indent
        return max(text_length(self.title) + outer, sum(w + PADDING for w in self.widths) + outer)


class _Builder:
    """The AWS CLI's TableFormatter: walks the result into sections."""

    def __init__(self, cell: Any) -> None:
        self.sections: list[Section] = []
        self._cell = cell

    @property
    def current(self) -> Section:
        return self.sections[-1]

    def new_section(self, title: str | None, indent: int) -> None:
        self.sections.append(Section(title=None if title is None else self._cell(title), indent=indent))

    def add_row(self, row: Any) -> None:
        self.current.add_row([self._cell(item) for item in row])

    def add_header(self, headers: list[str]) -> None:
        self.current.add_header([self._cell(h) for h in headers])

    def build(self, title: str | None, value: Any, indent: int = 0) -> bool:
        if not value:
            return False
        if title is not None:
            self.new_section(title, indent)
        if isinstance(value, list):
            if isinstance(value[0], dict):
                self._from_list(value, indent, title)
            else:
                for item in value:
                    if _scalar(item):
                        self.add_row([item])
                    elif all(_scalar(element) for element in item):
                        self.add_row(item)  # a list of scalars (or a dict: its keys, as the CLI does)
                    else:
                        self.build(None, item)
        if isinstance(value, dict):
            self._from_dict(value, indent)
        return True

    def _from_dict(self, value: dict[str, Any], indent: int) -> None:
        headers, more = _split_keys(value)
        if len(headers) == 1:
            self.add_row([headers[0], value[headers[0]]])
        elif headers:
            self.add_header(headers)
            self.add_row([value[k] for k in headers])
        for key in more:
            self.build(key, value[key], indent + 1)

    def _from_list(self, items: list[Any], indent: int, title: str | None) -> None:
        headers: set[str] = set()
        nested: set[str] = set()
        for item in items:
            scalar_keys, other_keys = _split_keys(item)
            headers.update(scalar_keys)
            nested.update(other_keys)
        columns = sorted(headers)
        more = sorted(nested)
        self.add_header(columns)
        for index, element in enumerate(items):
            if index and more:
                self.new_section(title, indent)
                self.add_header(columns)
            self.add_row([element.get(header, "") for header in columns])
            for key in more:
                if key in element:
                    self.build(key, element[key], indent + 1)


def _scalar(value: Any) -> bool:
    return not isinstance(value, (list, dict))


def _split_keys(value: Any) -> tuple[list[str], list[str]]:
    scalars = sorted(k for k in value if _scalar(value[k]))
    others = sorted(k for k in value if not _scalar(value[k]))
    return scalars, others


class _Writer:
    """The output stream; in colour, colorama's autoreset follows every write with a reset."""

    def __init__(self, stream: IO[str], colour: bool) -> None:
        self._stream = stream
        self._colour = colour

    def write(self, text: str) -> None:
        self._stream.write(text + RESET if self._colour else text)


class _Indented:
    """A section's lines between ``indent`` bars on each side (the CLI's IndentedStream)."""

    def __init__(self, out: _Writer, indent: int, bar: str) -> None:
        self._out = out
        self._bars = bar * indent

    def write(self, text: str) -> None:
        self._out.write(self._bars)
        if text.endswith("\n"):
            self._out.write(text[:-1])
            self._out.write(self._bars)
            self._out.write("\n")
        else:
            self._out.write(text)


def _centre(text: str, length: int, left: str = "|", right: str = "|") -> str:
    size = text_length(text)
    start = (length // 2) - (size // 2) - 1
    used = text_length(left) + start + size
    return left + " " * start + text + " " * (length - text_length(right) - used) + right


def _align_left(text: str, styled: str, length: int, left: str, right: str = "|") -> str:
    size = text_length(text)
    padding = 2 if length - (size + 2 + text_length(left) + text_length(right)) >= 0 else 0
    used = len(left) + padding + size
    return left + " " * padding + styled + " " * (length - used - len(right)) + right


def _rule(widths: list[int]) -> str:
    parts = [("+%s+" if index == 0 else "%s+") % ("-" * (w - (2 if index == 0 else 1)))
             for index, w in enumerate(widths)]
    return "".join(parts) + "\n"


def _vertical(sections: list[Section]) -> list[Section]:
    """Sections of one row under a header become ``header | value`` rows."""
    out: list[Section] = []
    for section in sections:
        if len(section.rows) == 1 and section.headers:
            turned = Section(title=section.title, indent=section.indent)
            for header, element in zip(section.headers, section.rows[0], strict=False):
                turned.add_row([header, element])
            out.append(turned)
        else:
            out.append(section)
    return out


def _render(sections: list[Section], width: int, out: _Writer, colour: bool) -> None:
    widest = max(s.total_width() for s in sections)
    if widest > width:
        sections = _vertical(sections)
        widest = max(s.total_width() for s in sections)
    out.write("-" * widest + "\n")
    bar = INDENT_STYLE + "|" + RESET if colour else "|"
    for section in sections:
        stream = _Indented(out, section.indent, bar)
        inner = widest - section.indent * 2
        if section.title:
            stream.write(_centre(section.title, inner) + "\n")
            if not section.headers and not section.rows:
                stream.write("+%s+" % ("-" * (inner - 2)) + "\n")
        if section.headers:
            widths = section.column_widths(inner)
            line = "".join(
                _centre(header, w, "|" if index == 0 else "")
                for index, (w, header) in enumerate(zip(widths, section.headers, strict=False))
            )
            stream.write(_rule(widths))
            stream.write(line + "\n")
        if section.rows:
            widths = section.column_widths(inner)
            if not widths:
                continue
            stream.write(_rule(widths))
            for row in section.rows:
                line = "".join(
                    _align_left(cell, ROW_STYLE + cell + RESET if colour else cell, w,
                                "|" if index == 0 else "")
                    for index, (w, cell) in enumerate(zip(widths, row, strict=False))
                )
                stream.write(line + "\n")
            stream.write(_rule(widths))


def render_table(
    value: Any, title: str, stream: IO[str], *, colour: bool, width: int | None = None, terminal: bool = False
) -> None:
    """Print ``value`` (already queried) as the AWS CLI's table titled ``title`` (the operation).

    ``width``: None = the terminal's (80 when not a terminal). ``terminal``: show control
    characters from the data as visible markers. Raises :class:`TableError` before printing
    anything when the AWS CLI would fail."""
    cell = (lambda item: visible(str(item), lines=True)) if terminal else str
    builder = _Builder(cell)
    try:
        if not builder.build(title, value):
            return
    except (AttributeError, TypeError, IndexError) as exc:
        # Shapes the CLI's walk cannot take (a list of a dict and a string …): its error, its words.
        raise TableError(str(exc)) from None
    _render(builder.sections, terminal_width(stream) if width is None else width, _Writer(stream, colour),
            colour)
