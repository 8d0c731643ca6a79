"""``--where`` / ``:where``: a small query language turned into a SageMaker Search expression (pure).

Syntax (keywords case-insensitive)::

    query   := clause ("and" clause)*
    clause  := NAME OP VALUE | "exists" NAME | "not" "exists" NAME
    OP      := "=" | "!=" | ">" | ">=" | "<" | "<=" | "contains"
    NAME    := a Search property: TrainingJobStatus, ResourceConfig.InstanceType,
               HyperParameters.<name>, Tags.<key> ... (quoted when it holds spaces)
    VALUE   := a word without spaces, or text in '...' or "..." (a backslash escapes the quote)

Examples: ``HyperParameters.learning_rate > 0.001``, ``Tags.team = vision``,
``TrainingJobStatus = Failed and CreationTime > 7d``, ``FailureReason contains CUDA``,
``exists Tags.owner``, ``Tags."cost center" = 'ml platform'``.

On the time properties (CreationTime, LastModifiedTime, TrainingStartTime, TrainingEndTime) a value
may be an age (``90m``, ``12h``, ``7d``, ``2w``: that long before now) or a date (``2026-01-01``);
``CreationTime > 7d`` reads "created in the last 7 days". Search wants ``yyyy-mm-ddThh:mm:ss``.

Every clause is one Search ``Filter``; they are joined by ``And`` (Search's default), so the whole
query runs server-side, one call per 100 results. A mistake is a :class:`WhereError` whose message
is one line that names the column (1-based) where the query went wrong.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from tui.models.since import parse_since

OPERATORS = {
    "=": "Equals",
    "!=": "NotEquals",
    ">": "GreaterThan",
    ">=": "GreaterThanOrEqualTo",
    "<": "LessThan",
    "<=": "LessThanOrEqualTo",
    "contains": "Contains",
}
TIME_PROPERTIES = frozenset({"CreationTime", "LastModifiedTime", "TrainingStartTime", "TrainingEndTime"})
#: Search takes at most this many filters in one expression.
MAX_FILTERS = 20
_SYMBOLS = "=!<>"


class WhereError(ValueError):
    """A query that cannot be sent; ``column`` is 1-based, str() is the one line to show."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"column {column}: {message}")
        self.column = column


@dataclass(frozen=True)
class Token:
    text: str
    column: int  # 1-based
    quoted: bool = False


@dataclass(frozen=True)
class Clause:
    name: str
    operator: str  # Search's operator name
    value: str | None  # None for Exists/NotExists

    def as_filter(self) -> dict[str, Any]:
        spec: dict[str, Any] = {"Name": self.name, "Operator": self.operator}
        if self.value is not None:
            spec["Value"] = self.value
        return spec


@dataclass(frozen=True)
class Where:
    """A parsed query: its clauses and the text the user typed (shown in the list's header)."""

    text: str
    clauses: tuple[Clause, ...]

    def expression(self) -> dict[str, Any]:
        """The Search ``SearchExpression``."""
        return {"Filters": [clause.as_filter() for clause in self.clauses]}


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i = 0
    n = len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
            continue
        start = i
        if char in "'\"":
            quote = char
            i += 1
            out: list[str] = []
            while i < n and text[i] != quote:
                if text[i] == "\\" and i + 1 < n:
                    i += 1
                out.append(text[i])
                i += 1
            if i >= n:
                raise WhereError(f"unclosed quote {quote}", start + 1)
            i += 1
            tokens.append(Token("".join(out), start + 1, quoted=True))
            continue
        if char in _SYMBOLS:
            while i < n and text[i] in _SYMBOLS:
                i += 1
            tokens.append(Token(text[start:i], start + 1))
            continue
        # A word; a quoted part glued to it (``Tags."cost center"``) belongs to it.
        out = []
        quoted = False
        while i < n and not text[i].isspace() and text[i] not in _SYMBOLS:
            if text[i] in "'\"":
                quote = text[i]
                close = text.find(quote, i + 1)
                if close < 0:
                    raise WhereError(f"unclosed quote {quote}", i + 1)
                out.append(text[i + 1 : close])
                quoted = True
                i = close + 1
                continue
            out.append(text[i])
            i += 1
        tokens.append(Token("".join(out), start + 1, quoted=quoted))
    return tokens


