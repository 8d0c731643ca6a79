"""The job list's columns: the one definition of their keys, titles and widths, and which fit
(pure: no textual import, unit-tested). The config's ``columns`` setting, the sort keys and the
table all take their keys from :data:`COLUMN_KEYS`.

The name column takes what the others leave; when even its minimum does not fit, the least important
column is dropped, then the next, so a 40-column terminal still shows name, status and age.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

TITLES = {
    "name": "NAME",
    "status": "STATUS",
    "secondary": "SECONDARY",
    "created": "CREATED",
    "duration": "DURATION",
    "modified": "MODIFIED",
    "warm_pool": "WARM POOL",
    "instance": "INSTANCE",
    "billable": "BILLABLE",
    # Shown when the list holds several regions (`--region a,b`); in `columns` like any other.
    "region": "REGION",
}

#: Every column, in the default order (``columns`` may name these, in any order; all are sortable).
COLUMN_KEYS: tuple[str, ...] = tuple(TITLES)
#: Shown when ``columns`` is not set: all but REGION, which a one-region list does not need.
DEFAULT_KEYS: tuple[str, ...] = tuple(key for key in COLUMN_KEYS if key != "region")


def with_region(columns: Sequence[str]) -> tuple[str, ...]:
    """``columns`` with REGION after NAME (a list of several regions), unless already there."""
    if "region" in columns:
        return tuple(columns)
    keys = list(columns)
    keys.insert(keys.index("name") + 1 if "name" in keys else 0, "region")
    return tuple(keys)

#: Widths with relative times; ``created``/``modified`` widen for absolute timestamps.
WIDTHS = {
    "status": 10,  # InProgress
    "secondary": 18,  # MaxRuntimeExceeded (longer deprecated ones are cut with an ellipsis)
    "created": 10,  # 12d04h ago
    "duration": 10,  # wide enough for the title and the sort arrow
    "modified": 10,
    "warm_pool": 11,  # Terminated; WARM POOL ↓
    "instance": 19,  # ml.p4d.24xlarge x16
    "billable": 10,
    "region": 14,  # ap-southeast-1
}
ABSOLUTE_TIME_WIDTH = 16  # 2026-11-26 14:02

#: Dropped first when space runs out: first in this tuple goes first.
DROP_ORDER = (
    "billable", "instance", "warm_pool", "modified", "region", "secondary", "duration", "created", "status",
)

#: Columns are dropped until the name gets this much (names are what people read first) …
NAME_MIN = 28
#: … except the status, which goes only when the name would get less than this.
NAME_MIN_WITH_STATUS = 16
GAP = 2  # spaces between columns
MARGIN = 1  # blank cell at the left edge (the cursor bar reads better with it)


class Column(NamedTuple):
    key: str
    x: int  # first cell
    width: int


def column_width(key: str, *, absolute: bool) -> int:
    if key in ("created", "modified") and absolute:
        return ABSOLUTE_TIME_WIDTH
    return WIDTHS[key]


def layout_columns(
    wanted: Sequence[str], width: int, *, name_width: int, absolute: bool
) -> list[Column]:
    """Columns of ``wanted`` (in that order) that fit ``width`` cells, with their positions.

    ``name_width`` is the longest name (the name column never grows past it, nor shrinks below
    :data:`NAME_MIN` while another column can still be dropped). Unknown keys are ignored.
    """
    keys = [key for key in dict.fromkeys(wanted) if key in TITLES]
    if "name" not in keys:
        keys.insert(0, "name")
    name_goal = max(len(TITLES["name"]), min(name_width, 64))
    drop = [key for key in DROP_ORDER if key in keys]
    while True:
        others = sum(column_width(k, absolute=absolute) + GAP for k in keys if k != "name")
        room = width - MARGIN - others
        floor = NAME_MIN_WITH_STATUS if drop == ["status"] else NAME_MIN
        if room >= min(floor, name_goal) or not drop:
            break
        keys.remove(drop.pop(0))
    name_cells = max(1, min(name_goal, room))
    columns = []
    x = MARGIN
    for key in keys:
        cells = name_cells if key == "name" else column_width(key, absolute=absolute)
        columns.append(Column(key, x, cells))
        x += cells + GAP
    return columns


def column_at(columns: Sequence[Column], x: int) -> str | None:
    """The column under cell ``x`` (a click on the header), the gap after a column included."""
    for column in columns:
        if column.x <= x < column.x + column.width + GAP:
            return column.key
    return None
