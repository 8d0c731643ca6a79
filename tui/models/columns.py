"""The job list's columns: the one definition of their keys, titles and widths, and which fit
(pure: no textual import, unit-tested). The config's ``columns`` setting, the sort keys and the
table all take their keys from :data:`COLUMN_KEYS`.

The name column takes what the others leave; when even its minimum does not fit, the least important
column is dropped, then the next, so a 40-column terminal still shows name, status and age. The
column the list is sorted by is never dropped (a list without it looks unsorted). Width left over
once every name fits goes to the columns whose values are longer than their default width, so no
value is cut while there is room for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    "tags": "TAGS",
    "objective": "OBJECTIVE",
}

#: Columns shown only when ``columns`` names them, filled from data the list already holds (never a
#: call): TAGS from the Search records seen this session, OBJECTIVE a sparkline of the objective
#: metric of jobs whose metrics are cached. Not sortable.
OPTIONAL_COLUMN_KEYS: tuple[str, ...] = ("tags", "objective")

#: The sortable columns, in the default order (``columns`` may name these, in any order).
COLUMN_KEYS: tuple[str, ...] = tuple(k for k in TITLES if k not in OPTIONAL_COLUMN_KEYS)
#: Every column ``columns`` may name, in any order.
ALL_COLUMN_KEYS: tuple[str, ...] = tuple(TITLES)
#: Shown when ``columns`` is not set: the sortable ones but REGION, which a one-region list does
#: not need.
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
    "tags": 24,  # team=vision,owner=ana (cut with an ellipsis)
    "objective": 12,  # ▁▂▄▆█ (the sparkline's width)
}
ABSOLUTE_TIME_WIDTH = 17  # 2026-11-26 14:02Z (a local zone's offset may make it wider)

#: Dropped first when space runs out: first in this tuple goes first.
DROP_ORDER = (
    "tags", "objective", "billable", "instance", "warm_pool", "modified", "region", "secondary", "duration",
    "created", "status",
)

#: Columns are dropped until the name gets this much (names are what people read first) …
NAME_MIN = 28
#: … less what absolute times (``t``) add, down to this: ``t`` changes how times read, not which
#: columns there are (elided in the middle, 22 cells keep ``deepar-…2026-12-04-22-10-31`` apart).
NAME_MIN_ABSOLUTE = 22
#: … except the status, which goes only when the name would get less than this.
NAME_MIN_WITH_STATUS = 16
GAP = 2  # spaces between columns
MARGIN = 1  # blank cell at the left edge (the cursor bar reads better with it)


class Column(NamedTuple):
    key: str
    x: int  # first cell
    width: int


def column_width(key: str, *, absolute: bool, time_width: int = ABSOLUTE_TIME_WIDTH) -> int:
    if key in ("created", "modified") and absolute:
        return time_width
    return WIDTHS[key]


def layout_columns(
    wanted: Sequence[str],
    width: int,
    *,
    name_width: int,
    absolute: bool,
    keep: str | None = None,
    content: Mapping[str, int] | None = None,
    time_width: int = ABSOLUTE_TIME_WIDTH,
) -> list[Column]:
    """Columns of ``wanted`` (in that order) that fit ``width`` cells, with their positions.

    ``name_width`` is the longest name (the name column never grows past it, nor shrinks below
    :data:`NAME_MIN` while another column can still be dropped). ``keep`` is never dropped (the
    sort column). ``content``: the widest value of a column, by key; once the name has its full
    width, what is left widens the columns whose values would otherwise be cut. ``time_width``:
    absolute times' width (it depends on the zone). Unknown keys are ignored.
    """
    keys = [key for key in dict.fromkeys(wanted) if key in TITLES]
    if "name" not in keys:
        keys.insert(0, "name")
    if keep is not None and keep not in keys and keep in TITLES:
        keys.append(keep)  # sorted by a column not configured: shown anyway, at the end
    name_goal = max(len(TITLES["name"]), min(name_width, 64))
    drop = [key for key in DROP_ORDER if key in keys and key != keep]

    def base(key: str) -> int:
        return column_width(key, absolute=absolute, time_width=time_width)

    while True:
        others = sum(base(k) + GAP for k in keys if k != "name")
        room = width - MARGIN - others
        floor = NAME_MIN_WITH_STATUS if drop == ["status"] else NAME_MIN
        if absolute and floor == NAME_MIN:
            wider = sum(base(k) - WIDTHS[k] for k in keys if k in ("created", "modified"))
            floor = max(NAME_MIN_ABSOLUTE, NAME_MIN - wider)
        if room >= min(floor, name_goal) or not drop:
            break
        keys.remove(drop.pop(0))
    name_cells = max(1, min(name_goal, room))
    cells = {key: base(key) for key in keys if key != "name"}
    spare = room - name_cells
    # The most important columns (last to be dropped) widen first.
    for key in sorted(cells, key=lambda k: -DROP_ORDER.index(k) if k in DROP_ORDER else 0):
        if spare <= 0:
            break
        extra = min(spare, max(0, (content or {}).get(key, 0) - cells[key]))
        cells[key] += extra
        spare -= extra
    columns = []
    x = MARGIN
    for key in keys:
        size = name_cells if key == "name" else cells[key]
        columns.append(Column(key, x, size))
        x += size + GAP
    return columns


def column_at(columns: Sequence[Column], x: int) -> str | None:
    """The column under cell ``x`` (a click on the header), the gap after a column included."""
    for column in columns:
        if column.x <= x < column.x + column.width + GAP:
            return column.key
    return None
