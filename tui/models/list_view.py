"""What the job list shows, in which order: merge, filter and sort of list rows (textual-free).

The screen keeps one :class:`JobListModel`. Rows live in a dict by name; the sorted order is computed when
the data or the sort changes, and the filtered view from that sorted order on every keystroke (a
plain list comprehension over precomputed case-folded names: ~5 ms for 100,000 rows).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from operator import attrgetter
from typing import Any

from rich.cells import cell_len

from tui.aws.jobs import ListFilters
from tui.models.columns import COLUMN_KEYS
from tui.models.marks import Marks
from tui.models.summary import DescribeExtras, JobRow, arn_region, duration_seconds, epoch, with_extras
from tui.safe_text import visible

#: Sortable columns (every column is).
SORT_COLUMNS = COLUMN_KEYS

#: Quick status filters, in key order (1..4; 5 shows all; 6, added later, Stopping).
QUICK_STATUSES = ("InProgress", "Completed", "Failed", "Stopped", "Stopping")

#: Columns whose values vary in length (the others have a fixed format): the table widens them
#: into spare width rather than cut a value (see :attr:`JobListModel.content_widths`).
VARIABLE_COLUMNS = ("status", "secondary", "warm_pool", "instance")
#: Changed rows measured one by one up to this many; more (a whole listing) are recounted at once.
WIDEN_AT_ONCE = 1_000

#: Warm-pool filter values the key cycles through: "*" = any warm pool.
WARM_POOL_CYCLE = (None, "*", "InUse", "Available", "Reused", "Terminated")


@dataclass(frozen=True)
class SortSpec:
    column: str = "created"
    descending: bool = True

    def describe(self) -> str:
        return f"{self.column.replace('_', ' ')} {'↓' if self.descending else '↑'}"


@dataclass(frozen=True)
class LocalFilter:
    """Client-side filters: name text (``~`` = regex), statuses (empty = all), warm pool."""

    text: str = ""
    statuses: frozenset[str] = field(default_factory=frozenset)
    warm_pool: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.text or self.statuses or self.warm_pool)

    def describe(self) -> str:
        """Short text for the header: ``/bert status=Failed warm-pool=any``."""
        parts = []
        if self.text:
            parts.append(f"/{self.text}")
        if self.statuses:
            parts.append("status=" + ",".join(sorted(self.statuses)))
        if self.warm_pool:
            parts.append(f"warm-pool={'any' if self.warm_pool == '*' else self.warm_pool}")
        return " ".join(parts)


class FilterError(ValueError):
    """The filter text cannot be used (a bad regular expression); str() is the sentence to show."""


@dataclass(frozen=True)
class CompiledFilter:
    statuses: frozenset[str]
    warm_pool: str | None
    needle: str  # case-folded substring, "" for none
    pattern: re.Pattern[str] | None

    def narrows(self, previous: CompiledFilter | None) -> bool:
        """True when every row this filter keeps was kept by ``previous`` (typing more letters)."""
        return (
            previous is not None
            and previous.pattern is None
            and self.pattern is None
            and self.statuses == previous.statuses
            and self.warm_pool == previous.warm_pool
            and previous.needle in self.needle
        )


def compile_filter(spec: LocalFilter) -> CompiledFilter:
    """Raises :class:`FilterError` for a bad ``~regex``."""
    needle = ""
    pattern = None
    if spec.text.startswith("~"):
        source = spec.text[1:]
        if source:
            try:
                pattern = re.compile(source, re.IGNORECASE)
            except re.error as exc:
                raise FilterError(f"bad regular expression: {exc}") from None
    else:
        needle = spec.text.casefold()
    return CompiledFilter(spec.statuses, spec.warm_pool, needle, pattern)


def filter_rows(rows: list[JobRow], spec: CompiledFilter) -> list[JobRow]:
    """The rows ``spec`` keeps, in their given order."""
    result = rows
    if spec.statuses:
        statuses = spec.statuses
        result = [r for r in result if r.status in statuses]
    if spec.warm_pool == "*":
        result = [r for r in result if r.warm_pool]
    elif spec.warm_pool:
        wanted = spec.warm_pool
        result = [r for r in result if r.warm_pool == wanted]
    if spec.needle:
        needle = spec.needle
        result = [r for r in result if needle in r.name_key]
    if spec.pattern is not None:
        search = spec.pattern.search
        result = [r for r in result if search(r.name)]
    return result if result is not rows else list(rows)


def sort_key(column: str, now: float) -> Callable[[JobRow], Any]:
    """Sort key for a column; absent values sort as the smallest."""
    if column == "name":
        return attrgetter("name_key")
    if column in ("status", "secondary", "created", "modified", "warm_pool", "instance"):
        return attrgetter(column)
    if column == "duration":
        return lambda r: _or_minus(duration_seconds(r, now))
    if column == "billable":
        return lambda r: _or_minus(r.billable)
    if column == "region":
        return lambda r: arn_region(r.arn)
    raise KeyError(column)


def _or_minus(value: float | None) -> float:
    return -1.0 if value is None else value


def sort_rows(rows: Iterable[JobRow], spec: SortSpec, now: float) -> list[JobRow]:
    """Rows in ``spec`` order; ties keep newest-first order (the sorts are stable)."""
    base = sorted(rows, key=attrgetter("created"), reverse=True)
    if spec.column == "created":
        return base if spec.descending else base[::-1]
    return sorted(base, key=sort_key(spec.column, now), reverse=spec.descending)


def matches_server_filters(row: JobRow, filters: ListFilters) -> bool:
    """Whether ListTrainingJobs with ``filters`` would return this row (for incremental deltas,
    which are fetched without the status filters so jobs leaving them are seen)."""
    if filters.status_equals and row.status != filters.status_equals:
        return False
    if filters.warm_pool_status_equals and row.warm_pool != filters.warm_pool_status_equals:
        return False
    if filters.name_contains and filters.name_contains.casefold() not in row.name_key:
        return False
    if filters.creation_time_after and row.created <= _ts(filters.creation_time_after):
        return False
    return not (filters.creation_time_before and row.created >= _ts(filters.creation_time_before))


def _ts(value: datetime) -> float:
    result = epoch(value)
    return result if result is not None else 0.0


def delta_filters(filters: ListFilters) -> ListFilters:
    """The server filters for an incremental call: without the status filters (a job whose status
    left the filter must still be seen, to drop it) and without sorting."""
    return replace(filters, status_equals=None, warm_pool_status_equals=None, sort_by=None, sort_order=None)


@dataclass
class MergeResult:
    added: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)

    @property
    def touched(self) -> set[str]:
        return self.added | self.changed

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


class JobListModel:
    """Rows by name plus the current sorted and filtered view."""

    def __init__(self) -> None:
        self.rows: dict[str, JobRow] = {}
        #: Describe-derived columns by job name (summaries lack them); applied to merged rows.
        self.extras: dict[str, DescribeExtras] = {}
        self.sort = SortSpec()
        self.filter = LocalFilter()
        self.view: list[JobRow] = []
        self._compiled = compile_filter(self.filter)
        self._sorted: list[JobRow] | None = None
        self._name_width: int | None = 0
        self._content_widths: dict[str, int] | None = {}
        self._view_filter: CompiledFilter | None = None
        #: Marked jobs (``space``), by name: filters, sorts and refreshes never move them.
        self.marks = Marks()

    # -- data -----------------------------------------------------------------------------
    def merge(self, rows: Iterable[JobRow]) -> MergeResult:
        """Insert new rows and replace changed ones (never with an older LastModifiedTime);
        unchanged rows are not counted."""
        result = MergeResult()
        store = self.rows
        extras = self.extras
        for row in rows:
            extra = extras.get(row.name)
            if extra is not None and (row.instance, row.billable) != extra:
                row = with_extras(row, extra)
            old = store.get(row.name)
            if old is None:
                result.added.add(row.name)
            elif old == row or row.modified < old.modified:
                continue  # unchanged, or an older version (a lagging Search index) than the row held
            else:
                result.changed.add(row.name)
            store[row.name] = row
        if result.added and self._name_width is not None:
            self._name_width = max(self._name_width, max(len(name) for name in result.added))
        if result and self._content_widths is not None:
            touched = result.touched
            if len(touched) <= WIDEN_AT_ONCE:
                self._widen([store[name] for name in touched])
            else:
                self._content_widths = None  # a whole listing: recounted once, when next asked
        if result:
            self._sorted = None
        return result

    def set_extras(self, extras: Mapping[str, DescribeExtras]) -> set[str]:
        """Add describe-derived columns; returns the names whose row changed (not a change of the
        job itself, so callers do not highlight them)."""
        self.extras.update(extras)
        changed = set()
        for name, extra in extras.items():
            row = self.rows.get(name)
            if row is not None and (row.instance, row.billable) != extra:
                self.rows[name] = with_extras(row, extra)
                changed.add(name)
        if changed and self._content_widths is not None:
            if len(changed) <= WIDEN_AT_ONCE:
                self._widen([self.rows[name] for name in changed])
            else:
                self._content_widths = None
        if changed:
            self._sorted = None
        return changed

    def remove(self, names: Iterable[str]) -> set[str]:
        removed = {name for name in names if self.rows.pop(name, None) is not None}
        if removed:
            self._sorted = None
            self._name_width = None  # recomputed when next asked
            self._content_widths = None
        return removed

    def retain(self, names: set[str]) -> set[str]:
        """Drop every row not in ``names`` (after a complete full list)."""
        return self.remove([name for name in self.rows if name not in names])

    def clear(self) -> None:
        self.rows.clear()
        self._sorted = None
        self._name_width = 0
        self._content_widths = {}

    @property
    def name_width(self) -> int:
        """The longest job name held (kept up to date on merges, not recounted per keystroke)."""
        if self._name_width is None:
            self._name_width = max((len(name) for name in self.rows), default=0)
        return self._name_width

    @property
    def content_widths(self) -> dict[str, int]:
        """The widest cell of each :data:`VARIABLE_COLUMNS` column among the rows held (grown on
        merges; recounted only after removals)."""
        if self._content_widths is None:
            self._content_widths = {}
            self._widen(self.rows.values())
        return self._content_widths

    def _widen(self, rows: Iterable[JobRow]) -> None:
        widths = self._content_widths
        assert widths is not None
        rows = list(rows)
        for key in VARIABLE_COLUMNS:
            # Statuses and instance types repeat: measure each distinct value once.
            values = set(map(attrgetter(key), rows))
            widest = max((cell_len(visible(value)) for value in values if value), default=0)
            if widest > widths.get(key, 0):
                widths[key] = widest

    # -- view -----------------------------------------------------------------------------
    def set_sort(self, spec: SortSpec) -> None:
        if spec != self.sort:
            self.sort = spec
            self._sorted = None

    def set_filter(self, spec: LocalFilter) -> None:
        """Raises :class:`FilterError` (and keeps the previous filter) for a bad regex."""
        self._compiled = compile_filter(spec)
        self.filter = spec

    def update(self, now: float) -> list[JobRow]:
        """Recompute the view after data, sort or filter changes; returns it."""
        if self._sorted is None:
            self._sorted = sort_rows(self.rows.values(), self.sort, now)
            source = self._sorted
        elif self._compiled.narrows(self._view_filter):
            source = self.view  # typing one more letter only ever narrows the view
        else:
            source = self._sorted
        self.view = filter_rows(source, self._compiled)
        self._view_filter = self._compiled
        return self.view

    def index_of(self, name: str) -> int | None:
        for index, row in enumerate(self.view):
            if row.name == name:
                return index
        return None

    def neighbour(self, name: str, step: int) -> str | None:
        """The job ``step`` rows from ``name`` in the view; None past either end or when absent."""
        index = self.index_of(name)
        if index is None:
            return None
        target = index + step
        if 0 <= target < len(self.view):
            return self.view[target].name
        return None

    @property
    def total(self) -> int:
        return len(self.rows)
