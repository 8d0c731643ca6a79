"""A comparison stricter than ``==`` for cache round-trips: types, key order, timezone kinds."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any


def same(a: Any, b: Any, path: str = "$") -> str | None:
    """None when ``a`` and ``b`` are identical for every purpose of the app, else where they differ."""
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)!r} != {list(b)!r}"
        for key in a:
            problem = same(a[key], b[key], f"{path}.{key}")
            if problem:
                return problem
        return None
    if isinstance(a, list | tuple):
        if len(a) != len(b):
            return f"{path}: length {len(a)} != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            problem = same(x, y, f"{path}[{i}]")
            if problem:
                return problem
        return None
    if isinstance(a, datetime):
        # == is not enough: it ignores the zone (and is False for ambiguous interzone times).
        ka = (a.isoformat(), a.fold, type(a.tzinfo), a.tzname(), a.utcoffset())
        kb = (b.isoformat(), b.fold, type(b.tzinfo), b.tzname(), b.utcoffset())
        return None if ka == kb else f"{path}: {ka} != {kb}"
    if isinstance(a, float):
        if math.isnan(a) and math.isnan(b):
            return None
        return None if (a == b and math.copysign(1, a) == math.copysign(1, b)) else f"{path}: {a!r} != {b!r}"
    return None if a == b else f"{path}: {a!r} != {b!r}"
