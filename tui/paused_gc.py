"""The cyclic garbage collector paused while modules are imported.

Start-up allocates a few hundred thousand objects (modules, classes, functions), none of them
garbage: the collector's passes over them are pure cost (about 7 ms of a 70 ms cached answer;
Textual's import alone makes ~150 ms of the TUI's start-up). :func:`importing` pauses it, then
freezes what the imports made out of its way (``gc.freeze``, as the TUI's ``HeapTuner`` does
later) and leaves it as it was. Its own import costs nothing: :mod:`gc` and :mod:`contextlib` are
loaded before any of our code.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def importing() -> Iterator[None]:
    """Imports inside this block run with the collector paused; it is restored after, even when
    an import fails."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