def parse_where(
    text: str, now: datetime, *, properties: Collection[str] | None = None
) -> Where:
    """The query ``text`` means. ``properties``: the top-level names Search knows (an unknown one
    is an error with a suggestion); None skips that check. Raises :class:`WhereError`."""
    tokens = tokenize(text)
    if not tokens:
        raise WhereError("empty query: try `TrainingJobStatus = Failed`", 1)
    clauses: list[Clause] = []
    pos = 0
    end_column = len(text) + 1

    def peek(offset: int = 0) -> Token | None:
        index = pos + offset
        return tokens[index] if index < len(tokens) else None

    while True:
        token = peek()
        if token is None:
            raise WhereError("expected a condition after `and`", end_column)
        keyword = token.text.lower() if not token.quoted else ""
        if keyword in ("exists", "not"):
            negated = keyword == "not"
            if negated:
                following = peek(1)
                if following is None or following.quoted or following.text.lower() != "exists":
                    column = following.column if following else end_column
                    raise WhereError("expected `exists` after `not`", column)
                pos += 1
            name_token = peek(1)
            if name_token is None:
                raise WhereError("expected a property name after `exists`", end_column)
            name = _name(name_token, properties)
            clauses.append(Clause(name, "NotExists" if negated else "Exists", None))
            pos += 2
        else:
            name = _name(token, properties)
            op_token = peek(1)
            if op_token is None:
                raise WhereError(f"expected an operator after {name} ({_operator_list()})", end_column)
            operator = OPERATORS.get(op_token.text.lower()) if not op_token.quoted else None
            if operator is None:
                raise WhereError(
                    f"unknown operator {op_token.text!r} (use {_operator_list()})", op_token.column
                )
            value_token = peek(2)
            if value_token is None or (not value_token.quoted and value_token.text.lower() == "and"):
                column = value_token.column if value_token else end_column
                raise WhereError(f"expected a value after {op_token.text}", column)
            if not value_token.quoted and value_token.text[:1] in _SYMBOLS:
                raise WhereError(f"expected a value, found {value_token.text!r}", value_token.column)
            value = _value(name, value_token, now)
            clauses.append(Clause(name, operator, value))
            pos += 3
        following = peek()
        if following is None:
            break
        if following.quoted or following.text.lower() != "and":
            hint = " (only `and` joins conditions)" if following.text.lower() == "or" else ""
            raise WhereError(f"expected `and` or the end, found {following.text!r}{hint}", following.column)
        pos += 1
    if len(clauses) > MAX_FILTERS:
        raise WhereError(f"at most {MAX_FILTERS} conditions (Search's limit)", 1)
    return Where(text.strip(), tuple(clauses))


def _operator_list() -> str:
    return ", ".join(OPERATORS)


def _name(token: Token, properties: Collection[str] | None) -> str:
    name = token.text
    if not name or (not token.quoted and name.lower() in ("and", "exists", "not")):
        raise WhereError(f"expected a property name, found {name!r}", token.column)
    if name[:1] in _SYMBOLS:
        raise WhereError(f"expected a property name, found {name!r}", token.column)
    head = name.split(".", 1)[0]
    if properties is not None and head not in properties:
        close = difflib.get_close_matches(head, list(properties), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise WhereError(f"unknown property {head!r}{hint}", token.column)
    if name.endswith("."):
        raise WhereError(f"{name!r} names no property after the dot", token.column)
    return name


def _value(name: str, token: Token, now: datetime) -> str:
    if name in TIME_PROPERTIES:
        try:
            when = parse_since(token.text, now)
        except ValueError:
            raise WhereError(
                f"{name} takes an age (7d, 12h, 90m, 2w) or a date (2026-01-01), not {token.text!r}",
                token.column,
            ) from None
        return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    return token.text


def describe_expression(expression: dict[str, Any]) -> str:
    """A SearchExpression back as query text (for messages; the inverse of :func:`parse_where`)."""
    inverse = {v: k for k, v in OPERATORS.items()}
    parts = []
    for spec in expression.get("Filters") or ():
        operator = spec.get("Operator", "Equals")
        if operator == "Exists":
            parts.append(f"exists {spec['Name']}")
        elif operator == "NotExists":
            parts.append(f"not exists {spec['Name']}")
        else:
            parts.append(f"{spec['Name']} {inverse.get(operator, operator)} {spec.get('Value')}")
    return " and ".join(parts)
