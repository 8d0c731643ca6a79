"""What a fresh interpreter has loaded after importing some of our modules (import-cost tests)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence


def loads(modules: Sequence[str], probe: str) -> bool:
    """Whether importing ``modules`` in a fresh interpreter loads the module ``probe``."""
    code = f"import sys\nimport {', '.join(modules)}\nprint({probe!r} in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {"True": True, "False": False}[result.stdout.strip()]
