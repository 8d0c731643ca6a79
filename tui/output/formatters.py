"""``--output json|text|table|yaml|yaml-stream`` for one response or for a paginated listing.

The data given here is already what the AWS CLI formats (see :mod:`tui.output.normalize`); the
query is applied where the AWS CLI applies it, which differs by format for paginated commands:

* json, yaml, table: all pages are merged first (``NextToken`` = botocore's resume token), then the
  query runs once on the whole;
* text: the query runs on each page separately, then on ``{"NextToken": {"NextToken": token}}``
  when the listing was cut short (so ``--query 'X[].Name' --output text`` prints ``None`` there);
* yaml-stream: each page (with the service's own NextToken) is queried and written as one list item.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from tui.output.colour import colourize, use_colour
from tui.output.jsonfmt import dump_json
from tui.output.query import search
from tui.output.text import format_text
from tui.safe_text import visible

if TYPE_CHECKING:
    from jmespath.parser import ParsedResult

    from tui.output.paginate import Paged

# table and yaml (PyYAML) are imported by the formats that use them: json and text output of a
# cached answer does not pay for them.

OUTPUT_CHOICES = ("json", "text", "table", "yaml", "yaml-stream")


@dataclass(frozen=True)
class OutputOptions:
    """How to print: the AWS CLI's --output, --query and --color."""

    output: str = "json"
    query: ParsedResult | None = None
    color: str = "auto"
    #: The operation name, the title of ``table`` output (the AWS CLI uses it too).
    title: str = ""
    #: Table width; None = the terminal's (or 80 when not a terminal).
    width: int | None = None


def write_response(data: Any, options: OutputOptions, stream: IO[str]) -> None:
    """One (non-paginated) response."""
    if options.output == "text":
        format_text(search(options.query, data), _for_terminal(stream))
        return
    if options.output == "yaml-stream":
        _write_coloured([search(options.query, data)], "yaml", options, stream)
        return
    _write_whole(search(options.query, data), options, stream)


def write_paged(paged: Paged, result_key: str, options: OutputOptions, stream: IO[str]) -> None:
    """A listing fetched by :func:`tui.output.paginate.paginate`, as the AWS CLI prints it."""
    if options.output == "text":
        stream = _for_terminal(stream)
        for page in paged.pages:
            format_text(search(options.query, {result_key: page.items}), stream)
        if paged.resume_token:
            token = {"NextToken": {"NextToken": paged.resume_token}}
            format_text(search(options.query, token), stream)
        return
    if options.output == "yaml-stream":
        documents = []
        for page in paged.pages:
            raw: dict[str, Any] = {result_key: page.items}
            if page.next_token:
                raw["NextToken"] = page.next_token
            documents.append(search(options.query, raw))
        _write_coloured(documents, "yaml", options, stream)
        return
    full: dict[str, Any] = {result_key: paged.items}
    if paged.resume_token:
        full["NextToken"] = paged.resume_token
    _write_whole(search(options.query, full), options, stream)


def _write_whole(data: Any, options: OutputOptions, stream: IO[str]) -> None:
    if options.output == "table":
        from tui.output.table import render_table

        render_table(
            data,
            options.title,
            stream,
            colour=use_colour(options.color, stream),
            width=options.width,
            terminal=_is_terminal(stream),
        )
    elif options.output == "yaml":
        if data != {}:
            _write_coloured(data, "yaml", options, stream)
    else:
        if data != {}:
            _write_coloured(data, "json", options, stream)


def _write_coloured(data: Any, language: str, options: OutputOptions, stream: IO[str]) -> None:
    buffer = io.StringIO()
    if language == "json":
        dump_json(data, buffer)
    else:
        from tui.output.yamlfmt import dump_yaml

        dump_yaml(data, buffer)
    text = buffer.getvalue()
    if _is_terminal(stream):
        text = visible(text, lines=True)
    stream.write(colourize(text, language) if text and use_colour(options.color, stream) else text)


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _VisibleStream:
    """A terminal stream that shows control characters from the data as visible markers.

    Only on a terminal: piped output stays byte for byte the AWS CLI's, for scripts."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(visible(text, lines=True))


def _for_terminal(stream: IO[str]) -> IO[str]:
    return _VisibleStream(stream) if _is_terminal(stream) else stream  # type: ignore[return-value]
