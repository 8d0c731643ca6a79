"""Laying a Rich renderable out, also ahead of time in a worker thread, and telling whether a
layout made earlier is still the right one.

The list reads ahead the cached describe of the job under the cursor. When the cursor rests
there, the same worker lays the job's overview out too, at the width the overview had last
time. On Enter the overview is built again, as always, with the clock of that moment. The
layout made ahead is used only when the new renderable equals the one it was made from, down
to every text, span, style and table setting (:func:`same_renderable`). A relative time that
moved on, another theme or a masked value shown since all make it unequal, and the overview is
then laid out as usual. The output is the same either way; only the time taken differs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment

_ATOMS = (str, bytes, int, float, complex, bool, type(None))
#: Attributes that cache what rendering computed, not what is rendered (``Group._render``).
_CACHES = frozenset({"_render"})


@dataclass(frozen=True)
class PaneLayout:
    """``renderable`` laid out at ``width``: its segments, and the same split into lines."""

    width: int
    renderable: RenderableType
    segments: list[Segment]
    lines: list[list[Segment]]


def lay_out(renderable: RenderableType, console: Console, options: ConsoleOptions) -> PaneLayout:
    """Lay out at ``options.max_width`` (a console's ``render`` reads the console and changes
    nothing in it, so this may run in a worker thread)."""
    width = options.max_width
    segments = list(console.render(renderable, options))
    lines = list(Segment.split_and_crop_lines(segments, width, include_new_lines=False, pad=False))
    return PaneLayout(width, renderable, segments, lines)


def _fields(obj: object) -> list[str]:
    names = list(getattr(obj, "__dict__", ()))
    for cls in type(obj).__mro__:
        slots = cls.__dict__.get("__slots__", ())
        names.extend([slots] if isinstance(slots, str) else slots)
    return [name for name in names if name not in _CACHES]


def same_renderable(a: Any, b: Any) -> bool:
    """Structural equality of two renderables built by the same code: same types, and every
    attribute equal (values with an ``==`` of their own, such as styles, compared with it)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, _ATOMS):
        return bool(a == b)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same_renderable(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_renderable(a[k], b[k]) for k in a)
    if type(a).__eq__ is not object.__eq__:
        return bool(a == b)
    names = _fields(a)
    if not names:
        return False  # nothing to compare: never assume equal
    missing = object()
    return all(same_renderable(getattr(a, n, missing), getattr(b, n, missing)) for n in names)
