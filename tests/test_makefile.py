"""`make demo` from a fresh clone says what it is doing (issue 17, item 24).

A dry run (``make -n``) with a virtual environment that does not exist yet lists exactly what a
first run executes: a line per step, and pip's install of the app without ``--quiet`` (its own
Collecting/Installing lines are the progress).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_first_make_demo_prints_a_line_per_step_and_pip_progress(tmp_path: Path) -> None:
    venv = tmp_path / "fresh-venv"
    result = subprocess.run(
        ["make", "-n", "demo", f"VENV={venv}"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()
    steps = [line for line in lines if line.startswith("echo") and "[" in line and "/3]" in line]
    assert [s.split("]")[0].split("[")[-1] for s in steps] == ["1/3", "2/3", "3/3"]
    installs = [line for line in lines if " install " in line and " -e " in line]
    assert len(installs) == 1 and '".[demo]"' in installs[0]
    assert "--quiet" not in installs[0] and "-q " not in installs[0]
    assert lines.index(steps[-1]) < lines.index(installs[0])  # the step is announced before it runs


def test_readme_says_how_long_the_first_run_takes() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("make demo")
    assert "first run" in text[start : start + 1500]
