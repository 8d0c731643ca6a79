"""Forgiving accessors for raw DescribeTrainingJob values (textual-free).

Each one turns whatever the response holds (absent, ``None``, an unexpected type from a cache written
by another version, a newer API or a fuzzed response) into the type a view wants, or ``None`` / an
empty collection, and never raises.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from tui.models.timefmt import to_utc

T = TypeVar("T")


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return list(value) if isinstance(value, tuple) else []


def as_str(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return int(value)
    return None


def as_float(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    return None


def as_bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def as_time(value: Any) -> datetime | None:
    """Aware UTC datetime from a datetime (any zone) or an ISO 8601 string; None otherwise."""
    if isinstance(value, datetime):
        return to_utc(value)
    if isinstance(value, str):
        try:
            return to_utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            return None
    return None


def as_str_map(value: Any) -> dict[str, str]:
    return {str(k): "" if v is None else str(v) for k, v in as_dict(value).items()}


def as_str_tuple(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in as_list(value) if v is not None)


def present(build: Callable[[Any], T], value: Any) -> T | None:
    """``build(value)``, or None when the response has no value there (absent or null).

    A present but malformed value still builds a view (of ``None`` members): the pane then says the
    section exists, which is what the response said.
    """
    return None if value is None else build(value)
