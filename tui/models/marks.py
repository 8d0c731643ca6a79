"""Marked jobs (k9s' ``space``): kept by job name, in the order marked (pure).

Names, not row indexes: a mark stays on its job whatever the filter, the sort or a refresh does
to the rows. A marked job that leaves the view (filtered out, or gone from the account) stays
marked; the header counts every mark, so none is forgotten silently.
"""

from __future__ import annotations

from collections.abc import Iterator

#: Drawn in the left margin of a marked row: the mark is seen without colour too.
MARK_GLYPH = "*"


class Marks:
    """An ordered set of job names (compare shows them in the order they were marked)."""

    def __init__(self) -> None:
        self._names: dict[str, None] = {}

    def toggle(self, name: str) -> bool:
        """Mark ``name``, or unmark it when marked; True when it is marked now."""
        if name in self._names:
            del self._names[name]
            return False
        self._names[name] = None
        return True

    def clear(self) -> int:
        """Unmark everything; returns how many were marked."""
        count = len(self._names)
        self._names.clear()
        return count

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __len__(self) -> int:
        return len(self._names)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def label(self) -> str:
        """``3 marked`` for the header (empty when none)."""
        return f"{len(self._names)} marked" if self._names else ""
