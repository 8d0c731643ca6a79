"""Fitting text into a number of terminal cells, never cutting without saying so (pure).

Every cut ends (or, for names, breaks in the middle) with ``…``, so a reader always knows a value
is longer than what is shown. Widths are terminal cells (:func:`rich.cells.cell_len`), not
characters: a CJK character takes two cells and is never split in half; where half of one would
be needed, a space pads the result to the exact width.

Job names carry their distinguishing part at the end (``…-2026-12-04-22-10-31``, a run id), so
they are elided in the middle: ``deepar-dem…2026-12-04-22-10-31`` keeps both the family and the
unique suffix. Other values are cut at the end.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size

ELLIPSIS = "…"


def _head(text: str, cells: int) -> tuple[str, int]:
    """The longest start of ``text`` that fits ``cells``, and its width."""
    used = 0
    for index, char in enumerate(text):
        size = get_character_cell_size(char)
        if used + size > cells:
            return text[:index], used
        used += size
    return text, used


def _tail(text: str, cells: int) -> tuple[str, int]:
    """The longest end of ``text`` that fits ``cells``, and its width."""
    used = 0
    for index in range(len(text) - 1, -1, -1):
        size = get_character_cell_size(text[index])
        if used + size > cells:
            return text[index + 1 :], used
        used += size
    return text, used


def elide_end(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells; a cut one ends with ``…`` (no padding)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    head, used = _head(text, width - 1)
    return head + ELLIPSIS + " " * (width - 1 - used)


def elide_middle(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells; a cut one keeps its start and its end around ``…``,
    the end getting two thirds (where names keep what tells them apart)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    if width < 5:  # too narrow for two useful halves
        return elide_end(text, width)
    room = width - 1
    head, head_used = _head(text, (room + 1) // 3)
    tail, tail_used = _tail(text, room - head_used)
    return head + ELLIPSIS + tail + " " * (room - head_used - tail_used)


def fit_cells(text: str, width: int, *, right: bool = False, middle: bool = False) -> str:
    """``text`` padded or elided to exactly ``width`` cells (``right``: aligned right;
    ``middle``: a cut keeps the end too, see :func:`elide_middle`)."""
    if width <= 0:
        return ""
    length = cell_len(text)
    if length > width:
        cut = elide_middle(text, width) if middle else elide_end(text, width)
        return cut + " " * (width - cell_len(cut))
    pad = " " * (width - length)
    return pad + text if right else text + pad
