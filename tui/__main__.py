"""`python -m tui` runs the same entry point as the `sagemaker-tui` script."""

from __future__ import annotations

import sys

from tui.cli import main

if __name__ == "__main__":
    sys.exit(main())
