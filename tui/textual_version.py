"""Textual's version, read without ``importlib.metadata``.

``textual.__version__`` asks ``importlib.metadata``: about 13 ms at every start-up (importing it,
then scanning ``sys.path`` for distributions), spent before the first frame. The version is in
the name of the ``textual-X.Y.Z.dist-info`` directory pip installs beside the package; reading that
directory takes a fraction of a millisecond. Anything else (an egg, a source checkout, two
candidates) falls back to Textual's own answer. Our patches to Textual's internals check it.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

_DIST_INFO = re.compile(r"^textual-([0-9][^-]*)\.dist-info$")


@functools.cache
def textual_version() -> str:
    """The same string as ``textual.__version__``."""
    import textual

    try:
        site = Path(textual.__file__).resolve().parent.parent
        found = [m.group(1) for name in os.listdir(site) if (m := _DIST_INFO.match(name))]
    except (OSError, TypeError):
        found = []
    if len(found) == 1:
        return found[0]
    return str(textual.__version__)
