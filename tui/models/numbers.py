"""Numbers as the detail panes print them: quantities with thousands separators (``86,411 s``,
``1,250`` steps), identifiers as they are (a shuffle seed ``20261126`` is a name, not an amount).

Which is which comes from botocore's service model, not from a list of fields: a number is an
identifier when its member or shape name says so (``Seed``, ``...Id``, ``...Version``). The model's
shapes come from :mod:`tui.aws.model_tables` (generated tables: no model loading).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from tui.aws.model_tables import tables

#: Member or shape names of numbers that identify rather than count.
IDENTIFIER_NAME = re.compile(r"(?:Seed|Id|ID|Identifier|Version)$")


def _leaf(path: Sequence[Any]) -> tuple[str, str] | None:
    """(member name, shape name) that ``path`` ends on in the DescribeTrainingJob output; None when
    the model does not know it."""
    shapes = tables()["shapes"]
    shape = tables()["operations"]["DescribeTrainingJob"]["output"]
    member = ""
    for step in path:
        entry = shapes.get(shape)
        if entry is None:
            return None
        kind = entry[0]
        if kind == "s":
            found = next((sub for name, sub in entry[1] if name == str(step)), None)
            if found is None:
                return None
            member, shape = str(step), found
        elif kind in ("l", "m"):
            shape = entry[1]
        else:
            return None
    return (member, shape) if member else None


@lru_cache(maxsize=512)
def _is_identifier(path: tuple[Any, ...]) -> bool:
    leaf = _leaf(path)
    if leaf is None:
        return False
    return any(IDENTIFIER_NAME.search(name) for name in leaf)


def is_identifier(path: Sequence[Any] | None) -> bool:
    """Whether the number at ``path`` (a response path: keys, list indices) names something."""
    if not path:
        return False
    # List indices and map keys vary; the shape at the end does not: cache by the shape path.
    return _is_identifier(tuple(0 if isinstance(step, int) else step for step in path))


def integer_text(value: int, path: Sequence[Any] | None = None) -> str:
    """``1,250`` for a quantity; ``20261126`` for an identifier (see :func:`is_identifier`)."""
    return str(value) if is_identifier(path) else f"{value:,}"
