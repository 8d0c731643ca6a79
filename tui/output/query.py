"""``--query``: JMESPath compiled up front (a bad expression fails before any API call)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jmespath import exceptions as jexc
    from jmespath.parser import ParsedResult

# jmespath is imported by the commands given a --query only.


class QueryError(Exception):
    """A bad ``--query``; ``str()`` is the one line to print."""

    def __init__(self, message: str, *, runtime: bool = False) -> None:
        super().__init__(message)
        #: True when the expression parsed but failed on this data (a function given a wrong type).
        self.runtime = runtime


def compile_query(expression: str | None) -> ParsedResult | None:
    """The compiled expression (None when no ``--query``), or :class:`QueryError`.

    The AWS CLI prints ``Bad value for --query EXPR: <jmespath's message>`` over three lines (the
    message, the expression, a caret); this keeps its first line and says the column instead.
    """
    if expression is None:
        return None
    import jmespath
    from jmespath import exceptions as jexc

    try:
        return jmespath.compile(expression)
    except jexc.JMESPathError as exc:
        raise QueryError(f"Bad value for --query {_shown(expression)}: {_one_line(exc)}") from None
    except RecursionError:  # 5,000 nested brackets: the parser recurses once per level
        raise QueryError(f"Bad value for --query {_shown(expression)}: nested too deeply") from None


def _shown(expression: str) -> str:
    return expression if len(expression) <= 200 else f"{expression[:200]}…"


def _one_line(exc: jexc.JMESPathError) -> str:
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if first.endswith(", for expression:"):
        # 'Unexpected token: b: Parse error at column 2, token "b" (...), for expression:'
        return first.removesuffix(", for expression:")
    position = getattr(exc, "lex_position", None)
    first = first.rstrip(":")
    return f"{first} at column {position}" if position is not None else first


def search(query: ParsedResult | None, data: Any) -> Any:
    """Apply the query; a failure while evaluating (wrong type for a function …) is a QueryError."""
    if query is None:
        return data
    from jmespath import exceptions as jexc

    try:
        return query.search(data)
    except jexc.JMESPathError as exc:
        raise QueryError(str(exc).splitlines()[0], runtime=True) from None
    except RecursionError:
        raise QueryError("--query: nested too deeply to evaluate", runtime=True) from None
